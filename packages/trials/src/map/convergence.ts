/**
 * MCMC convergence diagnostics of Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), "Rank-normalization,
 * folding, and localization: an improved R-hat for assessing convergence of MCMC", Bayesian Analysis 16(2),
 * as implemented in the R package `posterior` (the reference implementation):
 *
 * - every chain is split in half (a chain that drifts then looks like two chains that disagree);
 * - rank normalisation: the pooled draws are replaced by Φ⁻¹((rank − 3/8) / (S + 1/4)), average ranks for ties,
 *   so heavy tails and monotone transformations do not change the diagnostics;
 * - R-hat = max(R-hat of the rank-normalised draws, R-hat of the rank-normalised folded draws |x − median|),
 *   the second catching chains that agree in location but not in scale;
 * - bulk ESS = the multi-chain effective sample size (Geyer's initial monotone sequence over the pooled
 *   autocorrelations, as in Stan) of the rank-normalised split chains; tail ESS = the smaller ESS of the
 *   indicators x ≤ q5% and x ≤ q95%.
 *
 * Every function takes the draws of one scalar quantity as one array per chain (all of equal length).
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

export type Chains = readonly Float64Array[];

function checkChains(chains: Chains, name: string): number {
  if (chains.length === 0) throw new Error(`${name}: give at least one chain of draws`);
  const n = (chains[0] as Float64Array).length;
  for (const [c, chain] of chains.entries()) {
    if (chain.length !== n) {
      throw new Error(
        `${name}: chain ${c} has ${chain.length} draws but chain 0 has ${n}; give equal lengths`,
      );
    }
  }
  return n;
}

/** Halves of every chain; with an odd length the middle draw is dropped, as `posterior` does. */
export function splitChains(chains: Chains): Float64Array[] {
  const n = checkChains(chains, "splitChains");
  if (n < 2) return chains.map((c) => c.slice());
  const half = Math.floor(n / 2);
  const out: Float64Array[] = [];
  for (const chain of chains) {
    out.push(chain.slice(0, half));
    out.push(chain.slice(n - half));
  }
  return out;
}

function isDegenerate(chains: Chains): boolean {
  let first = Number.NaN;
  let varies = false;
  for (const chain of chains) {
    for (let i = 0; i < chain.length; i++) {
      const v = chain[i] as number;
      if (!Number.isFinite(v)) return true;
      if (Number.isNaN(first)) first = v;
      else if (v !== first) varies = true;
    }
  }
  return !varies;
}

function pooled(chains: Chains): Float64Array {
  const n = (chains[0] as Float64Array).length;
  const out = new Float64Array(n * chains.length);
  for (const [c, chain] of chains.entries()) out.set(chain, c * n);
  return out;
}

