/**
 * Conjugate update of a mixture prior (RBesT's postmix): each component is updated on its own and the
 * weights are multiplied by each component's marginal likelihood of the data, all on the log scale so
 * that a million observations neither overflow nor underflow the weights.
 */
import { requireFinite, requireNonNegative, requirePositive } from "./inputs.ts";
import { lbeta, normalLogDensity } from "./special.ts";
import type {
  BetaMixture,
  BinomialData,
  GammaMixture,
  Mixture,
  NormalData,
  NormalMixture,
  RateData,
} from "./types.ts";

/** exp(lw − logΣexp(lw)), floored at the smallest positive double so the result stays a valid mixture */
function normalisedWeights(logWeights: number[]): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of logWeights) if (v > max) max = v;
  let sum = 0;
  for (const v of logWeights) sum += Math.exp(v - max);
  const logTotal = max + Math.log(sum);
  // a weight below the double range is kept as 5e-324 rather than 0: validators require w > 0
  return logWeights.map((v) => Math.max(Math.exp(v - logTotal), Number.MIN_VALUE));
}

function betaPosterior(mix: BetaMixture, data: BinomialData): BetaMixture {
  const n = requireNonNegative("data.n (number of patients)", data.n);
  const r = requireNonNegative("data.r (number of responders)", data.r);
  if (r > n) throw new Error(`data.r (responders, ${r}) must not exceed data.n (patients, ${n})`);
  const comps = mix.components.map((c) => ({ a: c.a + r, b: c.b + n - r }));
  // log B(a + r, b + n − r) − log B(a, b) less the terms common to every component
  // (log Γ(r) + log Γ(n − r) − log Γ(n)): with log Γ(x + y) − log Γ(x) = log Γ(y) − log B(x, y) what
  // remains is −log B(a, r) − log B(b, n − r) + log B(a + b, n), moderate even for n = 10^6, where the
  // plain difference of log-betas of size 10^6 would leave only ~10 correct digits.
  const lw = mix.components.map(
    (c) =>
      Math.log(c.w) -
      (r > 0 ? lbeta(c.a, r) : 0) -
      (n - r > 0 ? lbeta(c.b, n - r) : 0) +
      (n > 0 ? lbeta(c.a + c.b, n) : 0),
  );
  const w = normalisedWeights(lw);
  return { family: "beta", components: comps.map((c, i) => ({ w: w[i] as number, a: c.a, b: c.b })) };
}

function normalPosterior(mix: NormalMixture, data: NormalData): NormalMixture {
  const mean = requireFinite("data.mean", data.mean);
  let se: number;
  if ("se" in data && data.se !== undefined) {
    se = requirePositive("data.se (standard error of the mean)", data.se);
  } else if ("n" in data) {
    se = mix.sigma / Math.sqrt(requirePositive("data.n (number of observations)", data.n));
  } else {
    throw new Error("normal data need mean and either n (observations of sd sigma) or se");
  }
  const se2 = se * se;
  const lw: number[] = [];
  const comps = mix.components.map((c) => {
    const s2 = c.s * c.s;
    const total = s2 + se2;
    lw.push(Math.log(c.w) + normalLogDensity(mean, c.m, Math.sqrt(total)));
    return { m: c.m + ((mean - c.m) * s2) / total, s: Math.sqrt((s2 * se2) / total) };
  });
  const w = normalisedWeights(lw);
  return {
    family: "normal",
    sigma: mix.sigma,
    components: comps.map((c, i) => ({ w: w[i] as number, m: c.m, s: c.s })),
  };
}

function gammaPosterior(mix: GammaMixture, data: RateData): GammaMixture {
  const events = requireNonNegative("data.events", data.events);
  const exposure = requireNonNegative(
    mix.likelihood === "poisson" ? "data.exposure (exposure units)" : "data.exposure (total follow-up time)",
    data.exposure,
  );
  // Poisson counts and exponential times share the kernel θ^events·e^(−θ·exposure), so the marginal
  // likelihood ratio is b^a Γ(a + events) / (Γ(a) (b + exposure)^(a + events)) for both. Its log is
  // written without the terms common to all components (log Γ(events), events·log(exposure)), which
  // for a million events are ~1e7 and would cost the weights eight digits:
  // log Γ(a + y) − log Γ(a) = log Γ(y) − log B(a, y) and (a + y) log(b + E) = (a + y) log E + (a + y) log1p(b/E).
  const lw = mix.components.map((c) => {
    const gammaRatio = events > 0 ? -lbeta(c.a, events) : 0;
    const rateTerm =
      exposure > 0
        ? c.a * Math.log(c.b / exposure) - (c.a + events) * Math.log1p(c.b / exposure)
        : c.a * Math.log(c.b) - (c.a + events) * Math.log(c.b);
    return Math.log(c.w) + gammaRatio + rateTerm;
  });
  const w = normalisedWeights(lw);
  return {
    family: "gamma",
    likelihood: mix.likelihood,
    components: mix.components.map((c, i) => ({ w: w[i] as number, a: c.a + events, b: c.b + exposure })),
  };
}

/**
 * Posterior mixture after observing data: beta with r responders of n (Beta(a + r, b + n − r),
 * weights ∝ w·B(a + r, b + n − r)/B(a, b)); normal with the mean of n observations of sd sigma or a
 * mean with standard error se (weights ∝ w·N(mean; m, √(s² + se²))); gamma with events over exposure
 * (Gamma(a + events, b + exposure), weights by the negative-binomial (Poisson) or Lomax-type
 * (exponential) marginal). Counts may be fractional (e.g. down-weighted pseudo-data).
 */
export function posterior(mix: BetaMixture, data: BinomialData): BetaMixture;
export function posterior(mix: NormalMixture, data: NormalData): NormalMixture;
export function posterior(mix: GammaMixture, data: RateData): GammaMixture;
export function posterior(mix: Mixture, data: BinomialData | NormalData | RateData): Mixture;
export function posterior(mix: Mixture, data: BinomialData | NormalData | RateData): Mixture {
  if (typeof data !== "object" || data === null) throw new Error("data must be an object");
  switch (mix.family) {
    case "beta":
      if (!("r" in data && "n" in data)) throw new Error("beta mixture data must be { r, n }");
      return betaPosterior(mix, data);
    case "normal":
      if (!("mean" in data)) throw new Error("normal mixture data must be { mean, n } or { mean, se }");
      return normalPosterior(mix, data);
    default:
      if (!("events" in data && "exposure" in data)) {
        throw new Error("gamma mixture data must be { events, exposure }");
      }
      return gammaPosterior(mix, data);
  }
}
