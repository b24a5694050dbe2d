/**
 * The G-CSF safety study (pegfilgrastim vs filgrastim, platelets < 50 x10^3/uL on days 2-7) end to end
 * on a synthetic MID-NET-sized population, twice in the same run on the same DuckDB source:
 *
 *   engine        buildCohort × 3 from examples/rwd/*.json, then runComparativeStudy with the example spec
 *   hand-written  (the baseline) a few hand-tuned DuckDB statements for the same new-user cohorts, risk
 *                 window, outcome and covariates, then the same statistics functions (logisticRegression
 *                 for the propensity score, matchOnPs, coxPh)
 *
 * so the ratio says what the engine's orchestration and SQL generation cost over hand-tuned SQL. Both
 * must give the same subjects, events and hazard ratio; a warning line says so when they do not.
 * The population is generated once and cached as a DuckDB file named by persons, seed and a hash of the
 * generator sources; generation is timed and printed but is not part of the comparison.
 *
 *   npm run bench:rwd                                   # 5,300,000 persons (MID-NET's size), seed 1
 *   BENCH_PERSONS=200000 npm run bench:rwd
 *   BENCH_PERSONS=1000000 BENCH_SEED=2 BENCH_ROUNDS=3 BENCH_CACHE=/tmp/kh-bench npm run bench:rwd
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type BuildCohortResult,
  buildCohort,
  type ComparativeStudyResult,
  ComparativeStudySpec,
  coxPh,
  type DataSource,
  entryCriteria,
  generatePopulation,
  incidenceRate,
  kaplanMeier,
  logisticRegression,
  openDataSource,
  PLANTED_EFFECTS,
  parseCohortDefinition,
  predictLogistic,
  runComparativeStudy,
} from "@kakehashi/rwd";
// not exported by the package: the engine's own matching and the diagnostics only the engine computes
import { attWeights, computeBalance } from "../../packages/rwd/src/study/Balance.ts";
import { auc, type MatchedSubject, matchOnPs } from "../../packages/rwd/src/study/PsFunctions.ts";

const MID_NET_PATIENTS = 5_300_000;
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const GENERATOR_SOURCES = [
  path.join(REPO, "packages/rwd/src/synthetic"),
  path.join(REPO, "packages/rwd/src/cdm"),
];

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw.replaceAll("_", ""));
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`${name} must be an integer ≥ ${min}: ${raw}`);
  return value;
}

const persons = envInt("BENCH_PERSONS", MID_NET_PATIENTS, 1);
const seed = envInt("BENCH_SEED", 1, 0);
const rounds = envInt("BENCH_ROUNDS", 1, 1);
const cacheDir = path.resolve(process.env.BENCH_CACHE || path.join(REPO, ".bench-cache"));

const int = (n: number) => n.toLocaleString("en");
const sec = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const mb = (bytes: number) => `${int(Math.round(bytes / 2 ** 20))} MB`;
const hr = (h: number, ci: [number, number]) => `${h.toFixed(4)} (${ci[0].toFixed(4)}-${ci[1].toFixed(4)})`;

/** Peak RSS of this process, sampled while a phase runs (DuckDB's threads allocate outside the JS heap). */
class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;
  start(): this {
    this.peak = process.memoryUsage().rss;
    this.timer = setInterval(() => this.sample(), 25);
    this.timer.unref();
    return this;
  }
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------------
// The cached source

interface CacheInfo {
  persons: number;
  seed: number;
  generatorHash: string;
  generatedAt: string;
  seconds: number;
  personsPerSecond: number;
  totalRows: number;
  rows: Record<string, number>;
}

/** sha256 over the generator's sources and the CDM DDL: a changed generator names a new cache file. */
async function generatorHash(): Promise<string> {
  const hash = createHash("sha256");
  for (const dir of GENERATOR_SOURCES) {
    const files = (await readdir(dir)).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).sort();
    for (const file of files) {
      if (file === "bench.ts" || file === "DataSource.ts") continue; // neither shapes the generated data
      hash.update(`${path.relative(REPO, path.join(dir, file))}\0`);
      hash.update(await readFile(path.join(dir, file)));
      hash.update("\0");
    }
  }
  return hash.digest("hex").slice(0, 12);
}

function progress(done: number, total: number, started: number) {
  const s = (performance.now() - started) / 1000;
  const rate = done / Math.max(s, 1e-9);
  const eta = done > 0 ? (total - done) / rate : Number.NaN;
  return `generating ${int(done)} / ${int(total)} persons (${((100 * done) / total).toFixed(1)}%), ${int(Math.round(rate))} persons/s, ${Number.isFinite(eta) ? `${Math.ceil(eta)} s left` : "…"}`;
}

