// `pnpm admin:create --organisation <slug> --email <email> [--name <name>]`: the first
// administrator. The password is read from standard input (never from the command line,
// where it would land in the shell history); there are no default passwords.
// Works on the embedded database while the server is stopped, and on PostgreSQL any time;
// an empty database is migrated and seeded first, as the server would.
import { text } from "node:stream/consumers";
import { parseArgs } from "node:util";
import { AppError } from "@pieraksts/contracts";
import { migrate, openDatabaseFromEnv, seedIfEmpty } from "@pieraksts/db";
import { processClock, ZClockStart } from "../src/lib/clock.ts";
import { passwordProblems } from "../src/routes/staff/passwords.ts";
import { createStaffUser } from "../src/routes/staff/users.ts";

const { values } = parseArgs({
  options: {
    organisation: { type: "string" },
    email: { type: "string" },
    name: { type: "string" },
  },
});
if (!values.organisation || !values.email) {
  console.error(
    "Usage: pnpm admin:create --organisation <slug> --email <email> [--name <name>] < password-file",
  );
  process.exit(2);
}
if (process.stdin.isTTY) process.stderr.write("Password (at least 12 characters), then Enter: ");
const password = (await text(process.stdin)).split(/\r?\n/)[0] ?? "";
// Checked before the database is opened, which takes a few seconds on PGlite.
const problems = passwordProblems(password, values.email);
if (problems.length) {
  console.error(
    `The password is not allowed: ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`,
  );
  process.exit(1);
}

const clockStart = ZClockStart.safeParse(process.env.CLOCK_START || undefined);
if (!clockStart.success) {
  console.error(`Invalid configuration: CLOCK_START ${clockStart.error.issues[0]?.message}`);
  process.exit(2);
}
// The seed's dates follow "today"; a pinned clock (tests) must give the server's today.
const now = processClock(clockStart.data);

const { database, env } = await openDatabaseFromEnv();
try {
  await migrate(database, env.DATABASE_URL);
  // As the server does on its first start, so an admin can be made before it ever ran.
  await seedIfEmpty(database.prisma, { now: now?.() });
  const user = await createStaffUser(database.prisma, {
    organisation: values.organisation,
    email: values.email,
    name: values.name ?? values.email,
    password,
    role: "ADMIN",
  });
  console.log(`Created administrator ${user.email} for ${values.organisation}.`);
} catch (error) {
  if (error instanceof AppError) {
    const details = error.errors?.map((e) => `${e.field} ${e.message}`).join("; ");
    console.error(details ? `${error.message} ${details}` : error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await database.close();
}
