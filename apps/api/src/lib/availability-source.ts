import { AppError } from "@pieraksts/contracts";
import { Prisma, type PrismaClient, type Statement } from "@pieraksts/db";
import type { BookingRules, ClosedPeriod, ScheduleRule } from "@pieraksts/domain";
import { channelOf, placesTaken, publicCapacityOf } from "./places.ts";

/**
 * Whose view of availability: the public sees the public part of each slot; staff see
 * every place, with the public rules (a phone booking) or, for a walk-in, from the slot
 * that is running now.
 */
export type Audience = "PUBLIC" | "STAFF" | "WALK_IN";

/** Everything availability needs for one service over a range of local dates. */
export interface AvailabilitySource {
  serviceId: string;
  servicePointId: string;
  timezone: string;
  /** All places per slot, and those the public may take (total less staff-only). */
  capacity: number;
  publicCapacity: number;
  /** The service's availability version read in the same snapshot (null: none yet). */
  version: string | null;
  /** The rules as they apply to the audience asked for. */
  rules: BookingRules;
  /** The service's own schedules, or the point's when it has none. */
  schedules: ScheduleRule[];
  /** Places taken per slot start (ms) as the audience sees them; empty without counters. */
  slotBookings: Map<number, number>;
  /** Places taken per local date; empty without counters. */
  dayBookings: Map<string, number>;
  closures: ClosedPeriod[];
}

/** What booking needs of the service besides its availability. */
export interface BookingSettings {
  questions: Prisma.JsonValue;
  eligibility: Prisma.JsonValue;
  dailyLimit: number | null;
  maxActivePerPhone: number | null;
  maxBookingsPerAddressPerDay: number | null;
  maxBookingsPerAddressPerWeek: number | null;
  /** The service and point as a booking row includes them (`bookingInclude`). */
  row: { service: BookingRowService; servicePoint: BookingRowPoint };
  /** The organisation's enabled webhook endpoints that want booking.created. */
  createdWebhooks: string[];
}

export interface BookingRowService {
  slug: string;
  name: Prisma.JsonValue;
  requirements: Prisma.JsonValue;
  slotMinutes: number;
  dailyLimit: number | null;
  questions: Prisma.JsonValue;
  eligibility: Prisma.JsonValue;
}

export interface BookingRowPoint {
  slug: string;
  name: Prisma.JsonValue;
  address: string;
  phones: Prisma.JsonValue;
  organisationId: string;
  organisation: { timezone: string; reminderTime: string; reminderDaysBefore: number };
}

/** The service and range asked; `now` (the app's clock) says which holds have expired. */
export interface AvailabilityQuery {
  servicePoint: string;
  service: string;
  from: string;
  to: string;
  now?: Date;
}

interface Row {
  pointActive: boolean;
  servicePointId: string;
  serviceId: string | null;
  serviceActive: boolean | null;
  timezone: string;
  slotMinutes: number;
  capacityPerSlot: number;
  staffOnlyCapacity: number;
  dailyLimit: number | null;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
  hasOwn: boolean;
  intervals:
    | {
        schedule: string;
        own: boolean;
        kind: ScheduleRule["kind"];
        mode: ScheduleRule["mode"];
        validFrom: string | null;
        validTo: string | null;
        weekday: number | null;
        start: string | null;
        end: string | null;
      }[]
    | null;
  slots?: [number, number, number][] | null;
  days?: [string, number][] | null;
  closures: [number, number][] | null;
  version: string | null;
  booking?: Omit<BookingSettings, "dailyLimit">;
}

/**
 * One query, one round trip: the service, its schedules, the places taken and the
 * closures in the range. The range's instants are computed by PostgreSQL from the
 * organisation's time zone, so nothing needs a second trip.
 *
 * Options: `counters: false` skips the places taken (checking a booking's start needs
 * only the hours: the counters decide fullness when the place is taken), and
 * `booking: true` adds the service's questions and limits, the service and point as a
 * booking row shows them and the webhook endpoints a new booking notifies, so booking
 * resolves all it needs before its one call (decision 027).
 */
