/**
 * mixfit: maximum-likelihood fit, by EM, of a K-component mixture of one conjugate family (beta, normal,
 * gamma) to a sample — RBesT's mixfit, used to turn MAP draws into a parametric prior.
 *
 * Every family is a two-statistic exponential family, log f(x | θ) = c(θ) + α(θ)·T₁(x) + β(θ)·T₂(x):
 *   beta(a, b):      T = (log x, log(1 − x)),  α = a − 1, β = b − 1,   c = −log B(a, b)
 *   gamma(a, b):     T = (log x, x),           α = a − 1, β = −b,      c = a·log b − log Γ(a)
 *   normal(m, s):    T = (x, x²),              α = m/s², β = −1/(2s²), c = −m²/(2s²) − log s − ½ log 2π
 * so the E-step only accumulates, per component, the responsibilities' sums of 1, T₁ and T₂, and the
 * M-step is the weighted ML fit of each component from those three numbers:
 *   normal: weighted mean and variance (closed form);
 *   gamma:  b = a/x̄ and log a − ψ(a) = log x̄ − mean log x, solved by Minka's generalised Newton;
 *   beta:   ψ(a) − ψ(a + b) = mean log x and ψ(b) − ψ(a + b) = mean log(1 − x): Newton on (a, b) with the
 *           trigamma Hessian (the objective is concave in (a, b)), step halving, and optionally the box
 *           a, b ≥ 1 (RBesT's default, which keeps every component's density bounded) by an active set.
 * Normal data are standardised and gamma data rescaled by their mean before fitting (the log-likelihood is
 * reported on the original scale), so the sums stay well conditioned. EM is accelerated by SQUAREM (see Em).
 * Starts are deterministic — quantile groups; nested components sharing the mean with spread-out variances;
 * the (K−1)-component fit plus a wide component — each run for 12 E-steps, and the best one continued to
 * convergence ("emEM", Biernacki, Celeux & Govaert 2003). A component whose weight falls below one
 * observation, or whose shape explodes (a point mass), is degenerate; a run that produces one is discarded,
 * and a K for which every run does is reported invalid.
 */
import betaln from "@stdlib/math-base-special-betaln";
import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import trigamma from "@stdlib/math-base-special-trigamma";
import type { BetaMixture, GammaMixture, Mixture, NormalMixture } from "../mixture/types.ts";

export type ConjugateFamily = "beta" | "normal" | "gamma";

export interface MixfitOptions {
  family: ConjugateFamily;
  /** number of components K ≥ 1 */
  components: number;
  /** normal: the sampling sd stored in the NormalMixture (it does not affect the fit) */
  sigma?: number;
  /** gamma: the likelihood stored in the GammaMixture (default "poisson") */
  likelihood?: "poisson" | "exponential";
  /** beta: keep a, b ≥ 1 (default true) */
  constrainBetaShapes?: boolean;
  /** E-steps (likelihood evaluations) at most for the final run (default 1000) */
  maxIterations?: number;
  /** stop when one SQUAREM cycle gains less than tolerance·N in log-likelihood (default 1e-9) */
  tolerance?: number;
  /** internal: a (K−1)-component fit to extend as one more start */
  previous?: MixtureFit;
}

export interface MixtureFit {
  mixture: Mixture;
  logLik: number;
  /** free parameters, 3K − 1 */
  df: number;
  /** E-steps run (short runs of every start included) */
  iterations: number;
  /** false when every start ended with a degenerate component */
  valid: boolean;
}

