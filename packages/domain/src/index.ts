export * from "./bookings/booking-status.ts";
export * from "./scheduling/engine.ts";
export * from "./scheduling/holidays.ts";
export * from "./scheduling/types.ts";
