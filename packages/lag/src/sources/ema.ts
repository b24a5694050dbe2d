/**
 * European Medicines Agency, EPAR table "Medicines for human use" (xlsx export: a few title rows, then
 * the table). One row per centrally authorised (or refused) product, human and veterinary.
 *
 * Which rows are EU approvals: "Authorised" and "Withdrawn". A withdrawn product was authorised on its
 * marketing authorisation date and withdrawn later, so it still marks when the substance first reached
 * the EU. "Refused" is never an approval (those rows are kept, with their status, but never count).
 * Generics and biosimilars are approvals but never first approvals of a substance.
 */
import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { isoFromDate } from "../dates.ts";
import { normaliseIngredient } from "../ingredients/normalise.ts";
import { KEPT_ESTERS } from "../ingredients/salts.ts";
import { LagError } from "../messages.ts";
import type { SourceFault, SourceLoad, SourceRow } from "./faults.ts";
import {
  type ColumnSpec,
  oneLine,
  requiredColumnsFound,
  resolveColumns,
  type SourceFormat,
} from "./table.ts";

export const EMA_FORMAT: SourceFormat = {
  source: "ema",
  publisher: "European Medicines Agency",
  expected: "EPAR table, Medicines for human use (xlsx)",
};

export type EmaStatus = "authorised" | "withdrawn" | "refused" | "other";

export interface EmaRecord extends SourceRow {
  medicineName: string;
  therapeuticArea: string;
  inn: string;
  activeSubstance: string;
  /** the name used for matching: the INN, completed with an ester from the active substance */
  ingredient: string;
  productNumber: string;
  status: EmaStatus;
  statusText: string;
  atcCode: string;
  generic: boolean;
  biosimilar: boolean;
  conditional: boolean;
  exceptional: boolean;
  accelerated: boolean;
  orphan: boolean;
  /** ISO date of the marketing authorisation, or null */
  authorisationDate: string | null;
  refusalDate: string | null;
  holder: string;
  pharmacotherapeuticGroup: string;
  combination: boolean;
  /** true for rows that count as EU approvals: authorised or withdrawn, with a date */
  approval: boolean;
}

type EmaColumn =
  | "category"
  | "name"
  | "area"
  | "inn"
  | "substance"
  | "number"
  | "status"
  | "atc"
  | "generic"
  | "biosimilar"
  | "conditional"
  | "exceptional"
  | "accelerated"
  | "orphan"
  | "date"
  | "refusal"
  | "holder"
  | "group";

// The 2023 EPAR export's headers first; then the names EMA's later "medicines output" report uses
// (best knowledge, not covered by a test file).
const COLUMNS: readonly ColumnSpec<EmaColumn>[] = [
  { key: "category", names: ["Category"], required: true },
  { key: "name", names: ["Medicine name", "Name of medicine"], required: true },
  { key: "area", names: ["Therapeutic area", "Therapeutic area (MeSH)"], required: false },
  {
    key: "inn",
    names: ["International non-proprietary name (INN) / common name"],
    required: true,
  },
  { key: "substance", names: ["Active substance"], required: true },
  { key: "number", names: ["Product number", "EMA product number"], required: false },
  { key: "status", names: ["Authorisation status", "Medicine status"], required: true },
  { key: "atc", names: ["ATC code", "ATC code (human)"], required: false },
  { key: "generic", names: ["Generic", "Generic or hybrid"], required: true },
  { key: "biosimilar", names: ["Biosimilar"], required: true },
  { key: "conditional", names: ["Conditional approval"], required: false },
  { key: "exceptional", names: ["Exceptional circumstances"], required: false },
  { key: "accelerated", names: ["Accelerated assessment"], required: false },
  { key: "orphan", names: ["Orphan medicine"], required: true },
  { key: "date", names: ["Marketing authorisation date"], required: true },
  {
    key: "refusal",
    names: ["Date of refusal of marketing authorisation", "Refusal of marketing authorisation date"],
    required: false,
  },
  {
    key: "holder",
    names: [
      "Marketing authorisation holder/company name",
      "Marketing authorisation developer / applicant / holder",
    ],
    required: false,
  },
  {
    key: "group",
    names: ["Human pharmacotherapeutic group", "Pharmacotherapeutic group (human)"],
    required: false,
  },
];

