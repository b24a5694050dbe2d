/**
 * gMAP: MCMC fit of the random-effects meta-analysis (model.ts) of historical studies and the draws of the
 * MAP prior, the predictive distribution of a new study's parameter θ_new = μ + τ·z, z ~ N(0, 1).
 *
 * Sampler: NUTS (nuts.ts) on q = (μ, log τ, η₁ … η_J), the non-centred parameterisation θⱼ = μ + τ·ηⱼ, the
 * log-τ density carrying the Jacobian τ. Each chain runs `warmup` adaptation iterations (Stan's windowed
 * step-size and diagonal-metric adaptation, discarded), then `draws × thin` iterations of which every
 * `thin`-th is kept (default thin 1: NUTS draws are nearly independent here). Chain c uses
 * `new Rng(seed, c)` for the sampler, `new Rng(seed, 1000 + c)` for its start and `new Rng(seed, 2000 + c)`
 * for the z of θ_new, so each chain is reproducible on its own. Starts are dispersed: μ uniform within ±(spread
 * of the study estimates + their typical standard error) around their mean, τ within a factor e of a rough
 * guess, ηⱼ uniform on (−1, 1).
 *
 * Diagnostics (convergence.ts): rank-normalised split R-hat, bulk and tail ESS of μ, τ, θ_new and every θⱼ.
 */
import { Rng } from "@kakehashi/core/random";
import { diagnose } from "./convergence.ts";
import { MetaAnalyticTarget, prepareStudies, resolveModelSettings, type StudyData } from "./model.ts";
import { sampleNuts } from "./nuts.ts";
import type { MapDiagnostics, MapFamily, MapModelOptions, MapSettings, StudiesOf } from "./types.ts";

/** Posterior draws of the MAP model, one Float64Array per chain, on the link scale. */
export interface MapPosterior {
  family: MapFamily;
  /** study labels, in input order */
  labels: string[];
  /** each study's own estimate on the natural scale */
  observed: number[];
  settings: MapSettings;
  mu: Float64Array[];
  tau: Float64Array[];
  /** θ_new = μ + τ·z on the link scale: the MAP prior's draws */
  thetaNew: Float64Array[];
  /** theta[j][c]: study j's θⱼ in chain c, link scale */
  theta: Float64Array[][];
  diagnostics: MapDiagnostics;
}

/** Inverse link: logit⁻¹ (binomial), identity (normal), exp (Poisson). */
export function inverseLink(family: MapFamily, eta: number): number {
  if (family === "binomial") return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
  if (family === "poisson") return Math.exp(eta);
  return eta;
}

/** Inverse link applied to every draw. */
export function toNaturalScale(family: MapFamily, draws: Float64Array): Float64Array {
  if (family === "normal") return draws.slice();
  const out = new Float64Array(draws.length);
  for (let i = 0; i < draws.length; i++) out[i] = inverseLink(family, draws[i] as number);
  return out;
}

function initialPoint(data: StudyData, settings: MapSettings, rng: Rng): Float64Array {
  const J = data.y.length;
  const est = data.linkEstimate;
  let m = 0;
  for (let j = 0; j < J; j++) m += est[j] as number;
  m /= J;
  let spread = 0;
  if (J > 1) {
    for (let j = 0; j < J; j++) spread += ((est[j] as number) - m) ** 2;
    spread = Math.sqrt(spread / (J - 1));
  }
  let se = 0;
  for (let j = 0; j < J; j++) {
    const y = data.y[j] as number;
    const size = data.size[j] as number;
    if (data.family === "binomial") se += Math.sqrt(1 / (y + 0.5) + 1 / (size - y + 0.5));
    else if (data.family === "normal") se += 1 / Math.sqrt(size);
    else se += 1 / Math.sqrt(y + 0.5);
  }
  se /= J;
  const q = new Float64Array(J + 2);
  q[0] = m + (2 * rng.next() - 1) * (spread + se);
  const tauGuess = Math.max(spread, 0.1 * settings.tauPrior.scale);
  q[1] = Math.log(tauGuess) + (2 * rng.next() - 1);
  for (let j = 0; j < J; j++) q[j + 2] = 2 * rng.next() - 1;
  return q;
}

