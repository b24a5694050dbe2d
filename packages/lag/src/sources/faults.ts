/** What every loader returns, and the faults it found in its publisher's file. */

export const SOURCE_IDS = ["fda", "pmda", "ema"] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

export type FaultKind =
  /** a date cell is empty */
  | "missing-date"
  /** a date cell has text that is not a date */
  | "unparseable-date"
  /** a date cell holds several dates (several products in one row); the first one is used */
  | "multiple-dates"
  /** the approval year column disagrees with the approval date */
  | "inconsistent-year"
  /** no active ingredient: the row cannot be matched to a medicine */
  | "missing-ingredient"
  /** a combination product: it is its own medicine, keyed by all of its components */
  | "combination"
  /** one row names several products (numbered, or one line each); check how it was split */
  | "several-products"
  /** the publisher repeated the table's header inside the data */
  | "repeated-header"
  /** a row with only a brand or applicant: the rest is in a neighbouring row (merged cells) */
  | "continuation-row"
  /** EMA: a veterinary medicine (only medicines for human use are counted) */
  | "not-human"
  /** EMA: no authorisation status */
  | "missing-status"
  /** EMA: the INN column is empty; the active substance is used instead */
  | "missing-inn"
  /** a row with no cells at all inside the table */
  | "empty-row";

export interface SourceFault {
  source: SourceId;
  /** the row as a spreadsheet shows it (1 = the first line of the file) */
  row: number;
  column?: string;
  value?: string;
  kind: FaultKind;
  message: string;
}

export interface SourceRow {
  /** the row as a spreadsheet shows it (1 = the first line of the file) */
  row: number;
}

export interface SourceLoad<R extends SourceRow> {
  source: SourceId;
  file: string;
  /** the row of the table's header, and the data rows read after it (first..last, inclusive) */
  headerRow: number;
  dataRows: { first: number; last: number };
  rows: R[];
  faults: SourceFault[];
}

export interface RowAccount {
  /** data rows in the file */
  input: number;
  /** rows returned in `rows` (some with a warning in `faults`) */
  used: number;
  /** rows only reported in `faults` */
  reportedOnly: number;
  /** rows neither used nor reported: must be empty */
  unaccounted: number[];
  /** rows used and also reported */
  usedWithWarning: number;
}

/** Accounts for every data row of a load: used, reported, or (a bug) neither. */
export function accountFor(load: SourceLoad<SourceRow>): RowAccount {
  const used = new Set(load.rows.map((r) => r.row));
  const reported = new Set(load.faults.map((f) => f.row));
  const unaccounted: number[] = [];
  let reportedOnly = 0;
  let usedWithWarning = 0;
  for (let row = load.dataRows.first; row <= load.dataRows.last; row++) {
    if (used.has(row)) {
      if (reported.has(row)) usedWithWarning++;
    } else if (reported.has(row)) reportedOnly++;
    else unaccounted.push(row);
  }
  return {
    input: Math.max(0, load.dataRows.last - load.dataRows.first + 1),
    used: used.size,
    reportedOnly,
    unaccounted,
    usedWithWarning,
  };
}

/** Counts of faults by kind, for summaries. */
export function faultCounts(faults: readonly SourceFault[]): Partial<Record<FaultKind, number>> {
  const counts: Partial<Record<FaultKind, number>> = {};
  for (const f of faults) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  return counts;
}
