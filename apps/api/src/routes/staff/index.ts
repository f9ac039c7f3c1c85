import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { staffAccessPlugin } from "./access.ts";
import { apiKeyRoutes } from "./api-keys.ts";
import { staffBookingRoutes } from "./bookings.ts";
import { closureRoutes } from "./closures.ts";
import { dataProtectionRoutes } from "./data-protection.ts";
import { staffDayRoutes } from "./day.ts";
import { staffMessageRoutes } from "./messages.ts";
import { scheduleRoutes } from "./schedules.ts";
import { servicePointRoutes } from "./service-points.ts";
import { serviceRoutes } from "./services.ts";
import { staffSessionRoutes } from "./session.ts";
import { staffUserRoutes } from "./users-routes.ts";
import { staffWaitlistRoutes } from "./waitlist.ts";
import { webhookRoutes } from "./webhooks.ts";

/**
 * Every staff route lives in this scope, so the access hook sees each one: a route must
 * declare `config.staff` (see access.ts) or the app does not start.
 */
export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(staffAccessPlugin);
  await app.register(staffSessionRoutes);
  await app.register(staffDayRoutes);
  await app.register(staffBookingRoutes);
  await app.register(servicePointRoutes);
  await app.register(serviceRoutes);
  await app.register(scheduleRoutes);
  await app.register(closureRoutes);
  await app.register(dataProtectionRoutes);
  await app.register(staffUserRoutes);
  await app.register(apiKeyRoutes);
  await app.register(webhookRoutes);
  await app.register(staffMessageRoutes);
  await app.register(staffWaitlistRoutes);
};
