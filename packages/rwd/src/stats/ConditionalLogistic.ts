import { centreAndScale, strataIds } from "./design.ts";
import { toRows } from "./linalg.ts";
import { type Evaluation, inverseInformation, newtonRaphson } from "./newton.ts";
import { waldSummary } from "./wald.ts";

export interface ConditionalLogisticData {
  /** Matched-set identifier. */
  stratum: readonly (string | number)[];
  case: readonly (0 | 1)[];
  /** n×p covariates. */
  x: readonly (readonly number[])[];
}

export interface ConditionalLogisticResult {
  coef: number[];
  se: number[];
  /** Odds ratios exp(coef). */
  or: number[];
  ci95: [number, number][];
  z: number[];
  p: number[];
  /** Exact conditional log-likelihood at the estimate (clogit's loglik[2]). */
  logLik: number;
  /** At coef = 0 (clogit's loglik[1]). */
  logLikNull: number;
  iterations: number;
  converged: boolean;
  varianceMatrix: number[][];
}

/**
 * Conditional logistic regression for matched case–control sets, equal to R's
 * `clogit(case ~ x + strata(stratum), method = "exact")` (clogit's default). Each set contributes
 * P(these d members are the cases | d cases among its m), whose denominator sums exp(Σ η) over all
 * C(m, d) subsets; it is computed by the recursion of Gail, Lubin and Rubinstein (1981),
 * B(k, j) = B(k, j−1) + r_j·B(k−1, j−1), with its first and second derivatives carried alongside, in
 * O(m·d·p²) per set. With one case per set this is the same likelihood as coxph with Breslow or
 * Efron ties on a common time. Sets with no case or no control carry no information and are skipped.
 */
export function conditionalLogistic(
  data: ConditionalLogisticData,
  options: { maxIter?: number } = {},
): ConditionalLogisticResult {
  const what = "conditionalLogistic";
  const n = data.case.length;
  if (n === 0) throw new Error(`${what}: no observations`);
  if (data.stratum.length !== n || data.x.length !== n) {
    throw new Error(`${what}: stratum, case and x must have the same length (${n})`);
  }
  const p = (data.x[0] as readonly number[]).length;
  if (p === 0) throw new Error(`${what}: at least one covariate is needed`);
  const ids = strataIds(data.stratum, n);
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (ids[a] as number) - (ids[b] as number) || a - b,
  );
  const x = new Float64Array(n * p);
  const isCase = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const i = order[r] as number;
    const c = data.case[i];
    if (c !== 0 && c !== 1) throw new Error(`${what}: case must be 0 or 1 (row ${i + 1})`);
    isCase[r] = c;
    const row = data.x[i] as readonly number[];
    if (row.length !== p) throw new Error(`${what}: row ${i + 1} of x has not ${p} values`);
    for (let j = 0; j < p; j++) {
      const v = row[j] as number;
      if (!Number.isFinite(v)) throw new Error(`${what}: x[${i + 1}][${j + 1}] is not finite`);
      x[r * p + j] = v;
    }
  }
  const sets: MatchedSet[] = [];
  for (let start = 0; start < n; ) {
    let end = start;
    let cases = 0;
    while (end < n && ids[order[end] as number] === ids[order[start] as number])
      cases += isCase[end++] as number;
    if (cases > 0 && cases < end - start) sets.push({ start, end, cases });
    start = end;
  }
  if (sets.length === 0) throw new Error(`${what}: no matched set has both a case and a control`);
  const scale = centreAndScale(x, n, p, new Float64Array(n).fill(1));

  const fit = newtonRaphson((beta) => conditionalLogLik(beta, x, isCase, sets, p), new Float64Array(p), {
    maxIter: options.maxIter ?? 30,
    what,
  });
  const inv = inverseInformation(fit.final.information, p, what);
  const coef: number[] = [];
  const variance = new Float64Array(p * p);
  for (let j = 0; j < p; j++) coef.push((fit.beta[j] as number) * (scale[j] as number));
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      variance[j * p + k] = (inv[j * p + k] as number) * (scale[j] as number) * (scale[k] as number);
    }
  }
  const wald = waldSummary(coef, variance, p);
  return {
    coef,
    se: wald.se,
    or: wald.hr,
    ci95: wald.ci95,
    z: wald.z,
    p: wald.p,
    logLik: fit.final.logLik,
    logLikNull: fit.initialLogLik,
    iterations: fit.iterations,
    converged: fit.converged,
    varianceMatrix: toRows(variance, p),
  };
}

