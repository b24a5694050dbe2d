/**
 * P(g(θ1) − g(θ2) > δ) (or ≤ δ) for two independent beta or gamma mixtures, g the identity, logit or log
 * link, as one quadrature: E[F(target)] over the arm with more components (its density is the cheap part),
 * F the distribution function of the other arm at the θ that makes the difference equal δ. The density
 * is integrated on the logit (beta) or log (gamma) scale, where every component is smooth and log-concave
 * (no endpoint singularity of a Beta(a < 1)), over a range whose left-out tail mass is bounded by
 * log-concavity. Returns the value with the quadrature's error estimate, for the boundary search that only
 * needs to know on which side of c a probability lies.
 */
import betaln from "@stdlib/math-base-special-betaln";
import gammaln from "@stdlib/math-base-special-gammaln";
import type { Mixture } from "../mixture/types.ts";
import { incompleteBeta, incompleteGamma } from "./incomplete.ts";
import { integrateWithError } from "./integrate.ts";
import type { DifferenceLink } from "./rule.ts";

/** Components of a beta or gamma mixture with their log normalising constants. */
interface Prepared {
  family: "beta" | "gamma";
  k: number;
  w: Float64Array;
  a: Float64Array;
  b: Float64Array;
  /** ln B(a, b) (beta) or ln Γ(a) − a ln b (gamma) */
  logNorm: Float64Array;
  /** ln Γ(a) (gamma) */
  logGammaA: Float64Array;
}

const prepared = new WeakMap<Mixture, Prepared>();

function prepare(mix: Mixture): Prepared {
  const hit = prepared.get(mix);
  if (hit) return hit;
  if (mix.family === "normal") throw new Error("unreachable: normal mixtures have a closed-form difference");
  const k = mix.components.length;
  const p: Prepared = {
    family: mix.family,
    k,
    w: new Float64Array(k),
    a: new Float64Array(k),
    b: new Float64Array(k),
    logNorm: new Float64Array(k),
    logGammaA: new Float64Array(k),
  };
  mix.components.forEach((c, i) => {
    p.w[i] = c.w;
    p.a[i] = c.a;
    p.b[i] = c.b;
    if (mix.family === "beta") {
      p.logNorm[i] = betaln(c.a, c.b);
    } else {
      const lg = gammaln(c.a);
      p.logGammaA[i] = lg;
      p.logNorm[i] = lg - c.a * Math.log(c.b);
    }
  });
  prepared.set(mix, p);
  return p;
}

/** ln σ(u) = −ln(1 + e^{−u}) without overflow */
function logSigmoid(u: number): number {
  return u >= 0 ? -Math.log1p(Math.exp(-u)) : u - Math.log1p(Math.exp(u));
}

function sigmoid(u: number): number {
  return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
}

/** log density of component i on the integration scale (logit θ for beta, log θ for gamma) */
function logDensity(p: Prepared, i: number, u: number): number {
  const a = p.a[i] as number;
  const b = p.b[i] as number;
  if (p.family === "beta") return a * logSigmoid(u) + b * logSigmoid(-u) - (p.logNorm[i] as number);
  return a * u - b * Math.exp(u) - (p.logNorm[i] as number);
}

/** derivative of logDensity in u */
function slope(p: Prepared, i: number, u: number): number {
  const a = p.a[i] as number;
  const b = p.b[i] as number;
  if (p.family === "beta") return a * sigmoid(-u) - b * sigmoid(u);
  return a - b * Math.exp(u);
}

/**
 * Range, mode and scale of component i on the integration scale. A log-concave density lies below its
 * tangent, so the mass beyond a point u0 is at most density(u0)/|slope(u0)|: step out until that is < tail.
 */
