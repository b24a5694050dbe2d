/**
 * Row-major Float64 buffers that collect one chunk of generated rows before they are staged in DuckDB.
 * Every column of every staged table is numeric (ids, concept indexes, day numbers, values), which keeps
 * the per-value cost of the JS-to-DuckDB hand-over at a plain typed-array store.
 */
export class RowBuffer {
  data: Float64Array;
  rows = 0;

  constructor(
    readonly width: number,
    initialRows = 4096,
  ) {
    this.data = new Float64Array(width * initialRows);
  }

  /** reserve one row and return the offset of its first column */
  add(): number {
    const offset = this.rows * this.width;
    if (offset + this.width > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.rows++;
    return offset;
  }

  clear(): void {
    this.rows = 0;
  }
}

/** Column layouts of the staging tables (all DOUBLE); the SQL in writer.ts reads them by these names. */
export const STAGED_COLUMNS = {
  person: ["person_id", "female", "birth_day"],
  observation_period: ["person_id", "start_day", "end_day"],
  visit_occurrence: ["id", "person_id", "kind", "start_day", "end_day"],
  condition_occurrence: ["id", "person_id", "cond", "day", "visit_id"],
  drug_exposure: ["id", "person_id", "drug", "start_day", "end_day", "quantity", "visit_id"],
  measurement: ["id", "person_id", "lab", "day", "value", "visit_id", "female"],
  death: ["person_id", "day"],
} as const;

export type StagedTable = keyof typeof STAGED_COLUMNS;

export type Buffers = Record<StagedTable, RowBuffer>;

export function createBuffers(): Buffers {
  const entries = Object.entries(STAGED_COLUMNS).map(([name, cols]) => [name, new RowBuffer(cols.length)]);
  return Object.fromEntries(entries) as Buffers;
}