interface MatchedSet {
  start: number;
  end: number;
  cases: number;
}

function conditionalLogLik(
  beta: Float64Array,
  x: Float64Array,
  isCase: Uint8Array,
  sets: MatchedSet[],
  p: number,
): Evaluation {
  const gradient = new Float64Array(p);
  const information = new Float64Array(p * p);
  let logLik = 0;
  const pp = p * p;
  for (const { start, end, cases: d } of sets) {
    const m = end - start;
    const eta = new Float64Array(m);
    let maxEta = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < m; r++) {
      let e = 0;
      for (let j = 0; j < p; j++) e += (x[(start + r) * p + j] as number) * (beta[j] as number);
      eta[r] = e;
      if (e > maxEta) maxEta = e;
    }
    // Shifting η by its maximum scales numerator and denominator alike by e^(d·max) and keeps
    // the subset sums in range.
    const b = new Float64Array(d + 1);
    const db = new Float64Array((d + 1) * p);
    const d2b = new Float64Array((d + 1) * pp);
    b[0] = 1;
    for (let r = 0; r < m; r++) {
      const rr = Math.exp((eta[r] as number) - maxEta);
      const xo = (start + r) * p;
      // Knapsack order (k downwards) so that row k−1 still holds B(·, r−1) when row k is updated.
      for (let k = Math.min(d, r + 1); k >= 1; k--) {
        const bPrev = b[k - 1] as number;
        const gPrev = (k - 1) * p;
        const g = k * p;
        const hPrev = (k - 1) * pp;
        const h = k * pp;
        for (let j = 0; j < p; j++) {
          const xj = x[xo + j] as number;
          const dPrevJ = db[gPrev + j] as number;
          for (let l = 0; l <= j; l++) {
            const xl = x[xo + l] as number;
            d2b[h + j * p + l] =
              (d2b[h + j * p + l] as number) +
              rr *
                ((d2b[hPrev + j * p + l] as number) +
                  xj * (db[gPrev + l] as number) +
                  dPrevJ * xl +
                  xj * xl * bPrev);
          }
        }
        for (let j = 0; j < p; j++) {
          db[g + j] =
            (db[g + j] as number) + rr * ((db[gPrev + j] as number) + (x[xo + j] as number) * bPrev);
        }
        b[k] = (b[k] as number) + rr * bPrev;
      }
    }
    const denom = b[d] as number;
    logLik -= Math.log(denom);
    for (let r = 0; r < m; r++) {
      if (isCase[start + r] !== 1) continue;
      logLik += (eta[r] as number) - maxEta;
      for (let j = 0; j < p; j++) gradient[j] = (gradient[j] as number) + (x[(start + r) * p + j] as number);
    }
    const g = d * p;
    const h = d * pp;
    for (let j = 0; j < p; j++) {
      const mj = (db[g + j] as number) / denom;
      gradient[j] = (gradient[j] as number) - mj;
      for (let l = 0; l <= j; l++) {
        const ml = (db[g + l] as number) / denom;
        information[j * p + l] =
          (information[j * p + l] as number) + (d2b[h + j * p + l] as number) / denom - mj * ml;
      }
    }
  }
  for (let j = 0; j < p; j++) {
    for (let l = 0; l < j; l++) information[l * p + j] = information[j * p + l] as number;
  }
  return { logLik, gradient, information };
}
