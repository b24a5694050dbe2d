/**
 * P(θ1 − θ2 ≤ δ) for two independent mixture priors or posteriors of the same family (RBesT's
 * pmixdiff). Normal: closed form. Gamma with δ = 0: closed form (b1θ1/(b1θ1 + b2θ2) is beta). Otherwise
 * ∫ p2(x) F1(x + δ) dx by adaptive Gauss–Kronrod, with the range split where either density is peaked
 * and a change of variables at ends where p2 is unbounded. The upper tail is integrated as
 * ∫ p2(x) (1 − F1(x + δ)) dx directly, so small tail probabilities keep their relative precision.
 */
import betainc from "@stdlib/math-base-special-betainc";
import { betaCdf, componentMean, componentVariance, gammaCdf, type Prepared, prepare } from "./component.ts";
import { requireNumber } from "./inputs.ts";
import { breakPoints, integratePieces, type Piece, powerPiece, tailPiece } from "./integrate.ts";
import { normalCdf } from "./special.ts";
import type { Mixture } from "./types.ts";

const REL_TOL = 1e-11;
// beyond 6 sd lies 2e-9 of a component's mass, beyond 12 sd 4e-33
const SPREAD = [0, -2.5, 2.5, -6, 6, -12, 12];

/** break points at the centre and ±2.5, ±6, ±12 sd of every component of p (shifted by −shift) */
function componentPoints(p: Prepared, shift: number): number[] {
  const points: number[] = [];
  for (let i = 0; i < p.k; i++) {
    const m = componentMean(p.family, p.p1[i] as number, p.p2[i] as number);
    const sd = Math.sqrt(componentVariance(p.family, p.p1[i] as number, p.p2[i] as number));
    for (const z of SPREAD) points.push(m - shift + z * sd);
  }
  return points;
}

function minOf(values: Float64Array): number {
  let m = Number.POSITIVE_INFINITY;
  for (const v of values) if (v < m) m = v;
  return m;
}

function normalDifference(p1: Prepared, p2: Prepared, delta: number, lowerTail: boolean): number {
  let sum = 0;
  for (let i = 0; i < p1.k; i++) {
    for (let j = 0; j < p2.k; j++) {
      const m = (p1.p1[i] as number) - (p2.p1[j] as number);
      const s = Math.hypot(p1.p2[i] as number, p2.p2[j] as number);
      sum += (p1.w[i] as number) * (p2.w[j] as number) * normalCdf((delta - m) / s, lowerTail);
    }
  }
  return Math.min(1, sum);
}

/** P(θ1 ≤ θ2) = I_{b1/(b1+b2)}(a1, a2) per pair of gamma components (or its upper tail). */
function gammaNoDifference(p1: Prepared, p2: Prepared, lowerTail: boolean): number {
  let sum = 0;
  for (let i = 0; i < p1.k; i++) {
    for (let j = 0; j < p2.k; j++) {
      const a1 = p1.p1[i] as number;
      const b1 = p1.p2[i] as number;
      const a2 = p2.p1[j] as number;
      const b2 = p2.p2[j] as number;
      const z = b1 / (b1 + b2);
      const v =
        z <= 0.5 ? betainc(z, a1, a2, true, !lowerTail) : betainc(b2 / (b1 + b2), a2, a1, true, lowerTail);
      sum += (p1.w[i] as number) * (p2.w[j] as number) * v;
    }
  }
  return Math.min(1, sum);
}

function betaDifference(p1: Prepared, p2: Prepared, delta: number, lowerTail: boolean): number {
  if (delta >= 1) return lowerTail ? 1 : 0;
  if (delta <= -1) return lowerTail ? 0 : 1;
  const lo = Math.max(0, -delta);
  const hi = Math.min(1, 1 - delta);
  // the integrand at θ2 = x, given x, 1 − x and their logs, plus the log Jacobian of the substitution
  const integrand = (x: number, xc: number, logX: number, logXc: number, logJac: number): number => {
    let dens = 0;
    for (let j = 0; j < p2.k; j++) {
      const a = p2.p1[j] as number;
      const b = p2.p2[j] as number;
      const l =
        (p2.logW[j] as number) +
        (a === 1 ? 0 : (a - 1) * logX) +
        (b === 1 ? 0 : (b - 1) * logXc) -
        (p2.logNorm[j] as number) +
        logJac;
      dens += Math.exp(l);
    }
    if (dens === 0) return 0;
    const z = x + delta;
    const zc = xc - delta;
    let g = 0;
    for (let i = 0; i < p1.k; i++) {
      g += (p1.w[i] as number) * betaCdf(p1.p1[i] as number, p1.p2[i] as number, z, zc, lowerTail);
    }
    return dens * g;
  };
  const points = breakPoints(lo, hi, [...componentPoints(p2, 0), ...componentPoints(p1, delta), 0.5]);
  const pieces: Piece[] = [];
  // p2 behaves like x^(a−1) at 0 and (1 − x)^(b−1) at 1: the smallest shapes set the substitutions
  const exponentAt0 = minOf(p2.p1);
  const exponentAt1 = minOf(p2.p2);
  for (let s = 0; s + 1 < points.length; s++) {
    const u = points[s] as number;
    const v = points[s + 1] as number;
    const first = s === 0;
    const last = s + 2 === points.length;
    if (first && u === 0 && exponentAt0 < 1) {
      // x = v·t^(1/a)
      pieces.push(
        powerPiece((x, logX, logJac) => integrand(x, 1 - x, logX, Math.log1p(-x), logJac), v, exponentAt0),
      );
    } else if (last && v === 1 && exponentAt1 < 1) {
      // 1 − x = (1 − u)·t^(1/b)
      pieces.push(
        powerPiece(
          (xc, logXc, logJac) => integrand(1 - xc, xc, Math.log1p(-xc), logXc, logJac),
          1 - u,
          exponentAt1,
        ),
      );
    } else if (v <= 0.5) {
      pieces.push({ a: u, b: v, f: (x) => integrand(x, 1 - x, Math.log(x), Math.log1p(-x), 0) });
    } else {
      // right of 1/2 the complement 1 − x is the accurate variable
      pieces.push({ a: 1 - v, b: 1 - u, f: (xc) => integrand(1 - xc, xc, Math.log1p(-xc), Math.log(xc), 0) });
    }
  }
  let result = integratePieces(pieces, REL_TOL);
  // beyond the integration range F1(x + δ) is 1 (δ > 0, lower tail) or 1 − F1 is 1 (δ < 0, upper tail)
  if (lowerTail && delta > 0) result += tailMass(p2, (a, b) => betaCdf(a, b, hi, delta, false));
  if (!lowerTail && delta < 0) result += tailMass(p2, (a, b) => betaCdf(a, b, lo, 1 - lo, true));
  return Math.min(1, Math.max(0, result));
}

