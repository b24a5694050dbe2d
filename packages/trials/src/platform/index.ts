import type { Migration } from "kysely/migration";
import * as m0004 from "./migration.ts";

export { canDesignTrials, canReadDesign } from "./access.ts";
export {
  type ExternalControlLookup,
  getDesign,
  listDesigns,
  previewDesign,
  resolveExternalControls,
  type StoredDesign,
  saveDesign,
  storedDesignReport,
} from "./designs.ts";

export const trialsMigrations: Record<string, Migration> = { "0004_trial_designs": m0004 };