/** Component parameters during EM: weight and the family's two parameters (a, b) or (m, s). */
interface Params {
  w: Float64Array;
  p1: Float64Array;
  p2: Float64Array;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const BETA_EPS = 2 ** -52;

/** Data transformed to the sufficient statistics, and how to map fitted parameters back. */
interface Prepared {
  t1: Float64Array;
  t2: Float64Array;
  /** the working-scale sample (standardised normal, rescaled gamma, raw beta) */
  x: Float64Array;
  /** added to the working-scale log-likelihood to report it on the original scale */
  logLikShift: number;
  shift: number;
  scale: number;
}

function prepare(family: ConjugateFamily, sample: Float64Array): Prepared {
  const N = sample.length;
  const t1 = new Float64Array(N);
  const t2 = new Float64Array(N);
  const x = new Float64Array(N);
  if (family === "beta") {
    for (let i = 0; i < N; i++) {
      const v = sample[i] as number;
      if (!(v >= 0 && v <= 1))
        throw new Error(`sample[${i}]: a beta mixture needs values in [0, 1] (got ${v})`);
      // exact 0 or 1 (a logit beyond ±36) would give an infinite log; RBesT moves them by one machine epsilon
      const c = Math.min(Math.max(v, BETA_EPS), 1 - BETA_EPS);
      x[i] = c;
      t1[i] = Math.log(c);
      t2[i] = Math.log1p(-c);
    }
    return { t1, t2, x, logLikShift: 0, shift: 0, scale: 1 };
  }
  let m = 0;
  for (let i = 0; i < N; i++) {
    const v = sample[i] as number;
    if (!Number.isFinite(v)) throw new Error(`sample[${i}]: must be finite (got ${v})`);
    if (family === "gamma" && !(v > 0))
      throw new Error(`sample[${i}]: a gamma mixture needs positive values (got ${v})`);
    m += v;
  }
  m /= N;
  if (family === "gamma") {
    for (let i = 0; i < N; i++) {
      const v = (sample[i] as number) / m;
      x[i] = v;
      t1[i] = Math.log(v);
      t2[i] = v;
    }
    return { t1, t2, x, logLikShift: -N * Math.log(m), shift: 0, scale: m };
  }
  let v2 = 0;
  for (let i = 0; i < N; i++) v2 += ((sample[i] as number) - m) ** 2;
  const sd = Math.sqrt(v2 / N);
  if (!(sd > 0)) throw new Error("sample: all values are equal; a normal mixture needs spread");
  for (let i = 0; i < N; i++) {
    const v = ((sample[i] as number) - m) / sd;
    x[i] = v;
    t1[i] = v;
    t2[i] = v * v;
  }
  return { t1, t2, x, logLikShift: -N * Math.log(sd), shift: m, scale: sd };
}

/** Natural parameters (c, α, β) of one component. */
function natural(family: ConjugateFamily, p1: number, p2: number, out: Float64Array): void {
  if (family === "beta") {
    out[0] = -betaln(p1, p2);
    out[1] = p1 - 1;
    out[2] = p2 - 1;
  } else if (family === "gamma") {
    out[0] = p1 * Math.log(p2) - gammaln(p1);
    out[1] = p1 - 1;
    out[2] = -p2;
  } else {
    const prec = 1 / (p2 * p2);
    out[0] = -0.5 * p1 * p1 * prec - Math.log(p2) - LOG_SQRT_2PI;
    out[1] = p1 * prec;
    out[2] = -0.5 * prec;
  }
}

/** Weighted ML of beta(a, b) given mean log x (s1) and mean log(1 − x) (s2); a, b ≥ lo. */
export function betaShapesML(s1: number, s2: number, a0: number, b0: number, lo: number): [number, number] {
  const floor = Math.max(lo, 1e-8);
  let a = Math.max(a0, floor);
  let b = Math.max(b0, floor);
  const objective = (x: number, y: number) => (x - 1) * s1 + (y - 1) * s2 - betaln(x, y);
  let f = objective(a, b);
  for (let iter = 0; iter < 200; iter++) {
    const psiAB = digamma(a + b);
    const ga = s1 - digamma(a) + psiAB;
    const gb = s2 - digamma(b) + psiAB;
    const tAB = trigamma(a + b);
    const haa = tAB - trigamma(a);
    const hbb = tAB - trigamma(b);
    const hab = tAB;
    // coordinates held at the bound while the gradient pushes outward
    const freeA = !(a <= floor && ga < 0);
    const freeB = !(b <= floor && gb < 0);
    let da = 0;
    let db = 0;
    if (freeA && freeB) {
      const det = haa * hbb - hab * hab;
      da = -(hbb * ga - hab * gb) / det;
      db = -(haa * gb - hab * ga) / det;
    } else if (freeA) da = -ga / haa;
    else if (freeB) db = -gb / hbb;
    else break;
    // a Newton step this small is at the optimum up to rounding; the line search could not confirm it
    if (Math.abs(da) / a + Math.abs(db) / b < 1e-10)
      return [Math.max(a + da, floor), Math.max(b + db, floor)];
    let step = 1;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      const na = Math.max(a + step * da, floor);
      const nb = Math.max(b + step * db, floor);
      const nf = objective(na, nb);
      if (nf >= f - 1e-13 * (1 + Math.abs(f))) {
        const change = Math.abs(na - a) / a + Math.abs(nb - b) / b;
        a = na;
        b = nb;
        f = nf;
        accepted = true;
        if (change < 1e-12) return [a, b];
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
  }
  return [a, b];
}

/** Weighted ML of gamma(a, b) given the mean x̄ and the mean log x (Minka 2002, "Estimating a gamma"). */
export function gammaShapeRateML(meanX: number, meanLogX: number): [number, number] {
  const s = Math.log(meanX) - meanLogX;
  if (!(s > 0)) return [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  let a = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let iter = 0; iter < 100; iter++) {
    const num = meanLogX - Math.log(meanX) + Math.log(a) - digamma(a);
    const den = a * a * (1 / a - trigamma(a));
    const next = 1 / (1 / a + num / den);
    if (!(next > 0) || !Number.isFinite(next)) break;
    const done = Math.abs(next - a) < 1e-13 * a;
    a = next;
    if (done) break;
  }
  return [a, a / meanX];
}

/** Method-of-moments parameters of one component on the working scale. */
function moments(family: ConjugateFamily, m: number, v: number, lo: number): [number, number] {
  if (family === "normal") return [m, Math.sqrt(Math.max(v, 1e-12))];
  if (family === "gamma") {
    const vv = Math.max(v, 1e-12 * m * m);
    return [(m * m) / vv, m / vv];
  }
  const mm = Math.min(Math.max(m, 1e-6), 1 - 1e-6);
  let c = (mm * (1 - mm)) / Math.max(v, 1e-12) - 1;
  if (!(c > 0.1)) c = 2;
  return [Math.max(mm * c, lo), Math.max((1 - mm) * c, lo)];
}

function workingMoments(x: Float64Array, from = 0, to = x.length): [number, number] {
  let m = 0;
  for (let i = from; i < to; i++) m += x[i] as number;
  const n = to - from;
  m /= n;
  let v = 0;
  for (let i = from; i < to; i++) v += ((x[i] as number) - m) ** 2;
  return [m, v / Math.max(n - 1, 1)];
}

interface EmResult {
  params: Params;
  logLik: number;
  iterations: number;
  degenerate: boolean;
}

/**
 * EM of one family on prepared data, accelerated by SQUAREM (Varadhan & Roland 2008, scheme S3 with the
 * adaptive step bound of the SQUAREM package: 1 at first, ×4 while steps reach it, ÷4 after a failure). A
 * cycle is two EM steps, an extrapolation and a stabilising EM step; it falls back to the second plain EM
 * step whenever the result would lower the likelihood, so the log-likelihood never decreases. Extrapolation
 * happens in unconstrained coordinates: log weights, log(a − lower bound), log b (beta, gamma) or m, log s
 * (normal).
 */
class Em {
  readonly K: number;
  readonly N: number;
  private readonly sR: Float64Array;
  private readonly sT1: Float64Array;
  private readonly sT2: Float64Array;
  private readonly lw: Float64Array;
  private readonly alpha: Float64Array;
  private readonly beta: Float64Array;
  private readonly terms: Float64Array;
  private readonly nat = new Float64Array(3);
  /** E-steps run, the unit of work (an EM iteration is one E-step and one M-step) */
  eSteps = 0;

  constructor(
    private readonly family: ConjugateFamily,
    private readonly data: Prepared,
    K: number,
    private readonly lo: number,
  ) {
    this.K = K;
    this.N = data.t1.length;
    this.sR = new Float64Array(K);
    this.sT1 = new Float64Array(K);
    this.sT2 = new Float64Array(K);
    this.lw = new Float64Array(K);
    this.alpha = new Float64Array(K);
    this.beta = new Float64Array(K);
    this.terms = new Float64Array(K);
  }

  /** Log-likelihood (working scale) at `p`, leaving the responsibility-weighted sums for mStep. */
  eStep(p: Params): number {
    this.eSteps++;
    const { K, N, sR, sT1, sT2, lw, alpha, beta, terms, nat } = this;
    const { t1, t2 } = this.data;
    for (let k = 0; k < K; k++) {
      natural(this.family, p.p1[k] as number, p.p2[k] as number, nat);
      lw[k] = Math.log(p.w[k] as number) + (nat[0] as number);
      alpha[k] = nat[1] as number;
      beta[k] = nat[2] as number;
    }
    sR.fill(0);
    sT1.fill(0);
    sT2.fill(0);
    let ll = 0;
    for (let i = 0; i < N; i++) {
      const a1 = t1[i] as number;
      const a2 = t2[i] as number;
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) {
        const v = (lw[k] as number) + (alpha[k] as number) * a1 + (beta[k] as number) * a2;
        terms[k] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const e = Math.exp((terms[k] as number) - max);
        terms[k] = e;
        sum += e;
      }
      ll += max + Math.log(sum);
      const inv = 1 / sum;
      for (let k = 0; k < K; k++) {
        const r = (terms[k] as number) * inv;
        sR[k] = (sR[k] as number) + r;
        sT1[k] = (sT1[k] as number) + r * a1;
        sT2[k] = (sT2[k] as number) + r * a2;
      }
    }
    return ll;
  }

  /** Weighted ML of every component from the last E-step; null when a component collapses. */
  mStep(prev: Params): Params | null {
    const { K, N, sR, sT1, sT2 } = this;
    const out: Params = { w: new Float64Array(K), p1: new Float64Array(K), p2: new Float64Array(K) };
    for (let k = 0; k < K; k++) {
      const R = sR[k] as number;
      if (!(R >= 1)) return null;
      const m1 = (sT1[k] as number) / R;
      const m2 = (sT2[k] as number) / R;
      let a: number;
      let b: number;
      if (this.family === "normal") {
        const v = m2 - m1 * m1;
        if (!(v > 1e-12)) return null;
        a = m1;
        b = Math.sqrt(v);
      } else if (this.family === "gamma") {
        [a, b] = gammaShapeRateML(m2, m1);
        if (!(Number.isFinite(a) && a < 1e8)) return null;
      } else {
        [a, b] = betaShapesML(m1, m2, prev.p1[k] as number, prev.p2[k] as number, this.lo);
        if (!(a + b < 1e8)) return null;
      }
      out.w[k] = R / N;
      out.p1[k] = a;
      out.p2[k] = b;
    }
    return out;
  }

  private toVector(p: Params): Float64Array {
    const { K } = this;
    const v = new Float64Array(3 * K);
    for (let k = 0; k < K; k++) {
      v[k] = Math.log(p.w[k] as number);
      if (this.family === "normal") {
        v[K + k] = p.p1[k] as number;
        v[2 * K + k] = Math.log(p.p2[k] as number);
      } else {
        v[K + k] = Math.log(Math.max((p.p1[k] as number) - this.lo, 1e-12));
        v[2 * K + k] = Math.log(
          Math.max((p.p2[k] as number) - (this.family === "beta" ? this.lo : 0), 1e-12),
        );
      }
    }
    return v;
  }

  private fromVector(v: Float64Array): Params {
    const { K } = this;
    const p: Params = { w: new Float64Array(K), p1: new Float64Array(K), p2: new Float64Array(K) };
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) max = Math.max(max, v[k] as number);
    let total = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp((v[k] as number) - max);
      p.w[k] = e;
      total += e;
    }
    for (let k = 0; k < K; k++) {
      p.w[k] = (p.w[k] as number) / total;
      if (this.family === "normal") {
        p.p1[k] = v[K + k] as number;
        p.p2[k] = Math.exp(v[2 * K + k] as number);
      } else {
        p.p1[k] = this.lo + Math.exp(v[K + k] as number);
        p.p2[k] = (this.family === "beta" ? this.lo : 0) + Math.exp(v[2 * K + k] as number);
      }
    }
    return p;
  }

  /**
   * Runs accelerated EM from `start` for at most `budget` E-steps or until a cycle gains less than
   * tolerance·N; returns the last parameters whose log-likelihood was computed.
   */
  run(start: Params, budget: number, tolerance: number): EmResult {
    let p0 = start;
    let ll0 = this.eStep(p0);
    const first = this.eSteps - 1;
    const result = (p: Params, ll: number, degenerate: boolean): EmResult => ({
      params: p,
      logLik: ll + this.data.logLikShift,
      iterations: this.eSteps - first,
      degenerate,
    });
    if (!Number.isFinite(ll0)) return result(p0, ll0, true);
    // SQUAREM's adaptive bound on the step length: starts at plain EM, grows ×4 while steps hit it
    let stepMax = 1;
    while (this.eSteps - first < budget) {
      const p1 = this.mStep(p0);
      if (!p1) return result(p0, ll0, true);
      const ll1 = this.eStep(p1);
      const p2 = this.mStep(p1);
      if (!p2) return result(p1, ll1, true);
      const v0 = this.toVector(p0);
      const v1 = this.toVector(p1);
      const v2 = this.toVector(p2);
      let rr = 0;
      let vv = 0;
      for (let i = 0; i < v0.length; i++) {
        rr += ((v1[i] as number) - (v0[i] as number)) ** 2;
        vv += ((v2[i] as number) - 2 * (v1[i] as number) + (v0[i] as number)) ** 2;
      }
      const alpha = vv > 0 ? Math.min(Math.max(Math.sqrt(rr / vv), 1), stepMax) : 1;
      const ext = new Float64Array(v0.length);
      for (let i = 0; i < v0.length; i++) {
        const r = (v1[i] as number) - (v0[i] as number);
        const w = (v2[i] as number) - 2 * (v1[i] as number) + (v0[i] as number);
        ext[i] = (v0[i] as number) + 2 * alpha * r + alpha * alpha * w;
      }
      // stabilising EM step from the extrapolated point; kept only if the likelihood did not drop
      let p3: Params | null = null;
      let ll3 = Number.NEGATIVE_INFINITY;
      const pe = alpha === 1 ? p2 : this.fromVector(ext);
      if (Number.isFinite(this.eStep(pe))) {
        p3 = this.mStep(pe);
        if (p3) ll3 = this.eStep(p3);
      }
      if (!p3 || !(ll3 >= ll0)) {
        if (alpha === 1) {
          // a plain EM step collapsed a component or lost likelihood: nothing to fall back to
          return result(p0, ll0, !p3);
        }
        p3 = p2;
        ll3 = this.eStep(p2);
        stepMax = Math.max(1, stepMax / 4);
      } else if (alpha === stepMax) stepMax *= 4;
      const gain = ll3 - ll0;
      p0 = p3;
      ll0 = ll3;
      if (gain < tolerance * this.N) break;
    }
    return result(p0, ll0, false);
  }
}