type CellValue = ExcelJS.CellValue;

/** The text of a cell whatever exceljs made of it (string, number, rich text, hyperlink, formula). */
function cellText(v: CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return isoFromDate(v) ?? "";
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("result" in v) return cellText(v.result as CellValue);
    if ("error" in v) return "";
  }
  return String(v);
}

function cellDate(v: CellValue): { date: string | null; text: string } {
  if (v instanceof Date) return { date: isoFromDate(v) ?? null, text: v.toISOString() };
  const text = cellText(v).trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text) ?? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (!m) return { date: null, text };
  // dd/mm/yyyy is how EMA writes dates in text
  const iso = m[0].includes("/") ? `${m[3]}-${m[2]}-${m[1]}` : `${m[1]}-${m[2]}-${m[3]}`;
  return { date: Number.isNaN(Date.parse(iso)) ? null : iso, text };
}

function yes(text: string): boolean {
  return /^\s*yes\b/i.test(text);
}

function statusOf(text: string): EmaStatus {
  const t = text.trim().toLowerCase();
  if (t === "authorised" || t === "authorized") return "authorised";
  if (t === "withdrawn" || t === "withdrawn from use" || t === "expired" || t === "lapsed")
    return "withdrawn";
  if (t === "refused") return "refused";
  return "other";
}

/**
 * The INN column names the moiety ("mometasone"), the active-substance column the form approved
 * ("mometasone furoate"). Esters are kept in matching (see salts.ts), so an INN component is replaced by
 * the active substance that is the same name plus kept ester words, when there is exactly one such.
 */
export function emaIngredientName(inn: string, activeSubstance: string): string {
  if (!inn.trim()) return activeSubstance;
  const innNames = normaliseIngredient(inn).names;
  const substanceNames = normaliseIngredient(activeSubstance).names;
  if (innNames.length === 0) return activeSubstance;
  let changed = false;
  const completed = innNames.map((name) => {
    const longer = substanceNames.filter(
      (s) =>
        s.startsWith(`${name} `) &&
        s
          .slice(name.length + 1)
          .split(" ")
          .every((w) => KEPT_ESTERS.has(w)),
    );
    if (longer.length === 1 && longer[0]) {
      changed = true;
      return longer[0];
    }
    return name;
  });
  return changed ? completed.join(", ") : inn;
}

