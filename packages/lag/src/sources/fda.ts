/**
 * US FDA, CDER "Compilation of CDER New Molecular Entity (NME) Drug and New Biologic Approvals"
 * (CSV, one row per original approval). Every row is a new active moiety in the US by the list's own
 * definition, so every row is a US first approval candidate.
 */
import { readFile } from "node:fs/promises";
import { parseUsDate } from "../dates.ts";
import { normaliseIngredient } from "../ingredients/normalise.ts";
import type { SourceFault, SourceLoad, SourceRow } from "./faults.ts";
import {
  type ColumnSpec,
  cell,
  oneLine,
  readCsv,
  readCsvHeader,
  resolveColumns,
  type SourceFormat,
} from "./table.ts";

export const FDA_FORMAT: SourceFormat = {
  source: "fda",
  publisher: "US FDA (CDER)",
  expected: "Compilation of CDER NME and New Biologic Approvals (CSV)",
};

export interface FdaRecord extends SourceRow {
  brand: string;
  ingredient: string;
  applicant: string;
  applicationType: "NDA" | "BLA" | "";
  applicationNumber: string;
  /** ISO date; every FDA row in `rows` has one */
  approvalDate: string;
  indication: string;
  reviewDesignation: string;
  priorityReview: boolean;
  orphan: boolean;
  accelerated: boolean;
  breakthrough: boolean;
  fastTrack: boolean;
  combination: boolean;
}

type FdaColumn =
  | "brand"
  | "ingredient"
  | "applicant"
  | "type"
  | "number"
  | "approvalDate"
  | "approvalYear"
  | "indication"
  | "approvedUse"
  | "review"
  | "orphan"
  | "accelerated"
  | "breakthrough"
  | "fastTrack";

const COLUMNS: readonly ColumnSpec<FdaColumn>[] = [
  { key: "brand", names: ["Proprietary Name"], required: true },
  { key: "ingredient", names: ["Active Ingredient/Moiety"], required: true },
  { key: "applicant", names: ["Applicant"], required: true },
  { key: "type", names: ["NDA/BLA"], required: true },
  { key: "number", names: ["Application Number(1)", "Application Number"], required: false },
  { key: "approvalDate", names: ["FDA Approval Date"], required: true },
  { key: "approvalYear", names: ["Approval Year"], required: false },
  { key: "indication", names: ["Abbreviated Indication(s)"], required: false },
  { key: "approvedUse", names: ["Approved Use(s)"], required: false },
  { key: "review", names: ["Review Designation"], required: false },
  { key: "orphan", names: ["Orphan Drug Designation"], required: true },
  { key: "accelerated", names: ["Accelerated Approval"], required: false },
  { key: "breakthrough", names: ["Breakthrough Therapy Designation"], required: false },
  { key: "fastTrack", names: ["Fast Track Designation"], required: false },
];

/** "Yes", "Yes (indication [B] only)" → true; "No", "N/A", "" → false */
function yes(value: string): boolean {
  return /^\s*yes\b/i.test(value);
}

/** Throws a LagError if the bytes are not the FDA compilation (used before a download replaces a file). */
export function checkFdaHeader(bytes: Buffer | string, file: string): void {
  resolveColumns(readCsvHeader(bytes, file, FDA_FORMAT), COLUMNS, file, FDA_FORMAT);
}

export function parseFda(input: Buffer | string, file: string): SourceLoad<FdaRecord> {
  const { header, records } = readCsv(input, file, FDA_FORMAT);
  const col = resolveColumns(header, COLUMNS, file, FDA_FORMAT);
  const rows: FdaRecord[] = [];
  const faults: SourceFault[] = [];
  const fault = (f: Omit<SourceFault, "source">) => faults.push({ source: "fda", ...f });
  for (const { row, cells } of records) {
    if (cells.every((c) => !c.trim())) {
      fault({ row, kind: "empty-row", message: "empty row inside the table" });
      continue;
    }
    const ingredient = oneLine(cell(cells, col.ingredient));
    const dateText = cell(cells, col.approvalDate).trim();
    const approvalDate = parseUsDate(dateText);
    const brand = oneLine(cell(cells, col.brand));
    if (!ingredient) {
      fault({
        row,
        column: "Active Ingredient/Moiety",
        kind: "missing-ingredient",
        message: `${brand || "row"}: no active ingredient, so it cannot be matched; not used`,
      });
      continue;
    }
    if (!approvalDate) {
      fault({
        row,
        column: "FDA Approval Date",
        value: dateText,
        kind: dateText ? "unparseable-date" : "missing-date",
        message: `${ingredient}: approval date ${dateText ? `"${dateText}" is not M/D/YYYY` : "is empty"}; not used`,
      });
      continue;
    }
    const yearText = cell(cells, col.approvalYear).trim();
    if (yearText && yearText !== approvalDate.slice(0, 4))
      fault({
        row,
        column: "Approval Year",
        value: yearText,
        kind: "inconsistent-year",
        message: `${ingredient}: approval year ${yearText} but approval date ${approvalDate}; the date is used`,
      });
    const combination = normaliseIngredient(ingredient).combination;
    if (combination)
      fault({
        row,
        column: "Active Ingredient/Moiety",
        value: ingredient,
        kind: "combination",
        message: `${ingredient}: a combination; counted as its own medicine (all components together)`,
      });
    const type = cell(cells, col.type).trim().toUpperCase();
    const review = oneLine(cell(cells, col.review));
    rows.push({
      row,
      brand,
      ingredient,
      applicant: oneLine(cell(cells, col.applicant)),
      applicationType: type === "NDA" || type === "BLA" ? type : "",
      applicationNumber: cell(cells, col.number).trim(),
      approvalDate,
      indication: oneLine(cell(cells, col.indication) || cell(cells, col.approvedUse)),
      reviewDesignation: review,
      priorityReview: /^priority/i.test(review),
      orphan: yes(cell(cells, col.orphan)),
      accelerated: yes(cell(cells, col.accelerated)),
      breakthrough: yes(cell(cells, col.breakthrough)),
      fastTrack: yes(cell(cells, col.fastTrack)),
      combination,
    });
  }
  return {
    source: "fda",
    file,
    headerRow: 1,
    dataRows: { first: 2, last: records.length + 1 },
    rows,
    faults,
  };
}

export async function loadFda(file: string): Promise<SourceLoad<FdaRecord>> {
  return parseFda(await readFile(file), file);
}