export async function loadAvailabilitySource(
  prisma: PrismaClient | RawQuery,
  query: AvailabilityQuery,
  audience?: Audience,
): Promise<AvailabilitySource>;
export async function loadAvailabilitySource(
  prisma: PrismaClient | RawQuery,
  query: AvailabilityQuery,
  audience: Audience,
  options: { counters?: boolean; booking: true },
): Promise<AvailabilitySource & { booking: BookingSettings }>;
export async function loadAvailabilitySource(
  prisma: PrismaClient | RawQuery,
  query: AvailabilityQuery,
  audience: Audience = "PUBLIC",
  options: { counters?: boolean; booking?: boolean } = {},
): Promise<AvailabilitySource & { booking?: BookingSettings }> {
  const statement = availabilitySourceSql(query, options);
  const rows =
    typeof prisma === "function"
      ? await prisma<Row>(statement)
      : await prisma.$queryRawUnsafe<Row[]>(statement.text, ...statement.values);
  return toSource(rows[0], query, audience);
}

/** Runs one SQL statement and returns its rows as objects (JSON columns parsed). */
export type RawQuery = <T>(statement: Statement) => Promise<T[]>;

type Parameter = "servicePoint" | "service" | "from" | "to" | "now";
/** The statement's text and which parameter each placeholder takes, per variant. */
const templates = new Map<string, { text: string; parameters: Parameter[] }>();

/**
 * The source's one statement (exported for `EXPLAIN` in `pnpm bench`). Its text is put
 * together once per variant and kept, so a request only lists the values: the same
 * string each time is also what names its prepared statement without hashing 5 KB.
 */
export function availabilitySourceSql(
  query: AvailabilityQuery,
  options: { counters?: boolean; booking?: boolean } = {},
): Statement {
  const key = `${options.counters !== false}|${options.booking === true}`;
  let template = templates.get(key);
  if (!template) {
    const mark = (name: Parameter) => ({ parameter: name });
    const sql = sourceSql(
      {
        servicePoint: mark("servicePoint"),
        service: mark("service"),
        from: mark("from"),
        to: mark("to"),
        now: mark("now"),
      },
      options,
    );
    template = {
      text: sql.text,
      parameters: sql.values.map((value) => (value as { parameter: Parameter }).parameter),
    };
    templates.set(key, template);
  }
  const values = template.parameters.map((name) =>
    name === "now" ? (query.now ?? new Date(0)) : query[name],
  );
  return { text: template.text, values };
}

