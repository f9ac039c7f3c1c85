// What the integration suite's global setup hands to every test file.
declare module "vitest" {
  export interface ProvidedContext {
    /** On PostgreSQL: a migrated database every test file copies. */
    templateDatabase: string | null;
  }
}

export {};
