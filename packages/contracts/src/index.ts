export * from "./admin.ts";
export * from "./availability.ts";
export * from "./bookings.ts";
export * from "./catalog.ts";
export * from "./errors.ts";
export * from "./i18n.ts";
export * from "./staff.ts";
export * from "./text.ts";
