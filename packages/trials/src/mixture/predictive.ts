/**
 * Prior (or posterior) predictive distribution of future data (RBesT's preddist): beta-binomial
 * mixture of the responders among n patients; normal mixture of the mean of n observations;
 * negative-binomial mixture of the count over n exposure units; and, for exponential waits, the
 * scaled beta-prime mixture of the total time of n waits.
 */
import { preparedCdf } from "./cdf.ts";
import { betaCdf, betaLogDensity, componentQuantile, prepare } from "./component.ts";
import { preparedDensity, preparedLogDensity } from "./density.ts";
import { requireNumber, requirePositive, requirePositiveInteger, requireProbability } from "./inputs.ts";
import { type Moments, mixtureMoments } from "./moments.ts";
import { preparedQuantile } from "./quantile.ts";
import { continuousQuantile } from "./root.ts";
import { lbeta, lchoose } from "./special.ts";
import type { GammaMixture, Mixture, NormalMixture } from "./types.ts";

export interface PredictiveDistribution {
  kind: "discrete" | "continuous";
  /**
   * discrete: P(Y = y) for the total count Y of n future binomial trials / Poisson count over n
   * exposure units; continuous: density of the mean of n future normal observations, or of the total
   * time of n exponential waits
   */
  density(y: number, options?: { log?: boolean }): number;
  /** P(Y ≤ y), or P(Y > y) when lowerTail is false (computed directly, not as 1 − lower) */
  cdf(y: number, options?: { lowerTail?: boolean }): number;
  /** discrete: smallest y with P(Y ≤ y) ≥ p; continuous: y with P(Y ≤ y) = p */
  quantile(p: number): number;
  moments(): Moments;
}

// As R's discrete quantiles: forgive the last bits of rounding in the cumulative sums.
const FUZZ = 64 * Number.EPSILON;

function logSum(terms: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const t of terms) if (t > max) max = t;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let s = 0;
  for (const t of terms) s += Math.exp(t - max);
  return max + Math.log(s);
}

function weightsOf(mix: Mixture): Float64Array {
  const comps: readonly { w: number }[] = mix.components;
  return Float64Array.from(comps, (c) => c.w);
}

