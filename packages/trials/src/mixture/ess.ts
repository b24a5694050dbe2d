/**
 * Effective sample size of a mixture prior (RBesT's ess), in the unit of one observation of the
 * conjugate likelihood (one patient for beta, one observation of sd sigma for normal, one exposure
 * unit for Poisson, one event for exponential). Three definitions:
 * - "elir" (default; Neuenschwander, Weber, Schmidli & O'Hagan 2020): the prior expectation of the
 *   local information ratio i_prior(θ)/i_F(θ), with i_prior = −d²/dθ² log p(θ) and i_F the Fisher
 *   information of one observation. For Beta(a, b), a, b > 1, it is a + b; for N(m, s) with sampling sd sigma
 *   it is sigma²/s², for Gamma(a, b) it is b (Poisson: i_F = 1/θ, E[(a − 1)/θ] = b) or a − 1
 *   (exponential: i_F = 1/θ², E[(a − 1)] = a − 1). It is the only one of the three that is
 *   predictively consistent. As in RBesT, beta shapes must be ≥ 1 (and Poisson gamma shapes ≥ 1):
 *   below 1 the defining integral diverges. At a shape of exactly 1 the (a − 1)/θ² term vanishes, so
 *   Beta(1, b), b > 1, has ELIR 1 (= a), not 1 + b: ELIR jumps there, its integrand piling up at θ = 0 as
 *   a → 1 (integrated exactly by a power substitution), and an exponential prior with a < 1 has a
 *   negative ELIR a − 1.
 * - "moment": the conjugate density with the mixture's mean and variance (beta a + b, normal
 *   sigma²/variance, gamma the rate b for Poisson and the shape a for exponential, as RBesT).
 * - "morita" (Morita, Thall & Müller 2008, in the form of Neuenschwander et al. 2020, eq. 9, as RBesT):
 *   at the prior mode θ̂, (i_prior(θ̂) − i_vague(θ̂)) / E[i_F(θ̂; one observation)], where the vague
 *   reference is the prior flattened by s = 100 (beta: Beta(θ̂/s, (1 − θ̂)/s); normal: N(θ̂, s·max s_i²);
 *   Poisson: Gamma(θ̂/s, 1/s); exponential: Gamma(1/s, 1/(s·θ̂))) and the expectation of the observed
 *   information is over the prior predictive of one observation. For Beta(a, b) this is
 *   a + b − (1/(θ̂(1 − θ̂)s))/E[i], close to a + b (exactly a + b as s → ∞).
 *
 * Differences from RBesT, by design: the integrals are adaptive Gauss–Kronrod to ~1e-10 relative
 * (RBesT's integrate() uses ~1e-4); the mode is found to full precision (RBesT's optimise tolerance is
 * ~1e-4); for Poisson Morita the expected information uses the exact predictive mean instead of a sum
 * truncated at the 1e-4 tails; where a mixture has several modes the highest is used without RBesT's
 * warning; s = 100 is fixed (RBesT's default).
 */
import { componentMean, componentVariance, type Prepared, prepare } from "./component.ts";
import { type InformationResult, localInformation } from "./information.ts";
import { breakPoints, integratePieces, type Piece, powerPiece, tailPiece } from "./integrate.ts";
import { mixtureMode } from "./mode.ts";
import { moments } from "./moments.ts";
import type { Mixture } from "./types.ts";

/** RBesT's default flattening constant of the Morita reference prior */
const MORITA_S = 100;
const REL_TOL = 1e-11;
// beyond 6 sd lies 2e-9 of a component's mass, beyond 12 sd 4e-33
const SPREAD = [0, -2.5, 2.5, -6, 6, -12, 12];

export type EssMethod = "elir" | "moment" | "morita";

function componentPoints(p: Prepared): number[] {
  const points: number[] = [];
  for (let i = 0; i < p.k; i++) {
    const m = componentMean(p.family, p.p1[i] as number, p.p2[i] as number);
    const sd = Math.sqrt(componentVariance(p.family, p.p1[i] as number, p.p2[i] as number));
    for (const z of SPREAD) points.push(m + z * sd);
  }
  return points;
}

