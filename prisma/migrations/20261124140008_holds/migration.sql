-- CreateTable
CREATE TABLE "Hold" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "serviceId" UUID NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "localDate" DATE NOT NULL,
    "source" "BookingSource" NOT NULL DEFAULT 'PUBLIC',
    "address" TEXT,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Hold_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Hold_tokenHash_key" ON "Hold"("tokenHash");

-- CreateIndex
CREATE INDEX "Hold_serviceId_localDate_expiresAt_idx" ON "Hold"("serviceId", "localDate", "expiresAt");

-- CreateIndex
CREATE INDEX "Hold_serviceId_address_expiresAt_idx" ON "Hold"("serviceId", "address", "expiresAt");

-- CreateIndex
CREATE INDEX "Hold_expiresAt_idx" ON "Hold"("expiresAt");

-- AddForeignKey
ALTER TABLE "Hold" ADD CONSTRAINT "Hold_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;