function starts(
  family: ConjugateFamily,
  data: Prepared,
  K: number,
  lo: number,
  previous?: MixtureFit,
): Params[] {
  const x = data.x;
  const N = x.length;
  const [m, v] = workingMoments(x);
  const out: Params[] = [];
  const make = (): Params => ({ w: new Float64Array(K), p1: new Float64Array(K), p2: new Float64Array(K) });
  // (1) quantile groups: neighbouring slices of the sorted sample
  const sorted = x.slice().sort();
  const q = make();
  for (let k = 0; k < K; k++) {
    const from = Math.floor((k * N) / K);
    const to = Math.floor(((k + 1) * N) / K);
    const [mk, vk] = to - from > 1 ? workingMoments(sorted, from, to) : [m, v];
    const [a, b] = moments(family, mk, vk, lo);
    q.w[k] = 1 / K;
    q.p1[k] = a;
    q.p2[k] = b;
  }
  out.push(q);
  if (K === 1) return out;
  // (2) nested: common mean, variances spread by factors 1/4 … 2.5 (heavy-tailed unimodal samples)
  const nested = make();
  for (let k = 0; k < K; k++) {
    const f = 0.25 * 10 ** (k / (K - 1));
    const [a, b] = moments(family, m, v * f, lo);
    nested.w[k] = 1 / K;
    nested.p1[k] = a;
    nested.p2[k] = b;
  }
  out.push(nested);
  // (3) the (K−1)-component fit plus a wide component at the centre
  if (previous?.valid && previous.mixture.components.length === K - 1) {
    const ext = make();
    const prev = toWorking(previous.mixture, data);
    for (let k = 0; k < K - 1; k++) {
      ext.w[k] = (prev.w[k] as number) * (1 - 1 / (2 * K));
      ext.p1[k] = prev.p1[k] as number;
      ext.p2[k] = prev.p2[k] as number;
    }
    const [a, b] = moments(family, m, 1.5 * v, lo);
    ext.w[K - 1] = 1 / (2 * K);
    ext.p1[K - 1] = a;
    ext.p2[K - 1] = b;
    out.push(ext);
  }
  return out;
}

