/**
 * Japan PMDA "List of Approved Products" (English, CSV). One row per approval item; a row may name several
 * products (one brand per line) and its cells may span lines. The active-ingredient column lost its
 * underline (which marked new active ingredients), so new active ingredients are recognised by the
 * indication text ("A drug with a new active ingredient …", "Drugs containing new active ingredients …").
 */
import { readFile } from "node:fs/promises";
import { parsePmdaDates } from "../dates.ts";
import { normaliseIngredient, splitProducts } from "../ingredients/normalise.ts";
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

export const PMDA_FORMAT: SourceFormat = {
  source: "pmda",
  publisher: "PMDA",
  expected: "List of Approved Products (English, CSV)",
};

export type PmdaChange = "approval" | "partial-change" | "emergency-approval";

export interface PmdaRecord extends SourceRow {
  /** the first, unnamed column: the item's position in the publisher's original table */
  index: string;
  reviewCategory: string;
  /** ISO date, or null when the row has none (then `faults` says why) */
  approvalDate: string | null;
  /** the brand cell as written (brands and applicants, possibly on several lines) */
  brandCell: string;
  brands: string[];
  applicants: string[];
  /** kinds of approval in the row, one per product line ("Approval", "Change", "Partial", …) */
  changes: PmdaChange[];
  /** the active-ingredient cell, whitespace collapsed: the JP name as PMDA writes it */
  ingredient: string;
  /** the products the ingredient cell names (usually one; see the override table) */
  ingredients: string[];
  indication: string;
  newActiveIngredient: boolean;
  orphan: boolean;
  combination: boolean;
}

type PmdaColumn = "index" | "category" | "date" | "number" | "brand" | "change" | "ingredient" | "indication";

const COLUMNS: readonly ColumnSpec<PmdaColumn>[] = [
  { key: "category", names: ["Review Category"], required: true },
  { key: "date", names: ["Approval Date"], required: true },
  { key: "number", names: ["No."], required: false },
  { key: "brand", names: ["Brand Name (Applicant Company)", "Brand Name (Applicant)"], required: true },
  { key: "change", names: ["New Approval/Partial Change"], required: true },
  {
    key: "ingredient",
    names: ["Active Ingredient (underlined: new active ingredient)", "Active Ingredient"],
    required: true,
  },
  { key: "indication", names: ["Indications", "Indication"], required: true },
];

/** The phrases PMDA uses, in the real file: "a new active ingredient", "new active ingredients". */
export const NEW_ACTIVE_INGREDIENT = /\bnew\s+active\s+ingredients?\b/i;
/** "[Orphan drug]", "[Orphan Drug]", "[SAKIGAKE designation, Orphan drug]", "<Orphan drug>" */
export const ORPHAN_TAG = /[[<][^\]>]*\borphan\s+drugs?\b[^\]>]*[\]>]/i;
const COMBINATION_TEXT = /\bnew\s+combination\s+drugs?\b/i;
const COMPANY =
  /\b(co\.|ltd|inc\b|k\.\s?k\.|g\.?\s?k\.?$|gk\b|corporation|limited|company|pharma|gmbh|plc|s\.a\.|llc|b\.v\.|institute|kaisha|seiyaku|yakuhin|kaketsuken|kagaku)/i;