function sourceSql(
  query: Record<Parameter, unknown>,
  options: { counters?: boolean; booking?: boolean },
): Prisma.Sql {
  const counters = options.counters !== false;
  // Holds expired by `now` are still counted until a booking that day gives them back
  // (places.ts): they are free places, so they are taken off here. Without `now`, none.
  const now = query.now;
  const expired = Prisma.sql`
              SELECT h."startsAt", h."localDate", count(*)::int AS places,
                     (count(*) FILTER (WHERE h.source = 'PUBLIC'))::int AS public
              FROM "Hold" h
              WHERE h."serviceId" = t.service_id AND h."expiresAt" <= ${now}
                AND h."localDate" BETWEEN ${query.from}::date AND ${query.to}::date
              GROUP BY h."startsAt", h."localDate"`;
  const counterColumns = counters
    ? Prisma.sql`,
           (SELECT json_agg(json_build_array(extract(epoch FROM c."startsAt") * 1000,
                     c.booked - coalesce(e.places, 0),
                     GREATEST(c."publicBooked" - coalesce(e.public, 0), 0)))
              FROM "SlotCounter" c
              LEFT JOIN (${expired}) e ON e."startsAt" = c."startsAt"
              WHERE c."serviceId" = t.service_id AND c.booked > 0
                AND c."startsAt" >= t.range_start AND c."startsAt" < t.range_end) AS slots,
           (SELECT json_agg(json_build_array(d."localDate"::text,
                     d.booked - coalesce((SELECT sum(e.places) FROM (${expired}) e
                                          WHERE e."localDate" = d."localDate"), 0)))
              FROM "DayCounter" d
              WHERE d."serviceId" = t.service_id AND d.booked > 0
                AND d."localDate" BETWEEN ${query.from}::date AND ${query.to}::date) AS days`
    : Prisma.empty;
  const bookingColumn = options.booking
    ? Prisma.sql`,
           (SELECT json_build_object(
                     'questions', b.questions, 'eligibility', b.eligibility,
                     'maxActivePerPhone', b."maxActivePerPhone",
                     'maxBookingsPerAddressPerDay', b."maxBookingsPerAddressPerDay",
                     'maxBookingsPerAddressPerWeek', b."maxBookingsPerAddressPerWeek",
                     'row', json_build_object(
                       'service', json_build_object(
                         'slug', b.slug, 'name', b.name, 'requirements', b.requirements,
                         'slotMinutes', b."slotMinutes", 'dailyLimit', b."dailyLimit",
                         'questions', b.questions, 'eligibility', b.eligibility),
                       'servicePoint', json_build_object(
                         'slug', p.slug, 'name', p.name, 'address', p.address,
                         'phones', p.phones, 'organisationId', p."organisationId"::text,
                         'organisation', json_build_object(
                           'timezone', o.timezone, 'reminderTime', o."reminderTime",
                           'reminderDaysBefore', o."reminderDaysBefore"))),
                     'createdWebhooks', (
                       SELECT coalesce(json_agg(e.id::text), '[]'::json)
                       FROM "WebhookEndpoint" e
                       WHERE e."organisationId" = t.org_id AND e."disabledAt" IS NULL
                         AND 'booking.created' = ANY(e.events)))
              FROM "Service" b, "ServicePoint" p, "Organisation" o
              WHERE b.id = t.service_id AND p.id = t.point_id AND o.id = t.org_id) AS booking`
    : Prisma.empty;
  return Prisma.sql`
    WITH target AS (
      SELECT p.id AS point_id, o.id AS org_id, o.timezone, p.active AS "pointActive",
             s.id AS service_id, s.active AS "serviceActive", s."slotMinutes",
             s."capacityPerSlot", s."staffOnlyCapacity", s."dailyLimit",
             s."minNoticeMinutes", s."maxAdvanceDays",
             (${query.from}::date)::timestamp AT TIME ZONE o.timezone AS range_start,
             ((${query.to}::date) + 1)::timestamp AT TIME ZONE o.timezone AS range_end
      FROM "ServicePoint" p
      JOIN "Organisation" o ON o.id = p."organisationId"
      LEFT JOIN "Service" s ON s."servicePointId" = p.id AND s.slug = ${query.service}
      WHERE p.slug = ${query.servicePoint}
    )
    SELECT t."pointActive", t.point_id::text AS "servicePointId", t.service_id::text AS "serviceId", t."serviceActive", t.timezone,
           t."slotMinutes", t."capacityPerSlot", t."staffOnlyCapacity", t."dailyLimit",
           t."minNoticeMinutes", t."maxAdvanceDays",
           (SELECT v.version::text FROM "AvailabilityVersion" v
              WHERE v."serviceId" = t.service_id) AS version,
           -- Whether the service keeps its own hours is a property of the service, not of
           -- the range asked: a service with only seasonal hours is closed outside them.
           EXISTS (SELECT 1 FROM "Schedule" own WHERE own."serviceId" = t.service_id) AS "hasOwn",
           (SELECT json_agg(json_build_object(
                     'schedule', sc.id, 'own', sc."serviceId" IS NOT NULL,
                     'kind', sc.kind, 'mode', sc.mode,
                     'validFrom', sc."validFrom"::text, 'validTo', sc."validTo"::text,
                     'weekday', i.weekday, 'start', i."startTime", 'end', i."endTime"))
              FROM "Schedule" sc
              LEFT JOIN "ScheduleInterval" i ON i."scheduleId" = sc.id
              WHERE sc."servicePointId" = t.point_id
                AND (sc."serviceId" = t.service_id OR sc."serviceId" IS NULL)
                AND (sc."validTo" IS NULL OR sc."validTo" >= ${query.from}::date)
                AND (sc."validFrom" IS NULL OR sc."validFrom" <= ${query.to}::date)) AS intervals,
           (SELECT json_agg(json_build_array(
                     extract(epoch FROM x."startsAt") * 1000, extract(epoch FROM x."endsAt") * 1000))
              FROM "Closure" x
              WHERE x."startsAt" < t.range_end AND x."endsAt" > t.range_start
                AND (x."serviceId" IS NULL OR x."serviceId" = t.service_id)
                AND (x."servicePointId" IS NULL OR x."servicePointId" = t.point_id)
                AND (x."organisationId" IS NULL OR x."organisationId" = t.org_id)) AS closures
           ${counterColumns}${bookingColumn}
    FROM target t`;
}

