import type { DuckDBConnection } from "@duckdb/node-api";
import { conditionalLogistic } from "../stats/ConditionalLogistic.ts";
import { Rng } from "../synthetic/random.ts";
import { loadSubjects } from "./Covariates.ts";
import { type AttritionStep, createStudyPopulation, type Subject } from "./StudyPopulation.ts";
import { ComparativeStudySpec } from "./StudySpec.ts";
import { rows } from "./sql.ts";

export interface NestedCaseControlOptions {
  controlsPerCase: number;
  /** controls share the case's sex and are within this many years of its age */
  ageCaliperYears: number;
  seed: number;
}

export interface NestedCaseControlResult {
  cases: number;
  controls: number;
  matchedSets: number;
  oddsRatio: number;
  ci95: [number, number];
  p: number | null;
}

/**
 * Nested case–control analysis within the cohort (the design MID-NET used for G-CSF and
 * thrombocytopenia): each case is matched by risk-set (incidence density) sampling to subjects still
 * at risk at the case's follow-up time, of the same sex and similar age; the odds ratio of exposure
 * (target vs comparator) by conditional logistic regression estimates the hazard ratio.
 */
export function nestedCaseControl(
  subjects: Subject[],
  demographics: { age: number; male: boolean }[],
  options: NestedCaseControlOptions,
): NestedCaseControlResult {
  const rng = new Rng(options.seed, 2);
  const random = () => rng.next();
  const stratum: number[] = [];
  const isCase: (0 | 1)[] = [];
  const x: number[][] = [];
  let sets = 0;
  let controls = 0;
  const cases = subjects
    .filter((s) => s.outcome === 1)
    .sort((a, b) => a.survivalTime - b.survivalTime || a.rowId - b.rowId);
  for (const c of cases) {
    const d = demographics[c.rowId] as { age: number; male: boolean };
    // at risk at the case's event time: followed at least as long, and not yet a case before it
    const pool = subjects.filter((s) => {
      if (s.rowId === c.rowId) return false;
      const ds = demographics[s.rowId] as { age: number; male: boolean };
      const atRisk =
        s.survivalTime > c.survivalTime || (s.survivalTime === c.survivalTime && s.outcome === 0);
      return atRisk && ds.male === d.male && Math.abs(ds.age - d.age) <= options.ageCaliperYears;
    });
    if (pool.length === 0) continue;
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pool[i], pool[j]] = [pool[j] as Subject, pool[i] as Subject];
    }
    const chosen = pool.slice(0, options.controlsPerCase);
    stratum.push(sets);
    isCase.push(1);
    x.push([c.treatment]);
    for (const s of chosen) {
      stratum.push(sets);
      isCase.push(0);
      x.push([s.treatment]);
    }
    controls += chosen.length;
    sets++;
  }
  if (sets === 0)
    throw new Error("no case could be matched to a control: widen the age caliper or check the outcome");
  const fit = conditionalLogistic({ stratum, case: isCase, x });
  return {
    cases: sets,
    controls,
    matchedSets: sets,
    oddsRatio: fit.or[0] as number,
    ci95: fit.ci95[0] as [number, number],
    p: fit.p[0] ?? null,
  };
}

/**
 * The nested case–control variant of a comparative study: the same population (cohorts, time at risk,
 * prior-outcome removal) as runComparativeStudy, analysed by risk-set sampling and conditional logistic
 * regression instead of a propensity score and Cox.
 */
export async function runNestedCaseControlStudy(
  connection: DuckDBConnection,
  input: unknown,
  options: Partial<NestedCaseControlOptions> = {},
): Promise<NestedCaseControlResult & { attrition: AttritionStep[] }> {
  const spec = ComparativeStudySpec.parse(input);
  const population = await createStudyPopulation(connection, spec);
  await loadSubjects(connection, population.subjects);
  const demographics = await rows<{ age: number; male: boolean }>(
    connection,
    `select (year(s.index_date) - p.year_of_birth)::integer as age, p.gender_concept_id = 8507 as male
     from kh_study_subject s join person p on p.person_id = s.person_id order by s.row_id`,
  );
  const result = nestedCaseControl(population.subjects, demographics, {
    controlsPerCase: options.controlsPerCase ?? 4,
    ageCaliperYears: options.ageCaliperYears ?? 2,
    seed: options.seed ?? spec.seed,
  });
  return { ...result, attrition: population.attrition };
}
