import { logisticRegression, predictLogistic } from "../stats/LogisticRegression.ts";
import { Rng } from "../synthetic/random.ts";

export interface PropensityModel {
  /** P(target | covariates) per subject */
  ps: number[];
  coef: number[];
  /** the preference score's cousin used for matching: logit(ps) */
  logitPs: number[];
  auc: number;
}

/**
 * Propensity scores by ridge-regularised logistic regression on standardised covariates (so the one
 * penalty treats all covariates alike). CohortMethod cross-validates a LASSO prior; a fixed ridge
 * penalty is simpler and stable, and balance diagnostics show whether it worked.
 */
export function fitPropensityScore(x: number[][], treatment: (0 | 1)[], l2: number): PropensityModel {
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
  const fit = logisticRegression(z, treatment, { l2 });
  const ps = predictLogistic(fit.coef, z).map((v) => Math.min(1 - 1e-12, Math.max(1e-12, v)));
  return { ps, coef: fit.coef, logitPs: ps.map((v) => Math.log(v / (1 - v))), auc: auc(ps, treatment) };
}

/** Area under the ROC curve (Mann–Whitney with mid-ranks): how well the PS separates the two groups. */
export function auc(score: number[], label: (0 | 1)[]): number {
  const order = score.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(score.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (
      j + 1 < order.length &&
      (order[j + 1] as readonly [number, number])[0] === (order[i] as readonly [number, number])[0]
    )
      j++;
    for (let k = i; k <= j; k++) ranks[(order[k] as readonly [number, number])[1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let rankSum = 0;
  let pos = 0;
  label.forEach((l, i) => {
    if (l === 1) {
      rankSum += ranks[i] as number;
      pos++;
    }
  });
  const neg = label.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : Number.NaN;
}

export interface MatchedSubject {
  rowId: number;
  /** matched set (or stratum) id; subjects left out of matching are absent */
  stratumId: number;
}

/**
 * Greedy nearest-neighbour matching on the logit of the propensity score within a caliper of
 * `caliper` standard deviations, one comparator per target per round for up to `maxRatio` rounds
 * (variable-ratio matching as in CohortMethod's matchOnPs). Targets are visited in random order
 * (seeded) so ties do not favour early rows.
 */
export function matchOnPs(
  logitPs: number[],
  treatment: (0 | 1)[],
  maxRatio: number,
  caliper: number,
  seed: number,
): MatchedSubject[] {
  const mean = logitPs.reduce((a, b) => a + b, 0) / logitPs.length;
  const sd = Math.sqrt(logitPs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, logitPs.length - 1));
  const width = caliper * sd;
  const targets = logitPs.map((_, i) => i).filter((i) => treatment[i] === 1);
  const comparators = logitPs
    .map((_, i) => i)
    .filter((i) => treatment[i] === 0)
    .sort((a, b) => (logitPs[a] as number) - (logitPs[b] as number));
  const values = comparators.map((i) => logitPs[i] as number);
  const used = new Uint8Array(comparators.length);
  const rng = new Rng(seed, 1);
  const random = () => rng.next();
  for (let i = targets.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [targets[i], targets[j]] = [targets[j] as number, targets[i] as number];
  }
  const sets = new Map<number, number[]>();
  for (let round = 0; round < maxRatio; round++) {
    let matchedThisRound = 0;
    for (const t of targets) {
      if (round > 0 && !sets.has(t)) continue; // a target unmatched in round one stays out
      const v = logitPs[t] as number;
      let lo = 0;
      let hi = values.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((values[mid] as number) < v) lo = mid + 1;
        else hi = mid;
      }
      let best = -1;
      let bestDist = Number.POSITIVE_INFINITY;
      for (let k = lo - 1; k >= 0 && v - (values[k] as number) <= width; k--)
        if (!used[k]) {
          best = k;
          bestDist = v - (values[k] as number);
          break;
        }
      for (let k = lo; k < values.length && (values[k] as number) - v <= width; k++)
        if (!used[k]) {
          if ((values[k] as number) - v < bestDist) best = k;
          break;
        }
      if (best < 0) continue;
      used[best] = 1;
      const set = sets.get(t) ?? [];
      set.push(comparators[best] as number);
      sets.set(t, set);
      matchedThisRound++;
    }
    if (matchedThisRound === 0) break;
  }
  const out: MatchedSubject[] = [];
  let stratumId = 0;
  for (const t of [...sets.keys()].sort((a, b) => a - b)) {
    out.push({ rowId: t, stratumId });
    for (const c of sets.get(t) ?? []) out.push({ rowId: c, stratumId });
    stratumId++;
  }
  return out.sort((a, b) => a.rowId - b.rowId);
}

/** Strata of equal size by propensity-score quantiles over the whole population. */
export function stratifyByPs(ps: number[], strata: number): MatchedSubject[] {
  const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const out = order.map(([, rowId], rank) => ({
    rowId,
    stratumId: Math.min(strata - 1, Math.floor((rank * strata) / ps.length)),
  }));
  return out.sort((a, b) => a.rowId - b.rowId);
}
