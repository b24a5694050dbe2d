/**
 * What a trial arm observes under each prior family, and the conjugate update by that observation:
 * binomial responders of n patients (beta prior), Poisson events over n exposure units (gamma prior,
 * Poisson likelihood), the mean of n normal observations with sampling sd sigma (normal prior).
 */
import { posterior } from "../mixture/index.ts";
import type {
  BetaMixture,
  BinomialData,
  GammaMixture,
  Mixture,
  NormalData,
  NormalMixture,
  RateData,
} from "../mixture/types.ts";
import { requirePositive, requirePositiveInteger, show } from "./checks.ts";

export type OutcomeData = BinomialData | NormalData | RateData;

function describeData(family: Mixture["family"]): string {
  if (family === "beta") return "{ r, n } (responders r of n patients)";
  if (family === "normal") return "{ mean, n } or { mean, se }";
  return "{ events, exposure }";
}

/** Posterior of a mixture prior after data of the matching likelihood; `name` labels the arguments in errors. */
export function updatePosterior(prior: Mixture, data: OutcomeData, name: string): Mixture {
  if (typeof prior !== "object" || prior === null || !("family" in prior)) {
    throw new Error(`${name}: the prior must be a beta, normal or gamma mixture (got ${show(prior)})`);
  }
  const d = data as Record<string, unknown> | null;
  const fits =
    typeof d === "object" &&
    d !== null &&
    (prior.family === "beta"
      ? "r" in d && "n" in d
      : prior.family === "normal"
        ? "mean" in d
        : "events" in d);
  if (!fits) {
    throw new Error(
      `${name}: a ${prior.family} mixture prior needs data ${describeData(prior.family)} (got ${show(data)})`,
    );
  }
  switch (prior.family) {
    case "beta":
      return posterior(prior, data as BinomialData);
    case "normal":
      return posterior(prior, data as NormalData);
    case "gamma":
      return posterior(prior, data as RateData);
  }
}

/** An arm whose outcome is a count: responders (binomial) or events (Poisson). */
export interface CountArm {
  kind: "binomial" | "poisson";
  prior: BetaMixture | GammaMixture;
  /** patients (binomial) or exposure units (Poisson) */
  n: number;
  /** largest possible count: n (binomial) or Infinity (Poisson) */
  maxCount: number;
  /** posterior after observing y, computed once per y */
  posteriorAt(y: number): Mixture;
}

/** An arm whose outcome is the sample mean of n normal observations with standard error se. */
export interface NormalArm {
  kind: "normal";
  prior: NormalMixture;
  n: number;
  sigma: number;
  se: number;
  posteriorAt(mean: number): NormalMixture;
}

export type Arm = CountArm | NormalArm;

/**
 * The arm model of a prior and sample size. `sigma` overrides the prior's sampling sd for normal
 * endpoints (RBesT's `sigma` argument). Exponential likelihoods have no count outcome and are refused.
 */
export function armModel(prior: Mixture, n: number, name: string, sigma?: number): Arm {
  if (typeof prior !== "object" || prior === null || !("family" in prior)) {
    throw new Error(`${name} prior must be a beta, normal or gamma mixture (got ${show(prior)})`);
  }
  if (prior.family === "beta") {
    requirePositiveInteger(`${name} sample size n`, n);
    const cache: (Mixture | undefined)[] = new Array(n + 1);
    return {
      kind: "binomial",
      prior,
      n,
      maxCount: n,
      posteriorAt(y) {
        let post = cache[y];
        if (post === undefined) {
          post = posterior(prior, { r: y, n });
          cache[y] = post;
        }
        return post;
      },
    };
  }
  if (prior.family === "gamma") {
    if (prior.likelihood !== "poisson") {
      throw new Error(
        `${name} prior: decision boundaries and operating characteristics need a count outcome; a gamma mixture with likelihood "exponential" has none — use likelihood "poisson" (event counts over exposure)`,
      );
    }
    requirePositive(`${name} exposure n`, n);
    const cache = new Map<number, Mixture>();
    return {
      kind: "poisson",
      prior,
      n,
      maxCount: Number.POSITIVE_INFINITY,
      posteriorAt(y) {
        let post = cache.get(y);
        if (post === undefined) {
          post = posterior(prior, { events: y, exposure: n });
          cache.set(y, post);
        }
        return post;
      },
    };
  }
  requirePositive(`${name} sample size n`, n);
  const s = sigma === undefined ? prior.sigma : requirePositive(`${name} sigma`, sigma);
  const se = s / Math.sqrt(n);
  return {
    kind: "normal",
    prior,
    n,
    sigma: s,
    se,
    posteriorAt: (mean) => posterior(prior, { mean, se }),
  };
}

/** Checks a true parameter value is inside the parameter space of the arm's outcome. */
export function requireParameter(arm: Arm, name: string, theta: number): number {
  const ok =
    arm.kind === "binomial"
      ? theta >= 0 && theta <= 1
      : arm.kind === "poisson"
        ? theta >= 0 && Number.isFinite(theta)
        : Number.isFinite(theta);
  if (!ok) {
    const range =
      arm.kind === "binomial" ? "a rate in [0, 1]" : arm.kind === "poisson" ? "a rate ≥ 0" : "finite";
    throw new Error(`${name} must be ${range} (got ${show(theta)})`);
  }
  return theta;
}