function toWorking(mix: Mixture, data: Prepared): Params {
  const K = mix.components.length;
  const p: Params = { w: new Float64Array(K), p1: new Float64Array(K), p2: new Float64Array(K) };
  for (const [k, comp] of mix.components.entries()) {
    p.w[k] = comp.w;
    if (mix.family === "normal") {
      const cn = comp as { m: number; s: number };
      p.p1[k] = (cn.m - data.shift) / data.scale;
      p.p2[k] = cn.s / data.scale;
    } else {
      const cg = comp as { a: number; b: number };
      p.p1[k] = cg.a;
      // gamma on x/scale has rate b·scale
      p.p2[k] = mix.family === "gamma" ? cg.b * data.scale : cg.b;
    }
  }
  return p;
}

function toMixture(family: ConjugateFamily, params: Params, data: Prepared, options: MixfitOptions): Mixture {
  const K = params.w.length;
  const order = Array.from({ length: K }, (_, k) => k).sort(
    (i, j) => (params.w[j] as number) - (params.w[i] as number),
  );
  let total = 0;
  for (let k = 0; k < K; k++) total += params.w[k] as number;
  if (family === "beta") {
    const m: BetaMixture = {
      family: "beta",
      components: order.map((k) => ({
        w: (params.w[k] as number) / total,
        a: params.p1[k] as number,
        b: params.p2[k] as number,
      })),
    };
    return m;
  }
  if (family === "gamma") {
    const m: GammaMixture = {
      family: "gamma",
      likelihood: options.likelihood ?? "poisson",
      components: order.map((k) => ({
        w: (params.w[k] as number) / total,
        a: params.p1[k] as number,
        b: (params.p2[k] as number) / data.scale,
      })),
    };
    return m;
  }
  const m: NormalMixture = {
    family: "normal",
    sigma: options.sigma ?? 1,
    components: order.map((k) => ({
      w: (params.w[k] as number) / total,
      m: data.shift + data.scale * (params.p1[k] as number),
      s: data.scale * (params.p2[k] as number),
    })),
  };
  return m;
}

