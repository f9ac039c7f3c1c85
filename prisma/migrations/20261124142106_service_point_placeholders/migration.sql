-- AlterTable
ALTER TABLE "ServicePoint" ADD COLUMN     "placeholders" TEXT[] DEFAULT ARRAY[]::TEXT[];
