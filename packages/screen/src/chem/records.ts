/**
 * Readers for compound files: SMILES lines (.smi), tables with a SMILES column (.csv, .tsv — DrugCentral,
 * COVID Moonshot) and SD files. Each record remembers where it came from (file and line), so that a structure
 * RDKit refuses later can be reported at its place in the input.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";

/** One compound as read from a file, before RDKit has looked at it. */
export interface MoleculeRecord {
  /** the file (or label) it was read from */
  source: string;
  /** 1-based line where the record starts */
  line: number;
  /** 1-based record number in an SD file */
  record?: number;
  id: string;
  name: string;
  /** SMILES, or a molblock when `format` is "molblock" */
  structure: string;
  format: "smiles" | "molblock";
  /** the other columns of a table, or the data items of an SD record */
  fields: Record<string, string>;
}

/** A compound that could not be read or standardised, with its place in the input and the reason. */
export interface RecordFailure {
  source: string;
  line: number;
  record?: number;
  id?: string;
  /** the structure text (shortened) or the raw line */
  input: string;
  reason: string;
}

/** Records read from one file, and the lines that did not give a record. */
export interface RecordSet {
  records: MoleculeRecord[];
  failures: RecordFailure[];
}

/** Which columns of a table hold the structure, the identifier and the name. */
export interface TableColumns {
  /** default: the first column whose header contains "smiles" (case-insensitive) */
  smiles?: string;
  /** default: a column named "id", or ending in "_id"/" id", e.g. DrugCentral "ID", Moonshot "Canonical_PostEra_ID" */
  id?: string;
  /** default: a column named "name", "inn", "title" or ending in "name"; else the id */
  name?: string;
}

export interface SdfOptions {
  /** data item to use as the id; default: the molblock title line, else file#record */
  idField?: string;
  /** data item to use as the name; default: the title line */
  nameField?: string;
}

function shorten(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

function label(source: string): string {
  return path.basename(source);
}

/**
 * Reads SMILES lines: "SMILES [name…]" separated by whitespace; blank lines and lines starting with "#" are
 * skipped, and a first (non-comment) line whose first word is "smiles" is taken as a header.
 */
export function parseSmilesLines(text: string, source: string): RecordSet {
  const records: MoleculeRecord[] = [];
  const failures: RecordFailure[] = [];
  const lines = text.split(/\r?\n/);
  let first = true;
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const match = /^(\S+)(?:\s+(.*))?$/.exec(trimmed);
    const smiles = match?.[1] ?? "";
    const header = first && /^smiles$/i.test(smiles);
    first = false;
    if (header) continue;
    const title = match?.[2]?.trim() ?? "";
    const id = title !== "" ? title : `${label(source)}:${line}`;
    records.push({
      source,
      line,
      id,
      name: title !== "" ? title : id,
      structure: smiles,
      format: "smiles",
      fields: {},
    });
  }
  return { records, failures };
}

function findColumn(header: string[], wanted: string | undefined, patterns: RegExp[], what: string): number {
  if (wanted !== undefined) {
    const index = header.indexOf(wanted);
    const loose = index >= 0 ? index : header.findIndex((h) => h.toLowerCase() === wanted.toLowerCase());
    if (loose < 0) throw new Error(`no ${what} column "${wanted}" (columns: ${header.join(", ")})`);
    return loose;
  }
  for (const p of patterns) {
    const index = header.findIndex((h) => p.test(h.trim()));
    if (index >= 0) return index;
  }
  return -1;
}

/**
 * Reads a delimited table with a header and a SMILES column (CSV via csv-parse; TSV without quoting, since
 * tab-separated chemistry files such as DrugCentral's do not quote and SMILES never contain tabs).
 * Rows without a structure become failures naming their line.
 */
