import {
  AppError,
  type Language,
  localise,
  type Organisation,
  type Service,
  type ServicePoint,
} from "@pieraksts/contracts";
import type { Prisma, PrismaClient } from "@pieraksts/db";

type Localised = { label?: unknown; title?: unknown; detail?: unknown };

function asArray<T = Record<string, unknown>>(value: Prisma.JsonValue | null): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function remoteAlternatives(value: Prisma.JsonValue, language: Language) {
  return asArray<Localised & { kind: string; url?: string }>(value).map((item) => ({
    kind: item.kind as ServicePoint["remoteAlternatives"][number]["kind"],
    title: localise(item.title, language),
    detail: localise(item.detail, language),
    ...(item.url ? { url: item.url } : {}),
  }));
}

type Interval = { weekday: number; startTime: string; endTime: string };

/** The regular week as days with their intervals, Monday first. */
export function openingHours(intervals: Interval[]): ServicePoint["openingHours"] {
  const byDay = new Map<number, { start: string; end: string }[]>();
  for (const interval of intervals) {
    const day = byDay.get(interval.weekday) ?? [];
    day.push({ start: interval.startTime, end: interval.endTime });
    byDay.set(interval.weekday, day);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => a - b)
    .map(([weekday, list]) => ({
      weekday,
      intervals: list.sort((a, b) => a.start.localeCompare(b.start)),
    }));
}

export function catalogRepository(prisma: PrismaClient) {
  return {
    async organisations(language: Language): Promise<Organisation[]> {
      const rows = await prisma.organisation.findMany({ orderBy: { slug: "asc" } });
      return rows.map((row) => ({
        slug: row.slug,
        name: localise(row.name, language),
        email: row.email,
        address: row.address,
        timezone: row.timezone,
      }));
    },

    async servicePoints(
      language: Language,
      filter: { organisation?: string },
    ): Promise<ServicePoint[]> {
      if (filter.organisation) {
        const exists = await prisma.organisation.count({ where: { slug: filter.organisation } });
        if (!exists) {
          throw new AppError(
            "ORGANISATION_NOT_FOUND",
            `There is no organisation "${filter.organisation}".`,
          );
        }
      }
      const rows = await prisma.servicePoint.findMany({
        where: {
          active: true,
          ...(filter.organisation ? { organisation: { slug: filter.organisation } } : {}),
        },
        include: {
          organisation: { select: { slug: true } },
          schedules: { where: { kind: "REGULAR", serviceId: null }, include: { intervals: true } },
        },
        orderBy: [{ organisation: { slug: "asc" } }, { sortOrder: "asc" }, { slug: "asc" }],
      });
      return rows.map((row) => ({
        slug: row.slug,
        organisation: row.organisation.slug,
        name: localise(row.name, language),
        address: row.address,
        phones: asArray<{ display: string; tel: string; label?: unknown }>(row.phones).map(
          (phone) => ({
            display: phone.display,
            tel: phone.tel,
            label: phone.label ? localise(phone.label, language) : null,
          }),
        ),
        description: row.description ? localise(row.description, language) : null,
        remoteAlternatives: remoteAlternatives(row.remoteAlternatives, language),
        openingHours: openingHours(row.schedules.flatMap((schedule) => schedule.intervals)),
        placeholders: row.placeholders as ServicePoint["placeholders"],
      }));
    },

    async services(language: Language, servicePointSlug: string, now: Date): Promise<Service[]> {
      // A day's margin either side of UTC: the SPA reads the dates in local time.
      const yesterday = new Date(now.getTime() - 24 * 60 * 60_000);
      const point = await prisma.servicePoint.findUnique({
        where: { slug: servicePointSlug },
        include: {
          services: {
            where: { active: true },
            orderBy: [{ sortOrder: "asc" }],
            include: {
              schedules: {
                where: { kind: "SEASONAL", validTo: { gte: yesterday } },
                include: { intervals: { select: { weekday: true } } },
                orderBy: { validFrom: "asc" },
              },
            },
          },
        },
      });
      if (!point?.active) {
        throw new AppError(
          "SERVICE_POINT_NOT_FOUND",
          `There is no service point "${servicePointSlug}".`,
        );
      }
      const pointAlternatives = remoteAlternatives(point.remoteAlternatives, language);
      return point.services.map((row) => ({
        slug: row.slug,
        servicePoint: point.slug,
        name: localise(row.name, language),
        description: row.description ? localise(row.description, language) : null,
        durationMinutes: row.slotMinutes,
        capacityPerSlot: row.capacityPerSlot - row.staffOnlyCapacity,
        dailyLimit: row.dailyLimit,
        minNoticeMinutes: row.minNoticeMinutes,
        maxAdvanceDays: row.maxAdvanceDays,
        requirements: asArray(row.requirements).map((text) => localise(text, language)),
        questions: asArray<
          Localised & { key: string; kind: string; required: boolean; options?: Localised[] }
        >(row.questions).map((question) => ({
          key: question.key,
          kind: question.kind as Service["questions"][number]["kind"],
          required: Boolean(question.required),
          label: localise(question.label, language),
          ...(question.options
            ? {
                options: question.options.map((option) => ({
                  key: String((option as { key?: string }).key),
                  label: localise(option.label, language),
                })),
              }
            : {}),
        })),
        eligibility: asArray<Localised & { key: string }>(row.eligibility).map((category) => ({
          key: category.key,
          label: localise(category.label, language),
        })),
        remoteAlternatives: [
          ...remoteAlternatives(row.remoteAlternatives, language),
          ...pointAlternatives,
        ],
        seasons: row.schedules
          .filter((schedule) => schedule.validFrom && schedule.validTo)
          .map((schedule) => ({
            from: schedule.validFrom?.toISOString().slice(0, 10) ?? "",
            to: schedule.validTo?.toISOString().slice(0, 10) ?? "",
            weekdays: [...new Set(schedule.intervals.map((i) => i.weekday))].sort((a, b) => a - b),
          })),
      }));
    },
  };
}