/**
 * Fits a K-component mixture of the given conjugate family to `sample` by EM (see the module comment) and
 * returns the highest-likelihood non-degenerate fit over the deterministic starts, components ordered by
 * decreasing weight.
 */
export function mixfit(sample: Float64Array | readonly number[], options: MixfitOptions): MixtureFit {
  const { family, components: K } = options;
  if (family !== "beta" && family !== "normal" && family !== "gamma") {
    throw new Error(`family: must be "beta", "normal" or "gamma" (got ${String(family)})`);
  }
  if (!(Number.isInteger(K) && K >= 1)) throw new Error(`components: must be an integer ≥ 1 (got ${K})`);
  const x = sample instanceof Float64Array ? sample : Float64Array.from(sample);
  if (x.length < 3 * K + 10) {
    throw new Error(
      `sample: ${x.length} values are too few for ${K} components; give at least ${3 * K + 10}`,
    );
  }
  if (family === "normal" && options.sigma !== undefined && !(options.sigma > 0)) {
    throw new Error(`sigma: must be positive (got ${options.sigma})`);
  }
  const lo = family === "beta" && (options.constrainBetaShapes ?? true) ? 1 : 0;
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.tolerance ?? 1e-9;
  const data = prepare(family, x);
  // emEM (Biernacki, Celeux & Govaert 2003): a short run from every start, then the best one to convergence
  const em = new Em(family, data, K, lo);
  const short = starts(family, data, K, lo, options.previous).map((s) => em.run(s, 12, tolerance));
  let best: EmResult | undefined;
  let fallback: EmResult | undefined;
  for (const run of short) {
    if (!run.degenerate) {
      if (!best || run.logLik > best.logLik) best = run;
    } else if (!fallback || run.logLik > fallback.logLik) fallback = run;
  }
  if (best) {
    const long = em.run(best.params, maxIterations, tolerance);
    long.iterations += best.iterations;
    if (long.degenerate) {
      fallback = long;
      best = undefined;
    } else best = long;
  }
  const chosen = (best ?? fallback) as EmResult;
  return {
    mixture: toMixture(family, chosen.params, data, options),
    logLik: chosen.logLik,
    df: 3 * K - 1,
    iterations: chosen.iterations,
    valid: best !== undefined,
  };
}
