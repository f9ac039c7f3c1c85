-- CreateEnum
CREATE TYPE "OutboxChannel" AS ENUM ('EMAIL', 'SMS', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENT', 'FAILED', 'NOT_CONFIGURED');

-- AlterTable
ALTER TABLE "Booking" ADD COLUMN     "manageTokenSealed" TEXT,
ADD COLUMN     "reminders" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "reminderDaysBefore" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "reminderTime" TEXT NOT NULL DEFAULT '09:00';

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "bookingId" UUID,
    "channel" "OutboxChannel" NOT NULL,
    "kind" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'lv',
    "payload" JSONB NOT NULL DEFAULT '{}',
    "body" TEXT,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "dueAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServerSecret" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServerSecret_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "OutboxMessage_status_dueAt_idx" ON "OutboxMessage"("status", "dueAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_bookingId_idx" ON "OutboxMessage"("bookingId");

-- CreateIndex
CREATE INDEX "OutboxMessage_organisationId_status_idx" ON "OutboxMessage"("organisationId", "status");

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;
