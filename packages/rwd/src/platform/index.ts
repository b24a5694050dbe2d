import type { Migration } from "kysely/migration";
import * as m0003 from "./migration.ts";

export { canUseRwd } from "./access.ts";
export { type SourceInfo, SourceRegistry } from "./SourceRegistry.ts";
export {
  getStudy,
  listStudies,
  runStudyOnSource,
  type StoredStudy,
  StudyRequest,
  storedStudyReport,
} from "./studies.ts";

export const rwdMigrations: Record<string, Migration> = { "0003_rwd_studies": m0003 };
