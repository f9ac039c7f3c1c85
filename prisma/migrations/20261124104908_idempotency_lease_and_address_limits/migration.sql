-- AlterTable
ALTER TABLE "IdempotencyRecord" ADD COLUMN     "leaseUntil" TIMESTAMPTZ(3),
ADD COLUMN     "owner" TEXT;

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "maxBookingsPerAddressPerDay" INTEGER,
ADD COLUMN     "maxBookingsPerAddressPerWeek" INTEGER;
