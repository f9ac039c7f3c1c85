import { bookingStatuses } from "@pieraksts/contracts";
import { describe, expect, it } from "vitest";
import {
  allowedTransitions,
  canTransition,
  canUndo,
  deskActions,
  deskMarksOpen,
  holdsPlace,
  isActive,
  undoOpen,
} from "./booking-status.ts";

const pairs = bookingStatuses.flatMap((from) => bookingStatuses.map((to) => [from, to] as const));

describe("booking status transitions", () => {
  it("allows exactly the desk's and the cancellations' changes", () => {
    const allowed = pairs.filter(([from, to]) => canTransition(from, to)).map((p) => p.join(">"));
    expect(allowed.sort()).toEqual(
      [
        "booked>checked_in",
        "booked>completed",
        "booked>no_show",
        "booked>cancelled_by_staff",
        "booked>cancelled_by_client",
        "checked_in>completed",
        "checked_in>no_show",
      ].sort(),
    );
  });

  it("lists what it allows, and allows what it lists", () => {
    for (const [from, to] of pairs) {
      expect(allowedTransitions(from).includes(to)).toBe(canTransition(from, to));
    }
  });

  it("never goes back, never stays put, and ends at the final statuses", () => {
    for (const status of bookingStatuses) {
      expect(canTransition(status, status)).toBe(false);
      expect(canTransition(status, "booked")).toBe(false);
    }
    for (const final of ["completed", "no_show", "cancelled_by_client", "cancelled_by_staff"]) {
      expect(allowedTransitions(final as never)).toEqual([]);
    }
  });

  it("offers the desk buttons the API accepts, booked → completed included", () => {
    expect(deskActions("booked")).toEqual(["checked_in", "completed", "no_show"]);
    expect(deskActions("checked_in")).toEqual(["completed", "no_show"]);
    expect(deskActions("completed")).toEqual([]);
    expect(deskActions("cancelled_by_staff")).toEqual([]);
  });
});

describe("taking back a desk mark", () => {
  it("returns a desk mark to the status it replaced, and nothing else", () => {
    const undoable = pairs.filter(([from, to]) => canUndo(from, to)).map((p) => p.join("<"));
    expect(undoable.sort()).toEqual(
      [
        "checked_in<booked",
        "completed<booked",
        "completed<checked_in",
        "no_show<booked",
        "no_show<checked_in",
      ].sort(),
    );
  });

  it("undoes exactly the changes the desk may make, never a cancellation", () => {
    for (const [from, to] of pairs) {
      if (canUndo(from, to)) expect(canTransition(to, from)).toBe(true);
      if (canUndo(from, to)) expect(holdsPlace(from) && holdsPlace(to)).toBe(true);
    }
  });

  it("opens the desk marks on the booking's day, not before", () => {
    expect(deskMarksOpen("2026-11-24", "2026-11-24")).toBe(true);
    expect(deskMarksOpen("2026-11-23", "2026-11-24")).toBe(true);
    expect(deskMarksOpen("2026-11-25", "2026-11-24")).toBe(false);
  });

  it("allows an undo on the booking's day only", () => {
    expect(undoOpen("2026-11-24", "2026-11-24")).toBe(true);
    expect(undoOpen("2026-11-23", "2026-11-24")).toBe(false);
    expect(undoOpen("2026-11-25", "2026-11-24")).toBe(false);
  });
});

describe("which statuses hold a place", () => {
  it("gives the place back only on cancellation", () => {
    expect(bookingStatuses.filter((status) => !holdsPlace(status))).toEqual([
      "cancelled_by_client",
      "cancelled_by_staff",
    ]);
  });

  it("never lets a booking take a place back once given up", () => {
    for (const [from, to] of pairs) {
      if (canTransition(from, to) && !holdsPlace(from)) expect(holdsPlace(to)).toBe(false);
    }
  });

  it("counts booked and checked-in as active, and every active status holds a place", () => {
    expect(bookingStatuses.filter(isActive)).toEqual(["booked", "checked_in"]);
    for (const status of bookingStatuses.filter(isActive)) expect(holdsPlace(status)).toBe(true);
  });
});
