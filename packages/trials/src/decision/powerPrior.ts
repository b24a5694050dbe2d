/**
 * Power prior with a fixed power a0: the external likelihood raised to a0 ∈ [0, 1] updates the initial
 * prior. Conjugacy survives: a0 = 0 ignores the external data, a0 = 1 pools it fully, and in between it
 * counts as a0 times its size — Beta(a + a0·r, b + a0·(n − r)), a normal likelihood with standard error
 * se/√a0, Gamma(a + a0·events, b + a0·exposure). Mixture weights follow the marginal likelihoods of L^a0.
 */
import betaln from "@stdlib/math-base-special-betaln";
import gammaln from "@stdlib/math-base-special-gammaln";
import { betaMixture, gammaMixture, normalMixture } from "../mixture/index.ts";
import type { Mixture } from "../mixture/types.ts";
import { show } from "./checks.ts";
import {
  dataFamily,
  describeSummary,
  type ExternalData,
  type ExternalDataSummary,
  type ExternalPrior,
  type ProvenanceOptions,
  summarizeExternal,
} from "./externalData.ts";

function normaliseLog(logWeights: number[]): number[] {
  const top = Math.max(...logWeights);
  const w = logWeights.map((l) => Math.exp(l - top));
  const sum = w.reduce((s, x) => s + x, 0);
  return w.map((x) => x / sum);
}

function copyPrior(prior: Mixture): Mixture {
  return structuredClone(prior);
}

function discount(prior: Mixture, s: ExternalDataSummary, a0: number): Mixture {
  if (prior.family === "beta" && s.likelihood === "binomial") {
    const r = a0 * s.responders;
    const f = a0 * (s.patients - s.responders);
    const w = normaliseLog(
      prior.components.map((c) => Math.log(c.w) + betaln(c.a + r, c.b + f) - betaln(c.a, c.b)),
    );
    return betaMixture(prior.components.map((c, i) => [w[i] as number, c.a + r, c.b + f]));
  }
  if (prior.family === "normal" && s.likelihood === "normal") {
    const v = (s.se * s.se) / a0;
    const logW = prior.components.map((c) => {
      const total = c.s * c.s + v;
      return Math.log(c.w) - 0.5 * Math.log(2 * Math.PI * total) - (s.mean - c.m) ** 2 / (2 * total);
    });
    const w = normaliseLog(logW);
    return normalMixture(
      prior.components.map((c, i) => {
        const precision = 1 / (c.s * c.s) + 1 / v;
        return [w[i] as number, (c.m / (c.s * c.s) + s.mean / v) / precision, 1 / Math.sqrt(precision)];
      }),
      prior.sigma,
    );
  }
  if (prior.family === "gamma" && (s.likelihood === "poisson" || s.likelihood === "exponential")) {
    const e = a0 * s.events;
    const x = a0 * s.exposure;
    const logW = prior.components.map(
      (c) =>
        Math.log(c.w) + gammaln(c.a + e) - gammaln(c.a) + c.a * Math.log(c.b) - (c.a + e) * Math.log(c.b + x),
    );
    const w = normaliseLog(logW);
    return gammaMixture(
      prior.components.map((c, i) => [w[i] as number, c.a + e, c.b + x]),
      prior.likelihood,
    );
  }
  throw new Error(`unreachable: ${prior.family} prior with ${s.likelihood} data`);
}

/**
 * Power prior of the external data with fixed power a0 ∈ [0, 1] on `initialPrior` (beta for { r, n },
 * normal for { mean, se } or { mean, n } — n with the prior's sigma —, gamma for { events, exposure }).
 * Returns the prior and its provenance.
 */
export function powerPrior(
  initialPrior: Mixture,
  externalData: ExternalData,
  a0: number,
  options: ProvenanceOptions = {},
): ExternalPrior {
  if (typeof a0 !== "number" || !(a0 >= 0 && a0 <= 1)) {
    throw new Error(
      `powerPrior: a0 (the power of the external likelihood) must be between 0 and 1 (got ${show(a0)})`,
    );
  }
  const family = dataFamily(externalData);
  if (initialPrior?.family !== family) {
    throw new Error(
      `powerPrior: external data ${show(externalData)} needs a ${family} initial prior (got ${show(initialPrior?.family)})`,
    );
  }
  const likelihood =
    initialPrior.family === "beta"
      ? "binomial"
      : initialPrior.family === "normal"
        ? "normal"
        : initialPrior.likelihood;
  const summary = summarizeExternal(
    externalData,
    likelihood,
    initialPrior.family === "normal" ? initialPrior.sigma : undefined,
  );
  const prior = a0 === 0 ? copyPrior(initialPrior) : discount(initialPrior, summary, a0);
  return {
    prior,
    provenance: {
      source: "external",
      method: "power prior",
      description:
        options.description ?? `power prior (a0 = ${a0}) from external data: ${describeSummary(summary)}`,
      data: summary,
      ...(options.rwdStudyId === undefined ? {} : { rwdStudyId: options.rwdStudyId }),
      a0,
      initialPrior: copyPrior(initialPrior),
    },
  };
}