export function parseTable(
  text: string,
  source: string,
  options: { delimiter?: "," | "\t"; columns?: TableColumns } = {},
): RecordSet {
  const delimiter = options.delimiter ?? ",";
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(text, {
      delimiter,
      quote: delimiter === "\t" ? false : '"',
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const where = (error as { lines?: number }).lines;
    throw new Error(`${source}${where ? `: line ${where}` : ""}: ${(error as Error).message}`);
  }
  const headerRow = rows[0];
  if (!headerRow) throw new Error(`${source}: the table is empty (no header line)`);
  const header = headerRow.record.map((h) => h.trim());
  const columns = options.columns ?? {};
  const smilesCol = findColumn(header, columns.smiles, [/smiles/i], "SMILES");
  if (smilesCol < 0)
    throw new Error(`${source}: no SMILES column in the header (columns: ${header.join(", ")})`);
  const idCol = findColumn(header, columns.id, [/^id$/i, /[_ ]id$/i, /^identifier$/i], "id");
  const nameCol = findColumn(header, columns.name, [/^name$/i, /^inn$/i, /^title$/i, /name$/i], "name");
  const records: MoleculeRecord[] = [];
  const failures: RecordFailure[] = [];
  for (const row of rows.slice(1)) {
    // csv-parse reports the line a record ends on; a quoted field may span lines
    const spanned = row.record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    const line = row.info.lines - spanned;
    const cell = (i: number) => (i >= 0 ? (row.record[i] ?? "").trim() : "");
    const smiles = cell(smilesCol);
    const idValue = cell(idCol);
    const id = idValue !== "" ? idValue : `${label(source)}:${line}`;
    if (smiles === "") {
      failures.push({
        source,
        line,
        id,
        input: shorten(row.record.join(delimiter)),
        reason: `empty ${header[smilesCol]} cell`,
      });
      continue;
    }
    const nameValue = cell(nameCol);
    const fields: Record<string, string> = {};
    for (const [i, h] of header.entries()) if (i !== smilesCol) fields[h] = row.record[i] ?? "";
    records.push({
      source,
      line,
      id,
      name: nameValue !== "" ? nameValue : id,
      structure: smiles,
      format: "smiles",
      fields,
    });
  }
  return { records, failures };
}

/**
 * Reads an SD file: molblocks separated by "$$$$", each followed by "> <FIELD>" data items. The name is the
 * molblock's title line unless a data item is named for it. Records without an "M  END" line are failures.
 */
export function parseSdf(text: string, source: string, options: SdfOptions = {}): RecordSet {
  const records: MoleculeRecord[] = [];
  const failures: RecordFailure[] = [];
  const lines = text.split(/\r?\n/);
  let start = 0;
  let recordNo = 0;
  const flush = (end: number) => {
    const block = lines.slice(start, end);
    const firstLine = start + 1;
    start = end + 1;
    if (block.every((l) => l.trim() === "")) return;
    recordNo++;
    const endIndex = block.findIndex((l) => l.startsWith("M  END"));
    const title = (block[0] ?? "").trim();
    if (endIndex < 0) {
      failures.push({
        source,
        line: firstLine,
        record: recordNo,
        id: title || undefined,
        input: shorten(block.slice(0, 4).join(" | ")),
        reason: 'molblock has no "M  END" line',
      });
      return;
    }
    const fields: Record<string, string> = {};
    let field: string | undefined;
    let value: string[] = [];
    const closeField = () => {
      if (field !== undefined) fields[field] = value.join("\n");
      field = undefined;
      value = [];
    };
    for (const l of block.slice(endIndex + 1)) {
      const header = /^>.*<([^>]+)>/.exec(l);
      if (header?.[1] !== undefined) {
        closeField();
        field = header[1];
      } else if (field !== undefined) {
        if (l.trim() === "") closeField();
        else value.push(l);
      }
    }
    closeField();
    const fromField = (key: string | undefined) => (key !== undefined ? fields[key]?.trim() : undefined);
    const name = fromField(options.nameField) || title;
    const id = fromField(options.idField) || title || `${label(source)}#${recordNo}`;
    records.push({
      source,
      line: firstLine,
      record: recordNo,
      id,
      name: name || id,
      structure: block.slice(0, endIndex + 1).join("\n"),
      format: "molblock",
      fields,
    });
  };
  for (const [i, l] of lines.entries()) if (l.startsWith("$$$$")) flush(i);
  flush(lines.length);
  return { records, failures };
}

export interface ReadOptions extends SdfOptions {
  columns?: TableColumns;
}

/**
 * Reads a compound file by its extension: .sdf/.sd/.mol (SD file), .csv (table), .tsv (tab table),
 * .smi/.smiles (SMILES lines, or a tab table when the first line has a tab and a SMILES column header).
 * A missing file throws an error naming it.
 */
export async function readMoleculeFile(file: string, options: ReadOptions = {}): Promise<RecordSet> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read compound file ${file}: ${(error as Error).message}`);
  }
  const lower = file.toLowerCase();
  if (/\.(sdf|sd|mol)$/.test(lower)) return parseSdf(text, file, options);
  if (lower.endsWith(".csv")) return parseTable(text, file, { delimiter: ",", columns: options.columns });
  if (lower.endsWith(".tsv")) return parseTable(text, file, { delimiter: "\t", columns: options.columns });
  if (/\.(smi|smiles)$/.test(lower)) {
    const first = text.slice(0, text.indexOf("\n") >>> 0);
    if (first.includes("\t") && /smiles/i.test(first))
      return parseTable(text, file, { delimiter: "\t", columns: options.columns });
    return parseSmilesLines(text, file);
  }
  throw new Error(`${file}: unknown compound file type (expected .smi, .smiles, .csv, .tsv or .sdf)`);
}
