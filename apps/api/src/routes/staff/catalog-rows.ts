import {
  type AdminService,
  type AdminServicePoint,
  AppError,
  type Schedule,
  ZSlug,
} from "@pieraksts/contracts";
import { Prisma } from "@pieraksts/db";
import { z } from "zod";

// Rows and mappers shared by the catalogue routes: service points, services, schedules.

export type PointRow = Prisma.ServicePointGetPayload<{ include: { organisation: true } }>;
export type ServiceRow = Prisma.ServiceGetPayload<{ include: { servicePoint: true } }>;
export type ScheduleRow = Prisma.ScheduleGetPayload<{
  include: { intervals: true; service: true; servicePoint: true };
}>;

export const asArray = <T>(value: Prisma.JsonValue): T[] =>
  Array.isArray(value) ? (value as T[]) : [];
export const dateOnly = (value: Date | null) => (value ? value.toISOString().slice(0, 10) : null);
/** A nullable JSON column: null clears it, undefined leaves it. */
export const jsonOrNull = (value: Prisma.InputJsonValue | null | undefined) =>
  value === null ? Prisma.DbNull : value;
export const asDate = (value: string | null | undefined) =>
  value ? new Date(`${value}T00:00:00Z`) : value === null ? null : undefined;

export function toPoint(row: PointRow): AdminServicePoint {
  return {
    slug: row.slug,
    organisation: row.organisation.slug,
    name: row.name as AdminServicePoint["name"],
    address: row.address,
    phones: asArray(row.phones),
    description: (row.description ?? null) as AdminServicePoint["description"],
    active: row.active,
    sortOrder: row.sortOrder,
    placeholders: row.placeholders as AdminServicePoint["placeholders"],
  };
}

export function toService(row: ServiceRow): AdminService {
  return {
    slug: row.slug,
    servicePoint: row.servicePoint.slug,
    name: row.name as AdminService["name"],
    description: (row.description ?? null) as AdminService["description"],
    slotMinutes: row.slotMinutes,
    capacityPerSlot: row.capacityPerSlot,
    staffOnlyCapacity: row.staffOnlyCapacity,
    dailyLimit: row.dailyLimit,
    minNoticeMinutes: row.minNoticeMinutes,
    maxAdvanceDays: row.maxAdvanceDays,
    maxActivePerPhone: row.maxActivePerPhone,
    maxBookingsPerAddressPerDay: row.maxBookingsPerAddressPerDay,
    maxBookingsPerAddressPerWeek: row.maxBookingsPerAddressPerWeek,
    requirements: asArray(row.requirements),
    questions: asArray(row.questions),
    eligibility: asArray(row.eligibility),
    active: row.active,
    sortOrder: row.sortOrder,
  };
}

export function toSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    servicePoint: row.servicePoint.slug,
    kind: row.kind === "REGULAR" ? "regular" : "seasonal",
    mode: row.mode === "REPLACE" ? "replace" : "add",
    service: row.service?.slug ?? null,
    validFrom: dateOnly(row.validFrom),
    validTo: dateOnly(row.validTo),
    name: (row.name ?? null) as Schedule["name"],
    intervals: [...row.intervals]
      .sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime))
      .map((i) => ({ weekday: i.weekday, start: i.startTime, end: i.endTime })),
  };
}

/** Prisma's unique-constraint error, as a 409 the client can act on. */
export function conflictOnDuplicate(error: unknown, message: string): never {
  if ((error as { code?: string })?.code === "P2002") throw new AppError("CONFLICT", message);
  throw error;
}

export const pointParams = z.object({ servicePoint: ZSlug });
export const serviceParams = z.object({ servicePoint: ZSlug, service: ZSlug });
export const scheduleParams = z.object({ id: z.uuid() });
