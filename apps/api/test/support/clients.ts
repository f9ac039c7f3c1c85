import { expect } from "vitest";
import type { TestContext } from "../helpers.ts";

let counter = 0;

/** A client with a phone number no other booking in this test file has. */
export function newClient(): { name: string; phone: string } {
  counter += 1;
  return { name: `Klients ${counter}`, phone: `2${String(7_000_000 + counter)}` };
}

/** POST /api/v1/bookings as a new client; the answer as it comes. */
export function postBooking(
  ctx: TestContext,
  booking: {
    servicePoint: string;
    start: string;
    service?: string;
    answers?: Record<string, string | boolean>;
  },
) {
  return ctx.app.inject({
    method: "POST",
    url: "/api/v1/bookings",
    payload: { service: "consultation", ...booking, client: newClient() },
  });
}

/** A public booking that must succeed: its reference and manage token. */
export async function bookPublic(
  ctx: TestContext,
  booking: { servicePoint: string; start: string; service?: string },
): Promise<{ reference: string; manageToken: string }> {
  const res = await postBooking(ctx, booking);
  expect(res.statusCode).toBe(201);
  return res.json();
}
