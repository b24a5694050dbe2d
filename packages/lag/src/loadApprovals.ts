/** Loading the three files from one folder and building the medicine table in one call. */
import path from "node:path";
import { type IngredientMatch, matchIngredients } from "./ingredients/match.ts";
import { buildMedicines, type MedicineBuild } from "./medicines.ts";
import { type EmaRecord, loadEma } from "./sources/ema.ts";
import { accountFor, type RowAccount, type SourceId, type SourceLoad } from "./sources/faults.ts";
import { type FdaRecord, loadFda } from "./sources/fda.ts";
import { DEFAULT_FILE_NAMES } from "./sources/fetch.ts";
import { loadPmda, type PmdaRecord } from "./sources/pmda.ts";

export interface ApprovalsLoad extends MedicineBuild {
  loads: { fda: SourceLoad<FdaRecord>; pmda: SourceLoad<PmdaRecord>; ema: SourceLoad<EmaRecord> };
  accounts: Record<SourceId, RowAccount>;
  match: IngredientMatch;
}

export interface LoadApprovalsOptions {
  /** file names inside `dir`, by source (default: DEFAULT_FILE_NAMES) */
  files?: Partial<Record<SourceId, string>>;
  pipelineJp?: readonly string[];
}

export async function loadApprovals(dir: string, options: LoadApprovalsOptions = {}): Promise<ApprovalsLoad> {
  const file = (s: SourceId) => path.join(dir, options.files?.[s] ?? DEFAULT_FILE_NAMES[s]);
  const [fda, pmda, ema] = await Promise.all([
    loadFda(file("fda")),
    loadPmda(file("pmda")),
    loadEma(file("ema")),
  ]);
  const loads = { fda, pmda, ema };
  const match = matchIngredients(loads);
  const build = buildMedicines(loads, {
    match,
    ...(options.pipelineJp ? { pipelineJp: options.pipelineJp } : {}),
  });
  return {
    ...build,
    loads,
    match,
    accounts: { fda: accountFor(fda), pmda: accountFor(pmda), ema: accountFor(ema) },
  };
}
