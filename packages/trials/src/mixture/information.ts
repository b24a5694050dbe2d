/**
 * Local information of a mixture prior, −d²/dθ² log p(θ), the quantity both the ELIR and the Morita
 * effective sample sizes are built on. With responsibilities π_i ∝ w_i p_i(θ), the gradient g_i and
 * Hessian h_i of each component's log density,
 *   −(log p)″ = Σ π_i (−h_i) − Var_π(g_i),
 * which needs no cancelling difference of large squares. Everything is scaled by s(θ) (θ(1 − θ) for
 * beta, θ for gamma, 1 for normal) so that nothing overflows close to the ends of the support:
 * t_i = s·g_i and c_i = −s²·h_i are bounded there, and information = Q/s² with Q = Σπ c − Var_π(t).
 */
import type { Prepared } from "./component.ts";

/** Scratch results of `localInformation`, reused between calls to avoid allocation. */
export interface InformationResult {
  /** log p(θ) */
  logDensity: number;
  /** s(θ)·d/dθ log p(θ) */
  scaledGradient: number;
  /** Q = s(θ)²·(−d²/dθ² log p(θ)) */
  scaledInformation: number;
}

/**
 * Fills `out` for θ = x given also xc = 1 − x (beta) and logX = log x, logXc = log(1 − x) computed
 * accurately by the caller; `logs` is scratch of length ≥ k.
 */
export function localInformation(
  p: Prepared,
  x: number,
  xc: number,
  logX: number,
  logXc: number,
  logs: Float64Array,
  out: InformationResult,
): InformationResult {
  const k = p.k;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < k; i++) {
    const a = p.p1[i] as number;
    const b = p.p2[i] as number;
    let l: number;
    if (p.family === "beta") {
      l = (a === 1 ? 0 : (a - 1) * logX) + (b === 1 ? 0 : (b - 1) * logXc);
    } else if (p.family === "gamma") {
      l = (a === 1 ? 0 : (a - 1) * logX) - b * x;
    } else {
      const z = (x - a) / b;
      l = -0.5 * z * z;
    }
    l += (p.logW[i] as number) - (p.logNorm[i] as number);
    logs[i] = l;
    if (l > max) max = l;
  }
  let total = 0;
  for (let i = 0; i < k; i++) total += Math.exp((logs[i] as number) - max);
  out.logDensity = max + Math.log(total);
  if (max === Number.NEGATIVE_INFINITY) {
    out.scaledGradient = 0;
    out.scaledInformation = 0;
    return out;
  }
  // first pass: π-weighted means of t and c
  let meanT = 0;
  let meanC = 0;
  for (let i = 0; i < k; i++) {
    const pi = Math.exp((logs[i] as number) - max) / total;
    const a = p.p1[i] as number;
    const b = p.p2[i] as number;
    let t: number;
    let c: number;
    if (p.family === "beta") {
      t = (a - 1) * xc - (b - 1) * x;
      c = (a - 1) * xc * xc + (b - 1) * x * x;
    } else if (p.family === "gamma") {
      t = a - 1 - b * x;
      c = a - 1;
    } else {
      t = -(x - a) / (b * b);
      c = 1 / (b * b);
    }
    meanT += pi * t;
    meanC += pi * c;
  }
  // second pass: variance of t about its mean
  let varT = 0;
  if (k > 1) {
    for (let i = 0; i < k; i++) {
      const pi = Math.exp((logs[i] as number) - max) / total;
      const a = p.p1[i] as number;
      const b = p.p2[i] as number;
      const t =
        p.family === "beta"
          ? (a - 1) * xc - (b - 1) * x
          : p.family === "gamma"
            ? a - 1 - b * x
            : -(x - a) / (b * b);
      const d = t - meanT;
      varT += pi * d * d;
    }
  }
  out.scaledGradient = meanT;
  out.scaledInformation = meanC - varT;
  return out;
}

/** s(θ): θ(1 − θ) for beta, θ for gamma, 1 for normal */
export function informationScale(p: Prepared, x: number, xc: number): number {
  return p.family === "beta" ? x * xc : p.family === "gamma" ? x : 1;
}
