import { AppError } from "@pieraksts/contracts";
import type { PrismaClient } from "@pieraksts/db";
import { hashPassword, passwordProblems } from "./passwords.ts";

/**
 * The organisation's points with these slugs; 404 if any is not one of them. A slug named
 * twice counts once (a list from a form may well repeat one).
 */
export async function pointsOfOrganisation(
  prisma: PrismaClient,
  organisationId: string,
  slugs: string[],
) {
  const unique = [...new Set(slugs)];
  const points = await prisma.servicePoint.findMany({
    where: { slug: { in: unique }, organisationId },
  });
  if (points.length !== unique.length) {
    throw new AppError("SERVICE_POINT_NOT_FOUND", "A service point is not in this organisation.");
  }
  return points;
}

/** Creates a staff account; used by `pnpm admin:create` and by tests. */
export async function createStaffUser(
  prisma: PrismaClient,
  input: {
    organisation: string;
    email: string;
    name: string;
    password: string;
    role: "ADMIN" | "RECEPTION";
    servicePoints?: string[];
  },
) {
  const email = input.email.trim().toLowerCase();
  const problems = passwordProblems(input.password, email);
  if (problems.length)
    throw new AppError("VALIDATION_FAILED", "The password is not allowed.", problems);
  const organisation = await prisma.organisation.findUnique({
    where: { slug: input.organisation },
  });
  if (!organisation) {
    throw new AppError(
      "ORGANISATION_NOT_FOUND",
      `There is no organisation "${input.organisation}".`,
    );
  }
  const points = await pointsOfOrganisation(prisma, organisation.id, input.servicePoints ?? []);
  // Unique per organisation only: whether another organisation has this e-mail stays
  // its own business (docs/decisions/011-sign-in-throttling.md).
  const existing = await prisma.staffUser.findUnique({
    where: { organisationId_email: { organisationId: organisation.id, email } },
  });
  if (existing) {
    throw new AppError("CONFLICT", `There is already an account for ${email}.`);
  }
  return prisma.staffUser.create({
    data: {
      organisationId: organisation.id,
      email,
      name: input.name.trim(),
      role: input.role,
      passwordHash: await hashPassword(input.password),
      assignments: { create: points.map((point) => ({ servicePointId: point.id })) },
    },
  });
}
