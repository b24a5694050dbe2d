import { centreAndScale, strataIds } from "./design.ts";
import { toRows } from "./linalg.ts";
import { type Evaluation, inverseInformation, newtonRaphson } from "./newton.ts";
import { fixTies } from "./timefix.ts";
import { waldSummary } from "./wald.ts";

export interface CoxData {
  time: readonly number[];
  status: readonly (0 | 1)[];
  /** n×p covariates, one row per subject. */
  x: readonly (readonly number[])[];
  /** Each stratum has its own baseline hazard (matched sets, propensity-score strata). */
  strata?: readonly (string | number)[];
  /** Case weights (> 0), as coxph's `weights`. */
  weights?: readonly number[];
  /** Cluster (e.g. matched set or patient) for the robust variance: coxph's `cluster(...)`. */
  cluster?: readonly (string | number)[];
}

export interface CoxOptions {
  ties?: "efron" | "breslow";
  /** Newton–Raphson iterations, step halvings included (default 30). */
  maxIter?: number;
  /**
   * Robust (sandwich) variance from the weighted dfbeta residuals instead of the inverse information.
   * Default as coxph: on when there is a cluster or any weight is not a whole number (e.g. IPTW).
   */
  robust?: boolean;
}

export interface CoxResult {
  coef: number[];
  se: number[];
  hr: number[];
  /** Wald limits exp(coef ± 1.959963984540054·se), as summary.coxph's conf.int. */
  ci95: [number, number][];
  z: number[];
  p: number[];
  logLik: number;
  /** Partial log-likelihood at coef = 0 (coxph's loglik[1]). */
  logLikNull: number;
  iterations: number;
  converged: boolean;
  n: number;
  events: number;
  /** Whether se, z, p, ci95 and varianceMatrix come from the robust variance. */
  robust: boolean;
  varianceMatrix: number[][];
}

/**
 * Cox proportional-hazards model by maximum partial likelihood, equal to R's
 * `coxph(Surv(time, status) ~ x + strata(strata), weights = weights, ties = ties)`.
 *
 * As coxfit6 does, covariates are centred and scaled (weighted mean, mean absolute deviation) before
 * the iteration: it keeps exp(η) in range and the Cholesky tolerance meaningful; estimates and
 * variance are mapped back, so the scaling changes nothing but rounding. Tied times use Efron's
 * approximation by default, with R's handling of case weights (the tied deaths share their mean
 * weight); times equal up to floating-point noise are tied first, as coxph's timefix does.
 */
