/**
 * Robustification of a mixture prior (RBesT's robustify; Schmidli et al. 2014): a weakly informative
 * component is added with weight `weight` and the existing weights are scaled by 1 − weight, so that
 * the posterior can discount the informative part when the new data conflict with it.
 */
import { requireFinite, requirePositive } from "./inputs.ts";
import { moments } from "./moments.ts";
import type { BetaMixture, GammaMixture, Mixture, NormalMixture } from "./types.ts";

/**
 * Adds the robust component:
 * - beta: Beta(mean·(n + 1), (1 − mean)·(n + 1)), mean 1/2 and n = 1 by default, i.e. the uniform
 *   Beta(1, 1); like RBesT, n + 1 is used so that the default is the uniform rather than the strict
 *   unit-information Beta(1/2, 1/2);
 * - normal: the unit-information N(mean, sigma/√n) (n = 1), mean defaulting to the mixture mean;
 * - gamma: the mean-matched component worth n = 1 observation: Poisson Gamma(mean·n, n) (n exposure
 *   units), exponential Gamma(n, n/mean) (n events), mean defaulting to the mixture mean.
 * RBesT strongly recommends setting `mean` to the null hypothesis rather than using the default.
 */
export function robustify(mix: Mixture, options: { weight: number; mean?: number; n?: number }): Mixture {
  if (typeof options !== "object" || options === null)
    throw new Error("options must be { weight, mean?, n? }");
  const weight = options.weight;
  if (typeof weight !== "number" || !(weight > 0 && weight < 1)) {
    throw new Error(
      `weight of the robust component must be strictly between 0 and 1 (got ${String(weight)})`,
    );
  }
  const n =
    options.n === undefined
      ? 1
      : requirePositive("n (observations the robust component is worth)", options.n);
  const keep = 1 - weight;
  switch (mix.family) {
    case "beta": {
      const mean = options.mean ?? 0.5;
      if (typeof mean !== "number" || !(mean > 0 && mean < 1)) {
        throw new Error(
          `mean of the robust beta component must be strictly between 0 and 1 (got ${String(mean)})`,
        );
      }
      const out: BetaMixture = {
        family: "beta",
        components: [
          ...mix.components.map((c) => ({ w: c.w * keep, a: c.a, b: c.b })),
          { w: weight, a: mean * (n + 1), b: (1 - mean) * (n + 1) },
        ],
      };
      return out;
    }
    case "normal": {
      const mean = options.mean === undefined ? moments(mix).mean : requireFinite("mean", options.mean);
      const out: NormalMixture = {
        family: "normal",
        sigma: mix.sigma,
        components: [
          ...mix.components.map((c) => ({ w: c.w * keep, m: c.m, s: c.s })),
          { w: weight, m: mean, s: mix.sigma / Math.sqrt(n) },
        ],
      };
      return out;
    }
    default: {
      const mean =
        options.mean === undefined
          ? moments(mix).mean
          : requirePositive("mean of the robust gamma component", options.mean);
      const robust = mix.likelihood === "poisson" ? { a: mean * n, b: n } : { a: n, b: n / mean };
      const out: GammaMixture = {
        family: "gamma",
        likelihood: mix.likelihood,
        components: [
          ...mix.components.map((c) => ({ w: c.w * keep, a: c.a, b: c.b })),
          { w: weight, ...robust },
        ],
      };
      return out;
    }
  }
}