/** Beta-binomial mixture: P(Y = y) = Σ w C(n, y) B(a + y, b + n − y)/B(a, b), y = 0..n. */
function betaBinomial(mix: Mixture & { family: "beta" }, n: number): PredictiveDistribution {
  const k = mix.components.length;
  const a = Float64Array.from(mix.components, (c) => c.a);
  const b = Float64Array.from(mix.components, (c) => c.b);
  const logW = Float64Array.from(mix.components, (c) => Math.log(c.w));
  const lbetaAB = Float64Array.from(mix.components, (c) => lbeta(c.a, c.b));
  const terms = new Float64Array(k);

  const exactLog = (i: number, y: number) =>
    lchoose(n, y) + lbeta((a[i] as number) + y, (b[i] as number) + n - y) - (lbetaAB[i] as number);

  let lowerCum: Float64Array | undefined;
  let upperCum: Float64Array | undefined;
  // Cumulative tables, built on first use. The pmf goes by the ratio recurrence
  // pmf(y + 1)/pmf(y) = (n − y)(a + y)/((y + 1)(b + n − y − 1)) in blocks of 1024 (rounding grows by
  // at most ~1e-13 across one), each started on the log scale from its larger end so nothing
  // underflows on the way; blocks whose ends are both below the double range, with no peak between
  // them, hold nothing and are skipped; sums are compensated (Neumaier) so that a million terms keep
  // full precision.
  const tables = (): [Float64Array, Float64Array] => {
    if (lowerCum && upperCum) return [lowerCum, upperCum];
    const pmf = new Float64Array(n + 1);
    const BLOCK = 1024;
    const TINY = -700; // below e^-700 (~1e-304) a value is lost among the subnormals
    const block = new Float64Array(BLOCK);
    for (let i = 0; i < k; i++) {
      const ai = a[i] as number;
      const bi = b[i] as number;
      const lw = logW[i] as number;
      const ratio = (y: number) => ((n - y) * (ai + y)) / ((y + 1) * (bi + n - y - 1));
      let next = lw + exactLog(i, 0);
      for (let y0 = 0; y0 <= n; y0 += BLOCK) {
        const y1 = Math.min(n, y0 + BLOCK - 1);
        const l0 = next;
        const l1 = y1 === y0 ? l0 : lw + exactLog(i, y1);
        // the next block's start is one ratio step on (one log instead of three log-betas)
        if (y1 < n) next = l1 + Math.log(ratio(y1));
        const peakInside = y1 > y0 && ratio(y0) > 1 && ratio(y1 - 1) < 1;
        if (l0 < TINY && l1 < TINY && !peakInside) continue;
        let complete = l0 >= TINY || l1 >= TINY;
        if (complete && l0 >= l1) {
          let v = Math.exp(l0);
          for (let y = y0; y <= y1; y++) {
            block[y - y0] = v;
            v *= ratio(y);
          }
          complete = !(block[y1 - y0] === 0 && l1 >= TINY + 10);
        } else if (complete) {
          let v = Math.exp(l1);
          for (let y = y1; y >= y0; y--) {
            block[y - y0] = v;
            if (y > y0) v /= ratio(y - 1);
          }
          complete = !(block[0] === 0 && l0 >= TINY + 10);
        }
        // a narrow peak or a deep dip inside the block: every point exactly on the log scale
        if (!complete) for (let y = y0; y <= y1; y++) block[y - y0] = Math.exp(lw + exactLog(i, y));
        for (let y = y0; y <= y1; y++) pmf[y] = (pmf[y] as number) + (block[y - y0] as number);
      }
    }
    lowerCum = new Float64Array(n + 1);
    upperCum = new Float64Array(n + 1);
    let sum = 0;
    let comp = 0;
    for (let y = 0; y <= n; y++) {
      const v = pmf[y] as number;
      const t = sum + v;
      comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
      sum = t;
      lowerCum[y] = Math.min(1, sum + comp);
    }
    sum = 0;
    comp = 0;
    for (let y = n; y >= 0; y--) {
      upperCum[y] = Math.min(1, sum + comp); // P(Y > y)
      const v = pmf[y] as number;
      const t = sum + v;
      comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
      sum = t;
    }
    return [lowerCum, upperCum];
  };

  return {
    kind: "discrete",
    density(y, options = {}) {
      requireNumber("y", y);
      let logP = Number.NEGATIVE_INFINITY;
      if (Number.isInteger(y) && y >= 0 && y <= n) {
        for (let i = 0; i < k; i++) terms[i] = (logW[i] as number) + exactLog(i, y);
        logP = logSum(terms);
      }
      return options.log ? logP : Math.exp(logP);
    },
    cdf(y, options = {}) {
      requireNumber("y", y);
      const lowerTail = options.lowerTail ?? true;
      if (y < 0) return lowerTail ? 0 : 1;
      if (y >= n) return lowerTail ? 1 : 0;
      const [lo, up] = tables();
      const j = Math.floor(y);
      return lowerTail ? (lo[j] as number) : (up[j] as number);
    },
    quantile(p) {
      requireProbability("p", p);
      if (p === 0) return 0;
      if (p === 1) return n;
      const [lo, up] = tables();
      let left = 0;
      let right = n;
      // smallest y with F(y) ≥ p, searched on whichever tail holds p's precision
      const reached =
        p <= 0.5
          ? (y: number) => (lo[y] as number) >= p * (1 - FUZZ)
          : (y: number) => (up[y] as number) <= (1 - p) * (1 + FUZZ);
      while (left < right) {
        const mid = (left + right) >>> 1;
        if (reached(mid)) right = mid;
        else left = mid + 1;
      }
      return left;
    },
    moments() {
      return mixtureMoments(
        weightsOf(mix),
        mix.components.map((c) => (n * c.a) / (c.a + c.b)),
        mix.components.map((c) => {
          const s = c.a + c.b;
          return (n * c.a * c.b * (s + n)) / (s * s * (s + 1));
        }),
      );
    },
  };
}