export function coxPh(data: CoxData, options: CoxOptions = {}): CoxResult {
  const n = data.time.length;
  const what = "coxPh";
  if (n === 0) throw new Error(`${what}: no observations`);
  if (data.status.length !== n || data.x.length !== n) {
    throw new Error(`${what}: time, status and x must have the same length (${n})`);
  }
  if (data.strata && data.strata.length !== n) throw new Error(`${what}: strata must have length ${n}`);
  if (data.weights && data.weights.length !== n) throw new Error(`${what}: weights must have length ${n}`);
  if (data.cluster && data.cluster.length !== n) throw new Error(`${what}: cluster must have length ${n}`);
  const p = (data.x[0] as readonly number[]).length;
  if (p === 0) throw new Error(`${what}: at least one covariate is needed`);
  const efron = (options.ties ?? "efron") === "efron";

  const time = fixTies(data.time);
  let events = 0;
  for (let i = 0; i < n; i++) {
    const s = data.status[i];
    if (s !== 0 && s !== 1) throw new Error(`${what}: status must be 0 or 1 (row ${i + 1})`);
    if (!Number.isFinite(time[i])) throw new Error(`${what}: time must be finite (row ${i + 1})`);
    if ((data.x[i] as readonly number[]).length !== p) {
      throw new Error(`${what}: row ${i + 1} of x has not ${p} values`);
    }
    const w = data.weights ? (data.weights[i] as number) : 1;
    if (!(w > 0) || !Number.isFinite(w)) {
      throw new Error(`${what}: weights must be finite and > 0 (row ${i + 1})`);
    }
    events += s;
  }
  if (events === 0) throw new Error(`${what}: there are no events, so the hazard ratio is not estimable`);

  const robust =
    options.robust ??
    (data.cluster !== undefined || (data.weights?.some((w) => w !== Math.floor(w)) ?? false));
  const stratumId = strataIds(data.strata, n);
  const clusterId = strataIds(data.cluster ?? Array.from({ length: n }, (_, i) => i), n);
  // Each stratum contiguous, latest time first: the risk sets then grow as we walk the array.
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) =>
      (stratumId[a] as number) - (stratumId[b] as number) || (time[b] as number) - (time[a] as number),
  );
  const sTime = new Float64Array(n);
  const sStatus = new Uint8Array(n);
  const sWeight = new Float64Array(n);
  const sStratum = new Int32Array(n);
  const sCluster = new Int32Array(n);
  const x = new Float64Array(n * p);
  for (let r = 0; r < n; r++) {
    const i = order[r] as number;
    sTime[r] = time[i] as number;
    sStatus[r] = data.status[i] as number;
    sWeight[r] = data.weights ? (data.weights[i] as number) : 1;
    sStratum[r] = stratumId[i] as number;
    sCluster[r] = clusterId[i] as number;
    const row = data.x[i] as readonly number[];
    for (let j = 0; j < p; j++) {
      const v = row[j] as number;
      if (!Number.isFinite(v)) throw new Error(`${what}: x[${i + 1}][${j + 1}] is not finite`);
      x[r * p + j] = v;
    }
  }
  const scale = centreAndScale(x, n, p, sWeight);

  const arrays: CoxArrays = {
    n,
    p,
    x,
    time: sTime,
    status: sStatus,
    weight: sWeight,
    stratum: sStratum,
    efron,
  };
  const fit = newtonRaphson((beta) => coxLogLik(beta, arrays), new Float64Array(p), {
    maxIter: options.maxIter ?? 30,
    what,
  });

  let inv = inverseInformation(fit.final.information, p, what);
  if (robust) inv = sandwich(inv, coxScoreResiduals(fit.beta, arrays), sWeight, sCluster, n, p);
  const coef: number[] = [];
  const variance = new Float64Array(p * p);
  for (let j = 0; j < p; j++) coef.push((fit.beta[j] as number) * (scale[j] as number));
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      variance[j * p + k] = (inv[j * p + k] as number) * (scale[j] as number) * (scale[k] as number);
    }
  }
  return {
    ...waldSummary(coef, variance, p),
    logLik: fit.final.logLik,
    logLikNull: fit.initialLogLik,
    iterations: fit.iterations,
    converged: fit.converged,
    n,
    events,
    robust,
    varianceMatrix: toRows(variance, p),
  };
}

interface CoxArrays {
  n: number;
  p: number;
  x: Float64Array;
  time: Float64Array;
  status: Uint8Array;
  weight: Float64Array;
  stratum: Int32Array;
  efron: boolean;
}

/**
 * Partial log-likelihood, score and information (the sums of coxfit6). Walking each stratum from the
 * latest time, all subjects at a time join the risk set before its deaths are scored, so those
 * censored at a death time count as at risk, as R has it.
 */
