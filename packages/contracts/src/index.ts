/**
 * Names, one rule (docs/decisions/017): Z<Action>RequestSchema for what a client sends,
 * Z<Action>ResponseSchema for what one action answers, Z<Entity> for a named thing; each
 * type is the schema's name without Z and Schema (requests as z.input).
 */
export * from "./admin.ts";
export * from "./api-keys.ts";
export * from "./availability.ts";
export * from "./bookings.ts";
export * from "./catalog.ts";
export * from "./errors.ts";
export * from "./holds.ts";
export * from "./i18n.ts";
export * from "./staff.ts";
export * from "./text.ts";
export * from "./waitlist.ts";
export * from "./webhooks.ts";