function componentRange(
  p: Prepared,
  i: number,
  tail: number,
): { lo: number; hi: number; mode: number; scale: number } {
  const a = p.a[i] as number;
  const b = p.b[i] as number;
  const mode = Math.log(a / b);
  const scale = p.family === "beta" ? Math.sqrt(1 / a + 1 / b) : 1 / Math.sqrt(a);
  let dist = 6 * scale;
  let lo = mode - dist;
  for (let k = 0; k < 60; k++) {
    lo = mode - dist;
    if (Math.exp(logDensity(p, i, lo)) / slope(p, i, lo) < tail) break;
    dist *= 1.5;
  }
  dist = 6 * scale;
  let hi = mode + dist;
  for (let k = 0; k < 60; k++) {
    hi = mode + dist;
    if (Math.exp(logDensity(p, i, hi)) / -slope(p, i, hi) < tail) break;
    dist *= 1.5;
  }
  return { lo, hi, mode, scale };
}

export interface DifferenceTolerance {
  absTol: number;
  relTol: number;
}

/**
 * P(g(θ1) − g(θ2) ≤ δ) (lowerTail) or > δ for independent beta or gamma mixtures mix1 (treatment) and mix2
 * (control) of the same family, with the quadrature error estimate.
 */
export function differenceIntegral(
  mix1: Mixture,
  mix2: Mixture,
  delta: number,
  link: DifferenceLink,
  lowerTail: boolean,
  tolerance: DifferenceTolerance,
): { value: number; error: number } {
  const p1 = prepare(mix1);
  const p2 = prepare(mix2);
  // integrate over the arm with more components: g(θ1) − g(θ2) > δ ⇔ θ1 > g⁻¹(g(θ2) + δ) ⇔ θ2 < g⁻¹(g(θ1) − δ)
  const overControl = p2.k >= p1.k;
  const dens = overControl ? p2 : p1;
  const other = overControl ? p1 : p2;
  const shift = overControl ? delta : -delta;
  // the other arm's tail wanted: over θ2, {θ1 > target} (difference > δ); over θ1, {θ2 < target}
  const otherUpper = overControl ? !lowerTail : lowerTail;
  const beta = dens.family === "beta";
  const expShift = Math.exp(shift);

  const k = dens.k;
  const f = (u: number): number => {
    // ln θ and ln(1 − θ) (beta) or θ (gamma), shared by all components
    let l1: number;
    let l2: number;
    if (beta) {
      l1 = logSigmoid(u);
      l2 = l1 - u;
    } else {
      l1 = u;
      l2 = -Math.exp(u);
    }
    let density = 0;
    for (let i = 0; i < k; i++) {
      density +=
        (dens.w[i] as number) *
        Math.exp((dens.a[i] as number) * l1 + (dens.b[i] as number) * l2 - (dens.logNorm[i] as number));
    }
    if (density === 0) return 0;
    let x: number;
    let xc = 0;
    if (beta) {
      if (link === "identity") {
        x = sigmoid(u) + shift;
        xc = sigmoid(-u) - shift;
      } else if (link === "logit") {
        x = sigmoid(u + shift);
        xc = sigmoid(-(u + shift));
      } else {
        x = sigmoid(u) * expShift;
        xc = 1 - x;
      }
    } else {
      x = link === "identity" ? Math.exp(u) + shift : Math.exp(u + shift);
    }
    let tail = 0;
    for (let i = 0; i < other.k; i++) {
      const v = beta
        ? incompleteBeta(
            x,
            xc,
            other.a[i] as number,
            other.b[i] as number,
            other.logNorm[i] as number,
            otherUpper,
          )
        : incompleteGamma(
            x * (other.b[i] as number),
            other.a[i] as number,
            other.logGammaA[i] as number,
            otherUpper,
          );
      tail += (other.w[i] as number) * v;
    }
    return density * tail;
  };

  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const points: number[] = [];
  for (let i = 0; i < dens.k; i++) {
    // each component leaves out at most 1% of the absolute tolerance on each side
    const r = componentRange(dens, i, 0.01 * tolerance.absTol);
    lo = Math.min(lo, r.lo);
    hi = Math.max(hi, r.hi);
    points.push(r.mode);
  }
  const cuts = [lo, ...points.filter((x) => x > lo && x < hi), hi].sort((x, y) => x - y);
  const { value, error } = integrateWithError(f, cuts, {
    absTol: tolerance.absTol,
    relTol: tolerance.relTol,
  });
  return { value: Math.min(1, Math.max(0, value)), error };
}