function coxLogLik(beta: Float64Array, d: CoxArrays): Evaluation {
  const { n, p, x, time, status, weight, stratum, efron } = d;
  const risk = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let j = 0; j < p; j++) e += (x[i * p + j] as number) * (beta[j] as number);
    eta[i] = e;
    risk[i] = (weight[i] as number) * Math.exp(e);
  }
  const gradient = new Float64Array(p);
  const information = new Float64Array(p * p);
  const a = new Float64Array(p);
  const cmat = new Float64Array(p * p);
  const a2 = new Float64Array(p);
  const cmat2 = new Float64Array(p * p);
  const xbar = new Float64Array(p);
  let logLik = 0;
  let denom = 0;
  let i = 0;
  while (i < n) {
    if (i === 0 || stratum[i] !== stratum[i - 1]) {
      denom = 0;
      a.fill(0);
      cmat.fill(0);
    }
    const t = time[i] as number;
    const s = stratum[i] as number;
    let deaths = 0;
    let deathWeight = 0;
    let efronWeight = 0;
    a2.fill(0);
    cmat2.fill(0);
    let k = i;
    for (; k < n && time[k] === t && stratum[k] === s; k++) {
      const r = risk[k] as number;
      const o = k * p;
      denom += r;
      for (let j = 0; j < p; j++) {
        const xj = x[o + j] as number;
        a[j] = (a[j] as number) + r * xj;
        for (let l = 0; l <= j; l++)
          cmat[j * p + l] = (cmat[j * p + l] as number) + r * xj * (x[o + l] as number);
      }
      if (status[k] === 1) {
        const w = weight[k] as number;
        deaths++;
        deathWeight += w;
        efronWeight += r;
        logLik += w * (eta[k] as number);
        for (let j = 0; j < p; j++) {
          const xj = x[o + j] as number;
          gradient[j] = (gradient[j] as number) + w * xj;
          a2[j] = (a2[j] as number) + r * xj;
          for (let l = 0; l <= j; l++) {
            cmat2[j * p + l] = (cmat2[j * p + l] as number) + r * xj * (x[o + l] as number);
          }
        }
      }
    }
    if (deaths > 0) {
      // Efron: the k-th of d tied deaths sees the risk set less k/d of the dying; Breslow (and d = 1)
      // gives them all the full risk set.
      const steps = efron ? deaths : 1;
      const share = deathWeight / steps;
      for (let m = 0; m < steps; m++) {
        const frac = efron ? m / deaths : 0;
        const d2 = denom - frac * efronWeight;
        logLik -= share * Math.log(d2);
        for (let j = 0; j < p; j++) {
          const v = ((a[j] as number) - frac * (a2[j] as number)) / d2;
          xbar[j] = v;
          gradient[j] = (gradient[j] as number) - share * v;
        }
        for (let j = 0; j < p; j++) {
          for (let l = 0; l <= j; l++) {
            const c = ((cmat[j * p + l] as number) - frac * (cmat2[j * p + l] as number)) / d2;
            information[j * p + l] =
              (information[j * p + l] as number) + share * (c - (xbar[j] as number) * (xbar[l] as number));
          }
        }
      }
    }
    i = k;
  }
  for (let j = 0; j < p; j++) {
    for (let l = 0; l < j; l++) information[l * p + j] = information[j * p + l] as number;
  }
  return { logLik, gradient, information };
}

/**
 * Score residuals of each subject (coxscore2 of survival, Efron and Breslow), in O(n·p) from running
 * sums over the death times rather than R's loop over each risk set. A subject at risk at a death
 * time t loses exp(η)·h_t·(x − x̄_t); one dying at t also gains x − x̄_t, with Efron's fractions when
 * deaths are tied.
 */
