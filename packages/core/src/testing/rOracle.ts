/**
 * Test helper: R as the oracle for the statistics of every engine. Data go to R as CSV files in a temporary
 * directory (R here has no jsonlite) and results come back as a tab-separated text file written with
 * sprintf("%.17g"), so no digit is lost either way. Also the deterministic data generators the tests
 * share and `expectClose`, the relative comparison every oracle test uses.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";

export type Column = readonly (number | string)[];
export type Table = Record<string, Column>;
/** Named numeric vectors emitted by the R script with `emit(name, x)`. */
export type OracleOutput = Map<string, number[]>;

/** R packages the oracle tests load, by the Debian package that installs each. */
const DEBIAN_PACKAGE: Record<string, string> = { survival: "r-cran-survival", rpact: "r-cran-rpact" };

function missingR(packages: readonly string[]): string {
  const debs = ["r-base-core", ...packages.map((p) => DEBIAN_PACKAGE[p] ?? `r-cran-${p.toLowerCase()}`)];
  return (
    `Rscript${packages.length ? ` with the R package(s) ${packages.join(", ")}` : ""} is needed for the ` +
    "statistical oracle tests. `npm test` installs them (see scripts/ensure-deps.sh); " +
    `or run: apt-get install ${debs.join(" ")}`
  );
}

export interface ROptions {
  /** R packages to load before the script (each costs R a second or so to load) */
  packages?: readonly string[];
}

const PREAMBLE = `
options(warn = 1)
.dir <- Sys.getenv("ORACLE_DIR")
input <- function(name) read.csv(file.path(.dir, paste0(name, ".csv")), stringsAsFactors = FALSE)
.out <- file(file.path(.dir, "out.tsv"), "w")
emit <- function(name, x) writeLines(paste(c(name, sprintf("%.17g", as.numeric(x))), collapse = "\\t"), .out)
`;

/**
 * Runs an R script with the given tables available as `input("name")` data frames; returns what the
 * script passed to `emit`. Throws (so the calling test fails, never skips) when R or survival is
 * missing or the script fails.
 */
export function runR(
  script: string,
  tables: Record<string, Table> = {},
  options: ROptions = {},
): OracleOutput {
  const packages = options.packages ?? [];
  const dir = mkdtempSync(join(tmpdir(), "kakehashi-oracle-"));
  try {
    for (const [name, table] of Object.entries(tables)) writeFileSync(join(dir, `${name}.csv`), toCsv(table));
    const scriptPath = join(dir, "script.R");
    const library = packages.map((p) => `suppressPackageStartupMessages(library(${p}))`).join("\n");
    writeFileSync(scriptPath, `${PREAMBLE}${library}\n${script}\nclose(.out)\n`);
    const run = spawnSync("Rscript", ["--vanilla", scriptPath], {
      env: { ...process.env, ORACLE_DIR: dir },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.error) {
      const code = (run.error as NodeJS.ErrnoException).code;
      throw new Error(
        code === "ENOENT" ? `Rscript not found on PATH. ${missingR(packages)}` : run.error.message,
      );
    }
    if (run.status !== 0) {
      const hint = /no package called/.test(run.stderr) ? `\n${missingR(packages)}` : "";
      throw new Error(`R failed (exit ${run.status}):\n${run.stderr}${hint}`);
    }
    return parseOutput(readFileSync(join(dir, "out.tsv"), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs R at most once per test file, on first use, so that each test fails on its own if R is missing. */
export function lazyR(
  script: string,
  tables: () => Record<string, Table> = () => ({}),
  options: ROptions = {},
): () => OracleOutput {
  let result: OracleOutput | undefined;
  return () => {
    result ??= runR(script, tables(), options);
    return result;
  };
}

/** One emitted vector; throws when the script did not emit it. */
export function get(out: OracleOutput, name: string): number[] {
  const v = out.get(name);
  if (!v) throw new Error(`R did not emit "${name}"`);
  return v;
}

function toCsv(table: Table): string {
  const names = Object.keys(table);
  const columns = names.map((k) => table[k] as Column);
  const n = columns[0]?.length ?? 0;
  for (const [i, c] of columns.entries()) {
    if (c.length !== n) throw new Error(`column ${names[i]} has ${c.length} rows, not ${n}`);
  }
  const lines = [names.join(",")];
  for (let r = 0; r < n; r++) {
    // String(number) is the shortest text that reads back as the same double.
    lines.push(columns.map((c) => String(c[r])).join(","));
  }
  return `${lines.join("\n")}\n`;
}

function parseOutput(text: string): OracleOutput {
  const out: OracleOutput = new Map();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const [name, ...values] = line.split("\t");
    out.set(name as string, values.map(parseRNumber));
  }
  return out;
}

function parseRNumber(s: string): number {
  if (s === "NA" || s === "NaN") return Number.NaN;
  if (s === "Inf") return Number.POSITIVE_INFINITY;
  if (s === "-Inf") return Number.NEGATIVE_INFINITY;
  return Number(s);
}

/** |actual − expected| / |expected|, 0 when both are equal (including both NaN or the same infinity). */
export function relativeDifference(actual: number, expected: number): number {
  if (Object.is(actual, expected) || actual === expected) return 0;
  if (Number.isNaN(actual) && Number.isNaN(expected)) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

const observed = new Map<string, number>();

/**
 * Asserts every element agrees to `rel` relative difference and records the largest difference per
 * label, which `reportObserved` prints when ORACLE_REPORT is set.
 */
export function expectClose(
  actual: number | readonly number[],
  expected: number | readonly number[],
  rel = 1e-6,
  label = "",
): void {
  const a = typeof actual === "number" ? [actual] : actual;
  const e = typeof expected === "number" ? [expected] : expected;
  expect(a.length, `${label}: length`).toBe(e.length);
  let worst = 0;
  for (let i = 0; i < e.length; i++) {
    const d = relativeDifference(a[i] as number, e[i] as number);
    if (!(d <= rel)) {
      expect.fail(
        `${label}[${i}]: ${a[i]} vs R ${e[i]} (relative difference ${d.toExponential(3)} > ${rel})`,
      );
    }
    worst = Math.max(worst, d);
  }
  observed.set(label, Math.max(observed.get(label) ?? 0, worst));
}

/** Prints the largest relative differences seen, by label, when ORACLE_REPORT is set. */
export function reportObserved(title: string): void {
  if (!process.env.ORACLE_REPORT) return;
  const rows = [...observed.entries()].sort((a, b) => b[1] - a[1]);
  const text = rows.map(([k, v]) => `  ${v.toExponential(2)}  ${k}`).join("\n");
  console.log(`[oracle] ${title}: max relative difference vs R\n${text}`);
}

/** mulberry32: a tiny seeded PRNG so the test data sets are the same on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviates by Box–Muller from a uniform generator. */
export function normal(rng: () => number): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Rounds to `digits` decimals so values survive CSV round trips as written and ties stay ties. */
export function round(x: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