function toSource(
  row: Row | undefined,
  query: AvailabilityQuery,
  audience: Audience,
): AvailabilitySource & { booking?: BookingSettings } {
  if (!row?.pointActive) {
    throw new AppError(
      "SERVICE_POINT_NOT_FOUND",
      `There is no service point "${query.servicePoint}".`,
    );
  }
  if (!row.serviceId || !row.serviceActive) {
    throw new AppError(
      "SERVICE_NOT_FOUND",
      `There is no service "${query.service}" at "${query.servicePoint}".`,
    );
  }

  const intervals = row.intervals ?? [];
  const hasOwn = row.hasOwn;
  const schedules = new Map<string, ScheduleRule>();
  for (const interval of intervals) {
    if (interval.own !== hasOwn) continue;
    let schedule = schedules.get(interval.schedule);
    if (!schedule) {
      schedule = {
        kind: interval.kind,
        mode: interval.mode,
        validFrom: interval.validFrom,
        validTo: interval.validTo,
        intervals: [],
      };
      schedules.set(interval.schedule, schedule);
    }
    if (interval.weekday !== null && interval.start && interval.end) {
      schedule.intervals.push({
        weekday: interval.weekday,
        start: interval.start,
        end: interval.end,
      });
    }
  }

  const capacity = row.capacityPerSlot;
  const publicCapacity = publicCapacityOf(capacity, row.staffOnlyCapacity);
  const channel = channelOf(audience);
  return {
    serviceId: row.serviceId,
    servicePointId: row.servicePointId,
    timezone: row.timezone,
    capacity,
    publicCapacity,
    version: row.version,
    rules: {
      slotMinutes: row.slotMinutes,
      capacity: audience === "PUBLIC" ? publicCapacity : capacity,
      dailyLimit: row.dailyLimit,
      // A walk-in may join the slot that is running now (it has not ended yet).
      minNoticeMinutes: audience === "WALK_IN" ? 1 - row.slotMinutes : row.minNoticeMinutes,
      maxAdvanceDays: audience === "WALK_IN" ? 0 : row.maxAdvanceDays,
    },
    schedules: [...schedules.values()],
    slotBookings: new Map(
      (row.slots ?? []).map(([at, booked, publicBooked]) => [
        Math.round(Number(at)),
        placesTaken({ booked, publicBooked }, { capacity, publicCapacity }, channel),
      ]),
    ),
    dayBookings: new Map(row.days ?? []),
    closures: (row.closures ?? []).map(([start, end]) => ({
      start: new Date(Math.round(Number(start))),
      end: new Date(Math.round(Number(end))),
    })),
    ...(row.booking && { booking: { ...row.booking, dailyLimit: row.dailyLimit } }),
  };
}
