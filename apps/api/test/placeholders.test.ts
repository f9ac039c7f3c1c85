import type { Schedule } from "@pieraksts/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestContext } from "./helpers.ts";
import { asStaff, createStaff, type StaffSession, signIn } from "./support/staff.ts";

let ctx: TestContext;
let admin: StaffSession;
beforeAll(async () => {
  ctx = await createTestApp({ now: new Date("2026-11-23T08:00:00Z") });
  await createStaff(ctx.db.prisma);
  admin = await signIn(ctx, "admin@koknese.lv");
});
afterAll(() => ctx.close());

const publicPlaceholders = async () =>
  (await ctx.app.inject({ url: "/api/v1/service-points?organisation=koknese" })).json()[0]
    .placeholders;

describe("the seed's stand-in values", () => {
  it("are listed for the administrator and clear one by one as each is saved", async () => {
    const list = await asStaff(ctx, admin, "GET", "/api/v1/staff/service-points");
    expect(list.json()[0].placeholders).toEqual(["address", "phones", "hours"]);

    const patch = await asStaff(ctx, admin, "PATCH", "/api/v1/staff/service-points/koknese", {
      address: "Melioratoru iela 1, Koknese",
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json().placeholders).toEqual(["phones", "hours"]);

    const schedules = await asStaff(
      ctx,
      admin,
      "GET",
      "/api/v1/staff/service-points/koknese/schedules",
    );
    const week = (schedules.json() as Schedule[]).find((s) => s.kind === "regular" && !s.service);
    const put = await asStaff(ctx, admin, "PUT", `/api/v1/staff/schedules/${week?.id}`, {
      kind: "regular",
      intervals: [{ weekday: 1, start: "08:00", end: "12:00" }],
    });
    expect(put.statusCode).toBe(200);
    expect(await publicPlaceholders()).toEqual(["phones"]);

    const phones = await asStaff(ctx, admin, "PATCH", "/api/v1/staff/service-points/koknese", {
      phones: [{ display: "651 00000", tel: "+37165100000", label: null }],
    });
    expect(phones.statusCode).toBe(200);
    expect(await publicPlaceholders()).toEqual([]);
  });
});