/** Spreadsheet damage in the review category: "3-1" was read as 1 March and written back as "1-Mar". */
function repairCategory(text: string): string {
  const t = oneLine(text);
  const m = /^(\d{1,2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$/i.exec(t);
  if (!m) return t;
  const month = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].indexOf(
    (m[2] ?? "").toLowerCase(),
  );
  return `${month + 1}-${m[1]}`;
}

function parseChanges(text: string): PmdaChange[] {
  const out: PmdaChange[] = [];
  const t = text.replace(/emergency\s+approval/gi, "emergency");
  for (const word of t.split(/\s+/)) {
    const w = word.toLowerCase();
    if (w === "approval") out.push("approval");
    else if (w === "change" || w === "partial") out.push("partial-change");
    else if (w === "emergency") out.push("emergency-approval");
    // "Supplemental" only qualifies the "Change" that follows it
  }
  return out;
}

/** Brand names and applicants from "Brand A 10 mg\nBrand A 20 mg (Applicant Co., Ltd.)". */
function parseBrandCell(text: string): { brands: string[]; applicants: string[] } {
  const applicants: string[] = [];
  const withoutApplicants = text.replace(/\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g, (m, inner: string) => {
    if (!COMPANY.test(inner)) return m;
    applicants.push(oneLine(inner));
    return "\n";
  });
  const brands = withoutApplicants
    .split(/\n|\t/)
    .map((b) => oneLine(b))
    .filter((b) => b.length > 0);
  return { brands, applicants: [...new Set(applicants)] };
}

export function checkPmdaHeader(bytes: Buffer | string, file: string): void {
  resolveColumns(readCsvHeader(bytes, file, PMDA_FORMAT), COLUMNS, file, PMDA_FORMAT);
}

export function parsePmda(input: Buffer | string, file: string): SourceLoad<PmdaRecord> {
  const { header, records } = readCsv(input, file, PMDA_FORMAT);
  const col = resolveColumns(header, COLUMNS, file, PMDA_FORMAT);
  // the unnamed first column is the original table's item number
  const indexCol = header[0]?.trim() === "" ? 0 : undefined;
  const rows: PmdaRecord[] = [];
  const faults: SourceFault[] = [];
  const fault = (f: Omit<SourceFault, "source">) => faults.push({ source: "pmda", ...f });
  for (const { row, cells } of records) {
    if (cells.every((c) => !c.trim())) {
      fault({ row, kind: "empty-row", message: "empty row inside the table" });
      continue;
    }
    const category = oneLine(cell(cells, col.category));
    const dateText = cell(cells, col.date);
    const ingredient = oneLine(cell(cells, col.ingredient));
    const indication = oneLine(cell(cells, col.indication));
    const brandCell = cell(cells, col.brand).trim();
    const index = cell(cells, indexCol).trim();
    if (/^category$/i.test(category) && /^approval$/i.test(oneLine(dateText))) {
      fault({
        row,
        kind: "repeated-header",
        message: "the table's header repeated inside the data; not used",
      });
      continue;
    }
    if (!oneLine(dateText) && !ingredient && !indication) {
      fault({
        row,
        kind: "continuation-row",
        value: oneLine(brandCell),
        message: `only "${oneLine(brandCell)}": the rest of this item is in a neighbouring row (merged cells in PMDA's table, item ${index || "?"}); not used`,
      });
      continue;
    }
    if (!ingredient) {
      fault({
        row,
        column: "Active Ingredient",
        kind: "missing-ingredient",
        value: oneLine(brandCell),
        message: `${oneLine(brandCell)}: no active ingredient, so it cannot be matched; not used`,
      });
      continue;
    }
    const { dates, rest } = parsePmdaDates(dateText);
    const approvalDate = dates[0] ?? null;
    if (dates.length === 0)
      fault({
        row,
        column: "Approval Date",
        value: oneLine(dateText),
        kind: oneLine(dateText) ? "unparseable-date" : "missing-date",
        message: `${ingredient}: ${oneLine(dateText) ? `"${oneLine(dateText)}" is not a date` : "no approval date"}; used without a date (not as a first approval)`,
      });
    else if (dates.length > 1 || rest)
      fault({
        row,
        column: "Approval Date",
        value: oneLine(dateText),
        kind: "multiple-dates",
        message: `${ingredient}: the cell holds ${dates.join(", ")}${rest ? ` and "${rest}"` : ""}; ${approvalDate} (the first) is used`,
      });
    const ingredients = splitProducts(ingredient);
    if (ingredients.length > 1)
      fault({
        row,
        column: "Active Ingredient",
        value: ingredient,
        kind: "several-products",
        message: `${ingredient}: one row for ${ingredients.length} products (${ingredients.join("; ")}), as overrides.tsv says`,
      });
    const combination =
      COMBINATION_TEXT.test(indication) || ingredients.some((i) => normaliseIngredient(i).combination);
    if (combination)
      fault({
        row,
        column: "Active Ingredient",
        value: ingredient,
        kind: "combination",
        message: `${ingredient}: a combination; counted as its own medicine (all components together)`,
      });
    const { brands, applicants } = parseBrandCell(brandCell);
    rows.push({
      row,
      index,
      reviewCategory: repairCategory(category),
      approvalDate,
      brandCell,
      brands,
      applicants,
      changes: parseChanges(cell(cells, col.change)),
      ingredient,
      ingredients,
      indication,
      newActiveIngredient: NEW_ACTIVE_INGREDIENT.test(indication),
      orphan: ORPHAN_TAG.test(cell(cells, col.indication)),
      combination,
    });
  }
  return {
    source: "pmda",
    file,
    headerRow: 1,
    dataRows: { first: 2, last: records.length + 1 },
    rows,
    faults,
  };
}

export async function loadPmda(file: string): Promise<SourceLoad<PmdaRecord>> {
  return parsePmda(await readFile(file), file);
}

/** The latest approval date in a PMDA load: how far the JP data reaches (the default cut-off). */
export function pmdaCoverage(load: SourceLoad<PmdaRecord>): { first: string; last: string } | undefined {
  let first: string | undefined;
  let last: string | undefined;
  for (const r of load.rows) {
    if (!r.approvalDate) continue;
    if (!first || r.approvalDate < first) first = r.approvalDate;
    if (!last || r.approvalDate > last) last = r.approvalDate;
  }
  return first && last ? { first, last } : undefined;
}
