import type { DuckDBConnection } from "@duckdb/node-api";
import { createBuffers, STAGED_COLUMNS, type StagedTable } from "./buffers.ts";
import { SYNTHETIC_CONCEPT_ANCESTORS, SYNTHETIC_CONCEPTS } from "./concepts.ts";
import { PLANTED_EFFECTS } from "./effects.ts";
import { type SimulationTruth, Simulator } from "./simulate.ts";
import { StagingWriter, writeVocabulary } from "./writer.ts";

export interface GenerationOptions {
  persons: number;
  seed: number;
  /** first day a person can be seen (default 2015-01-01: pegfilgrastim reached Japan in November 2014) */
  startDate?: string;
  /** last day of data (default 2022-12-31) */
  endDate?: string;
  onProgress?: (done: number, total: number) => void;
  /** planted hazard ratio of pegfilgrastim vs filgrastim for thrombocytopenia (default 2.0) */
  gcsfHazardRatio?: number;
  /** persons simulated per chunk (default 10,000); the output does not depend on it */
  chunkSize?: number;
}

export interface GenerationSummary {
  persons: number;
  seed: number;
  startDate: string;
  endDate: string;
  chunkSize: number;
  gcsfHazardRatio: number;
  /** rows written per CDM table (vocabulary tables included) */
  rows: Record<string, number>;
  /** clinical rows (all tables except the vocabulary and cdm_source) */
  totalRows: number;
  seconds: number;
  personsPerSecond: number;
  rowsPerSecond: number;
  /** what the simulator planted, counted as it went (for checking an analysis against the truth) */
  truth: SimulationTruth;
}

const DAY_MS = 86_400_000;

function parseDay(value: string, name: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`${name} must be YYYY-MM-DD, got ${value}`);
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new Error(`${name} is not a calendar date: ${value}`);
  }
  return Math.round(ms / DAY_MS);
}

/**
 * Generates a synthetic Japanese hospital population into CDM tables created with cdmDdl(). Persons are
 * simulated in chunks; each chunk is staged and inserted while the next one is simulated, so JS memory
 * stays at one chunk whatever the population size. The same seed gives the same database, whatever the
 * chunk size.
 */
export async function generatePopulation(
  connection: DuckDBConnection,
  options: GenerationOptions,
): Promise<GenerationSummary> {
  const persons = options.persons;
  if (!Number.isInteger(persons) || persons < 1)
    throw new Error(`persons must be a positive integer, got ${persons}`);
  if (!Number.isInteger(options.seed)) throw new Error(`seed must be an integer, got ${options.seed}`);
  const startDate = options.startDate ?? "2015-01-01";
  const endDate = options.endDate ?? "2022-12-31";
  const startDay = parseDay(startDate, "startDate");
  const endDay = parseDay(endDate, "endDate");
  if (endDay - startDay < 365) throw new Error("endDate must be at least a year after startDate");
  const chunkSize = options.chunkSize ?? 10_000;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`chunkSize must be a positive integer`);
  const gcsfHazardRatio = options.gcsfHazardRatio ?? PLANTED_EFFECTS.gcsfThrombocytopenia.defaultHazardRatio;
  if (!(gcsfHazardRatio > 0)) throw new Error(`gcsfHazardRatio must be positive, got ${gcsfHazardRatio}`);

  // ids start at 1 in every run, so a second run into the same tables would collide on the primary keys
  const existing = await connection.runAndReadAll("SELECT count(*) FROM person");
  if (Number(existing.getRowsJS()[0]?.[0] ?? 0) > 0)
    throw new Error("person is not empty: generate into fresh CDM tables");

  const started = performance.now();
  const writer = new StagingWriter(connection);
  await writer.setup();
  const buffers = createBuffers();
  const simulator = new Simulator({ seed: options.seed, startDay, endDay, gcsfHazardRatio }, buffers);
  const rows: Record<string, number> = Object.fromEntries(Object.keys(STAGED_COLUMNS).map((t) => [t, 0]));
  let pending: Promise<unknown> | undefined;
  try {
    await writeVocabulary(connection, endDate);
    options.onProgress?.(0, persons);
    let inserted = 0;
    for (let first = 1; first <= persons; first += chunkSize) {
      const last = Math.min(persons, first + chunkSize - 1);
      for (let id = first; id <= last; id++) simulator.simulate(id);
      if (pending) {
        await pending;
        pending = undefined;
        options.onProgress?.(inserted, persons);
      }
      await writer.stage(buffers);
      for (const table of Object.keys(STAGED_COLUMNS) as StagedTable[]) {
        rows[table] = (rows[table] ?? 0) + buffers[table].rows;
        buffers[table].clear();
      }
      pending = connection.run(writer.insertScript());
      inserted = last;
    }
    if (pending) {
      await pending;
      pending = undefined;
    }
    options.onProgress?.(persons, persons);
  } finally {
    if (pending) await pending.catch(() => undefined);
    await writer.teardown();
  }

  const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
  rows.concept = SYNTHETIC_CONCEPTS.length;
  rows.concept_ancestor = SYNTHETIC_CONCEPT_ANCESTORS.length;
  rows.cdm_source = 1;
  const seconds = (performance.now() - started) / 1000;
  return {
    persons,
    seed: options.seed,
    startDate,
    endDate,
    chunkSize,
    gcsfHazardRatio,
    rows,
    totalRows,
    seconds,
    personsPerSecond: persons / seconds,
    rowsPerSecond: totalRows / seconds,
    truth: simulator.truth,
  };
}
