// `pnpm bench --scale national` (decision 028): a national data set generated inside
// PostgreSQL, and EXPLAIN (ANALYZE, BUFFERS) of the hot queries on it.
//
// Scale 100 ("national") is 43 municipalities × 12 points × 6 services with two years of
// bookings, about 4 million, each with its status history, and the counters they make.
// Scale k has the same catalogue and k % of the bookings, so 1×, 10× and 100× show how
// cost grows with the data alone. Everything is made by INSERT … SELECT over
// generate_series in a few statements (no rows cross the wire), with triggers off
// (session_replication_role = replica) since the counters and availability versions are
// written consistent with the bookings by the generator itself.
import pg from "pg";
import { availabilitySourceSql } from "../../apps/api/src/lib/availability-source.ts";

export const MUNICIPALITIES = 43;
export const POINTS_PER_MUNICIPALITY = 12;
export const SERVICES_PER_POINT = 6;
/** Slots per weekday: 08:00–12:00 and 13:00–17:00 in 30 minutes. */
const SLOTS_PER_DAY = 16;
/** Bookings per service and weekday at scale 100 (with capacity 2 per slot: 32 places). */
const BOOKINGS_PER_SERVICE_DAY = 2.6;
/** The two years end this many days ahead: the last part is still to come. */
const DAYS_AHEAD = 60;

export interface Generated {
  scale: number;
  seconds: number;
  rows: Record<string, number>;
  /** A generated service with bookings ahead, for the availability and booking queries. */
  sample: { servicePoint: string; service: string; serviceId: string; servicePointId: string };
}

