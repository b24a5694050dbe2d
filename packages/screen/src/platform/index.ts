import type { Migration } from "kysely/migration";
import * as m0005 from "./migration.ts";

export { canReadScreenEntry, canScreen } from "./access.ts";
export {
  getLibrary,
  getTarget,
  type LibraryFailureSummary,
  listLibraries,
  listTargets,
  type Registrant,
  registerLibrary,
  registerTarget,
  type ScreenWorkspace,
  type StoredLibrary,
  type StoredTarget,
} from "./catalogue.ts";
export { MOONSHOT_MPRO_ACTIVES, MPRO_WATCH_LIST, type ScreenDemo, seedScreenDemo } from "./demo.ts";
export {
  createScreenRun,
  getScreenRun,
  listScreenRuns,
  ScreenRunner,
  ScreenRunRequest,
  type ScreenRunRequestInput,
  type ScreenRunStatus,
  type StoredScreenRun,
  screenRunReport,
} from "./runs.ts";

export const screenMigrations: Record<string, Migration> = { "0005_screen": m0005 };
