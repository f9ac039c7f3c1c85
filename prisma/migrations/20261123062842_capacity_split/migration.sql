-- AlterTable
ALTER TABLE "Booking" DROP COLUMN "staffOnlyPlace";

-- AlterTable
ALTER TABLE "SlotCounter" ADD COLUMN     "publicBooked" INTEGER NOT NULL DEFAULT 0;

-- Places already taken by public bookings count in the public part.
UPDATE "SlotCounter" c
SET "publicBooked" = LEAST(held.n, c.booked)
FROM (
  SELECT "serviceId", "startsAt", count(*)::int AS n
  FROM "Booking"
  WHERE source = 'PUBLIC' AND status NOT IN ('CANCELLED_BY_CLIENT', 'CANCELLED_BY_STAFF')
  GROUP BY "serviceId", "startsAt"
) held
WHERE held."serviceId" = c."serviceId" AND held."startsAt" = c."startsAt";