/**
 * Exponent γ of the ELIR integrand's x^(γ−1) behaviour at an end of the support where one of the
 * shapes in `shapes` (a or b) is in (1, 2), from the components' (shape − 1) terms; `offset` shifts it
 * (exponential: the integrand is p·Q, not p·Q/θ, so γ = a).
 */
function endExponent(shapes: Float64Array, offset: number): number {
  let g = Number.POSITIVE_INFINITY;
  for (const s of shapes) {
    const e = s - 1 + offset;
    if (e > 0 && e < g) g = e;
  }
  return g;
}

/** ∫ p(θ) i_prior(θ) / i_F(θ) dθ by adaptive quadrature */
function elir(p: Prepared, mix: Mixture): number {
  const logs = new Float64Array(p.k);
  const r: InformationResult = { logDensity: 0, scaledGradient: 0, scaledInformation: 0 };
  if (p.family === "beta") {
    for (let i = 0; i < p.k; i++) {
      if ((p.p1[i] as number) < 1 || (p.p2[i] as number) < 1) {
        throw new Error(
          `the ELIR effective sample size of a beta mixture needs every a and b ≥ 1 (component ${i} has ` +
            `a = ${p.p1[i]}, b = ${p.p2[i]}): the defining integral diverges otherwise; use method "moment" or "morita"`,
        );
      }
    }
    // p·i_prior·θ(1 − θ) = p·Q/(θ(1 − θ)); the half above 1/2 in the complement 1 − θ
    const f = (x: number, xc: number, logX: number, logXc: number, logJac: number) => {
      localInformation(p, x, xc, logX, logXc, logs, r);
      return Math.exp(r.logDensity + logJac - logX - logXc) * r.scaledInformation;
    };
    const points = breakPoints(0, 1, [...componentPoints(p), 0.5]);
    const gLo = endExponent(p.p1, 0);
    const gHi = endExponent(p.p2, 0);
    const pieces: Piece[] = [];
    for (let s = 0; s + 1 < points.length; s++) {
      const u = points[s] as number;
      const v = points[s + 1] as number;
      if (s === 0 && gLo < 1) {
        pieces.push(powerPiece((x, logX, logJac) => f(x, 1 - x, logX, Math.log1p(-x), logJac), v, gLo));
      } else if (s + 2 === points.length && gHi < 1) {
        pieces.push(
          powerPiece((xc, logXc, logJac) => f(1 - xc, xc, Math.log1p(-xc), logXc, logJac), 1 - u, gHi),
        );
      } else if (v <= 0.5) {
        pieces.push({ a: u, b: v, f: (x) => f(x, 1 - x, Math.log(x), Math.log1p(-x), 0) });
      } else {
        pieces.push({ a: 1 - v, b: 1 - u, f: (xc) => f(1 - xc, xc, Math.log1p(-xc), Math.log(xc), 0) });
      }
    }
    return integratePieces(pieces, REL_TOL);
  }
  if (p.family === "gamma") {
    const poisson = (mix as { likelihood: string }).likelihood === "poisson";
    if (poisson) {
      for (let i = 0; i < p.k; i++) {
        if ((p.p1[i] as number) < 1) {
          throw new Error(
            `the ELIR effective sample size of a gamma mixture for Poisson data needs every shape a ≥ 1 ` +
              `(component ${i} has a = ${p.p1[i]}): the defining integral diverges otherwise; use method "moment" or "morita"`,
          );
        }
      }
    }
    // Poisson: p·Q/θ² · θ; exponential: p·Q/θ² · θ²
    const f = (x: number, logX: number, logJac: number) => {
      localInformation(p, x, 0, logX, 0, logs, r);
      return Math.exp(r.logDensity + logJac - (poisson ? logX : 0)) * r.scaledInformation;
    };
    const points = breakPoints(0, Number.POSITIVE_INFINITY, componentPoints(p));
    if (points.length === 2) points.splice(1, 0, 1);
    const g0 = endExponent(p.p1, poisson ? 0 : 1);
    const pieces: Piece[] = [];
    const last = points.length - 2; // index of the last finite point
    for (let s = 0; s < last; s++) {
      const u = points[s] as number;
      const v = points[s + 1] as number;
      if (s === 0 && g0 < 1) pieces.push(powerPiece((x, logX, logJac) => f(x, logX, logJac), v, g0));
      else pieces.push({ a: u, b: v, f: (x) => f(x, Math.log(x), 0) });
    }
    let scale = 0;
    for (let i = 0; i < p.k; i++) {
      scale = Math.max(scale, Math.sqrt(componentVariance("gamma", p.p1[i] as number, p.p2[i] as number)));
    }
    pieces.push(tailPiece((x, logJac) => f(x, Math.log(x), logJac), points[last] as number, scale));
    return integratePieces(pieces, REL_TOL);
  }
  // normal: sigma²·E[Q]
  const sigma = (mix as { sigma: number }).sigma;
  const f = (x: number, logJac: number) => {
    localInformation(p, x, 0, 0, 0, logs, r);
    return Math.exp(r.logDensity + logJac) * r.scaledInformation;
  };
  const points = breakPoints(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, componentPoints(p));
  let scale = 0;
  for (let i = 0; i < p.k; i++) scale = Math.max(scale, p.p2[i] as number);
  const pieces: Piece[] = [];
  const first = points[1] as number;
  const last = points[points.length - 2] as number;
  pieces.push(tailPiece((y, logJac) => f(2 * first - y, logJac), first, scale));
  for (let s = 1; s + 2 < points.length; s++) {
    pieces.push({ a: points[s] as number, b: points[s + 1] as number, f: (x) => f(x, 0) });
  }
  pieces.push(tailPiece((x, logJac) => f(x, logJac), last, scale));
  return sigma * sigma * integratePieces(pieces, REL_TOL);
}

