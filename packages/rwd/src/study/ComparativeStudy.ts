import type { DuckDBConnection } from "@duckdb/node-api";
import { attWeights, type CovariateBalance, computeBalance } from "./Balance.ts";
import { buildCovariates, loadSubjects } from "./Covariates.ts";
import { fitOutcomeModel, type OutcomeModel } from "./OutcomeModels.ts";
import {
  DEFAULT_MIN_CELL_COUNT,
  type ReleasedCount,
  releaseCount,
  releaseParts,
  releaseSequence,
} from "./Privacy.ts";
import { fitPropensityScore, type MatchedSubject, matchOnPs, stratifyByPs } from "./PsFunctions.ts";
import { type AttritionStep, createStudyPopulation } from "./StudyPopulation.ts";
import { ComparativeStudySpec } from "./StudySpec.ts";

export interface ComparativeStudyResult {
  spec: ComparativeStudySpec;
  attrition: AttritionStep[];
  covariateCount: number;
  propensityScore: { auc: number; histogram: { bin: number; target: number; comparator: number }[] } | null;
  balance: CovariateBalance[];
  /** the largest |SMD| after adjustment: below 0.1 is the usual bar for a balanced population */
  maxAbsSmdAfter: number;
  outcome: OutcomeModel;
  elapsedMs: number;
}

function psHistogram(ps: number[], treatment: (0 | 1)[], bins = 20) {
  const out = Array.from({ length: bins }, (_, b) => ({ bin: (b + 0.5) / bins, target: 0, comparator: 0 }));
  ps.forEach((p, i) => {
    const b = out[Math.min(bins - 1, Math.floor(p * bins))] as { target: number; comparator: number };
    if (treatment[i] === 1) b.target++;
    else b.comparator++;
  });
  return out;
}

/** Runs a comparative new-user cohort study on a data source whose cohorts are already built. */
export async function runComparativeStudy(
  connection: DuckDBConnection,
  input: unknown,
): Promise<ComparativeStudyResult> {
  const started = performance.now();
  const spec = ComparativeStudySpec.parse(input);
  const population = await createStudyPopulation(connection, spec);
  const subjects = population.subjects;
  const treatment = subjects.map((s) => s.treatment);
  if (!treatment.includes(1) || !treatment.includes(0))
    throw new Error(
      "the study population has no target or no comparator subjects: check the cohorts and the time at risk",
    );
  await loadSubjects(connection, subjects);
  const { covariates, x } = await buildCovariates(connection, subjects, spec);

  let strata: MatchedSubject[] | null = null;
  let psSummary: ComparativeStudyResult["propensityScore"] = null;
  const attrition = [...population.attrition];
  if (spec.adjustment.type !== "none") {
    const model = fitPropensityScore(x, treatment, spec.propensityScore.l2);
    psSummary = { auc: model.auc, histogram: psHistogram(model.ps, treatment) };
    strata =
      spec.adjustment.type === "match"
        ? matchOnPs(model.logitPs, treatment, spec.adjustment.maxRatio, spec.adjustment.caliper, spec.seed)
        : stratifyByPs(model.ps, spec.adjustment.strata);
    if (spec.adjustment.type === "match")
      attrition.push({
        step: "Matched on propensity score",
        stepJa: "傾向スコアでマッチング",
        target: strata.filter((s) => treatment[s.rowId] === 1).length,
        comparator: strata.filter((s) => treatment[s.rowId] === 0).length,
      });
  }
  const weights = strata ? attWeights(treatment, strata) : treatment.map(() => 1);
  const balance = computeBalance(covariates, x, treatment, weights);
  const outcome = fitOutcomeModel(subjects, strata);
  return {
    spec,
    attrition,
    covariateCount: covariates.length,
    propensityScore: psSummary,
    balance,
    maxAbsSmdAfter: balance.reduce((m, b) => Math.max(m, Math.abs(b.afterSmd)), 0),
    outcome,
    elapsedMs: performance.now() - started,
  };
}

export interface ReleasedStudyResult {
  spec: ComparativeStudySpec;
  minCellCount: number;
  attrition: {
    step: string;
    stepJa: string;
    target: ReleasedCount;
    comparator: ReleasedCount;
    removedTarget: ReleasedCount | null;
    removedComparator: ReleasedCount | null;
  }[];
  arms: {
    target: ReleasedArm;
    comparator: ReleasedArm;
    total: { subjects: ReleasedCount; events: ReleasedCount };
  };
  hazardRatio: number;
  ci95: [number, number];
  p: number;
  propensityScore: {
    auc: number;
    histogram: { bin: number; target: ReleasedCount; comparator: ReleasedCount }[];
  } | null;
  /** means and SMDs of a binary covariate held by fewer than the threshold in an arm are withheld (null) */
  balance: (Omit<
    CovariateBalance,
    | "beforeTargetMean"
    | "beforeComparatorMean"
    | "beforeSmd"
    | "afterTargetMean"
    | "afterComparatorMean"
    | "afterSmd"
  > & {
    beforeTargetMean: number | null;
    beforeComparatorMean: number | null;
    beforeSmd: number | null;
    afterTargetMean: number | null;
    afterComparatorMean: number | null;
    afterSmd: number | null;
  })[];
  maxAbsSmdAfter: number;
}

