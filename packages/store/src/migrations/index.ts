import type { Migration } from "kysely/migration";
import * as m0001 from "./0001_accounts_audit.ts";

/** Every migration, in order. The same list runs on PGlite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  "0001_accounts_audit": m0001,
};
