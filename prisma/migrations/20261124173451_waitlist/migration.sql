-- CreateEnum
CREATE TYPE "WaitlistStatus" AS ENUM ('WAITING', 'BOOKED', 'CANCELLED', 'REMOVED');

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "waitlistEntryId" UUID;

-- CreateTable
CREATE TABLE "WaitlistEntry" (
    "id" UUID NOT NULL,
    "position" BIGSERIAL NOT NULL,
    "reference" TEXT NOT NULL,
    "manageTokenHash" TEXT NOT NULL,
    "manageTokenSealed" TEXT,
    "servicePointId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "fromDate" DATE NOT NULL,
    "toDate" DATE NOT NULL,
    "status" "WaitlistStatus" NOT NULL DEFAULT 'WAITING',
    "language" TEXT NOT NULL DEFAULT 'lv',
    "clientName" TEXT NOT NULL,
    "clientPhone" TEXT NOT NULL,
    "clientEmail" TEXT,
    "address" TEXT,
    "offerHoldId" UUID,
    "offerStartsAt" TIMESTAMPTZ(3),
    "offerExpiresAt" TIMESTAMPTZ(3),
    "offerTokenSealed" TEXT,
    "offerTokenHash" TEXT,
    "bookingId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "anonymisedAt" TIMESTAMPTZ(3),

    CONSTRAINT "WaitlistEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WaitlistOffer" (
    "id" UUID NOT NULL,
    "entryId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "holdId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WaitlistOffer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistEntry_position_key" ON "WaitlistEntry"("position");

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistEntry_reference_key" ON "WaitlistEntry"("reference");

-- CreateIndex
CREATE INDEX "WaitlistEntry_serviceId_status_fromDate_idx" ON "WaitlistEntry"("serviceId", "status", "fromDate");

-- CreateIndex
CREATE INDEX "WaitlistEntry_clientPhone_idx" ON "WaitlistEntry"("clientPhone");

-- CreateIndex
CREATE INDEX "WaitlistEntry_offerHoldId_idx" ON "WaitlistEntry"("offerHoldId");

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistOffer_entryId_startsAt_key" ON "WaitlistOffer"("entryId", "startsAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_waitlistEntryId_idx" ON "OutboxMessage"("waitlistEntryId");

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_waitlistEntryId_fkey" FOREIGN KEY ("waitlistEntryId") REFERENCES "WaitlistEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_servicePointId_fkey" FOREIGN KEY ("servicePointId") REFERENCES "ServicePoint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistOffer" ADD CONSTRAINT "WaitlistOffer_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "WaitlistEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;