function coxScoreResiduals(beta: Float64Array, d: CoxArrays): Float64Array {
  const { n, p, x, time, status, weight, stratum, efron } = d;
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let j = 0; j < p; j++) e += (x[i * p + j] as number) * (beta[j] as number);
    score[i] = Math.exp(e);
  }
  // Per tie group (array order, i.e. latest time first): the hazard increment H and H·x̄ (G) seen
  // by survivors, and for the dying the Efron-weighted H′, G′ and mean x̄ (M).
  interface Group {
    start: number;
    end: number;
    deaths: number;
    h: number;
    g: Float64Array;
    h1: number;
    g1: Float64Array;
    m: Float64Array;
  }
  const groups: Group[] = [];
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  let denom = 0;
  for (let i = 0; i < n; ) {
    if (i === 0 || stratum[i] !== stratum[i - 1]) {
      denom = 0;
      a.fill(0);
    }
    const t = time[i] as number;
    const s = stratum[i] as number;
    let deaths = 0;
    let deathWeight = 0;
    let efronWeight = 0;
    a2.fill(0);
    let k = i;
    for (; k < n && time[k] === t && stratum[k] === s; k++) {
      const r = (score[k] as number) * (weight[k] as number);
      denom += r;
      for (let j = 0; j < p; j++) a[j] = (a[j] as number) + r * (x[k * p + j] as number);
      if (status[k] === 1) {
        deaths++;
        deathWeight += weight[k] as number;
        efronWeight += r;
        for (let j = 0; j < p; j++) a2[j] = (a2[j] as number) + r * (x[k * p + j] as number);
      }
    }
    const group: Group = {
      start: i,
      end: k,
      deaths,
      h: 0,
      g: new Float64Array(p),
      h1: 0,
      g1: new Float64Array(p),
      m: new Float64Array(p),
    };
    if (deaths > 0) {
      const steps = efron ? deaths : 1;
      const share = deathWeight / steps;
      for (let dd = 0; dd < steps; dd++) {
        const frac = efron ? dd / deaths : 0;
        const d2 = denom - frac * efronWeight;
        const h = share / d2;
        group.h += h;
        group.h1 += h * (1 - frac);
        for (let j = 0; j < p; j++) {
          const mean = ((a[j] as number) - frac * (a2[j] as number)) / d2;
          group.g[j] = (group.g[j] as number) + h * mean;
          group.g1[j] = (group.g1[j] as number) + h * (1 - frac) * mean;
          group.m[j] = (group.m[j] as number) + mean / steps;
        }
      }
    }
    groups.push(group);
    i = k;
  }
  const resid = new Float64Array(n * p);
  const cumG = new Float64Array(p);
  let cumH = 0;
  for (let gi = groups.length - 1; gi >= 0; gi--) {
    const group = groups[gi] as Group;
    // Walking backwards, a new stratum starts where the next group (in array order) is another one.
    if (gi === groups.length - 1 || stratum[group.end] !== stratum[group.start]) {
      cumH = 0;
      cumG.fill(0);
    }
    for (let k = group.start; k < group.end; k++) {
      const sc = score[k] as number;
      const dead = group.deaths > 0 && status[k] === 1;
      const hk = cumH + (dead ? group.h1 : group.h);
      for (let j = 0; j < p; j++) {
        const xj = x[k * p + j] as number;
        const gk = (cumG[j] as number) + ((dead ? group.g1[j] : group.g[j]) as number);
        resid[k * p + j] = (dead ? xj - (group.m[j] as number) : 0) - sc * (xj * hk - gk);
      }
    }
    cumH += group.h;
    for (let j = 0; j < p; j++) cumG[j] = (cumG[j] as number) + (group.g[j] as number);
  }
  return resid;
}

/**
 * V·B·V with B = Σ_c u_c·u_c′, u_c the weighted score residuals summed within cluster c: coxph's
 * robust variance t(D)·D with D = dfbeta residuals (weighted, collapsed by cluster).
 */
function sandwich(
  v: Float64Array,
  resid: Float64Array,
  weight: Float64Array,
  cluster: Int32Array,
  n: number,
  p: number,
): Float64Array {
  let clusters = 0;
  for (let i = 0; i < n; i++) clusters = Math.max(clusters, (cluster[i] as number) + 1);
  const u = new Float64Array(clusters * p);
  for (let i = 0; i < n; i++) {
    const c = cluster[i] as number;
    const w = weight[i] as number;
    for (let j = 0; j < p; j++) u[c * p + j] = (u[c * p + j] as number) + w * (resid[i * p + j] as number);
  }
  const b = new Float64Array(p * p);
  for (let c = 0; c < clusters; c++) {
    for (let j = 0; j < p; j++) {
      const uj = u[c * p + j] as number;
      for (let l = 0; l < p; l++) b[j * p + l] = (b[j * p + l] as number) + uj * (u[c * p + l] as number);
    }
  }
  const vb = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let l = 0; l < p; l++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += (v[j * p + k] as number) * (b[k * p + l] as number);
      vb[j * p + l] = s;
    }
  }
  const out = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let l = 0; l < p; l++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += (vb[j * p + k] as number) * (v[k * p + l] as number);
      out[j * p + l] = s;
    }
  }
  return out;
}