async function readWorkbook(input: Buffer | string, file: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  try {
    if (typeof input === "string") await wb.xlsx.readFile(input);
    // exceljs's declared Buffer type predates @types/node's generic Buffer
    else await wb.xlsx.load(input as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new LagError("source-unreadable", 422, {
      file,
      reason: e instanceof Error ? e.message : String(e),
      expected: EMA_FORMAT.expected,
    });
  }
  const ws = wb.worksheets[0];
  if (!ws)
    throw new LagError("source-unreadable", 422, {
      file,
      reason: "no worksheet",
      expected: EMA_FORMAT.expected,
    });
  return ws;
}

function rowTexts(ws: ExcelJS.Worksheet, n: number): string[] {
  const values = ws.getRow(n).values;
  const list = Array.isArray(values) ? values : [];
  // exceljs rows are 1-based: values[0] is always empty
  return list.slice(1).map((v) => cellText(v as CellValue));
}

/** The header row: the first of the first 30 rows that has every required column (or the best one). */
function findHeader(ws: ExcelJS.Worksheet, file: string): { headerRow: number; header: string[] } {
  let best = { headerRow: 1, header: rowTexts(ws, 1), found: -1 };
  const last = Math.min(ws.rowCount, 30);
  for (let n = 1; n <= last; n++) {
    const header = rowTexts(ws, n);
    const found = requiredColumnsFound(header, COLUMNS);
    if (found > best.found) best = { headerRow: n, header, found };
  }
  // names the first missing column of the best candidate when none is complete
  resolveColumns(best.header, COLUMNS, file, EMA_FORMAT);
  return best;
}

/** Throws a LagError if the bytes are not the EMA EPAR table. */
export async function checkEmaWorkbook(bytes: Buffer, file: string): Promise<void> {
  findHeader(await readWorkbook(bytes, file), file);
}

/** `input` is the file's path or its bytes; `file` names it in faults and errors. */
export async function parseEma(input: Buffer | string, file: string): Promise<SourceLoad<EmaRecord>> {
  const ws = await readWorkbook(input, file);
  const { headerRow, header } = findHeader(ws, file);
  const col = resolveColumns(header, COLUMNS, file, EMA_FORMAT);
  const rows: EmaRecord[] = [];
  const faults: SourceFault[] = [];
  const fault = (f: Omit<SourceFault, "source">) => faults.push({ source: "ema", ...f });
  // trailing rows with nothing in them are not part of the table
  let last = ws.rowCount;
  while (last > headerRow && rowTexts(ws, last).every((t) => !t.trim())) last--;
  for (let row = headerRow + 1; row <= last; row++) {
    const r = ws.getRow(row);
    const raw = (k: EmaColumn): CellValue => {
      const i = col[k];
      return i === undefined ? null : r.getCell(i + 1).value;
    };
    const text = (k: EmaColumn) => oneLine(cellText(raw(k)));
    if (rowTexts(ws, row).every((t) => !t.trim())) {
      fault({ row, kind: "empty-row", message: "empty row inside the table" });
      continue;
    }
    const name = text("name");
    const category = text("category");
    if (category.toLowerCase() !== "human") {
      fault({
        row,
        column: "Category",
        value: category,
        kind: "not-human",
        message: `${name}: category "${category}"; only medicines for human use are counted`,
      });
      continue;
    }
    const statusText = text("status");
    if (!statusText) {
      fault({
        row,
        column: "Authorisation status",
        kind: "missing-status",
        message: `${name}: no authorisation status, so it is unknown whether it was ever authorised; not used`,
      });
      continue;
    }
    let inn = text("inn");
    const activeSubstance = text("substance");
    if (!inn && !activeSubstance) {
      fault({
        row,
        column: "International non-proprietary name (INN) / common name",
        kind: "missing-ingredient",
        message: `${name}: neither an INN nor an active substance; not used`,
      });
      continue;
    }
    if (!inn) {
      fault({
        row,
        column: "International non-proprietary name (INN) / common name",
        kind: "missing-inn",
        value: activeSubstance,
        message: `${name}: no INN; the active substance "${activeSubstance}" is used`,
      });
      inn = "";
    }
    const status = statusOf(statusText);
    const { date: authorisationDate, text: dateText } = cellDate(raw("date"));
    const refusalDate = cellDate(raw("refusal")).date;
    if (!authorisationDate && status !== "refused")
      fault({
        row,
        column: "Marketing authorisation date",
        value: dateText,
        kind: dateText ? "unparseable-date" : "missing-date",
        message: `${name} (${statusText}): ${dateText ? `"${dateText}" is not a date` : "no marketing authorisation date"}; used without a date (not as a first approval)`,
      });
    const ingredient = emaIngredientName(inn, activeSubstance);
    const combination = normaliseIngredient(ingredient).combination;
    if (combination)
      fault({
        row,
        column: "International non-proprietary name (INN) / common name",
        value: ingredient,
        kind: "combination",
        message: `${ingredient}: a combination; counted as its own medicine (all components together)`,
      });
    rows.push({
      row,
      medicineName: name,
      therapeuticArea: text("area"),
      inn,
      activeSubstance,
      ingredient,
      productNumber: text("number"),
      status,
      statusText,
      atcCode: text("atc").replace(/\s+/g, ""),
      generic: yes(text("generic")),
      biosimilar: yes(text("biosimilar")),
      conditional: yes(text("conditional")),
      exceptional: yes(text("exceptional")),
      accelerated: yes(text("accelerated")),
      orphan: yes(text("orphan")),
      authorisationDate,
      refusalDate,
      holder: text("holder"),
      pharmacotherapeuticGroup: text("group"),
      combination,
      approval: (status === "authorised" || status === "withdrawn") && authorisationDate !== null,
    });
  }
  return { source: "ema", file, headerRow, dataRows: { first: headerRow + 1, last }, rows, faults };
}

export async function loadEma(file: string): Promise<SourceLoad<EmaRecord>> {
  return parseEma(await readFile(file), file);
}
