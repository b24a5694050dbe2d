/**
 * Constructors of mixture priors and the validator for mixtures arriving as JSON. Weights must be
 * positive and sum to 1 within 1e-8 (what survives rounding in a saved design); they are then divided
 * by their sum so every later computation sees weights summing to 1 to the last bit we can manage.
 */

import { show } from "./inputs.ts";
import type {
  BetaComponent,
  BetaMixture,
  GammaComponent,
  GammaMixture,
  Mixture,
  NormalComponent,
  NormalMixture,
} from "./types.ts";

const WEIGHT_SUM_TOLERANCE = 1e-8;

type Triple = [w: number, p1: number, p2: number];

function isPositiveFinite(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x) && x > 0;
}

function checkField(where: string, field: string, x: unknown, meaning: string, anySign = false): number {
  const ok = anySign ? typeof x === "number" && Number.isFinite(x) : isPositiveFinite(x);
  if (!ok) {
    const need = anySign ? "a finite number" : "a positive finite number";
    throw new Error(`${where}.${field} (${meaning}) must be ${need} (got ${show(x)})`);
  }
  return x as number;
}

/** Divides the weights by their sum after checking it is 1 within the tolerance. */
function normaliseWeights(where: string, weights: number[]): number[] {
  if (weights.length === 0) {
    throw new Error(`${where} must have at least one component`);
  }
  let sum = 0;
  for (const w of weights) sum += w;
  if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE)) {
    throw new Error(
      `${where}: the weights sum to ${sum}, not 1; rescale them so they sum to 1 (within ${WEIGHT_SUM_TOLERANCE})`,
    );
  }
  return weights.map((w) => w / sum);
}

function checkTriples(name: string, components: unknown): Triple[] {
  if (!Array.isArray(components) || components.length === 0) {
    throw new Error(`${name} must be a non-empty array of [weight, parameter1, parameter2] triples`);
  }
  return components.map((c, i) => {
    if (!Array.isArray(c) || c.length !== 3) {
      throw new Error(`${name}[${i}] must be a [weight, parameter1, parameter2] triple (got ${show(c)})`);
    }
    return c as Triple;
  });
}

/** Beta mixture prior of a response rate: components [weight, a, b] of Beta(a, b) densities. */
export function betaMixture(components: Array<[w: number, a: number, b: number]>): BetaMixture {
  const triples = checkTriples("betaMixture components", components);
  return buildBeta(
    "betaMixture components",
    triples.map(([w, a, b]) => ({ w, a, b })),
  );
}

/**
 * Normal mixture prior of a mean: components [weight, mean m, sd s]; `sigma` is the sampling sd of
 * one observation (the unit of the effective sample size and of `{ mean, n }` data).
 */
export function normalMixture(
  components: Array<[w: number, m: number, s: number]>,
  sigma: number,
): NormalMixture {
  const triples = checkTriples("normalMixture components", components);
  return buildNormal(
    "normalMixture components",
    triples.map(([w, m, s]) => ({ w, m, s })),
    sigma,
    "normalMixture sigma",
  );
}

/**
 * Gamma mixture prior of a Poisson rate or exponential hazard: components [weight, shape a, rate b]
 * (mean a/b); `likelihood` says which data the prior is conjugate to.
 */
export function gammaMixture(
  components: Array<[w: number, a: number, b: number]>,
  likelihood: "poisson" | "exponential",
): GammaMixture {
  const triples = checkTriples("gammaMixture components", components);
  return buildGamma(
    "gammaMixture components",
    triples.map(([w, a, b]) => ({ w, a, b })),
    likelihood,
    "gammaMixture likelihood",
  );
}

function buildBeta(where: string, comps: readonly Record<string, unknown>[]): BetaMixture {
  const parsed = comps.map((c, i) => {
    const at = `${where}[${i}]`;
    return {
      w: checkField(at, "w", c.w, "weight"),
      a: checkField(at, "a", c.a, "first shape"),
      b: checkField(at, "b", c.b, "second shape"),
    };
  });
  const w = normaliseWeights(
    where,
    parsed.map((c) => c.w),
  );
  const components: BetaComponent[] = parsed.map((c, i) => ({ w: w[i] as number, a: c.a, b: c.b }));
  return { family: "beta", components };
}

function buildNormal(
  where: string,
  comps: readonly Record<string, unknown>[],
  sigma: unknown,
  sigmaName: string,
): NormalMixture {
  if (!isPositiveFinite(sigma)) {
    throw new Error(
      `${sigmaName} (sampling sd of one observation) must be a positive finite number (got ${show(sigma)})`,
    );
  }
  const parsed = comps.map((c, i) => {
    const at = `${where}[${i}]`;
    return {
      w: checkField(at, "w", c.w, "weight"),
      m: checkField(at, "m", c.m, "mean", true),
      s: checkField(at, "s", c.s, "standard deviation"),
    };
  });
  const w = normaliseWeights(
    where,
    parsed.map((c) => c.w),
  );
  const components: NormalComponent[] = parsed.map((c, i) => ({ w: w[i] as number, m: c.m, s: c.s }));
  return { family: "normal", sigma, components };
}

function buildGamma(
  where: string,
  comps: readonly Record<string, unknown>[],
  likelihood: unknown,
  likelihoodName: string,
): GammaMixture {
  if (likelihood !== "poisson" && likelihood !== "exponential") {
    throw new Error(`${likelihoodName} must be "poisson" or "exponential" (got ${show(likelihood)})`);
  }
  const parsed = comps.map((c, i) => {
    const at = `${where}[${i}]`;
    return {
      w: checkField(at, "w", c.w, "weight"),
      a: checkField(at, "a", c.a, "shape"),
      b: checkField(at, "b", c.b, "rate"),
    };
  });
  const w = normaliseWeights(
    where,
    parsed.map((c) => c.w),
  );
  const components: GammaComponent[] = parsed.map((c, i) => ({ w: w[i] as number, a: c.a, b: c.b }));
  return { family: "gamma", likelihood, components };
}

/**
 * Checks a mixture that arrived as untyped data (JSON body, saved design) and returns a fresh copy
 * with its weights renormalised; the error names the component and field at fault.
 */
export function validateMixture(m: unknown): Mixture {
  if (typeof m !== "object" || m === null || Array.isArray(m)) {
    throw new Error(`mixture must be an object with family and components (got ${show(m)})`);
  }
  const obj = m as Record<string, unknown>;
  const comps = obj.components;
  if (!Array.isArray(comps) || comps.length === 0) {
    throw new Error("mixture.components must be a non-empty array of components");
  }
  comps.forEach((c, i) => {
    if (typeof c !== "object" || c === null || Array.isArray(c)) {
      throw new Error(`mixture.components[${i}] must be an object (got ${show(c)})`);
    }
  });
  const records = comps as Record<string, unknown>[];
  switch (obj.family) {
    case "beta":
      return buildBeta("mixture.components", records);
    case "normal":
      return buildNormal("mixture.components", records, obj.sigma, "mixture.sigma");
    case "gamma":
      return buildGamma("mixture.components", records, obj.likelihood, "mixture.likelihood");
    default:
      throw new Error(`mixture.family must be "beta", "normal" or "gamma" (got ${show(obj.family)})`);
  }
}
