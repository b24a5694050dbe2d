import type { Covariate } from "./Covariates.ts";
import type { MatchedSubject } from "./PsFunctions.ts";

export interface CovariateBalance {
  covariateId: string;
  name: string;
  beforeTargetMean: number;
  beforeComparatorMean: number;
  beforeSmd: number;
  afterTargetMean: number;
  afterComparatorMean: number;
  afterSmd: number;
}

/**
 * Weights that make the comparators of each matched set or stratum stand for its targets (the
 * average treatment effect in the treated): targets weigh 1, a stratum's comparators share the
 * stratum's target count. Subjects outside every set weigh 0.
 */
export function attWeights(treatment: (0 | 1)[], strata: MatchedSubject[]): number[] {
  const weights = new Array<number>(treatment.length).fill(0);
  const counts = new Map<number, { t: number; c: number }>();
  for (const s of strata) {
    const k = counts.get(s.stratumId) ?? { t: 0, c: 0 };
    if (treatment[s.rowId] === 1) k.t++;
    else k.c++;
    counts.set(s.stratumId, k);
  }
  for (const s of strata) {
    const k = counts.get(s.stratumId) as { t: number; c: number };
    if (k.t === 0 || k.c === 0) continue; // a stratum with one arm only carries no comparison
    weights[s.rowId] = treatment[s.rowId] === 1 ? 1 : k.t / k.c;
  }
  return weights;
}

function weightedMoments(values: number[], weights: number[]): { mean: number; variance: number } {
  let sw = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sw += weights[i] as number;
    sum += (weights[i] as number) * (values[i] as number);
  }
  const mean = sw > 0 ? sum / sw : Number.NaN;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (weights[i] as number) * ((values[i] as number) - mean) ** 2;
  return { mean, variance: sw > 0 ? ss / sw : Number.NaN };
}

/** Standardised difference of means: (mean_t − mean_c) / sqrt((var_t + var_c) / 2); 0 when both vary not. */
export function standardisedDifference(
  values: number[],
  treatment: (0 | 1)[],
  weights: number[],
): { targetMean: number; comparatorMean: number; smd: number } {
  const wt = weights.map((w, i) => (treatment[i] === 1 ? w : 0));
  const wc = weights.map((w, i) => (treatment[i] === 0 ? w : 0));
  const t = weightedMoments(values, wt);
  const c = weightedMoments(values, wc);
  const pooled = Math.sqrt((t.variance + c.variance) / 2);
  return { targetMean: t.mean, comparatorMean: c.mean, smd: pooled > 0 ? (t.mean - c.mean) / pooled : 0 };
}

export function computeBalance(
  covariates: Covariate[],
  x: number[][],
  treatment: (0 | 1)[],
  after: number[],
): CovariateBalance[] {
  const ones = treatment.map(() => 1);
  return covariates.map((cov, j) => {
    const column = x.map((row) => row[j] as number);
    const b = standardisedDifference(column, treatment, ones);
    const a = standardisedDifference(column, treatment, after);
    return {
      covariateId: cov.id,
      name: cov.name,
      beforeTargetMean: b.targetMean,
      beforeComparatorMean: b.comparatorMean,
      beforeSmd: b.smd,
      afterTargetMean: a.targetMean,
      afterComparatorMean: a.comparatorMean,
      afterSmd: a.smd,
    };
  });
}