function momentEss(mix: Mixture): number {
  const { mean, variance } = moments(mix);
  switch (mix.family) {
    case "beta":
      // a + b of the beta with this mean and variance
      return (mean * (1 - mean)) / variance - 1;
    case "normal":
      return (mix.sigma * mix.sigma) / variance;
    default:
      // gamma with mean m and variance v: b = m/v, a = m²/v
      return mix.likelihood === "poisson" ? mean / variance : (mean * mean) / variance;
  }
}

function moritaEss(p: Prepared, mix: Mixture): number {
  const { mode: theta, information } = mixtureMode(p);
  if (!(information > 0) || !Number.isFinite(information)) {
    throw new Error(
      "the Morita effective sample size needs a prior with an interior mode (the density of this mixture " +
        'is highest at an end of its support); use method "elir" or "moment"',
    );
  }
  const s = MORITA_S;
  switch (mix.family) {
    case "beta": {
      const tc = 1 - theta;
      const vague = (theta / s - 1) / (theta * theta) + (tc / s - 1) / (tc * tc);
      const mean = moments(mix).mean;
      // E over the predictive of one Bernoulli observation y of y/θ² + (1 − y)/(1 − θ)²
      const expected = mean / (theta * theta) + (1 - mean) / (tc * tc);
      return (information - vague) / expected;
    }
    case "normal": {
      let maxVar = 0;
      for (const c of mix.components) maxVar = Math.max(maxVar, c.s * c.s);
      const vague = 1 / (s * maxVar);
      return (information - vague) * mix.sigma * mix.sigma;
    }
    default: {
      if (mix.likelihood === "poisson") {
        const vague = (theta / s - 1) / (theta * theta);
        const expected = moments(mix).mean / (theta * theta);
        return (information - vague) / expected;
      }
      const vague = (1 / s - 1) / (theta * theta);
      return (information - vague) * theta * theta;
    }
  }
}

/**
 * Effective sample size of the prior by the expected local information ratio (default), moment
 * matching, or Morita's method (see the file header for the definitions and units).
 */
export function effectiveSampleSize(mix: Mixture, method: EssMethod = "elir"): number {
  switch (method) {
    case "elir":
      return elir(prepare(mix), mix);
    case "moment":
      return momentEss(mix);
    case "morita":
      return moritaEss(prepare(mix), mix);
    default:
      throw new Error(`method must be "elir", "moment" or "morita" (got ${String(method)})`);
  }
}
