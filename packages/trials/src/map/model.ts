/**
 * The random-effects model behind the MAP prior (RBesT's gMAP with one observation per study):
 *
 *   yⱼ | θⱼ ~ Binomial(nⱼ, logit⁻¹ θⱼ)  |  Normal(θⱼ, seⱼ²)  |  Poisson(Eⱼ·exp θⱼ)
 *   θⱼ = μ + τ·ηⱼ,  ηⱼ ~ N(0, 1)                      (non-centred parameterisation)
 *   μ ~ N(m₀, s₀²),  τ ~ HalfNormal(scale) or HalfCauchy(scale)
 *
 * The sampler works on q = (μ, ω = log τ, η₁ … η_J) ∈ ℝ^{J+2}. The density of ω includes the Jacobian
 * |dτ/dω| = τ, i.e. log p(ω) = log p_τ(e^ω) + ω. The non-centred form keeps the τ → 0 neck of the funnel
 * easy to sample when, as usual for MAP priors, τ is poorly identified by few studies.
 */
import type { LogDensityTarget } from "./nuts.ts";
import type {
  BinomialStudy,
  MapFamily,
  MapModelOptions,
  MapSettings,
  MapStudy,
  NormalStudy,
  PoissonStudy,
  TauPrior,
} from "./types.ts";

/** Validated study data in the arrays the log density reads. */
export interface StudyData {
  family: MapFamily;
  labels: string[];
  /** binomial r, normal mean, Poisson events */
  y: Float64Array;
  /** binomial n, normal precision 1/se², Poisson exposure */
  size: Float64Array;
  /** each study's own estimate on the natural scale (r/n, mean, events/exposure) */
  observed: Float64Array;
  /** each study's own estimate on the link scale, with ½ added to counts so it stays finite */
  linkEstimate: Float64Array;
  /** normal family: sampling sd of one observation */
  sigma?: number;
}

function studyName(s: MapStudy, j: number): string {
  return s.study === undefined ? `studies[${j}]` : `studies[${j}] ("${s.study}")`;
}

function requireNumber(v: unknown, where: string, field: string, fix: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new Error(`${where}.${field}: ${fix} (got ${v === undefined ? "nothing" : String(v)})`);
  }
  return v;
}

/**
 * Checks the studies of one family and puts them into typed arrays. Errors name the study row and field.
 * normal: a study needs `se`, or `n` with `sigma` (option) or with every study giving both n and se.
 */