async function timed<T>(log: (line: string) => void, what: string, fn: () => Promise<T>) {
  const started = performance.now();
  const result = await fn();
  log(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Adds the generated organisations, their catalogue and bookings to a migrated database. */
export async function generateNational(
  url: string,
  scale: number,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<Generated> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  const rate = Math.min(1, (scale / 100) * (BOOKINGS_PER_SERVICE_DAY / SLOTS_PER_DAY));
  try {
    await client.query("SET session_replication_role = replica");
    await client.query("SET synchronous_commit = off");
    await timed(log, "catalogue", async () => {
      await client.query(`
        CREATE TEMP TABLE gen_point AS
        SELECT gen_random_uuid() AS id, m, p,
               format('novads-%s-punkts-%s', lpad(m::text, 2, '0'), lpad(p::text, 2, '0')) AS slug
        FROM generate_series(1, ${MUNICIPALITIES}) m, generate_series(1, ${POINTS_PER_MUNICIPALITY}) p`);
      await client.query(`
        CREATE TEMP TABLE gen_org AS
        SELECT gen_random_uuid() AS id, m FROM generate_series(1, ${MUNICIPALITIES}) m`);
      await client.query(`
        INSERT INTO "Organisation" (id, slug, name, email, "updatedAt")
        SELECT id, format('novads-%s', lpad(m::text, 2, '0')),
               jsonb_build_object('lv', 'Novads ' || m, 'ru', 'Край ' || m, 'en', 'Municipality ' || m),
               format('novads-%s@example.lv', m), now()
        FROM gen_org`);
      await client.query(`
        INSERT INTO "ServicePoint" (id, "organisationId", slug, name, address, "sortOrder", "updatedAt")
        SELECT p.id, o.id, p.slug,
               jsonb_build_object('lv', 'Punkts ' || p.p, 'ru', 'Пункт ' || p.p, 'en', 'Point ' || p.p),
               format('Iela %s, Novads %s', p.p, p.m), p.p, now()
        FROM gen_point p JOIN gen_org o USING (m)`);
      await client.query(`
        CREATE TEMP TABLE gen_service AS
        SELECT gen_random_uuid() AS id, p.id AS point_id, s,
               row_number() OVER (ORDER BY p.m, p.p, s) AS n
        FROM gen_point p, generate_series(1, ${SERVICES_PER_POINT}) s`);
      await client.query(`
        INSERT INTO "Service" (id, "servicePointId", slug, name, "slotMinutes", "capacityPerSlot",
                               "minNoticeMinutes", "maxAdvanceDays", "sortOrder", "updatedAt")
        SELECT id, point_id, 'pakalpojums-' || s,
               jsonb_build_object('lv', 'Pakalpojums ' || s, 'ru', 'Услуга ' || s, 'en', 'Service ' || s),
               30, 2, 120, 60, s, now()
        FROM gen_service`);
      await client.query(`
        CREATE TEMP TABLE gen_schedule AS SELECT gen_random_uuid() AS id, id AS point_id FROM gen_point`);
      await client.query(`
        INSERT INTO "Schedule" (id, "servicePointId", kind, mode, "updatedAt")
        SELECT id, point_id, 'REGULAR', 'REPLACE', now() FROM gen_schedule`);
      await client.query(`
        INSERT INTO "ScheduleInterval" (id, "scheduleId", weekday, "startTime", "endTime")
        SELECT gen_random_uuid(), sc.id, w, h.s, h.e
        FROM gen_schedule sc, generate_series(1, 5) w,
             (VALUES ('08:00', '12:00'), ('13:00', '17:00')) h(s, e)`);
      await client.query(`
        INSERT INTO "AvailabilityVersion" ("serviceId", version) SELECT id, 1 FROM gen_service`);
    });

    // Reference n → 8 letters of the reference alphabet (base 29), as "ABCD-EFGH".
    const alphabet = "ABCDEFGHJKMNPQRSTWXYZ23456789";
    const digit = (k: number) => `substr('${alphabet}', ((b.n / ${29 ** k}) % 29)::int + 1, 1)`;
    const reference = `${[7, 6, 5, 4].map(digit).join(" || ")} || '-' || ${[3, 2, 1, 0].map(digit).join(" || ")}`;
    const bookings = await timed(log, "bookings", async () => {
      // One candidate per service, weekday and slot, kept with probability `rate`, so a
      // slot holds at most one generated booking (capacity 2). Past bookings ended
      // completed, not come or cancelled; those ahead are booked or cancelled.
      await client.query("SELECT setseed(0.28)");
      const result = await client.query(`
        WITH days AS (
          SELECT d::date AS d FROM generate_series(
            (current_date + ${DAYS_AHEAD} - 730)::timestamp, (current_date + ${DAYS_AHEAD - 1})::timestamp,
            interval '1 day') d
          WHERE extract(isodow FROM d) <= 5),
        candidates AS (
          SELECT s.id AS service_id, s.point_id, s.n AS service_n, days.d, slot
          FROM gen_service s, days, generate_series(0, ${SLOTS_PER_DAY - 1}) slot
          WHERE random() < ${rate}),
        b AS (
          SELECT c.*, row_number() OVER () AS n,
                 ((c.d + CASE WHEN slot < 8 THEN time '08:00' + slot * interval '30 minutes'
                              ELSE time '13:00' + (slot - 8) * interval '30 minutes' END)
                   AT TIME ZONE 'Europe/Riga') AS starts,
                 random() AS r, random() AS r2
          FROM candidates c)
        INSERT INTO "Booking" (id, reference, "manageTokenHash", "servicePointId", "serviceId",
                               "startsAt", "endsAt", "localDate", status, source, language,
                               "clientName", "clientPhone", "createdAt", "updatedAt")
        SELECT gen_random_uuid(), ${reference}, md5(b.n::text), b.point_id, b.service_id,
               b.starts, b.starts + interval '30 minutes', b.d,
               (CASE WHEN b.d < current_date THEN
                  CASE WHEN b.r < 0.80 THEN 'COMPLETED' WHEN b.r < 0.88 THEN 'NO_SHOW'
                       ELSE 'CANCELLED_BY_CLIENT' END
                ELSE CASE WHEN b.r < 0.90 THEN 'BOOKED' ELSE 'CANCELLED_BY_CLIENT' END
                END)::"BookingStatus",
               (CASE WHEN b.r2 < 0.85 THEN 'PUBLIC' ELSE 'STAFF' END)::"BookingSource",
               (ARRAY['lv', 'lv', 'lv', 'ru', 'en'])[1 + (b.n % 5)::int],
               'Klients ' || b.n, '+3716' || lpad((b.n % 9000000)::text, 7, '0'),
               b.starts - (1 + (b.n % 30)) * interval '1 day',
               b.starts - (1 + (b.n % 30)) * interval '1 day'
        FROM b`);
      return result.rowCount ?? 0;
    });
    const history = await timed(log, "status history", async () => {
      // Made, then (unless still booked) how it ended, as the service writes them.
      const made = await client.query(`
        INSERT INTO "BookingStatusChange" (id, "bookingId", "fromStatus", "toStatus", at)
        SELECT gen_random_uuid(), b.id, NULL, 'BOOKED', b."createdAt"
        FROM "Booking" b JOIN gen_service s ON s.id = b."serviceId"`);
      const ended = await client.query(`
        INSERT INTO "BookingStatusChange" (id, "bookingId", "fromStatus", "toStatus", at)
        SELECT gen_random_uuid(), b.id, 'BOOKED', b.status,
               CASE WHEN b.status = 'CANCELLED_BY_CLIENT' THEN b."createdAt" + interval '1 hour'
                    ELSE b."endsAt" END
        FROM "Booking" b JOIN gen_service s ON s.id = b."serviceId"
        WHERE b.status <> 'BOOKED'`);
      return (made.rowCount ?? 0) + (ended.rowCount ?? 0);
    });
    const holds = await timed(log, "holds", async () => {
      // Places kept while clients fill in the form: for every service, scale % of 5 days
      // ahead at 08:00, half of them expired (not yet given back), in a slot that holds at
      // most one generated booking, so capacity 2 holds.
      const result = await client.query(`
        INSERT INTO "Hold" (id, "tokenHash", "serviceId", "startsAt", "localDate", source, address, "expiresAt")
        SELECT gen_random_uuid(), md5('hold' || s.n || '-' || k), s.id,
               ((current_date + 7 + k)::timestamp + time '08:00') AT TIME ZONE 'Europe/Riga',
               current_date + 7 + k, 'PUBLIC', '10.0.' || (s.n % 250) || '.' || k,
               date_trunc('minute', now()) + (CASE WHEN k % 2 = 0 THEN 10 ELSE -10 END) * interval '1 minute'
        FROM gen_service s, generate_series(0, 4) k
        WHERE extract(isodow FROM current_date + 7 + k) <= 5 AND random() < ${Math.min(1, scale / 100)}`);
      return result.rowCount ?? 0;
    });
    const counters = await timed(log, "counters", async () => {
      // Places held by active bookings and holds (places.ts: booked, and the public part).
      const places = `
        SELECT b."serviceId", b."startsAt", b."localDate", b.source
        FROM "Booking" b JOIN gen_service s ON s.id = b."serviceId"
        WHERE b.status IN ('BOOKED', 'CHECKED_IN')
        UNION ALL
        SELECT h."serviceId", h."startsAt", h."localDate", h.source
        FROM "Hold" h JOIN gen_service s ON s.id = h."serviceId"`;
      const slots = await client.query(`
        INSERT INTO "SlotCounter" ("serviceId", "startsAt", booked, "publicBooked")
        SELECT "serviceId", "startsAt", count(*), count(*) FILTER (WHERE source = 'PUBLIC')
        FROM (${places}) p GROUP BY "serviceId", "startsAt"`);
      const days = await client.query(`
        INSERT INTO "DayCounter" ("serviceId", "localDate", booked)
        SELECT "serviceId", "localDate", count(*)
        FROM (${places}) p GROUP BY "serviceId", "localDate"`);
      return { slots: slots.rowCount ?? 0, days: days.rowCount ?? 0 };
    });
    await client.query("RESET session_replication_role");
    await timed(log, "VACUUM ANALYZE", () => client.query("VACUUM ANALYZE"));

    // The busiest generated service ahead: most places taken in the next 30 days.
    const sample = await client.query<Generated["sample"]>(`
      SELECT p.slug AS "servicePoint", s.slug AS service, s.id::text AS "serviceId",
             p.id::text AS "servicePointId"
      FROM "DayCounter" d JOIN "Service" s ON s.id = d."serviceId"
      JOIN "ServicePoint" p ON p.id = s."servicePointId"
      WHERE d."localDate" BETWEEN current_date + 7 AND current_date + 37
        AND p.slug LIKE 'novads-%'
      GROUP BY p.slug, s.slug, s.id, p.id ORDER BY sum(d.booked) DESC, p.slug, s.slug LIMIT 1`);
    const seconds = (performance.now() - started) / 1000;
    return {
      scale,
      seconds,
      rows: {
        organisations: MUNICIPALITIES,
        servicePoints: MUNICIPALITIES * POINTS_PER_MUNICIPALITY,
        services: MUNICIPALITIES * POINTS_PER_MUNICIPALITY * SERVICES_PER_POINT,
        bookings,
        statusChanges: history,
        holds,
        slotCounters: counters.slots,
        dayCounters: counters.days,
      },
      sample: sample.rows[0] as Generated["sample"],
    };
  } finally {
    await client.end();
  }
}

export interface Explained {
  name: string;
  /** Every scan in the plan: "Index Scan using X on T", "Seq Scan on T", … */
  scans: string[];
  /** Sequential scans of the tables that grow with bookings (none expected). */
  bigSeqScans: string[];
  executionMs: number;
  plan: string;
}

/** Tables whose size grows with the bookings; a sequential scan of one is a finding. */
const growing = ["Booking", "BookingStatusChange", "SlotCounter", "DayCounter", "Hold"];

/**
 * EXPLAIN (ANALYZE, BUFFERS) of each hot query, as the server sends it, on a generated
 * service with bookings ahead. Writes run in a transaction that is rolled back.
 */
export async function explainHotQueries(
  url: string,
  sample: Generated["sample"],
): Promise<Explained[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let inTransaction = false;
  const run = async (text: string, values: unknown[]) => {
    // A write is undone after each run, so both runs see the same rows.
    if (inTransaction) await client.query("SAVEPOINT explained");
    const result = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
    if (inTransaction) await client.query("ROLLBACK TO SAVEPOINT explained");
    return result;
  };
  const explain = async (name: string, text: string, values: unknown[]): Promise<Explained> => {
    // Twice: the first warms the cache; the second's plan and timings are kept.
    await run(text, values);
    const result = await run(text, values);
    const plan = result.rows.map((row) => row["QUERY PLAN"] as string).join("\n");
    const scans = [
      ...plan.matchAll(
        /((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)?(?: using "?[\w]+"?)? on "?(\w+)"?)/g,
      ),
      ...plan.matchAll(/(Conflict Arbiter Indexes: [\w", ]+)/g),
    ].map((match) => (match[1] ?? "").replaceAll('"', "").trim());
    const bigSeqScans = scans.filter(
      (scan) => scan.includes("Seq Scan") && growing.some((table) => scan.endsWith(` ${table}`)),
    );
    const executionMs = Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? Number.NaN);
    return { name, scans: [...new Set(scans)], bigSeqScans, executionMs, plan };
  };
  try {
    const day = await client.query<{ from: string; to: string; date: string; busy: string }>(
      `
      SELECT (current_date + 7)::text AS from, (current_date + 37)::text AS to,
             (SELECT "localDate"::text FROM "Booking" WHERE "servicePointId" = $1
                AND "localDate" >= current_date ORDER BY "localDate" LIMIT 1) AS date,
             (SELECT reference FROM "Booking" WHERE "serviceId" = $2::uuid
                AND "localDate" >= current_date LIMIT 1) AS busy`,
      [sample.servicePointId, sample.serviceId],
    );
    const { from, to, date, busy } = day.rows[0] ?? { from: "", to: "", date: "", busy: "" };
    const source = availabilitySourceSql({
      servicePoint: sample.servicePoint,
      service: sample.service,
      from,
      to,
      now: new Date(),
    });
    const values = (statement: { values: readonly unknown[] }) =>
      statement.values.map((value) => (value instanceof Date ? value.toISOString() : value));
    const out: Explained[] = [];
    out.push(await explain("availability source (31 days)", source.text, values(source)));
    const booking = await client.query<{ startsAt: Date; localDate: string; phone: string }>(
      `SELECT "startsAt", "localDate"::text AS "localDate", "clientPhone" AS phone
       FROM "Booking" WHERE reference = $1`,
      [busy],
    );
    const target = booking.rows[0];
    const active = `('BOOKED', 'CHECKED_IN')`;
    // The statements of a booking's transaction (apps/api/src/routes/bookings/service.ts
    // and lib/places.ts), in order, with the values of a booking at the sample service.
    await client.query("BEGIN");
    inTransaction = true;
    try {
      out.push(
        await explain(
          "booking: expired holds of the day (DELETE)",
          `WITH gone AS (DELETE FROM "Hold" WHERE "serviceId" = $1::uuid AND "localDate" = $2::date
             AND "expiresAt" <= now() RETURNING "startsAt", source)
           SELECT "startsAt", count(*)::int FROM gone GROUP BY "startsAt"`,
          [sample.serviceId, target?.localDate],
        ),
        await explain(
          "booking: active bookings of the phone",
          `SELECT count(*) FROM "Booking" WHERE "serviceId" = $1::uuid AND "clientPhone" = $2
             AND status IN ${active} AND "endsAt" > now()`,
          [sample.serviceId, target?.phone],
        ),
        await explain(
          "booking: the phone's booking that day",
          `SELECT count(*) FROM "Booking" WHERE "serviceId" = $1::uuid AND "clientPhone" = $2
             AND "localDate" = $3::date AND status IN ${active} AND "endsAt" > now()`,
          [sample.serviceId, target?.phone, target?.localDate],
        ),
        await explain(
          "booking: slot counter (conditional upsert)",
          `INSERT INTO "SlotCounter" ("serviceId", "startsAt", booked, "publicBooked")
           VALUES ($1::uuid, $2, 1, 1)
           ON CONFLICT ("serviceId", "startsAt") DO UPDATE
             SET booked = "SlotCounter".booked + 1, "publicBooked" = "SlotCounter"."publicBooked" + 1
           WHERE "SlotCounter".booked < 2 AND "SlotCounter"."publicBooked" + 1 <= 2
           RETURNING booked`,
          [sample.serviceId, target?.startsAt],
        ),
        await explain(
          "booking: day counter (conditional upsert)",
          `INSERT INTO "DayCounter" ("serviceId", "localDate", booked) VALUES ($1::uuid, $2::date, 1)
           ON CONFLICT ("serviceId", "localDate") DO UPDATE SET booked = "DayCounter".booked + 1
           WHERE "DayCounter".booked < 1000000 RETURNING booked`,
          [sample.serviceId, target?.localDate],
        ),
        await explain(
          "booking: is the reference taken",
          `SELECT count(*) FROM "Booking" WHERE reference = $1`,
          ["ZZZZ-ZZZZ"],
        ),
        await explain(
          "booking: the booking (INSERT)",
          `INSERT INTO "Booking" (id, reference, "manageTokenHash", "servicePointId", "serviceId",
             "startsAt", "endsAt", "localDate", "clientName", "clientPhone", "updatedAt")
           VALUES (gen_random_uuid(), 'ZZZZ-ZZZZ', 'x', $1::uuid, $2::uuid, $3,
             $3::timestamptz + interval '30 minutes', $4::date, 'Bench', '+37120000000', now())
           RETURNING id`,
          [sample.servicePointId, sample.serviceId, target?.startsAt, target?.localDate],
        ),
      );
    } finally {
      inTransaction = false;
      await client.query("ROLLBACK");
    }
    out.push(
      await explain(
        "staff day list (a point's bookings of a date)",
        `SELECT b.*, (SELECT json_agg(h ORDER BY h.at) FROM "BookingStatusChange" h
                      WHERE h."bookingId" = b.id) AS history
         FROM "Booking" b WHERE b."servicePointId" = $1::uuid AND b."localDate" = $2::date
         ORDER BY b."startsAt", b."createdAt"`,
        [sample.servicePointId, date],
      ),
      await explain(
        "manage: the booking by reference, with its history",
        `SELECT b.*, (SELECT json_agg(h ORDER BY h.at) FROM "BookingStatusChange" h
                      WHERE h."bookingId" = b.id) AS history
         FROM "Booking" b WHERE b.reference = $1`,
        [busy],
      ),
    );
    return out;
  } finally {
    await client.end();
  }
}
