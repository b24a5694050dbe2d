/**
 * Exact random draws: gamma by Marsaglia & Tsang (2000) with the U^(1/a) boost for shape < 1, beta as
 * X/(X + Y) of two gammas, and mixtures by drawing the component first. Gammas are produced on the log
 * scale, so a beta with tiny shapes (where both gammas underflow) still gets a proper draw.
 */
import type { Rng } from "@kakehashi/core/random";
import { requireNonNegativeInteger, requirePositive } from "./inputs.ts";
import type { Mixture } from "./types.ts";

/** log of a standard Gamma(shape, 1) draw */
function logStandardGamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    // G(a) = G(a + 1)·U^(1/a); in logs, since U^(1/a) underflows for small a
    const u = 1 - rng.next(); // (0, 1]
    return logStandardGamma(rng, shape + 1) + Math.log(u) / shape;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return Math.log(d) + Math.log(v);
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return Math.log(d) + Math.log(v);
  }
}

/** One draw from Gamma(shape, rate) (mean shape/rate). */
export function drawGamma(rng: Rng, shape: number, rate: number): number {
  requirePositive("shape", shape);
  requirePositive("rate", rate);
  return Math.exp(logStandardGamma(rng, shape)) / rate;
}

/** One draw from Beta(a, b), as X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function drawBeta(rng: Rng, a: number, b: number): number {
  requirePositive("a", a);
  requirePositive("b", b);
  return betaFromLogs(logStandardGamma(rng, a), logStandardGamma(rng, b));
}

/** X/(X + Y) = 1/(1 + exp(log Y − log X)) */
function betaFromLogs(logX: number, logY: number): number {
  return 1 / (1 + Math.exp(logY - logX));
}

/**
 * n independent draws of θ from the mixture prior: the component by its weight, then θ from it
 * (Beta(a, b), N(m, s), Gamma(shape a, rate b)).
 */
export function sampleMixture(mix: Mixture, n: number, rng: Rng): Float64Array {
  requireNonNegativeInteger("n (number of draws)", n);
  const k = mix.components.length;
  const cumulative = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) {
    total += (mix.components[i] as { w: number }).w;
    cumulative[i] = total;
  }
  const p1 = new Float64Array(k);
  const p2 = new Float64Array(k);
  mix.components.forEach((c, i) => {
    p1[i] = "m" in c ? c.m : c.a;
    p2[i] = "m" in c ? c.s : c.b;
  });
  const out = new Float64Array(n);
  for (let draw = 0; draw < n; draw++) {
    let i = 0;
    if (k > 1) {
      const u = rng.next() * total;
      while (i < k - 1 && u >= (cumulative[i] as number)) i++;
    }
    const a = p1[i] as number;
    const b = p2[i] as number;
    switch (mix.family) {
      case "beta":
        out[draw] = betaFromLogs(logStandardGamma(rng, a), logStandardGamma(rng, b));
        break;
      case "gamma":
        out[draw] = Math.exp(logStandardGamma(rng, a)) / b;
        break;
      default:
        out[draw] = a + b * rng.normal();
    }
  }
  return out;
}