export function prepareStudies(family: MapFamily, studies: readonly MapStudy[], sigma?: number): StudyData {
  if (!Array.isArray(studies) || studies.length === 0) {
    throw new Error("studies: give at least one historical study");
  }
  if (sigma !== undefined && !(Number.isFinite(sigma) && sigma > 0)) {
    throw new Error(`sigma: must be a positive finite number (got ${sigma})`);
  }
  const J = studies.length;
  const y = new Float64Array(J);
  const size = new Float64Array(J);
  const observed = new Float64Array(J);
  const linkEstimate = new Float64Array(J);
  const labels: string[] = [];
  const seen = new Set<string>();
  for (const [j, s] of studies.entries()) {
    if (typeof s !== "object" || s === null) throw new Error(`studies[${j}]: must be an object`);
    const label = s.study ?? `study ${j + 1}`;
    if (typeof label !== "string" || label === "") {
      throw new Error(`studies[${j}].study: must be a non-empty string`);
    }
    if (seen.has(label))
      throw new Error(`${studyName(s, j)}.study: duplicate study label; give unique labels`);
    seen.add(label);
    labels.push(label);
  }
  const where = (j: number) => studyName(studies[j] as MapStudy, j);

  if (family === "binomial") {
    for (let j = 0; j < J; j++) {
      const s = studies[j] as BinomialStudy;
      const n = requireNumber(s.n, where(j), "n", "the number of patients must be a positive integer");
      if (!(Number.isInteger(n) && n >= 1)) {
        throw new Error(`${where(j)}.n: the number of patients must be a positive integer (got ${n})`);
      }
      const r = requireNumber(s.r, where(j), "r", "the number of responders must be an integer in [0, n]");
      if (!(Number.isInteger(r) && r >= 0 && r <= n)) {
        throw new Error(
          `${where(j)}.r: the number of responders must be an integer in [0, n = ${n}] (got ${r})`,
        );
      }
      y[j] = r;
      size[j] = n;
      observed[j] = r / n;
      linkEstimate[j] = Math.log((r + 0.5) / (n - r + 0.5));
    }
    return { family, labels, y, size, observed, linkEstimate };
  }

  if (family === "poisson") {
    for (let j = 0; j < J; j++) {
      const s = studies[j] as PoissonStudy;
      const e = requireNumber(s.events, where(j), "events", "the event count must be a non-negative integer");
      if (!(Number.isInteger(e) && e >= 0)) {
        throw new Error(`${where(j)}.events: the event count must be a non-negative integer (got ${e})`);
      }
      const x = requireNumber(s.exposure, where(j), "exposure", "the exposure must be positive");
      if (!(x > 0)) throw new Error(`${where(j)}.exposure: the exposure must be positive (got ${x})`);
      y[j] = e;
      size[j] = x;
      observed[j] = e / x;
      linkEstimate[j] = Math.log((e + 0.5) / x);
    }
    return { family, labels, y, size, observed, linkEstimate };
  }

  if (family !== "normal") {
    throw new Error(`family: must be "binomial", "normal" or "poisson" (got ${String(family)})`);
  }
  const ns = studies as readonly NormalStudy[];
  const allHaveBoth = ns.every((s) => s.se !== undefined && s.n !== undefined);
  for (let j = 0; j < J; j++) {
    const s = ns[j] as NormalStudy;
    requireNumber(s.mean, where(j), "mean", "the observed mean must be a finite number");
    if (s.se !== undefined) {
      requireNumber(s.se, where(j), "se", "the standard error must be positive");
      if (!(s.se > 0)) throw new Error(`${where(j)}.se: the standard error must be positive (got ${s.se})`);
    }
    if (s.n !== undefined) {
      requireNumber(s.n, where(j), "n", "the sample size must be positive");
      if (!(s.n > 0)) throw new Error(`${where(j)}.n: the sample size must be positive (got ${s.n})`);
    }
    if (s.se === undefined && s.n === undefined) {
      throw new Error(
        `${where(j)}: give the standard error "se", or the sample size "n" together with sigma`,
      );
    }
  }
  let sd = sigma;
  if (sd === undefined && allHaveBoth) {
    // RBesT's reference scale: the pooled sd implied by the standard errors and sample sizes
    let sumN = 0;
    let sumPrec = 0;
    for (const s of ns) {
      sumN += s.n as number;
      sumPrec += 1 / (s.se as number) ** 2;
    }
    sd = Math.sqrt(sumN / sumPrec);
  }
  if (sd === undefined) {
    const j = ns.findIndex((s) => s.se === undefined);
    throw new Error(
      j >= 0
        ? `${where(j)}.se: missing; give se, or give sigma (the sd of one observation) so that se = sigma/√n`
        : "sigma: give the sampling sd of one observation (or n and se for every study, from which it is estimated)",
    );
  }
  for (let j = 0; j < J; j++) {
    const s = ns[j] as NormalStudy;
    const se = s.se ?? sd / Math.sqrt(s.n as number);
    y[j] = s.mean;
    size[j] = 1 / (se * se);
    observed[j] = s.mean;
    linkEstimate[j] = s.mean;
  }
  return { family, labels, y, size, observed, linkEstimate, sigma: sd };
}

function sampleSd(x: Float64Array): number {
  const n = x.length;
  if (n < 2) return Number.NaN;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i] as number;
  m /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += ((x[i] as number) - m) ** 2;
  return Math.sqrt(s / (n - 1));
}

function checkPositiveInteger(v: number, name: string, min: number): void {
  if (!(Number.isInteger(v) && v >= min)) throw new Error(`${name}: must be an integer ≥ ${min} (got ${v})`);
}

