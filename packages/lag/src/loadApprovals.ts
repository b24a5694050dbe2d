/** Loading the three files from one folder and building the medicine table in one call. */
import path from "node:path";
import { type IngredientMatch, matchIngredients } from "./ingredients/match.ts";
import { buildMedicines, type MedicineBuild } from "./medicines.ts";
import { type EmaRecord, loadEma } from "./sources/ema.ts";
import {
  accountFor,
  type FaultKind,
  faultCounts,
  type RowAccount,
  type SourceId,
  type SourceLoad,
} from "./sources/faults.ts";
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

/** What a load consists of, as `kakehashi lag status` and the monitor's status screen show it. */
export interface ApprovalsSummary {
  sources: Record<
    SourceId,
    {
      file: string;
      dataRows: number;
      used: number;
      usedWithWarning: number;
      reportedOnly: number;
      unaccounted: number[];
      faults: Partial<Record<FaultKind, number>>;
    }
  >;
  medicines: {
    total: number;
    approvedJp: number;
    withLag: number;
    jpApprovedOutsideList: number;
    unclassified: number;
  };
  jpCoverage: ApprovalsLoad["jpCoverage"];
  matching: { fuzzy: number; ambiguous: number; unmatched: number };
}

export function summariseApprovals(load: ApprovalsLoad): ApprovalsSummary {
  const source = (s: SourceId) => {
    const account = load.accounts[s];
    return {
      file: load.loads[s].file,
      dataRows: account.input,
      used: account.used,
      usedWithWarning: account.usedWithWarning,
      reportedOnly: account.reportedOnly,
      unaccounted: account.unaccounted,
      faults: faultCounts(load.loads[s].faults),
    };
  };
  return {
    sources: { fda: source("fda"), pmda: source("pmda"), ema: source("ema") },
    medicines: {
      total: load.medicines.length,
      approvedJp: load.medicines.filter((m) => m.jpStatus === "approved-jp").length,
      withLag: load.medicines.filter((m) => m.lagMonths !== null).length,
      jpApprovedOutsideList: load.report.jpApprovedOutsideList.length,
      unclassified: load.report.unclassified.length,
    },
    jpCoverage: load.jpCoverage,
    matching: {
      fuzzy: load.match.fuzzy.length,
      ambiguous: load.match.ambiguous.length,
      unmatched: load.match.unmatched.length,
    },
  };
}