async function cachedSource(): Promise<{ file: string; info: CacheInfo; cached: boolean }> {
  await mkdir(cacheDir, { recursive: true });
  const hash = await generatorHash();
  const stem = `rwd-${persons}p-seed${seed}`;
  const file = path.join(cacheDir, `${stem}-${hash}.duckdb`);
  const infoFile = `${file}.json`;
  const stale = (await readdir(cacheDir)).filter(
    (f) => f.startsWith(`${stem}-`) && f.endsWith(".duckdb") && !f.startsWith(`${stem}-${hash}`),
  );
  if (stale.length > 0)
    console.error(`stale cache files (older generator) in ${cacheDir}, safe to delete: ${stale.join(", ")}`);
  try {
    const info = JSON.parse(await readFile(infoFile, "utf8")) as CacheInfo;
    await stat(file);
    return { file, info, cached: true };
  } catch {
    // not cached yet (or half written): generate below
  }

  const partial = path.join(cacheDir, `${stem}-${hash}.partial.duckdb`);
  await rm(partial, { force: true });
  await rm(`${partial}.wal`, { force: true });
  const source = await openDataSource(partial);
  const started = performance.now();
  let lastPrint = 0;
  const tty = process.stderr.isTTY;
  try {
    const summary = await generatePopulation(source.connection, {
      persons,
      seed,
      onProgress: (done, total) => {
        const now = performance.now();
        if (done < total && now - lastPrint < (tty ? 500 : 10_000)) return;
        lastPrint = now;
        process.stderr.write(
          tty ? `\r${progress(done, total, started)}  ` : `${progress(done, total, started)}\n`,
        );
      },
    });
    if (tty) process.stderr.write("\n");
    await source.run("CHECKPOINT");
    const info: CacheInfo = {
      persons,
      seed,
      generatorHash: hash,
      generatedAt: new Date().toISOString(),
      seconds: summary.seconds,
      personsPerSecond: summary.personsPerSecond,
      totalRows: summary.totalRows,
      rows: summary.rows,
    };
    await source.close();
    await rename(partial, file);
    await writeFile(infoFile, `${JSON.stringify(info, null, 2)}\n`);
    return { file, info, cached: false };
  } catch (error) {
    await source.close().catch(() => undefined);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// The study, read from the example files both paths run

const gcsf = PLANTED_EFFECTS.gcsfThrombocytopenia;
const examples = path.join(REPO, "examples/rwd");
const readJson = async (file: string): Promise<unknown> =>
  JSON.parse(await readFile(path.join(examples, file), "utf8"));
const definitions = {
  target: await readJson("pegfilgrastim-new-users.json"),
  comparator: await readJson("filgrastim-new-users.json"),
  outcome: await readJson("thrombocytopenia-platelets-below-50.json"),
};
const spec = ComparativeStudySpec.parse(await readJson("gcsf-thrombocytopenia-study.json"));

/**
 * The hand-written SQL has the example definitions' choices built in; if an example changes, the two
 * paths would silently run different studies, so refuse instead.
 */
function checkExamples(): void {
  const problems: string[] = [];
  /** the definition's only concept set item and only entry criterion, when it has exactly one of each */
  const single = (json: unknown) => {
    const def = parseCohortDefinition(json);
    const entries = entryCriteria(def);
    const set = def.conceptSets.length === 1 ? def.conceptSets[0] : undefined;
    const item = set?.items.length === 1 ? set.items[0] : undefined;
    const entry = entries.length === 1 && entries[0]?.conceptSetId === set?.id ? entries[0] : undefined;
    const plain =
      def.priorObservationDays === 0 && def.postObservationDays === 0 && !def.inclusionRules.length;
    return { def, item: item && !item.exclude ? item : undefined, entry, plain };
  };
  for (const [json, conceptId, what] of [
    [definitions.target, gcsf.targetConceptId, "target"],
    [definitions.comparator, gcsf.comparatorConceptId, "comparator"],
  ] as const) {
    const { def, item, entry, plain } = single(json);
    if (
      item?.conceptId !== conceptId ||
      !item.includeDescendants ||
      entry?.domain !== "drug_exposure" ||
      entry.measurement ||
      !def.firstOccurrenceOnly ||
      !plain
    )
      problems.push(`${what} cohort: not "first exposure to ${conceptId} (or a descendant)"`);
  }
  const { def, item, entry, plain } = single(definitions.outcome);
  if (
    item?.conceptId !== gcsf.outcomeMeasurementConceptId ||
    item.includeDescendants ||
    entry?.domain !== "measurement" ||
    entry.measurement?.operator !== "<" ||
    entry.measurement.value !== gcsf.outcomeThreshold ||
    entry.measurement.unitConceptIds ||
    def.firstOccurrenceOnly ||
    def.exit.type !== "fixed_days" ||
    def.exit.days !== 0 ||
    !plain
  )
    problems.push(
      `outcome cohort: not "each day with platelets (${gcsf.outcomeMeasurementConceptId}) < ${gcsf.outcomeThreshold}"`,
    );
  if (
    spec.targetCohortId !== 1 ||
    spec.comparatorCohortId !== 2 ||
    spec.outcomeCohortId !== 3 ||
    spec.cohortTable !== "kh_cohort" ||
    spec.timeAtRisk.endAnchor !== "cohort_start" ||
    spec.adjustment.type !== "match"
  )
    problems.push("study spec: not cohorts 1/2/3 in kh_cohort, a window from the index date and PS matching");
  if (problems.length > 0)
    throw new Error(`the examples no longer match the hand-written SQL:\n  ${problems.join("\n  ")}`);
}
checkExamples();
if (spec.adjustment.type !== "match") throw new Error("unreachable");
const matching = spec.adjustment;

// ---------------------------------------------------------------------------------------------------
// Engine path

interface PathResult {
  steps: { name: string; ms: number; note?: string }[];
  totalMs: number;
  attrition: { target: number; comparator: number }[];
  covariateIds: string[];
  arms: { target: { subjects: number; events: number }; comparator: { subjects: number; events: number } };
  hazardRatio: number;
  ci95: [number, number];
  peakRss: number;
}

async function enginePath(source: DataSource): Promise<PathResult & { result: ComparativeStudyResult }> {
  const rss = new RssSampler().start();
  const steps: PathResult["steps"] = [];
  const cohorts: [string, unknown, number][] = [
    ["buildCohort 1: new users of pegfilgrastim", definitions.target, spec.targetCohortId],
    ["buildCohort 2: new users of filgrastim", definitions.comparator, spec.comparatorCohortId],
    ["buildCohort 3: platelets < 50", definitions.outcome, spec.outcomeCohortId],
  ];
  for (const [name, def, cohortId] of cohorts) {
    const { value, ms } = await timed<BuildCohortResult>(() =>
      buildCohort(source.connection, def as Parameters<typeof buildCohort>[1], { cohortId }),
    );
    steps.push({ name, ms, note: `${int(value.persons)} persons, ${int(value.entries)} entries` });
  }
  const study = await timed(() => runComparativeStudy(source.connection, spec));
  const r = study.value;
  steps.push({
    name: "runComparativeStudy",
    ms: study.ms,
    note: `${int(r.attrition.at(-2)?.target ?? 0)} + ${int(r.attrition.at(-2)?.comparator ?? 0)} subjects, ${r.covariateCount} covariates`,
  });
  return {
    steps,
    totalMs: steps.reduce((a, s) => a + s.ms, 0),
    attrition: r.attrition.map((a) => ({ target: a.target, comparator: a.comparator })),
    covariateIds: r.balance.map((b) => b.covariateId),
    arms: {
      target: { subjects: r.outcome.target.subjects, events: r.outcome.target.events },
      comparator: { subjects: r.outcome.comparator.subjects, events: r.outcome.comparator.events },
    },
    hazardRatio: r.outcome.hazardRatio,
    ci95: r.outcome.ci95,
    peakRss: rss.stop(),
    result: r,
  };
}

// ---------------------------------------------------------------------------------------------------
// Hand-written path (the baseline)

/** an integer inlined into the SQL text (all of them come from the spec or the planted-effects table) */
function lit(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}

interface HandData {
  treatment: (0 | 1)[];
  x: number[][];
  covariateIds: string[];
  ps: number[];
  strata: MatchedSubject[];
  time: number[];
  status: (0 | 1)[];
}

async function handWrittenPath(source: DataSource): Promise<PathResult & { data: HandData }> {
  const rss = new RssSampler().start();
  const c = source.connection;
  const steps: PathResult["steps"] = [];
  const { startDays, endDays } = spec.timeAtRisk;
  const { windowDays, maxPerDomain, minPrevalence } = spec.covariates;
  const [peg, fil] = [gcsf.targetConceptId, gcsf.comparatorConceptId];

  // 1. Cohorts, risk window and outcomes in one statement: first exposure to each G-CSF (with the
  //    ingredient's descendants) inside an observation period; the window [index + start, index + end]
  //    cut at the end of that period and at death; the outcome is a platelet count < threshold inside an
  //    observation period (the outcome cohort), the first one in the window counts, one before it excludes.
  const population = await timed(async () => {
    await c.run(`CREATE OR REPLACE TEMP TABLE bench_population AS
WITH codes AS (
  SELECT ca.ancestor_concept_id AS ingredient, ca.descendant_concept_id AS concept_id
  FROM concept_ancestor ca LEFT JOIN concept k ON k.concept_id = ca.descendant_concept_id
  WHERE ca.ancestor_concept_id IN (${lit(peg)}, ${lit(fil)}) AND k.invalid_reason IS NULL
  UNION SELECT ${lit(peg)}, ${lit(peg)} UNION SELECT ${lit(fil)}, ${lit(fil)}
),
first_use AS (
  SELECT d.person_id, c.ingredient = ${lit(peg)} AS target, min(d.drug_exposure_start_date) AS index_date
  FROM drug_exposure d JOIN codes c ON c.concept_id = d.drug_concept_id
  GROUP BY ALL
),
entries AS (
  SELECT f.person_id, f.target, f.index_date, max(op.observation_period_end_date) AS op_end
  FROM first_use f JOIN observation_period op ON op.person_id = f.person_id
    AND f.index_date BETWEEN op.observation_period_start_date AND op.observation_period_end_date
  GROUP BY ALL
),
windows AS (
  SELECT e.person_id, e.target, e.index_date, count(*) OVER (PARTITION BY e.person_id) > 1 AS in_both,
    e.index_date + ${lit(startDays)} AS risk_start,
    least(e.index_date + ${lit(endDays)}, e.op_end, coalesce(d.death_date, DATE '9999-12-31')) AS risk_end
  FROM entries e LEFT JOIN (SELECT person_id, min(death_date) AS death_date FROM death GROUP BY ALL) d
    ON d.person_id = e.person_id
),
outcomes AS (
  SELECT DISTINCT m.person_id, m.measurement_date AS day
  FROM measurement m JOIN observation_period op ON op.person_id = m.person_id
    AND m.measurement_date BETWEEN op.observation_period_start_date AND op.observation_period_end_date
  WHERE m.measurement_concept_id = ${lit(gcsf.outcomeMeasurementConceptId)}
    AND m.value_as_number < ${lit(gcsf.outcomeThreshold)}
    AND m.person_id IN (SELECT person_id FROM entries)
),
per_window AS (
  SELECT w.person_id, w.target, bool_or(o.day < w.risk_start) AS prior_outcome,
    min(o.day) FILTER (WHERE o.day BETWEEN w.risk_start AND w.risk_end) AS first_outcome
  FROM windows w JOIN outcomes o ON o.person_id = w.person_id
  GROUP BY ALL
)
SELECT w.person_id, w.target, w.in_both, coalesce(o.prior_outcome, false) AS prior_outcome,
  w.risk_end >= w.risk_start AS has_time_at_risk, w.index_date,
  (w.risk_end - w.risk_start + 1)::INTEGER AS time_at_risk,
  (o.first_outcome - w.risk_start + 1)::INTEGER AS days_to_outcome,
  (year(w.index_date) - p.year_of_birth)::INTEGER AS age, p.gender_concept_id = ${lit(PLANTED_EFFECTS.genders.male)} AS male
FROM windows w JOIN person p ON p.person_id = w.person_id
LEFT JOIN per_window o ON o.person_id = w.person_id AND o.target = w.target`);
    const removePrior = spec.removePriorOutcome ? "NOT prior_outcome" : "true";
    await c.run(`CREATE OR REPLACE TEMP TABLE bench_subject AS
SELECT (row_number() OVER (ORDER BY target DESC, person_id) - 1)::INTEGER AS row_id, *
FROM bench_population WHERE NOT in_both AND ${removePrior} AND has_time_at_risk`);
    const counts = await c.runAndReadAll(`SELECT target,
  count(*)::INTEGER, count(*) FILTER (NOT in_both)::INTEGER,
  count(*) FILTER (NOT in_both AND ${removePrior})::INTEGER,
  count(*) FILTER (NOT in_both AND ${removePrior} AND has_time_at_risk)::INTEGER
FROM bench_population GROUP BY target`);
    const byArm = new Map(counts.getRows().map((r) => [r[0] as boolean, r.slice(1) as number[]]));
    const kept = spec.removePriorOutcome ? [0, 1, 2, 3] : [0, 1, 3];
    const attrition = kept.map((i) => ({
      target: byArm.get(true)?.[i] ?? 0,
      comparator: byArm.get(false)?.[i] ?? 0,
    }));
    const subjects = await c.runAndReadAll(
      "SELECT target::INTEGER, time_at_risk, days_to_outcome, age, male::INTEGER FROM bench_subject ORDER BY row_id",
    );
    const [target, timeAtRisk, daysToOutcome, age, male] = subjects.getColumns() as number[][];
    return { attrition, target, timeAtRisk, daysToOutcome, age, male } as {
      attrition: { target: number; comparator: number }[];
      target: number[];
      timeAtRisk: number[];
      daysToOutcome: (number | null)[];
      age: number[];
      male: number[];
    };
  });
  const pop = population.value;
  const n = pop.target.length;
  steps.push({
    name: "SQL: cohorts, risk window, outcomes",
    ms: population.ms,
    note: `${int(pop.attrition.at(-1)?.target ?? 0)} + ${int(pop.attrition.at(-1)?.comparator ?? 0)} subjects`,
  });

  // 2. Covariates: age, sex, 10-year age groups, and in the window before index the most frequent
  //    conditions, drugs and abnormal labs (as the engine's Covariates.ts), in one statement for all three
  //    domains; the matrix is filled from (row, column) pairs.
  const covariates = await timed(async () => {
    const window = `BETWEEN s.index_date - ${lit(windowDays)} AND s.index_date - 1`;
    const minCount = Math.max(1, Math.ceil(minPrevalence * n));
    await c.run(`CREATE OR REPLACE TEMP TABLE bench_hits AS
SELECT * FROM (
  SELECT 0 AS domain, s.row_id, x.condition_concept_id AS concept_id, '' AS flag
    FROM bench_subject s JOIN condition_occurrence x ON x.person_id = s.person_id AND x.condition_start_date ${window}
  UNION SELECT 0, s.row_id, x.condition_concept_id, ''
    FROM bench_subject s JOIN condition_era x ON x.person_id = s.person_id AND x.condition_era_start_date ${window}
  UNION SELECT 1, s.row_id, x.drug_concept_id, ''
    FROM bench_subject s JOIN drug_exposure x ON x.person_id = s.person_id AND x.drug_exposure_start_date ${window}
  UNION SELECT 1, s.row_id, x.drug_concept_id, ''
    FROM bench_subject s JOIN drug_era x ON x.person_id = s.person_id AND x.drug_era_start_date ${window}
  UNION SELECT 2, s.row_id, x.measurement_concept_id, CASE WHEN x.value_as_number < x.range_low THEN 'low' ELSE 'high' END
    FROM bench_subject s JOIN measurement x ON x.person_id = s.person_id AND x.measurement_date ${window}
    WHERE x.value_as_number IS NOT NULL AND (x.value_as_number < x.range_low OR x.value_as_number > x.range_high)
) WHERE concept_id <> 0`);
    const top =
      maxPerDomain === 0
        ? { getRows: () => [] as unknown[][] }
        : await c
            .run(`CREATE OR REPLACE TEMP TABLE bench_columns AS
SELECT (row_number() OVER (ORDER BY domain, n DESC, concept_id, flag) - 1)::INTEGER AS col, * FROM (
  SELECT * FROM (
    SELECT domain, concept_id, flag, count(*) AS n FROM bench_hits GROUP BY ALL HAVING count(*) >= ${lit(minCount)}
  ) QUALIFY row_number() OVER (PARTITION BY domain ORDER BY n DESC, concept_id, flag) <= ${lit(maxPerDomain)}
)`)
            .then(() =>
              c.runAndReadAll("SELECT col, domain, concept_id, flag FROM bench_columns ORDER BY col"),
            );
    const ids = ["age", "male"];
    const columns: Float64Array[] = [Float64Array.from(pop.age), Float64Array.from(pop.male)];
    for (let lo = 20; lo < 90; lo += 10) {
      ids.push(`age_${lo}`);
      columns.push(Float64Array.from(pop.age, (a) => (a >= lo && a < lo + 10 ? 1 : 0)));
    }
    const first = columns.length;
    for (const [, domain, conceptId, flag] of top.getRows() as [number, number, number, string][]) {
      ids.push(`${["condition", "drug", "lab"][domain]}:${conceptId}${flag ? `:${flag}` : ""}`);
      columns.push(new Float64Array(n));
    }
    if (maxPerDomain > 0) {
      const hits = await c.runAndReadAll(
        "SELECT h.row_id, b.col FROM bench_hits h JOIN bench_columns b USING (domain, concept_id, flag)",
      );
      const [rowIds, cols] = hits.getColumns() as number[][];
      for (let k = 0; k < (rowIds?.length ?? 0); k++)
        (columns[first + (cols?.[k] as number)] as Float64Array)[rowIds?.[k] as number] = 1;
    }
    // as the engine: a covariate that does not vary is dropped
    const keep = columns.map((col) => col.some((v) => v !== col[0]));
    const keptCols = columns.filter((_, j) => keep[j]);
    const x = Array.from({ length: n }, (_, i) => keptCols.map((col) => col[i] as number));
    return { x, ids: ids.filter((_, j) => keep[j]) };
  });
  steps.push({
    name: "SQL: covariates + matrix",
    ms: covariates.ms,
    note: `${covariates.value.ids.length} covariates`,
  });
  const { x } = covariates.value;
  const treatment = pop.target.map((t) => (t === 1 ? 1 : 0)) as (0 | 1)[];

  // 3. Propensity score: ridge logistic regression on standardised covariates (as fitPropensityScore)
  const propensity = await timed(() => {
    const p = x[0]?.length ?? 0;
    const mean = new Array<number>(p).fill(0);
    const sd = new Array<number>(p).fill(0);
    for (const row of x)
      for (let j = 0; j < p; j++) mean[j] = (mean[j] as number) + (row[j] as number) / x.length;
    for (const row of x)
      for (let j = 0; j < p; j++)
        sd[j] = (sd[j] as number) + ((row[j] as number) - (mean[j] as number)) ** 2 / x.length;
    const scale = sd.map((v) => Math.sqrt(v) || 1);
    const z = x.map((row) => row.map((v, j) => (v - (mean[j] as number)) / (scale[j] as number)));
    const fit = logisticRegression(z, treatment, { l2: spec.propensityScore.l2 });
    const ps = predictLogistic(fit.coef, z).map((v) => Math.min(1 - 1e-12, Math.max(1e-12, v)));
    return { ps, logitPs: ps.map((v) => Math.log(v / (1 - v))) };
  });
  steps.push({ name: "propensity score (logisticRegression)", ms: propensity.ms });

  // 4. Matching on the logit of the PS
  const matched = await timed(() =>
    matchOnPs(propensity.value.logitPs, treatment, matching.maxRatio, matching.caliper, spec.seed),
  );
  const strata = matched.value;
  if (strata.length === 0)
    throw new Error(
      `no subject was matched (${n} subjects): too few persons for this study; use BENCH_PERSONS of 20,000 or more`,
    );
  steps.push({
    name: "matching (matchOnPs)",
    ms: matched.ms,
    note: `${int(strata.length)} matched subjects`,
  });

  // 5. Cox model stratified by matched set
  const time = pop.target.map((_, i) =>
    pop.daysToOutcome[i] === null ? (pop.timeAtRisk[i] as number) : (pop.daysToOutcome[i] as number),
  );
  const status = pop.daysToOutcome.map((d) => (d === null ? 0 : 1)) as (0 | 1)[];
  const cox = await timed(() =>
    coxPh({
      time: strata.map((s) => time[s.rowId] as number),
      status: strata.map((s) => status[s.rowId] as 0 | 1),
      x: strata.map((s) => [treatment[s.rowId] as number]),
      strata: strata.map((s) => s.stratumId),
    }),
  );
  steps.push({ name: "Cox model (coxPh)", ms: cox.ms });
  for (const t of ["bench_population", "bench_subject", "bench_hits", "bench_columns"])
    await c.run(`DROP TABLE IF EXISTS ${t}`);

  const arm = (t: 0 | 1) => {
    const rows = strata.filter((s) => treatment[s.rowId] === t);
    return { subjects: rows.length, events: rows.filter((s) => status[s.rowId] === 1).length };
  };
  const attrition = [...pop.attrition, { target: arm(1).subjects, comparator: arm(0).subjects }];
  return {
    steps,
    totalMs: steps.reduce((a, s) => a + s.ms, 0),
    attrition,
    covariateIds: covariates.value.ids,
    arms: { target: arm(1), comparator: arm(0) },
    hazardRatio: cox.value.hr[0] as number,
    ci95: cox.value.ci95[0] as [number, number],
    peakRss: rss.stop(),
    data: { treatment, x, covariateIds: covariates.value.ids, ps: propensity.value.ps, strata, time, status },
  };
}

/** What runComparativeStudy computes beyond the hand-written path, timed alone on the same data. */
function engineExtrasMs(d: HandData): number {
  const started = performance.now();
  auc(d.ps, d.treatment);
  const covs = d.covariateIds.map((id) => ({ id, name: id, domain: "demographics" as const }));
  computeBalance(covs, d.x, d.treatment, attWeights(d.treatment, d.strata));
  for (const t of [1, 0]) {
    const rows = d.strata.filter((s) => d.treatment[s.rowId] === t);
    const time = rows.map((s) => d.time[s.rowId] as number);
    const status = rows.map((s) => d.status[s.rowId] as 0 | 1);
    kaplanMeier({ time, status });
    incidenceRate(status.filter((v) => v === 1).length, time.reduce((a, b) => a + b, 0) / 365.25, 1000);
  }
  return performance.now() - started;
}

// ---------------------------------------------------------------------------------------------------
// Run

/** the columns either path reads, scanned once before timing so neither pays for a cold buffer pool */
const WARM_COLUMNS: Record<string, string[]> = {
  person: ["person_id", "year_of_birth", "gender_concept_id"],
  observation_period: ["person_id", "observation_period_start_date", "observation_period_end_date"],
  death: ["person_id", "death_date"],
  drug_exposure: [
    "drug_exposure_id",
    "person_id",
    "drug_concept_id",
    "drug_exposure_start_date",
    "drug_exposure_end_date",
    "days_supply",
  ],
  drug_era: ["person_id", "drug_concept_id", "drug_era_start_date"],
  condition_occurrence: ["person_id", "condition_concept_id", "condition_start_date"],
  condition_era: ["person_id", "condition_concept_id", "condition_era_start_date"],
  measurement: [
    "measurement_id",
    "person_id",
    "measurement_concept_id",
    "measurement_date",
    "value_as_number",
    "range_low",
    "range_high",
  ],
  concept: ["concept_id", "concept_name", "invalid_reason"],
  concept_ancestor: ["ancestor_concept_id", "descendant_concept_id"],
};

const total = new RssSampler().start();
const generation = new RssSampler().start();
const { file, info, cached } = await cachedSource();
const generationPeak = generation.stop();
const source = await openDataSource(file);
try {
  // leftovers of an earlier run (the engine writes its cohorts into the source): every run starts alike
  for (const t of ["kh_cohort", "kh_cohort_attrition", "kh_study_subject"])
    await source.run(`DROP TABLE IF EXISTS ${t}`);
  const snapshot = await source.snapshotId();
  const [settings] = await source.all<{ version: string; threads: string; memory_limit: string }>(
    "SELECT version() AS version, current_setting('threads') AS threads, current_setting('memory_limit') AS memory_limit",
  );
  const size = (await stat(file)).size;

  console.log(
    `bench/rwd: ${gcsf.title}; node ${process.version}, DuckDB ${settings?.version}, ${settings?.threads} threads, memory limit ${settings?.memory_limit}`,
  );
  console.log(`persons        ${int(persons)} (seed ${seed}), ${int(info.totalRows)} clinical rows`);
  console.log(`source         ${file} (${mb(size)})`);
  console.log(`snapshot       ${snapshot}`);
  const perPerson = info.seconds / info.persons;
  console.log(
    `generation     ${info.seconds.toFixed(1)} s, ${int(Math.round(info.personsPerSecond))} persons/s${cached ? ` (cached, generated ${info.generatedAt})` : ""}, not part of the comparison` +
      (persons < MID_NET_PATIENTS
        ? `; extrapolated to ${int(MID_NET_PATIENTS)} persons: ${((perPerson * MID_NET_PATIENTS) / 60).toFixed(1)} min, ${int(Math.round((info.totalRows / persons) * MID_NET_PATIENTS))} rows`
        : ""),
  );

  // both paths read the same tables: one scan first, so neither pays for a cold buffer pool
  const warm = await timed(async () => {
    for (const [table, columns] of Object.entries(WARM_COLUMNS))
      await source.run(`SELECT ${columns.map((col) => `sum(hash(${col}))`).join(", ")} FROM ${table}`);
  });
  console.log(`warm-up        scan of the columns either path reads: ${sec(warm.ms)}`);

  // the baseline first in each round: the engine then runs on a warmed-up JIT, so the ratio errs low
  let bestHand: Awaited<ReturnType<typeof handWrittenPath>> | undefined;
  let bestEngine: Awaited<ReturnType<typeof enginePath>> | undefined;
  for (let round = 1; round <= rounds; round++) {
    const hand = await handWrittenPath(source);
    const engine = await enginePath(source);
    if (rounds > 1)
      console.log(
        `round ${round}/${rounds}     hand-written ${sec(hand.totalMs)}, engine ${sec(engine.totalMs)}, ratio ${(engine.totalMs / hand.totalMs).toFixed(2)}`,
      );
    if (!bestHand || hand.totalMs < bestHand.totalMs) bestHand = hand;
    if (!bestEngine || engine.totalMs < bestEngine.totalMs) bestEngine = engine;
  }
  const [hand, engine] = [bestHand, bestEngine];
  if (!hand || !engine) throw new Error("no round ran");

  const show = (title: string, r: PathResult) => {
    console.log(`\n${title}${rounds > 1 ? ` (fastest of ${rounds} rounds)` : ""}`);
    for (const s of r.steps)
      console.log(`  ${s.name.padEnd(44)} ${sec(s.ms).padStart(11)}${s.note ? `   ${s.note}` : ""}`);
    console.log(`  ${"total".padEnd(44)} ${sec(r.totalMs).padStart(11)}`);
  };
  show("hand-written DuckDB SQL + the engine's statistics (baseline)", hand);
  show("engine: buildCohort × 3 + runComparativeStudy", engine);

  const extrasMs = engineExtrasMs(hand.data);
  console.log(
    `  of which diagnostics the baseline skips (AUC, balance, Kaplan-Meier, incidence), re-timed alone: ${sec(extrasMs)}`,
  );

  console.log(
    `\nratio engine / hand-written: ${(engine.totalMs / hand.totalMs).toFixed(2)}× (${sec(engine.totalMs)} / ${sec(hand.totalMs)})`,
  );
  // the statistics are the same functions on the same data in both paths; without them (and without the
  // diagnostics only the engine computes) what is left is SQL, data transfer and orchestration
  const statsMs = hand.steps.filter((st) => !st.name.startsWith("SQL")).reduce((a, st) => a + st.ms, 0);
  const handSqlMs = hand.totalMs - statsMs;
  const engineSqlMs = engine.totalMs - statsMs - extrasMs;
  console.log(
    `  SQL + orchestration only (estimate: engine total less the baseline's statistics ${sec(statsMs)} and the diagnostics): engine ${sec(engineSqlMs)} / hand-written ${sec(handSqlMs)} = ${(engineSqlMs / handSqlMs).toFixed(2)}×`,
  );
  const armText = (r: PathResult) =>
    `target ${int(r.arms.target.subjects)} subjects / ${int(r.arms.target.events)} events, comparator ${int(r.arms.comparator.subjects)} / ${int(r.arms.comparator.events)}`;
  console.log(`HR (95% CI)    engine       ${hr(engine.hazardRatio, engine.ci95)}   ${armText(engine)}`);
  console.log(`               hand-written ${hr(hand.hazardRatio, hand.ci95)}   ${armText(hand)}`);

  const warnings: string[] = [];
  const rel = (a: number, b: number) =>
    Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
  if (JSON.stringify(engine.attrition) !== JSON.stringify(hand.attrition))
    warnings.push(
      `attrition (target/comparator per step) differs: engine ${engine.attrition.map((a) => `${a.target}/${a.comparator}`).join(" → ")}, hand-written ${hand.attrition.map((a) => `${a.target}/${a.comparator}`).join(" → ")}`,
    );
  if (engine.covariateIds.join() !== hand.covariateIds.join())
    warnings.push(
      `covariates differ: engine ${engine.covariateIds.length} [${engine.covariateIds.filter((id) => !hand.covariateIds.includes(id)).join(", ")} only], hand-written ${hand.covariateIds.length} [${hand.covariateIds.filter((id) => !engine.covariateIds.includes(id)).join(", ")} only]${engine.covariateIds.length === hand.covariateIds.length ? " (or their order)" : ""}`,
    );
  if (JSON.stringify(engine.arms) !== JSON.stringify(hand.arms))
    warnings.push(`subjects or events differ: engine ${armText(engine)}; hand-written ${armText(hand)}`);
  const hrDiff = rel(engine.hazardRatio, hand.hazardRatio);
  const ciDiff = Math.max(rel(engine.ci95[0], hand.ci95[0]), rel(engine.ci95[1], hand.ci95[1]));
  if (!(hrDiff <= 1e-9 && ciDiff <= 1e-9))
    warnings.push(
      `HR differs: engine ${engine.hazardRatio} [${engine.ci95.join(", ")}], hand-written ${hand.hazardRatio} [${hand.ci95.join(", ")}] (relative ${hrDiff.toExponential(2)})`,
    );
  if (warnings.length === 0)
    console.log(
      `check          same attrition, ${hand.covariateIds.length} covariates in the same order, subjects, events; HR and CI equal within ${Math.max(hrDiff, ciDiff).toExponential(1)} relative`,
    );
  for (const w of warnings) console.log(`WARNING: the two paths differ: ${w}`);

  console.log(
    `peak RSS       sampled: generation ${cached ? "(cached) " : ""}${mb(generationPeak)}, hand-written ${mb(hand.peakRss)}, engine ${mb(engine.peakRss)}, whole run ${mb(total.stop())}; kernel maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
  if (warnings.length > 0) process.exitCode = 1;
} finally {
  for (const t of ["kh_cohort", "kh_cohort_attrition", "kh_study_subject"])
    await source.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  await source.close();
}