/** Normal mixture of the mean of n observations: N(m, √(s² + sigma²/n)) with the prior's weights. */
function normalMean(mix: NormalMixture, n: number): PredictiveDistribution {
  const extra = (mix.sigma * mix.sigma) / n;
  const pred: NormalMixture = {
    family: "normal",
    sigma: mix.sigma,
    components: mix.components.map((c) => ({ w: c.w, m: c.m, s: Math.sqrt(c.s * c.s + extra) })),
  };
  const p = prepare(pred);
  return {
    kind: "continuous",
    density(y, options = {}) {
      requireNumber("y", y);
      return options.log ? preparedLogDensity(p, y) : preparedDensity(p, y);
    },
    cdf(y, options = {}) {
      requireNumber("y", y);
      return preparedCdf(p, y, options.lowerTail ?? true);
    },
    quantile(prob) {
      requireProbability("p", prob);
      return preparedQuantile(p, prob);
    },
    moments() {
      return mixtureMoments(
        weightsOf(pred),
        pred.components.map((c) => c.m),
        pred.components.map((c) => c.s * c.s),
      );
    },
  };
}

/**
 * Negative-binomial mixture of the Poisson count over n exposure units: size a, success probability
 * b/(b + n), so P(Y ≤ y) = I_{b/(b+n)}(a, y + 1).
 */
function negativeBinomial(mix: GammaMixture, n: number): PredictiveDistribution {
  const k = mix.components.length;
  const a = Float64Array.from(mix.components, (c) => c.a);
  const logW = Float64Array.from(mix.components, (c) => Math.log(c.w));
  const w = weightsOf(mix);
  // success probability and its complement, each without cancellation
  const prob = Float64Array.from(mix.components, (c) => c.b / (c.b + n));
  const probC = Float64Array.from(mix.components, (c) => n / (c.b + n));
  const logProb = Float64Array.from(mix.components, (c) => -Math.log1p(n / c.b));
  const logProbC = Float64Array.from(mix.components, (c) => -Math.log1p(c.b / n));
  const terms = new Float64Array(k);

  const cdfAt = (y: number, lowerTail: boolean): number => {
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const pr = prob[i] as number;
      const prc = probC[i] as number;
      // I_pr(a, y + 1) from the smaller of pr and 1 − pr
      const v = betaCdf(a[i] as number, y + 1, pr, prc, lowerTail);
      sum += (w[i] as number) * v;
    }
    return Math.min(1, sum);
  };
  const mom = () =>
    mixtureMoments(
      w,
      mix.components.map((c) => (n * c.a) / c.b),
      mix.components.map((c) => (n * c.a * (c.b + n)) / (c.b * c.b)),
    );

  return {
    kind: "discrete",
    density(y, options = {}) {
      requireNumber("y", y);
      let logP = Number.NEGATIVE_INFINITY;
      if (Number.isInteger(y) && y >= 0) {
        for (let i = 0; i < k; i++) {
          const ai = a[i] as number;
          // log Γ(a + y) − log Γ(y + 1) − log Γ(a) = −log B(a, y + 1) − log(a + y): moderate terms only,
          // where the three log-gammas of a large count would cancel away eight digits
          terms[i] =
            (logW[i] as number) -
            lbeta(ai, y + 1) -
            Math.log(ai + y) +
            ai * (logProb[i] as number) +
            (y === 0 ? 0 : y * (logProbC[i] as number));
        }
        logP = logSum(terms);
      }
      return options.log ? logP : Math.exp(logP);
    },
    cdf(y, options = {}) {
      requireNumber("y", y);
      const lowerTail = options.lowerTail ?? true;
      if (y < 0) return lowerTail ? 0 : 1;
      if (y === Number.POSITIVE_INFINITY) return lowerTail ? 1 : 0;
      return cdfAt(Math.floor(y), lowerTail);
    },
    quantile(p) {
      requireProbability("p", p);
      if (p === 0) return 0;
      if (p === 1) return Number.POSITIVE_INFINITY;
      const reached =
        p <= 0.5
          ? (y: number) => cdfAt(y, true) >= p * (1 - FUZZ)
          : (y: number) => cdfAt(y, false) <= (1 - p) * (1 + FUZZ);
      if (reached(0)) return 0;
      // bracket (left fails, right reaches) by doubling from the mean, then bisect on the integers
      const m = mom();
      let left = 0;
      let right = Math.max(1, Math.ceil(Number.isFinite(m.mean) ? m.mean : 1));
      while (!reached(right)) {
        left = right;
        right *= 2;
        if (right > Number.MAX_SAFE_INTEGER) return Number.POSITIVE_INFINITY;
      }
      while (right - left > 1) {
        const mid = left + Math.floor((right - left) / 2);
        if (reached(mid)) right = mid;
        else left = mid;
      }
      return right;
    },
    moments: mom,
  };
}

