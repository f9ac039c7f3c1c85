import type { BookingStatus } from "@pieraksts/contracts";

/**
 * A booking's life: which status may follow which, and which statuses hold a place.
 *
 * The API refuses any change not listed here, and the staff day page offers exactly the
 * changes listed here, so the two cannot drift apart. This module has no imports at run
 * time: the SPA bundles it without the scheduling engine.
 *
 * - A booked client may arrive (checked_in), be seen straight away (completed), not come
 *   (no_show), or be cancelled by themselves or by staff (only before the start: the
 *   API checks the time, this table only the order).
 * - A client who arrived is seen (completed) or leaves unseen (no_show).
 * - completed, no_show and both cancellations are final.
 */
const next: Record<BookingStatus, readonly BookingStatus[]> = {
  booked: ["checked_in", "completed", "no_show", "cancelled_by_staff", "cancelled_by_client"],
  checked_in: ["completed", "no_show"],
  completed: [],
  no_show: [],
  cancelled_by_client: [],
  cancelled_by_staff: [],
};

/** The statuses `from` may change to, in the order a desk offers them. */
export function allowedTransitions(from: BookingStatus): readonly BookingStatus[] {
  return next[from];
}

export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return next[from].includes(to);
}

/**
 * Taking back a desk mark made by mistake ("did not come" tapped next to "arrived"): the
 * status a mark may return to, which is the one it replaced (the booking's history says
 * which). Only desk marks are undone; a cancellation is not, as its place may be taken.
 * An undo is open on the booking's day only (undoOpen).
 */
const undo: Record<BookingStatus, readonly BookingStatus[]> = {
  booked: [],
  checked_in: ["booked"],
  completed: ["booked", "checked_in"],
  no_show: ["booked", "checked_in"],
  cancelled_by_client: [],
  cancelled_by_staff: [],
};

/** May a booking now `from`, which was `previous` before its last change, go back to it? */
export function canUndo(from: BookingStatus, previous: BookingStatus): boolean {
  return undo[from].includes(previous);
}

/**
 * Desk marks (arrived, seen, did not come) are for the booking's day or after it: nobody
 * arrives or fails to come on a day that has not begun. Local dates, YYYY-MM-DD.
 */
export function deskMarksOpen(bookingDate: string, today: string): boolean {
  return bookingDate <= today;
}

/** A mis-tap is taken back the same day: on the booking's day, in the organisation's zone. */
export function undoOpen(bookingDate: string, today: string): boolean {
  return bookingDate === today;
}

/** What staff set at the desk with one button (cancelling asks for a reason instead). */
export const deskStatuses = ["checked_in", "completed", "no_show"] as const;
export type DeskStatus = (typeof deskStatuses)[number];

/** The desk buttons for a booking in status `from`. */
export function deskActions(from: BookingStatus): DeskStatus[] {
  return deskStatuses.filter((to) => canTransition(from, to));
}

/**
 * Does a booking in this status occupy a place in its slot and its day? Only a
 * cancellation gives the place back: a client who came, was seen or did not come used the
 * time all the same, so the counters keep counting them.
 */
export function holdsPlace(status: BookingStatus): boolean {
  return status !== "cancelled_by_client" && status !== "cancelled_by_staff";
}

/** Upcoming or in progress: what per-phone caps and closures count. */
export function isActive(status: BookingStatus): boolean {
  return status === "booked" || status === "checked_in";
}
