/** Test helpers: where the shared approval files are, and small hand-made records. Not public API. */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ApprovalLoads } from "./ingredients/match.ts";
import type { EmaRecord } from "./sources/ema.ts";
import type { SourceLoad, SourceRow } from "./sources/faults.ts";
import type { FdaRecord } from "./sources/fda.ts";
import { DEFAULT_FILE_NAMES } from "./sources/fetch.ts";
import type { PmdaRecord } from "./sources/pmda.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/** ../shared/data beside the clone, or KAKEHASHI_SHARED_DATA (CI always has it). */
export const sharedData = process.env.KAKEHASHI_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data");
export const approvalsDir = path.join(sharedData, "approvals");
export const approvalFiles = {
  fda: path.join(approvalsDir, DEFAULT_FILE_NAMES.fda),
  pmda: path.join(approvalsDir, DEFAULT_FILE_NAMES.pmda),
  ema: path.join(approvalsDir, DEFAULT_FILE_NAMES.ema),
};
export const haveApprovalsData = Object.values(approvalFiles).every((f) => existsSync(f));

export function fdaRecord(
  row: number,
  ingredient: string,
  approvalDate: string,
  extra: Partial<FdaRecord> = {},
): FdaRecord {
  return {
    row,
    brand: `${ingredient} brand`,
    ingredient,
    applicant: "US Sponsor",
    applicationType: "NDA",
    applicationNumber: String(1000 + row),
    approvalDate,
    indication: "",
    reviewDesignation: "Standard",
    priorityReview: false,
    orphan: false,
    accelerated: false,
    breakthrough: false,
    fastTrack: false,
    combination: false,
    ...extra,
  };
}

export function emaRecord(
  row: number,
  inn: string,
  authorisationDate: string | null,
  extra: Partial<EmaRecord> = {},
): EmaRecord {
  return {
    row,
    medicineName: `${inn} EU`,
    therapeuticArea: "",
    inn,
    activeSubstance: inn,
    ingredient: inn,
    productNumber: `EMEA/H/C/${row}`,
    status: "authorised",
    statusText: "Authorised",
    atcCode: "",
    generic: false,
    biosimilar: false,
    conditional: false,
    exceptional: false,
    accelerated: false,
    orphan: false,
    authorisationDate,
    refusalDate: null,
    holder: "EU Holder",
    pharmacotherapeuticGroup: "",
    combination: false,
    approval: authorisationDate !== null,
    ...extra,
  };
}

export function pmdaRecord(
  row: number,
  ingredient: string,
  approvalDate: string | null,
  extra: Partial<PmdaRecord> = {},
): PmdaRecord {
  return {
    row,
    index: String(row),
    reviewCategory: "1",
    approvalDate,
    brandCell: `${ingredient} Tablets (JP Co., Ltd.)`,
    brands: [`${ingredient} Tablets`],
    applicants: ["JP Co., Ltd."],
    changes: ["approval"],
    ingredient,
    ingredients: [ingredient],
    indication: "A drug with a new active ingredient indicated for something.",
    newActiveIngredient: true,
    orphan: false,
    combination: false,
    ...extra,
  };
}

function load<R extends SourceRow>(source: "fda" | "pmda" | "ema", rows: R[]): SourceLoad<R> {
  const rowNumbers = rows.map((r) => r.row);
  return {
    source,
    file: `${source}-fixture`,
    headerRow: 1,
    dataRows: { first: Math.min(...rowNumbers, 2), last: Math.max(...rowNumbers, 1) },
    rows,
    faults: [],
  };
}

/** Loads made of hand-written records (for matching and medicine tests). */
export function fixtureLoads(records: {
  fda?: FdaRecord[];
  ema?: EmaRecord[];
  pmda?: PmdaRecord[];
}): ApprovalLoads {
  return {
    fda: load("fda", records.fda ?? []),
    ema: load("ema", records.ema ?? []),
    pmda: load("pmda", records.pmda ?? []),
  };
}