interface ReleasedArm {
  subjects: ReleasedCount;
  events: ReleasedCount;
  personYears: number;
  incidenceRate: { rate: number; lower: number; upper: number } | null;
  kaplanMeier: { time: number[]; survival: number[]; lower: number[]; upper: number[] } | null;
}

/**
 * Each step of a Kaplan–Meier curve tells how many events happened at that time; the released curve
 * keeps only the points where at least `threshold` events have gathered since the last point shown.
 */
export function coarsenKaplanMeier(
  km: { time: number[]; nEvent: number[]; survival: number[]; lower: number[]; upper: number[] },
  threshold: number,
) {
  const out = { time: [0], survival: [1], lower: [1], upper: [1] };
  let pending = 0;
  km.time.forEach((t, i) => {
    pending += km.nEvent[i] as number;
    if (pending >= threshold) {
      out.time.push(t);
      out.survival.push(km.survival[i] as number);
      out.lower.push(km.lower[i] as number);
      out.upper.push(km.upper[i] as number);
      pending = 0;
    }
  });
  return out;
}

/**
 * The result as it may leave the engine: counts below the threshold become "<threshold", counts that
 * would reveal them by subtraction are withheld, and curves or rates built on hidden counts are
 * dropped. Covariate means are proportions of groups that are shown, so they stay.
 */
export function releaseStudyResult(
  result: ComparativeStudyResult,
  minCellCount = DEFAULT_MIN_CELL_COUNT,
): ReleasedStudyResult {
  const t = releaseSequence(
    result.attrition.map((a) => a.target),
    minCellCount,
  );
  const c = releaseSequence(
    result.attrition.map((a) => a.comparator),
    minCellCount,
  );
  const { target, comparator } = result.outcome;
  const subjects = releaseParts([target.subjects, comparator.subjects], minCellCount);
  const events = releaseParts([target.events, comparator.events], minCellCount);
  const arm = (a: typeof target, i: number): ReleasedArm => {
    const shown = typeof events.parts[i] === "number" && typeof subjects.parts[i] === "number";
    return {
      subjects: subjects.parts[i] as ReleasedCount,
      events: events.parts[i] as ReleasedCount,
      personYears: a.personYears,
      incidenceRate: shown ? a.incidenceRate : null,
      kaplanMeier: shown ? coarsenKaplanMeier(a.kaplanMeier, minCellCount) : null,
    };
  };
  return {
    spec: result.spec,
    minCellCount,
    attrition: result.attrition.map((a, i) => ({
      step: a.step,
      stepJa: a.stepJa,
      target: t[i]?.remaining as ReleasedCount,
      comparator: c[i]?.remaining as ReleasedCount,
      removedTarget: t[i]?.removed ?? null,
      removedComparator: c[i]?.removed ?? null,
    })),
    arms: {
      target: arm(target, 0),
      comparator: arm(comparator, 1),
      total: { subjects: subjects.total, events: events.total },
    },
    hazardRatio: result.outcome.hazardRatio,
    ci95: result.outcome.ci95,
    p: result.outcome.p,
    propensityScore: result.propensityScore && {
      auc: result.propensityScore.auc,
      histogram: result.propensityScore.histogram.map((h) => ({
        bin: h.bin,
        target: releaseCount(h.target, minCellCount),
        comparator: releaseCount(h.comparator, minCellCount),
      })),
    },
    balance: result.balance.map((b) => {
      // a binary covariate's mean times the arm size is a head count: withhold small ones
      const small = (mean: number, n: number) => {
        const count = Math.round(mean * n);
        return b.covariateId !== "age" && count > 0 && count < minCellCount;
      };
      const nBefore = {
        t: result.attrition.at(-1 - (result.spec.adjustment.type === "match" ? 1 : 0))?.target ?? 0,
        c: result.attrition.at(-1 - (result.spec.adjustment.type === "match" ? 1 : 0))?.comparator ?? 0,
      };
      const hideBefore = small(b.beforeTargetMean, nBefore.t) || small(b.beforeComparatorMean, nBefore.c);
      const hideAfter =
        small(b.afterTargetMean, target.subjects) || small(b.afterComparatorMean, target.subjects);
      return {
        ...b,
        beforeTargetMean: hideBefore ? null : b.beforeTargetMean,
        beforeComparatorMean: hideBefore ? null : b.beforeComparatorMean,
        beforeSmd: hideBefore ? null : b.beforeSmd,
        afterTargetMean: hideAfter ? null : b.afterTargetMean,
        afterComparatorMean: hideAfter ? null : b.afterComparatorMean,
        afterSmd: hideAfter ? null : b.afterSmd,
      };
    }),
    maxAbsSmdAfter: result.maxAbsSmdAfter,
  };
}