/**
 * Total time T of n exponential waits: given θ, T ~ Gamma(n, θ); over Gamma(a, b), T/(b + T) ~
 * Beta(n, a), so T is b times a beta-prime(n, a) variable.
 */
function totalWaitingTime(mix: GammaMixture, n: number): PredictiveDistribution {
  const k = mix.components.length;
  const a = Float64Array.from(mix.components, (c) => c.a);
  const b = Float64Array.from(mix.components, (c) => c.b);
  const w = weightsOf(mix);
  const logW = Float64Array.from(mix.components, (c) => Math.log(c.w));
  // log of the normalising constant of f(t) = x^(n−1) (1 − x)^(a+1) / (b B(n, a)), x = t/(b + t)
  const logNorm = Float64Array.from(mix.components, (c) => lbeta(n, c.a) + Math.log(c.b));
  const terms = new Float64Array(k);
  const logDensity = (t: number): number => {
    if (!(t >= 0) || t === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
    for (let i = 0; i < k; i++) {
      const bi = b[i] as number;
      const x = t / (bi + t);
      const xc = bi / (bi + t);
      terms[i] = (logW[i] as number) + betaLogDensity(n, (a[i] as number) + 2, logNorm[i] as number, x, xc);
    }
    return logSum(terms);
  };
  const cdfAt = (t: number, lowerTail: boolean): number => {
    if (t <= 0) return lowerTail ? 0 : 1;
    if (t === Number.POSITIVE_INFINITY) return lowerTail ? 1 : 0;
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const bi = b[i] as number;
      sum += (w[i] as number) * betaCdf(n, a[i] as number, t / (bi + t), bi / (bi + t), lowerTail);
    }
    return Math.min(1, sum);
  };
  return {
    kind: "continuous",
    density(y, options = {}) {
      requireNumber("y", y);
      const l = logDensity(y);
      return options.log ? l : Math.exp(l);
    },
    cdf(y, options = {}) {
      requireNumber("y", y);
      return cdfAt(y, options.lowerTail ?? true);
    },
    quantile(p) {
      requireProbability("p", p);
      const lower = p <= 0.5;
      const target = lower ? p : 1 - p;
      let lo = Number.POSITIVE_INFINITY;
      let hi = 0;
      for (let i = 0; i < k; i++) {
        const x = componentQuantile("beta", n, a[i] as number, target, lower);
        const t = ((b[i] as number) * x) / (1 - x);
        if (t < lo) lo = t;
        if (t > hi) hi = t;
      }
      if (!Number.isFinite(lo)) lo = 0;
      if (!Number.isFinite(hi)) hi = Math.max(lo, 1) * 2;
      return continuousQuantile(
        {
          cdf: cdfAt,
          density: (t) => Math.exp(logDensity(t)),
          supportLo: 0,
          supportHi: Number.POSITIVE_INFINITY,
        },
        p,
        lo,
        hi,
      );
    },
    moments() {
      // E[T] = n b/(a − 1), Var[T] = n b² (n + a − 1)/((a − 1)² (a − 2)); infinite for a ≤ 1 or a ≤ 2
      return mixtureMoments(
        w,
        mix.components.map((c) => (c.a > 1 ? (n * c.b) / (c.a - 1) : Number.POSITIVE_INFINITY)),
        mix.components.map((c) =>
          c.a > 2
            ? (n * c.b * c.b * (n + c.a - 1)) / ((c.a - 1) * (c.a - 1) * (c.a - 2))
            : Number.POSITIVE_INFINITY,
        ),
      );
    },
  };
}

/**
 * Predictive distribution of the data of a future study of size n under the mixture: responders
 * among n patients (beta; n a whole number), the mean of n observations (normal), the count over n
 * exposure units (gamma/Poisson) or the total time of n waits (gamma/exponential).
 */
export function predictive(mix: Mixture, n: number): PredictiveDistribution {
  switch (mix.family) {
    case "beta":
      return betaBinomial(mix, requirePositiveInteger("n (number of future patients)", n));
    case "normal":
      return normalMean(mix, requirePositive("n (number of future observations)", n));
    default:
      return mix.likelihood === "poisson"
        ? negativeBinomial(mix, requirePositive("n (future exposure units)", n))
        : totalWaitingTime(mix, requirePositive("n (number of future waits)", n));
  }
}
