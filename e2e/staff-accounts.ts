/** The first administrator the e2e server makes with `pnpm admin:create`. */
export const e2eAdmin = {
  organisation: "daugavpils",
  email: "admin@e2e.test",
  password: "E2E admin password 4417",
  name: "Ilze Administratore",
};
/** A reception user at Liepājas 4, added by the administrator through the API. */
export const e2eReception = {
  organisation: "daugavpils",
  email: "reception@e2e.test",
  password: "Reception desk 2026 Liepaja",
  name: "Jānis Reģistrators",
};