function tailMass(p: Prepared, cdfOf: (p1: number, p2: number) => number): number {
  let s = 0;
  for (let j = 0; j < p.k; j++) s += (p.w[j] as number) * cdfOf(p.p1[j] as number, p.p2[j] as number);
  return s;
}

function gammaDifference(p1: Prepared, p2: Prepared, delta: number, lowerTail: boolean): number {
  if (delta === 0) return gammaNoDifference(p1, p2, lowerTail);
  const lo = Math.max(0, -delta);
  const integrand = (x: number, logX: number, logJac: number): number => {
    let dens = 0;
    for (let j = 0; j < p2.k; j++) {
      const a = p2.p1[j] as number;
      const l =
        (p2.logW[j] as number) +
        (a === 1 ? 0 : (a - 1) * logX) -
        (p2.p2[j] as number) * x -
        (p2.logNorm[j] as number) +
        logJac;
      dens += Math.exp(l);
    }
    if (dens === 0) return 0;
    const z = x + delta;
    let g = 0;
    for (let i = 0; i < p1.k; i++) {
      g += (p1.w[i] as number) * gammaCdf(p1.p1[i] as number, p1.p2[i] as number, z, lowerTail);
    }
    return dens * g;
  };
  const points = breakPoints(lo, Number.POSITIVE_INFINITY, [
    ...componentPoints(p2, 0),
    ...componentPoints(p1, delta),
  ]);
  if (points.length === 2) {
    // nothing of either prior lies above lo: one tail piece starting there
    points.splice(1, 0, lo + Math.max(1, Math.abs(lo)));
  }
  let scale = 0;
  for (let j = 0; j < p2.k; j++) {
    scale = Math.max(scale, Math.sqrt(componentVariance("gamma", p2.p1[j] as number, p2.p2[j] as number)));
  }
  const pieces: Piece[] = [];
  const exponentAt0 = minOf(p2.p1); // p2 ~ x^(a−1) at 0
  const finite = points.length - 1; // index of ∞
  for (let s = 0; s + 1 < finite; s++) {
    const u = points[s] as number;
    const v = points[s + 1] as number;
    if (s === 0 && u === 0 && exponentAt0 < 1) {
      pieces.push(powerPiece((x, logX, logJac) => integrand(x, logX, logJac), v, exponentAt0));
    } else {
      pieces.push({ a: u, b: v, f: (x) => integrand(x, Math.log(x), 0) });
    }
  }
  const start = points[finite - 1] as number;
  pieces.push(tailPiece((x, logJac) => integrand(x, Math.log(x), logJac), start, scale));
  let result = integratePieces(pieces, REL_TOL);
  if (!lowerTail && delta < 0) result += tailMass(p2, (a, b) => gammaCdf(a, b, lo, true));
  return Math.min(1, Math.max(0, result));
}

/**
 * P(θ1 − θ2 ≤ δ) (lowerTail, the default) or P(θ1 − θ2 > δ) for independent θ1 ~ mix1 and
 * θ2 ~ mix2 of the same family; exact for normal mixtures (and gamma at δ = 0), otherwise by
 * adaptive quadrature to ~1e-10 relative.
 */
export function probabilityOfDifference(
  mix1: Mixture,
  mix2: Mixture,
  delta: number,
  options: { lowerTail?: boolean } = {},
): number {
  requireNumber("delta", delta);
  if (mix1.family !== mix2.family) {
    throw new Error(
      `mix1 and mix2 must be of the same family (got ${mix1.family} and ${mix2.family}): compare like with like`,
    );
  }
  const lowerTail = options.lowerTail ?? true;
  if (delta === Number.POSITIVE_INFINITY) return lowerTail ? 1 : 0;
  if (delta === Number.NEGATIVE_INFINITY) return lowerTail ? 0 : 1;
  const p1 = prepare(mix1);
  const p2 = prepare(mix2);
  switch (mix1.family) {
    case "normal":
      return normalDifference(p1, p2, delta, lowerTail);
    case "gamma":
      return gammaDifference(p1, p2, delta, lowerTail);
    default:
      return betaDifference(p1, p2, delta, lowerTail);
  }
}