/**
 * Fits the MAP model to the historical studies by NUTS and returns the draws of μ, τ, θⱼ and θ_new with
 * convergence diagnostics. Defaults: 4 chains × (1000 warmup + 2000 kept) iterations, seed 1; priors as
 * documented on MapModelOptions.
 */
export function gMAP<F extends MapFamily>(
  studies: readonly StudiesOf<F>[],
  options: MapModelOptions<F>,
): MapPosterior {
  const started = performance.now();
  const data = prepareStudies(options.family, studies, options.sigma);
  const settings = resolveModelSettings(data, options);
  const target = new MetaAnalyticTarget(data, settings);
  const J = data.y.length;
  const dim = J + 2;
  const { chains, draws } = settings;
  const mu: Float64Array[] = [];
  const tau: Float64Array[] = [];
  const thetaNew: Float64Array[] = [];
  const theta: Float64Array[][] = Array.from({ length: J }, () => []);
  const stepSizes: number[] = [];
  let divergences = 0;
  let treeDepthHits = 0;
  let depthSum = 0;
  for (let c = 0; c < chains; c++) {
    const init = initialPoint(data, settings, new Rng(settings.seed, 1000 + c));
    const chain = sampleNuts(target, init, new Rng(settings.seed, c), settings);
    const predictive = new Rng(settings.seed, 2000 + c);
    const m = new Float64Array(draws);
    const t = new Float64Array(draws);
    const tn = new Float64Array(draws);
    const th = Array.from({ length: J }, () => new Float64Array(draws));
    for (let i = 0; i < draws; i++) {
      const row = i * dim;
      const mi = chain.draws[row] as number;
      const ti = Math.exp(chain.draws[row + 1] as number);
      m[i] = mi;
      t[i] = ti;
      tn[i] = mi + ti * predictive.normal();
      for (let j = 0; j < J; j++) (th[j] as Float64Array)[i] = mi + ti * (chain.draws[row + 2 + j] as number);
    }
    mu.push(m);
    tau.push(t);
    thetaNew.push(tn);
    for (let j = 0; j < J; j++) (theta[j] as Float64Array[]).push(th[j] as Float64Array);
    stepSizes.push(chain.stepSize);
    divergences += chain.divergences;
    treeDepthHits += chain.treeDepthHits;
    depthSum += chain.meanTreeDepth;
  }

  const muDiag = diagnose(mu);
  const tauDiag = diagnose(tau);
  const newDiag = diagnose(thetaNew);
  const studyDiag: Record<string, ReturnType<typeof diagnose>> = {};
  for (let j = 0; j < J; j++) studyDiag[data.labels[j] as string] = diagnose(theta[j] as Float64Array[]);
  const ok = (d: ReturnType<typeof diagnose>) => d.rhat < 1.01 && d.essBulk > 400;
  const converged = ok(muDiag) && ok(tauDiag) && ok(newDiag);
  const warnings: string[] = [];
  if (divergences > 0) {
    warnings.push(
      `${divergences} divergent transitions after warmup: the draws may be biased; raise adaptDelta above ${settings.adaptDelta} (e.g. 0.999)`,
    );
  }
  if (treeDepthHits > 0) {
    warnings.push(
      `${treeDepthHits} iterations hit the maximum tree depth ${settings.maxTreeDepth}; raise maxTreeDepth`,
    );
  }
  if (!converged) {
    const bad = (
      [
        ["mu", muDiag],
        ["tau", tauDiag],
        ["thetaNew", newDiag],
      ] as const
    )
      .filter(([, d]) => !ok(d))
      .map(([k, d]) => `${k} (R-hat ${d.rhat.toFixed(3)}, bulk ESS ${Math.round(d.essBulk)})`);
    warnings.push(`not converged: ${bad.join(", ")}; raise warmup and draws`);
  }
  const diagnostics: MapDiagnostics = {
    chains,
    warmup: settings.warmup,
    draws,
    thin: settings.thin,
    parameters: { mu: muDiag, tau: tauDiag, thetaNew: newDiag, studies: studyDiag },
    converged,
    divergences,
    treeDepthHits,
    stepSizes,
    meanTreeDepth: depthSum / chains,
    warnings,
    elapsedMs: performance.now() - started,
  };
  return {
    family: data.family,
    labels: data.labels,
    observed: Array.from(data.observed),
    settings,
    mu,
    tau,
    thetaNew,
    theta,
    diagnostics,
  };
}
