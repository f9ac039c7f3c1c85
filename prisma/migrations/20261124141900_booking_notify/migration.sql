-- AlterTable
ALTER TABLE "Booking" ADD COLUMN     "notify" BOOLEAN NOT NULL DEFAULT true;
