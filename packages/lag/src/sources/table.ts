/** Reading the publishers' tables: CSV records with their row numbers, and finding columns by header. */
import { parse } from "csv-parse/sync";
import { LagError } from "../messages.ts";
import type { SourceId } from "./faults.ts";

export interface SourceFormat {
  source: SourceId;
  publisher: string;
  /** the publication, as the user would look for it */
  expected: string;
}

export interface ColumnSpec<K extends string> {
  key: K;
  /** header texts the publisher has used for this column (compared without case and extra spaces) */
  names: readonly string[];
  required: boolean;
}

export function headerText(value: string): string {
  return value.replace(/\s+/g, " ").trim().toLowerCase();
}

/** Column positions by key; throws a LagError naming the first required column that is missing. */
export function resolveColumns<K extends string>(
  header: readonly string[],
  specs: readonly ColumnSpec<K>[],
  file: string,
  format: SourceFormat,
): Record<K, number | undefined> {
  const positions = new Map<string, number>();
  header.forEach((h, i) => {
    const t = headerText(h);
    if (t && !positions.has(t)) positions.set(t, i);
  });
  const out = {} as Record<K, number | undefined>;
  for (const spec of specs) {
    let found: number | undefined;
    for (const name of spec.names) {
      found = positions.get(headerText(name));
      if (found !== undefined) break;
    }
    if (found === undefined && spec.required)
      throw new LagError("source-column-missing", 422, {
        file,
        column: spec.names[0] ?? spec.key,
        publisher: format.publisher,
        expected: format.expected,
      });
    out[spec.key] = found;
  }
  return out;
}

/** How many of the specs' required columns a header row has (to find the header among title rows). */
export function requiredColumnsFound<K extends string>(
  header: readonly string[],
  specs: readonly ColumnSpec<K>[],
): number {
  const texts = new Set(header.map(headerText));
  return specs.filter((s) => s.required && s.names.some((n) => texts.has(headerText(n)))).length;
}

export interface CsvRecord {
  /** 1 = the header */
  row: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  records: CsvRecord[];
}

/**
 * Parses a whole CSV file (UTF-8, optional BOM, quoted cells that span lines). The first record is the
 * header; a record's row is its position as a spreadsheet shows it, not its physical line.
 */
export function readCsv(input: Buffer | string, file: string, format: SourceFormat): CsvTable {
  let all: string[][];
  try {
    all = parse(input, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    throw new LagError("source-unreadable", 422, {
      file,
      reason: e instanceof Error ? e.message : String(e),
      expected: format.expected,
    });
  }
  const [header, ...rest] = all;
  if (!header)
    throw new LagError("source-unreadable", 422, {
      file,
      reason: "the file is empty",
      expected: format.expected,
    });
  return { header, records: rest.map((cells, i) => ({ row: i + 2, cells })) };
}

/** Only the header record of a CSV (for checking a download before it replaces a file). */
export function readCsvHeader(input: Buffer | string, file: string, format: SourceFormat): string[] {
  let first: string[][];
  try {
    first = parse(input, { bom: true, relax_column_count: true, to: 1 }) as string[][];
  } catch (e) {
    throw new LagError("source-unreadable", 422, {
      file,
      reason: e instanceof Error ? e.message : String(e),
      expected: format.expected,
    });
  }
  return first[0] ?? [];
}

export function cell(cells: readonly string[], index: number | undefined): string {
  return index === undefined ? "" : (cells[index] ?? "");
}

/** Whitespace (line breaks from wrapped cells included) collapsed to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
