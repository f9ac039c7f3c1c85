import { z } from "zod";
import { ZSlug } from "./catalog.ts";

export const ZStaffRole = z.enum(["admin", "reception"]).meta({ id: "StaffRole" });

export const ZStaffLoginRequestSchema = z
  .object({
    email: z.email().max(254),
    password: z.string().min(1).max(1024),
  })
  .meta({ id: "StaffLoginRequest" });

export const ZStaffMeResponseSchema = z
  .object({
    user: z.object({
      email: z.string(),
      name: z.string(),
      role: ZStaffRole,
      organisation: ZSlug,
      servicePoints: z.array(ZSlug).describe("Where a reception user works; empty for admins"),
    }),
    csrfToken: z
      .string()
      .describe("Send as the X-CSRF-Token header on every state-changing staff request"),
    expiresAt: z.string().describe("The session ends then at the latest (absolute limit)"),
  })
  .meta({ id: "StaffSession" });
export type StaffMe = z.infer<typeof ZStaffMeResponseSchema>;
