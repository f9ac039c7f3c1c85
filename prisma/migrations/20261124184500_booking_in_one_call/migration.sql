-- Written by hand: Prisma's schema cannot say what follows (decision 027).
--
-- Booking in one round trip. The rules are explained in apps/api/src/lib/places.ts (places,
-- the public part of a slot, the daily limit, holds) and apps/api/src/routes/bookings/
-- service.ts (the per-phone rules, the address allowance, the idempotency answer); these
-- functions are where they are written to the database. Every function is VOLATILE, so
-- each statement in it sees what was committed when it ran: a request that waited for a
-- row lock re-checks its condition against the committed count, as a statement of its own
-- would.

-- Gives back the places of a service's holds on one local date that expired by `at`, and
-- deletes them. Deleting locks each hold row, so a hold is given back once however many
-- transactions find it expired at the same time. Slots are updated in time order and the
-- day last, the order pieraksts_take_place locks them in. Returns the places given back.
CREATE FUNCTION "pieraksts_release_expired_holds"(p_service uuid, p_day date, p_at timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  v_starts timestamptz[];
  v_places integer[];
  v_public integer[];
  v_total integer := 0;
BEGIN
  WITH gone AS (
    DELETE FROM "Hold"
    WHERE "serviceId" = p_service AND "localDate" = p_day AND "expiresAt" <= p_at
    RETURNING "startsAt", source),
  per_slot AS (
    SELECT "startsAt", count(*)::int AS places,
           (count(*) FILTER (WHERE source = 'PUBLIC'))::int AS public
    FROM gone GROUP BY "startsAt")
  SELECT array_agg("startsAt" ORDER BY "startsAt"), array_agg(places ORDER BY "startsAt"),
         array_agg(public ORDER BY "startsAt")
  INTO v_starts, v_places, v_public
  FROM per_slot;
  IF v_starts IS NULL THEN
    RETURN 0;
  END IF;
  FOR i IN 1 .. array_length(v_starts, 1) LOOP
    v_total := v_total + v_places[i];
    UPDATE "SlotCounter"
    SET booked = GREATEST(booked - v_places[i], 0),
        "publicBooked" = GREATEST("publicBooked" - v_public[i], 0)
    WHERE "serviceId" = p_service AND "startsAt" = v_starts[i];
  END LOOP;
  UPDATE "DayCounter" SET booked = GREATEST(booked - v_total, 0)
  WHERE "serviceId" = p_service AND "localDate" = p_day;
  RETURN v_total;
END;
$$;

-- Takes one place in the slot and, when p_take_day, one in the day's limit, after giving
-- back the day's expired holds. NULL when taken; 'SLOT_FULL' or 'DAILY_LIMIT_REACHED'
-- when not, and then the caller must roll back what was counted (a place in the slot
-- taken before the day was found full). The public may take a place while the slot and
-- its public part both have room; staff need only room in the slot (`placesTaken` in
-- places.ts is the same rule for reading; apps/api/test/places.test.ts checks they agree).
-- p_daily_limit NULL: no limit.
CREATE FUNCTION "pieraksts_take_place"(
  p_service uuid, p_starts_at timestamptz, p_day date, p_capacity integer,
  p_public_capacity integer, p_public boolean, p_daily_limit integer, p_take_day boolean,
  p_at timestamptz)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  -- "No limit" in SQL's integer.
  v_public_cap integer := CASE WHEN p_public THEN p_public_capacity ELSE 2147483647 END;
  v_step integer := CASE WHEN p_public THEN 1 ELSE 0 END;
  v_day_cap integer := coalesce(p_daily_limit, 2147483647);
BEGIN
  PERFORM "pieraksts_release_expired_holds"(p_service, p_day, p_at);
  IF p_capacity <= 0 OR v_public_cap <= 0 THEN
    RETURN 'SLOT_FULL';
  END IF;
  -- One statement: PostgreSQL locks the counter row, and a waiting request re-checks the
  -- condition against the committed count.
  INSERT INTO "SlotCounter" ("serviceId", "startsAt", booked, "publicBooked")
  VALUES (p_service, p_starts_at, 1, v_step)
  ON CONFLICT ("serviceId", "startsAt") DO UPDATE
    SET booked = "SlotCounter".booked + 1,
        "publicBooked" = "SlotCounter"."publicBooked" + v_step
  WHERE "SlotCounter".booked < p_capacity
    AND "SlotCounter"."publicBooked" + v_step <= v_public_cap;
  IF NOT FOUND THEN
    RETURN 'SLOT_FULL';
  END IF;
  IF NOT p_take_day THEN
    RETURN NULL;
  END IF;
  IF v_day_cap <= 0 THEN
    RETURN 'DAILY_LIMIT_REACHED';
  END IF;
  INSERT INTO "DayCounter" ("serviceId", "localDate", booked)
  VALUES (p_service, p_day, 1)
  ON CONFLICT ("serviceId", "localDate") DO UPDATE SET booked = "DayCounter".booked + 1
  WHERE "DayCounter".booked < v_day_cap;
  IF NOT FOUND THEN
    RETURN 'DAILY_LIMIT_REACHED';
  END IF;
  RETURN NULL;
END;
$$;

-- Counts one booking (or hold) against a fixed window of RateLimitBucket (decision 010):
-- 0 while the count stays within p_limit, else the seconds until the window ends (at
-- least 1). The upsert locks the bucket row, so a burst is counted one at a time, across
-- processes; a caller refused later rolls its count back with its transaction.
CREATE FUNCTION "pieraksts_count_against_address"(p_key text, p_limit integer, p_seconds float8)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  v_bucket record;
BEGIN
  INSERT INTO "RateLimitBucket" (key, count, "resetAt")
  VALUES (p_key, 1, now() + make_interval(secs => p_seconds))
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN "RateLimitBucket"."resetAt" <= now() THEN 1
                 ELSE "RateLimitBucket".count + 1 END,
    "resetAt" = CASE WHEN "RateLimitBucket"."resetAt" <= now() THEN EXCLUDED."resetAt"
                     ELSE "RateLimitBucket"."resetAt" END
  RETURNING count, "resetAt" INTO v_bucket;
  IF v_bucket.count <= p_limit THEN
    RETURN 0;
  END IF;
  RETURN GREATEST(1, ceil(extract(epoch FROM v_bucket."resetAt" - now())))::int;
END;
$$;

-- A new booking, whole, in one call: the per-phone rules under the phone's advisory lock,
-- the hold claimed or the address's allowance counted and a place taken, the booking with
-- its first status, its messages (outbox rows, webhook deliveries included) and the
-- Idempotency-Key's answer. Everything commits together or nothing does: a refusal raises
-- inside the block below, which rolls the block back, and is returned as
-- {"refused": code, "detail": text}; success is {"held": whether a hold became the place}.
-- The request (built by bookingService.create):
--   serviceId, servicePointId, startsAt, endsAt, localDate, at (the app's clock),
--   channel ('PUBLIC' | 'STAFF'), capacity, publicCapacity, dailyLimit (null: none),
--   phone, lockPhone, oneADay, maxActive (null: no cap), activeStatuses,
--   holdTokenHash (null: none), refuseUnlessHeld (null, or the code to refuse with when
--   no hold is claimed), addressWindows ([{key, limit, seconds}], empty: not counted),
--   booking (the Booking row's columns), staffUserId, messages (OutboxMessage rows),
--   answer (null, or {scope, key, owner, status, body}).
CREATE FUNCTION "pieraksts_book"(r jsonb)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_service uuid := (r->>'serviceId')::uuid;
  v_starts_at timestamptz := (r->>'startsAt')::timestamptz;
  v_day date := (r->>'localDate')::date;
  v_at timestamptz := (r->>'at')::timestamptz;
  v_phone text := r->>'phone';
  v_active text[] := ARRAY(SELECT jsonb_array_elements_text(r->'activeStatuses'));
  b jsonb := r->'booking';
  v_held boolean := false;
  v_count integer;
  v_refusal text;
  v_window jsonb;
  v_detail text;
  v_constraint text;
BEGIN
  BEGIN
    -- One phone's bookings of one service are counted under a lock, so two requests at
    -- once cannot both pass a check (decisions 005, 018).
    IF (r->>'lockPhone')::boolean THEN
      PERFORM pg_advisory_xact_lock(hashtext('phone:' || (r->>'serviceId') || ':' || v_phone));
    END IF;
    IF (r->>'oneADay')::boolean THEN
      PERFORM 1 FROM "Booking"
      WHERE "serviceId" = v_service AND "clientPhone" = v_phone AND "localDate" = v_day
        AND status::text = ANY(v_active) AND "endsAt" > v_at
      LIMIT 1;
      IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PB001', MESSAGE = 'ALREADY_BOOKED_THAT_DAY';
      END IF;
    END IF;
    IF r->>'maxActive' IS NOT NULL THEN
      SELECT count(*) INTO v_count FROM "Booking"
      WHERE "serviceId" = v_service AND "clientPhone" = v_phone
        AND status::text = ANY(v_active) AND "endsAt" > v_at;
      IF v_count >= (r->>'maxActive')::int THEN
        RAISE EXCEPTION USING ERRCODE = 'PB001', MESSAGE = 'TOO_MANY_ACTIVE_BOOKINGS',
          DETAIL = v_count::text;
      END IF;
    END IF;
    -- A place offered from the waiting list is the entry's client's (decision 026): its
    -- hold books only with the phone on the entry, whoever else has the link.
    IF r->>'holdTokenHash' IS NOT NULL AND EXISTS (
      SELECT 1 FROM "WaitlistEntry"
      WHERE "offerTokenHash" = r->>'holdTokenHash' AND status = 'WAITING'
        AND "offerExpiresAt" > v_at AND "clientPhone" <> v_phone) THEN
      RAISE EXCEPTION USING ERRCODE = 'PB001', MESSAGE = 'OFFER_FOR_ANOTHER_CLIENT';
    END IF;
    -- A live hold of exactly this place becomes the booking's place.
    IF r->>'holdTokenHash' IS NOT NULL THEN
      DELETE FROM "Hold"
      WHERE "tokenHash" = r->>'holdTokenHash' AND "serviceId" = v_service
        AND "startsAt" = v_starts_at AND source = (r->>'channel')::"BookingSource"
        AND "expiresAt" > v_at;
      v_held := FOUND;
    END IF;
    IF NOT v_held AND r->>'refuseUnlessHeld' IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'PB001', MESSAGE = r->>'refuseUnlessHeld';
    END IF;
    IF NOT v_held THEN
      -- The address's allowance (decision 010), before the place: a burst from one
      -- address queues on the bucket row.
      FOR i IN 0 .. coalesce(jsonb_array_length(r->'addressWindows'), 0) - 1 LOOP
        v_window := r->'addressWindows'->i;
        v_count := "pieraksts_count_against_address"(
          v_window->>'key', (v_window->>'limit')::int, (v_window->>'seconds')::float8);
        IF v_count > 0 THEN
          RAISE EXCEPTION USING ERRCODE = 'PB001', MESSAGE = 'RATE_LIMITED',
            DETAIL = v_count::text;
        END IF;
      END LOOP;
      v_refusal := "pieraksts_take_place"(
        v_service, v_starts_at, v_day, (r->>'capacity')::int, (r->>'publicCapacity')::int,
        r->>'channel' = 'PUBLIC', (r->>'dailyLimit')::int, true, v_at);
      IF v_refusal IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PB001', MESSAGE = v_refusal;
      END IF;
    END IF;

    INSERT INTO "Booking" (
      id, reference, "manageTokenHash", "manageTokenSealed", reminders, notify,
      "servicePointId", "serviceId", "startsAt", "endsAt", "localDate", status, source,
      language, "clientName", "clientPhone", "clientEmail", answers, "createdAt",
      "updatedAt", "apiKeyId")
    VALUES (
      (b->>'id')::uuid, b->>'reference', b->>'manageTokenHash', b->>'manageTokenSealed',
      (b->>'reminders')::boolean, (b->>'notify')::boolean, (r->>'servicePointId')::uuid,
      v_service, v_starts_at, (r->>'endsAt')::timestamptz, v_day, 'BOOKED',
      (b->>'source')::"BookingSource", b->>'language', b->>'clientName', v_phone,
      b->>'clientEmail', b->'answers', (b->>'createdAt')::timestamptz,
      (b->>'createdAt')::timestamptz, (b->>'apiKeyId')::uuid);
    INSERT INTO "BookingStatusChange" (id, "bookingId", "toStatus", at, "staffUserId")
    VALUES (gen_random_uuid(), (b->>'id')::uuid, 'BOOKED', (b->>'createdAt')::timestamptz,
            (r->>'staffUserId')::uuid);

    -- A place offered from the waiting list, booked with its hold's token: the entry is
    -- done, in the same statement (decision 026).
    IF v_held THEN
      UPDATE "WaitlistEntry"
      SET status = 'BOOKED', "bookingId" = (b->>'id')::uuid, "offerHoldId" = NULL,
          "offerExpiresAt" = NULL, "offerTokenSealed" = NULL, "offerTokenHash" = NULL,
          "updatedAt" = v_at
      WHERE "offerTokenHash" = r->>'holdTokenHash' AND status = 'WAITING'
        AND "serviceId" = v_service AND "offerStartsAt" = v_starts_at;
    END IF;

    INSERT INTO "OutboxMessage" (
      id, "organisationId", "bookingId", channel, kind, address, language, payload, status,
      "dueAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), m."organisationId", m."bookingId", m.channel::"OutboxChannel",
           m.kind, m.address, m.language, m.payload, m.status::"OutboxStatus", m."dueAt",
           m."createdAt", (b->>'createdAt')::timestamptz
    FROM jsonb_to_recordset(coalesce(r->'messages', '[]'::jsonb)) AS m(
      "organisationId" uuid, "bookingId" uuid, channel text, kind text, address text,
      language text, payload jsonb, status text, "dueAt" timestamptz,
      "createdAt" timestamptz);

    -- The Idempotency-Key's answer commits with the booking (decision 009); only the
    -- claim's current owner may store it.
    IF jsonb_typeof(r->'answer') = 'object' THEN
      UPDATE "IdempotencyRecord"
      SET state = 'COMPLETED', "responseStatus" = (r->'answer'->>'status')::int,
          "responseBody" = r->'answer'->'body', "leaseUntil" = NULL
      WHERE scope = r->'answer'->>'scope' AND key = r->'answer'->>'key'
        AND owner = r->'answer'->>'owner' AND state = 'IN_FLIGHT';
      IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PB001', MESSAGE = 'CLAIM_LOST';
      END IF;
    END IF;
  EXCEPTION
    WHEN SQLSTATE 'PB001' THEN
      GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL;
      RETURN jsonb_build_object('refused', SQLERRM, 'detail', nullif(v_detail, ''));
    WHEN unique_violation THEN
      GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
      IF v_constraint = 'Booking_reference_key' THEN
        RETURN jsonb_build_object('refused', 'REFERENCE_TAKEN');
      END IF;
      RAISE;
  END;
  RETURN jsonb_build_object('held', v_held);
END;
$$;
