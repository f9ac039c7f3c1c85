import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { bookPublic } from "./support/clients.ts";
import { asStaff, createStaff, signIn } from "./support/staff.ts";

// Monday 23 Nov 2026, 10.00 in Riga.
const now = new Date("2026-11-23T08:00:00Z");
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ now });
  await createStaff(ctx.db.prisma);
});
afterAll(() => ctx.close());

const view = (reference: string, token: string, language = "lv") =>
  ctx.app.inject({
    url: `/api/v1/bookings/${reference}`,
    headers: { authorization: `Bearer ${token}`, "accept-language": language },
  });

describe("what a client sees of their booking", () => {
  it("lists the point's phones, to call if something changes", async () => {
    const { reference, manageToken } = await bookPublic(ctx, {
      servicePoint: "liepajas-4",
      start: "2026-11-24T08:00:00+02:00",
    });
    const res = await view(reference, manageToken);
    expect(res.statusCode).toBe(200);
    expect(res.json().location.phones).toEqual([
      { display: "654 76983", tel: "+37165476983", label: null },
      { display: "654 76984", tel: "+37165476984", label: null },
      { display: "22305984", tel: "+37122305984", label: null },
      { display: "26955509", tel: "+37126955509", label: null },
    ]);
    expect(res.json().cancellationReason).toBeNull();
  });

  it("gives the reason staff gave when they cancelled", async () => {
    const { reference, manageToken } = await bookPublic(ctx, {
      servicePoint: "liepajas-4",
      start: "2026-11-24T08:15:00+02:00",
    });
    const session = await signIn(ctx, "liepajas@socd.lv");
    const cancel = await asStaff(
      ctx,
      session,
      "POST",
      `/api/v1/staff/bookings/${reference}/cancel`,
      { reason: "Speciāliste slima; lūdzu, piezvaniet" },
    );
    expect(cancel.statusCode).toBe(200);
    const res = await view(reference, manageToken, "en");
    expect(res.json()).toMatchObject({
      status: "cancelled_by_staff",
      cancellationReason: "Speciāliste slima; lūdzu, piezvaniet",
    });
  });

  it("gives no reason when the client cancelled", async () => {
    const { reference, manageToken } = await bookPublic(ctx, {
      servicePoint: "liepajas-4",
      start: "2026-11-24T08:30:00+02:00",
    });
    await ctx.app.inject({
      method: "POST",
      url: `/api/v1/bookings/${reference}/cancel`,
      headers: { authorization: `Bearer ${manageToken}` },
    });
    const res = await view(reference, manageToken);
    expect(res.json()).toMatchObject({ status: "cancelled_by_client", cancellationReason: null });
  });
});
