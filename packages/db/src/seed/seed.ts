import { DateTime } from "luxon";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { type SeedOrganisation, type SeedSchedule, seedOrganisations } from "./seed-data.ts";

export interface SeedResult {
  /** Slugs of the organisations created; those already present are left untouched. */
  created: string[];
}

function localDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function scheduleRows(schedule: SeedSchedule) {
  return {
    kind: schedule.kind,
    mode: schedule.mode ?? "REPLACE",
    validFrom: schedule.validFrom ? localDate(schedule.validFrom) : null,
    validTo: schedule.validTo ? localDate(schedule.validTo) : null,
    name: schedule.name,
    intervals: {
      create: schedule.intervals.flatMap((interval) =>
        interval.weekdays.map((weekday) => ({
          weekday,
          startTime: interval.from,
          endTime: interval.to,
        })),
      ),
    },
  };
}

async function createOrganisation(prisma: PrismaClient, org: SeedOrganisation): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const organisation = await tx.organisation.create({
      data: { slug: org.slug, name: org.name, email: org.email, address: org.address },
    });
    for (const [pointIndex, point] of org.points.entries()) {
      const servicePoint = await tx.servicePoint.create({
        data: {
          organisationId: organisation.id,
          slug: point.slug,
          name: point.name,
          address: point.address,
          phones: point.phones.map((phone) => ({ ...phone, label: phone.label ?? null })),
          description: point.description,
          remoteAlternatives: point.remoteAlternatives ?? [],
          placeholders: point.placeholders ?? [],
          sortOrder: pointIndex,
          schedules: { create: point.schedules.map(scheduleRows) },
        },
      });
      for (const [serviceIndex, service] of point.services.entries()) {
        await tx.service.create({
          data: {
            servicePointId: servicePoint.id,
            slug: service.slug,
            name: service.name,
            description: service.description,
            slotMinutes: service.slotMinutes,
            capacityPerSlot: service.capacityPerSlot,
            dailyLimit: service.dailyLimit ?? null,
            minNoticeMinutes: service.minNoticeMinutes ?? 120,
            maxAdvanceDays: service.maxAdvanceDays ?? 60,
            requirements: service.requirements,
            questions: service.questions ?? [],
            eligibility: service.eligibility ?? [],
            remoteAlternatives: service.remoteAlternatives ?? [],
            sortOrder: serviceIndex,
            schedules: {
              create: (service.schedules ?? []).map((schedule) => ({
                ...scheduleRows(schedule),
                servicePointId: servicePoint.id,
              })),
            },
          },
        });
      }
    }
  });
}

/**
 * Loads the organisations of DOMAIN.md. An organisation whose slug is already there is
 * skipped whole, so seeding again changes nothing (and never overwrites what an
 * administrator has changed since).
 */
export async function seed(
  prisma: PrismaClient,
  options: { now?: Date; organisations?: SeedOrganisation[] } = {},
): Promise<SeedResult> {
  const today = DateTime.fromJSDate(options.now ?? new Date(), { zone: "Europe/Riga" }).toISODate();
  const organisations = options.organisations ?? seedOrganisations(today ?? "");
  const existing = new Set(
    (await prisma.organisation.findMany({ select: { slug: true } })).map((row) => row.slug),
  );
  const created: string[] = [];
  for (const org of organisations) {
    if (existing.has(org.slug)) continue;
    try {
      await createOrganisation(prisma, org);
      created.push(org.slug);
    } catch (error) {
      // Another process seeding the same empty database at the same moment won the race.
      if ((error as { code?: string }).code === "P2002") continue;
      throw error;
    }
  }
  return { created };
}

/**
 * The first-start rule of the server and `pnpm admin:create`: seed only a database with
 * no organisations at all, so organisations an administrator removed stay removed.
 */
export async function seedIfEmpty(
  prisma: PrismaClient,
  options: { now?: Date } = {},
): Promise<SeedResult> {
  if ((await prisma.organisation.count()) > 0) return { created: [] };
  return seed(prisma, options);
}