/** Fills in the defaults of the model options (documented on MapModelOptions) and checks them. */
export function resolveModelSettings(data: StudyData, options: MapModelOptions): MapSettings {
  const { family } = data;
  let muPrior = options.muPrior;
  if (muPrior === undefined) {
    const spread = sampleSd(data.linkEstimate);
    if (family === "binomial") muPrior = { mean: 0, sd: 2 };
    else if (family === "normal") {
      const s = data.sigma as number;
      const tauGuess = data.y.length > 1 ? Math.max(s / 10, spread) : s / 10;
      muPrior = { mean: 0, sd: 100 * tauGuess };
    } else {
      let meanLog = 0;
      for (let j = 0; j < data.linkEstimate.length; j++) meanLog += data.linkEstimate[j] as number;
      meanLog /= data.linkEstimate.length;
      const sigmaGuess = 1 / Math.exp(meanLog);
      const tauGuess = data.y.length > 1 ? Math.max(sigmaGuess / 10, spread) : sigmaGuess;
      muPrior = { mean: 0, sd: Math.log(100) + tauGuess };
    }
  }
  if (!(Number.isFinite(muPrior.mean) && Number.isFinite(muPrior.sd) && muPrior.sd > 0)) {
    throw new Error(
      `muPrior: needs a finite mean and a positive finite sd (got mean ${muPrior.mean}, sd ${muPrior.sd})`,
    );
  }
  const tauPrior: TauPrior = options.tauPrior ?? {
    distribution: "halfNormal",
    scale: family === "normal" ? (data.sigma as number) / 2 : 1,
  };
  if (tauPrior.distribution !== "halfNormal" && tauPrior.distribution !== "halfCauchy") {
    throw new Error(
      `tauPrior.distribution: must be "halfNormal" or "halfCauchy" (got ${tauPrior.distribution})`,
    );
  }
  if (!(Number.isFinite(tauPrior.scale) && tauPrior.scale > 0)) {
    throw new Error(`tauPrior.scale: must be a positive finite number (got ${tauPrior.scale})`);
  }
  const settings: MapSettings = {
    family,
    muPrior: { mean: muPrior.mean, sd: muPrior.sd },
    tauPrior: { distribution: tauPrior.distribution, scale: tauPrior.scale },
    chains: options.chains ?? 4,
    warmup: options.warmup ?? 1000,
    draws: options.draws ?? 2000,
    thin: options.thin ?? 1,
    seed: options.seed ?? 1,
    adaptDelta: options.adaptDelta ?? 0.99,
    maxTreeDepth: options.maxTreeDepth ?? 10,
  };
  if (data.sigma !== undefined) settings.sigma = data.sigma;
  checkPositiveInteger(settings.chains, "chains", 1);
  checkPositiveInteger(settings.warmup, "warmup", 0);
  checkPositiveInteger(settings.draws, "draws", 4);
  checkPositiveInteger(settings.thin, "thin", 1);
  checkPositiveInteger(settings.maxTreeDepth, "maxTreeDepth", 1);
  if (!Number.isInteger(settings.seed)) throw new Error(`seed: must be an integer (got ${settings.seed})`);
  if (!(settings.adaptDelta > 0 && settings.adaptDelta < 1)) {
    throw new Error(`adaptDelta: must lie in (0, 1), e.g. 0.95 (got ${settings.adaptDelta})`);
  }
  return settings;
}

/** Log posterior density of (μ, log τ, η) with its gradient, for the NUTS sampler. */
export class MetaAnalyticTarget implements LogDensityTarget {
  readonly dim: number;
  private readonly J: number;
  private readonly link: 0 | 1 | 2;
  private readonly m0: number;
  private readonly prec0: number;
  private readonly tauScale: number;
  private readonly halfCauchy: boolean;

  constructor(
    private readonly data: StudyData,
    settings: Pick<MapSettings, "muPrior" | "tauPrior">,
  ) {
    this.J = data.y.length;
    this.dim = this.J + 2;
    this.link = data.family === "binomial" ? 0 : data.family === "normal" ? 1 : 2;
    this.m0 = settings.muPrior.mean;
    this.prec0 = 1 / settings.muPrior.sd ** 2;
    this.tauScale = settings.tauPrior.scale;
    this.halfCauchy = settings.tauPrior.distribution === "halfCauchy";
  }

  logDensity(q: Float64Array, grad: Float64Array): number {
    const mu = q[0] as number;
    const omega = q[1] as number;
    const tau = Math.exp(omega);
    const dm = mu - this.m0;
    let lp = -0.5 * dm * dm * this.prec0;
    let gMu = -dm * this.prec0;
    const u = tau / this.tauScale;
    const u2 = u * u;
    let gOmega: number;
    if (this.halfCauchy) {
      lp += -Math.log1p(u2) + omega;
      gOmega = (-2 * u2) / (1 + u2) + 1;
    } else {
      lp += -0.5 * u2 + omega;
      gOmega = -u2 + 1;
    }
    const { y, size } = this.data;
    for (let j = 0; j < this.J; j++) {
      const eta = q[j + 2] as number;
      const theta = mu + tau * eta;
      let ll: number;
      let d: number;
      if (this.link === 0) {
        // r·θ − n·log(1 + e^θ), with a softplus that cannot overflow
        const n = size[j] as number;
        const r = y[j] as number;
        const e = Math.exp(-Math.abs(theta));
        const sp = Math.max(theta, 0) + Math.log1p(e);
        ll = r * theta - n * sp;
        d = r - (n * (theta > 0 ? 1 : e)) / (1 + e);
      } else if (this.link === 1) {
        const prec = size[j] as number;
        const diff = (y[j] as number) - theta;
        ll = -0.5 * diff * diff * prec;
        d = diff * prec;
      } else {
        const rate = (size[j] as number) * Math.exp(theta);
        ll = (y[j] as number) * theta - rate;
        d = (y[j] as number) - rate;
      }
      lp += ll - 0.5 * eta * eta;
      gMu += d;
      gOmega += d * tau * eta;
      grad[j + 2] = d * tau - eta;
    }
    grad[0] = gMu;
    grad[1] = gOmega;
    return lp;
  }
}
