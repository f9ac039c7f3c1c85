-- CreateTable
CREATE TABLE "AvailabilityVersion" (
    "serviceId" UUID NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 1,

    CONSTRAINT "AvailabilityVersion_pkey" PRIMARY KEY ("serviceId")
);

-- Written by hand from here (Prisma's schema has no triggers).
-- Every change that can alter a service's availability bumps that service's version in
-- the same transaction. The triggers are deferred to commit, so the version row is
-- locked only for the moment of the commit, not for the whole booking transaction.

INSERT INTO "AvailabilityVersion" ("serviceId") SELECT id FROM "Service"
ON CONFLICT DO NOTHING;

CREATE FUNCTION "pieraksts_bump_availability"(service_ids uuid[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO "AvailabilityVersion" ("serviceId")
  SELECT DISTINCT id FROM unnest(service_ids) AS id ORDER BY id
  ON CONFLICT ("serviceId") DO UPDATE SET version = "AvailabilityVersion".version + 1;
$$;

-- Counters and the service itself: that service.
CREATE FUNCTION "pieraksts_bump_service"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  row_service uuid;
BEGIN
  IF TG_TABLE_NAME = 'Service' THEN
    row_service := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
  ELSE
    row_service := CASE WHEN TG_OP = 'DELETE' THEN OLD."serviceId" ELSE NEW."serviceId" END;
  END IF;
  PERFORM "pieraksts_bump_availability"(ARRAY[row_service]);
  RETURN NULL;
END;
$$;

-- A point (and its schedules): every service of the point.
CREATE FUNCTION "pieraksts_bump_point"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  point uuid;
BEGIN
  IF TG_TABLE_NAME = 'ServicePoint' THEN
    point := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
  ELSIF TG_TABLE_NAME = 'ScheduleInterval' THEN
    SELECT "servicePointId" INTO point FROM "Schedule"
    WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD."scheduleId" ELSE NEW."scheduleId" END;
  ELSE
    point := CASE WHEN TG_OP = 'DELETE' THEN OLD."servicePointId" ELSE NEW."servicePointId" END;
  END IF;
  IF point IS NOT NULL THEN
    PERFORM "pieraksts_bump_availability"(
      ARRAY(SELECT id FROM "Service" WHERE "servicePointId" = point));
  END IF;
  RETURN NULL;
END;
$$;

-- An organisation (its time zone): every service of its points.
CREATE FUNCTION "pieraksts_bump_organisation"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "pieraksts_bump_availability"(ARRAY(
    SELECT s.id FROM "Service" s JOIN "ServicePoint" p ON p.id = s."servicePointId"
    WHERE p."organisationId" = CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END));
  RETURN NULL;
END;
$$;

-- A closure: the narrowest scope it names (a service, a point, an organisation, or all).
CREATE FUNCTION "pieraksts_bump_closure"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  c "Closure";
BEGIN
  IF TG_OP = 'DELETE' THEN c := OLD; ELSE c := NEW; END IF;
  PERFORM "pieraksts_bump_availability"(ARRAY(
    SELECT s.id FROM "Service" s JOIN "ServicePoint" p ON p.id = s."servicePointId"
    WHERE (c."serviceId" IS NULL OR s.id = c."serviceId")
      AND (c."servicePointId" IS NULL OR p.id = c."servicePointId")
      AND (c."organisationId" IS NULL OR p."organisationId" = c."organisationId")));
  IF TG_OP = 'UPDATE' THEN
    PERFORM "pieraksts_bump_availability"(ARRAY(
      SELECT s.id FROM "Service" s JOIN "ServicePoint" p ON p.id = s."servicePointId"
      WHERE (OLD."serviceId" IS NULL OR s.id = OLD."serviceId")
        AND (OLD."servicePointId" IS NULL OR p.id = OLD."servicePointId")
        AND (OLD."organisationId" IS NULL OR p."organisationId" = OLD."organisationId")));
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "SlotCounter_availability" AFTER INSERT OR UPDATE OR DELETE
ON "SlotCounter" DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION "pieraksts_bump_service"();
CREATE CONSTRAINT TRIGGER "DayCounter_availability" AFTER INSERT OR UPDATE OR DELETE
ON "DayCounter" DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION "pieraksts_bump_service"();
CREATE CONSTRAINT TRIGGER "Service_availability" AFTER INSERT OR UPDATE OR DELETE
ON "Service" DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION "pieraksts_bump_service"();
CREATE CONSTRAINT TRIGGER "ServicePoint_availability" AFTER UPDATE OR DELETE
ON "ServicePoint" DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION "pieraksts_bump_point"();
CREATE CONSTRAINT TRIGGER "Schedule_availability" AFTER INSERT OR UPDATE OR DELETE
ON "Schedule" DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION "pieraksts_bump_point"();
CREATE CONSTRAINT TRIGGER "ScheduleInterval_availability" AFTER INSERT OR UPDATE OR DELETE
ON "ScheduleInterval" DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION "pieraksts_bump_point"();
CREATE CONSTRAINT TRIGGER "Organisation_availability" AFTER UPDATE
ON "Organisation" DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION "pieraksts_bump_organisation"();
CREATE CONSTRAINT TRIGGER "Closure_availability" AFTER INSERT OR UPDATE OR DELETE
ON "Closure" DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION "pieraksts_bump_closure"();