/** First index of an ascending array whose value is ≥ v (strict: > v). */
function lowerBound(sorted: Float64Array, v: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = sorted[mid] as number;
    if (s < v || (strict && s === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rank-normalised draws z = Φ⁻¹((r − 3/8)/(S + 1/4)) with average ranks r over all chains pooled. */
export function rankNormalize(chains: Chains): Float64Array[] {
  const n = checkChains(chains, "rankNormalize");
  const sorted = pooled(chains).sort();
  const scale = 1 / (sorted.length + 0.25);
  const out: Float64Array[] = [];
  for (const chain of chains) {
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = chain[i] as number;
      // tied draws share the average of their 1-based ranks
      const first = lowerBound(sorted, v, false);
      const last = lowerBound(sorted, v, true) - 1;
      z[i] = normalQuantile(((first + last) / 2 + 1 - 0.375) * scale, 0, 1);
    }
    out.push(z);
  }
  return out;
}

/** Type-7 (R's default) quantile of an ascending array. */
function sortedQuantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

function mean(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s / x.length;
}

/** Classic potential scale reduction factor of the given chains, unsplit and untransformed (Gelman–Rubin). */
export function rhatBasic(chains: Chains): number {
  const n = checkChains(chains, "rhatBasic");
  const m = chains.length;
  if (n < 2 || m < 2 || isDegenerate(chains)) return Number.NaN;
  const means = chains.map(mean);
  let grand = 0;
  for (const v of means) grand += v;
  grand /= m;
  let between = 0;
  for (const v of means) between += (v - grand) ** 2;
  between = (n * between) / (m - 1);
  let within = 0;
  for (const [c, chain] of chains.entries()) {
    const mc = means[c] as number;
    let s = 0;
    for (let i = 0; i < n; i++) s += ((chain[i] as number) - mc) ** 2;
    within += s / (n - 1);
  }
  within /= m;
  return Math.sqrt((between / within + n - 1) / n);
}

/**
 * Multi-chain effective sample size of the mean of the given chains (unsplit, untransformed), by Geyer's
 * initial monotone sequence on autocorrelations that combine within- and between-chain variance (Stan).
 */
export function essBasic(chains: Chains): number {
  const n = checkChains(chains, "essBasic");
  const m = chains.length;
  if (n < 3 || isDegenerate(chains)) return Number.NaN;
  const means = chains.map(mean);
  const centred = chains.map((chain, c) => {
    const out = new Float64Array(n);
    const mc = means[c] as number;
    for (let i = 0; i < n; i++) out[i] = (chain[i] as number) - mc;
    return out;
  });
  // mean over chains of the biased (divide by n) autocovariance at a lag, computed only for the lags Geyer's
  // rule actually reaches
  const acov = (lag: number): number => {
    let s = 0;
    for (const x of centred) {
      let a = 0;
      for (let i = 0; i + lag < n; i++) a += (x[i] as number) * (x[i + lag] as number);
      s += a / n;
    }
    return s / m;
  };
  const acov0 = acov(0);
  const meanVar = (acov0 * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (m > 1) {
    let grand = 0;
    for (const v of means) grand += v;
    grand /= m;
    let b = 0;
    for (const v of means) b += (v - grand) ** 2;
    varPlus += b / (m - 1);
  }
  const rho = new Float64Array(n + 2);
  rho[0] = 1;
  let rhoEven = 1;
  let rhoOdd = 1 - (meanVar - acov(1)) / varPlus;
  rho[1] = rhoOdd;
  let t = 0;
  while (t < n - 5 && !Number.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
    t += 2;
    rhoEven = 1 - (meanVar - acov(t)) / varPlus;
    rhoOdd = 1 - (meanVar - acov(t + 1)) / varPlus;
    if (rhoEven + rhoOdd >= 0) {
      rho[t] = rhoEven;
      rho[t + 1] = rhoOdd;
    }
  }
  const maxT = t;
  // the last positive even autocorrelation improves the estimate (Stan's variant of Geyer)
  if (rhoEven > 0) rho[maxT] = rhoEven;
  // initial monotone sequence: pair sums may not increase
  t = 0;
  while (t <= maxT - 4) {
    t += 2;
    const prev = (rho[t - 2] as number) + (rho[t - 1] as number);
    if ((rho[t] as number) + (rho[t + 1] as number) > prev) {
      rho[t] = prev / 2;
      rho[t + 1] = prev / 2;
    }
  }
  const total = m * n;
  let sum = 0;
  for (let k = 0; k < maxT; k++) sum += rho[k] as number;
  let tauHat = -1 + 2 * sum + (rho[maxT] as number);
  // antithetic chains could otherwise claim an ESS beyond S·log10(S)
  tauHat = Math.max(tauHat, 1 / Math.log10(total));
  return total / tauHat;
}

/** Rank-normalised split R-hat: the larger of the bulk and the folded (scale) R-hat. */
export function rhat(chains: Chains): number {
  checkChains(chains, "rhat");
  const split = splitChains(chains);
  if (isDegenerate(split)) return Number.NaN;
  const bulk = rhatBasic(rankNormalize(split));
  const med = sortedQuantile(pooled(chains).sort(), 0.5);
  const folded = split.map((c) => c.map((v) => Math.abs(v - med)));
  const tail = rhatBasic(rankNormalize(folded));
  return Math.max(bulk, Number.isNaN(tail) ? bulk : tail);
}

/** Bulk effective sample size: ESS of the rank-normalised split chains. */
export function essBulk(chains: Chains): number {
  checkChains(chains, "essBulk");
  const split = splitChains(chains);
  if (isDegenerate(split)) return Number.NaN;
  return essBasic(rankNormalize(split));
}

/** ESS of the indicator x ≤ q(p) over the split chains: how well the p-quantile is estimated. */
export function essQuantile(chains: Chains, p: number): number {
  checkChains(chains, "essQuantile");
  if (!(p > 0 && p < 1)) throw new Error(`essQuantile: p must lie in (0, 1), got ${p}`);
  const q = sortedQuantile(pooled(chains).sort(), p);
  const indicators = splitChains(chains).map((c) => c.map((v) => (v <= q ? 1 : 0)));
  return essBasic(indicators);
}

/** Tail effective sample size: the smaller of the ESS of the 5 % and 95 % quantiles. */
export function essTail(chains: Chains): number {
  return Math.min(essQuantile(chains, 0.05), essQuantile(chains, 0.95));
}

/** Monte-Carlo standard error of the posterior mean: sd / √ESS, with the ESS of the split chains. */
export function mcseMean(chains: Chains): number {
  const n = checkChains(chains, "mcseMean");
  let s = 0;
  let s2 = 0;
  for (const chain of chains) {
    for (let i = 0; i < n; i++) {
      const v = chain[i] as number;
      s += v;
      s2 += v * v;
    }
  }
  const total = n * chains.length;
  const m = s / total;
  const variance = (s2 - total * m * m) / (total - 1);
  return Math.sqrt(Math.max(variance, 0) / essBasic(splitChains(chains)));
}

/** Diagnostics of one scalar quantity. */
export interface ParameterDiagnostics {
  /** rank-normalised split R-hat (bulk and folded, the larger) */
  rhat: number;
  /** bulk effective sample size */
  essBulk: number;
  /** tail effective sample size (5 % and 95 % quantiles, the smaller) */
  essTail: number;
}

/** R-hat, bulk and tail ESS of one quantity, given one array of draws per chain. */
export function diagnose(chains: Chains): ParameterDiagnostics {
  checkChains(chains, "diagnose");
  const split = splitChains(chains);
  if (isDegenerate(split)) return { rhat: Number.NaN, essBulk: Number.NaN, essTail: Number.NaN };
  // one sort and one rank normalisation shared by R-hat, bulk and tail ESS
  const sorted = pooled(chains).sort();
  const z = rankNormalize(split);
  const med = sortedQuantile(sorted, 0.5);
  const folded = rhatBasic(rankNormalize(split.map((c) => c.map((v) => Math.abs(v - med)))));
  const bulk = rhatBasic(z);
  const tailEss = (p: number) => {
    const q = sortedQuantile(sorted, p);
    return essBasic(split.map((c) => c.map((v) => (v <= q ? 1 : 0))));
  };
  return {
    rhat: Math.max(bulk, Number.isNaN(folded) ? bulk : folded),
    essBulk: essBasic(z),
    essTail: Math.min(tailEss(0.05), tailEss(0.95)),
  };
}
