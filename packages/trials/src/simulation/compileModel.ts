/**
 * Resolves a validated VirtualTrialSpec into the typed-array model the simulator runs.
 */

import { BINARY, type CompiledRule, NORMAL, TIME_TO_EVENT, type TrialModel } from "./simulateTrial.ts";
import { armPriors, expand, informationTarget, type StoppingRule, type VirtualTrialSpec } from "./spec.ts";

function compileRule(rule: StoppingRule, count: number): CompiledRule {
  return rule.type === "z"
    ? { posterior: false, values: Float64Array.from(expand(rule.bounds, count)), delta: 0 }
    : { posterior: true, values: Float64Array.from(expand(rule.thresholds, count)), delta: rule.delta };
}

const perArm = (value: number | number[], arms: number) =>
  Float64Array.from(Array.isArray(value) ? value : new Array<number>(arms).fill(value));

/** Resolves a validated spec into the model the simulator runs (plain data: it can be sent to workers). */
export function compileTrialModel(spec: VirtualTrialSpec): TrialModel {
  const arms = spec.arms.length;
  const e = spec.endpoint;
  const endpoint = e.type === "binary" ? BINARY : e.type === "normal" ? NORMAL : TIME_TO_EVENT;
  const truth =
    e.type === "binary"
      ? Float64Array.from(e.rates)
      : e.type === "normal"
        ? Float64Array.from(e.means)
        : Float64Array.from(e.hazards ?? (e.medians ?? []).map((m) => Math.LN2 / m));
  const sd = e.type === "normal" ? perArm(e.sds, arms) : new Float64Array(arms);
  const knownSd = spec.analysis.knownSd;
  const testSd = knownSd === undefined ? sd : new Float64Array(arms).fill(knownSd);
  const assessment = e.type === "timeToEvent" ? 0 : e.assessmentMonths;
  const lossProbability = new Float64Array(arms);
  const dropoutHazard = new Float64Array(arms);
  const d = spec.dropout;
  if (d && "probability" in d) {
    const p = perArm(d.probability, arms);
    const within = d.withinMonths ?? 12;
    for (let a = 0; a < arms; a++) {
      lossProbability[a] = p[a] as number;
      dropoutHazard[a] = -Math.log1p(-(p[a] as number)) / within;
    }
  } else if (d) {
    const h = perArm(d.hazardPerMonth, arms);
    for (let a = 0; a < arms; a++) {
      dropoutHazard[a] = h[a] as number;
      lossProbability[a] = -Math.expm1(-(h[a] as number) * assessment);
    }
  }
  const total = e.type === "timeToEvent" ? e.maxEvents : spec.maxSampleSize;
  const fractions = spec.analysis.informationFractions;
  const targets = Int32Array.from([...fractions.map((f) => informationTarget(f, total)), total]);
  const stages = targets.length;
  const trueEffect = new Float64Array(arms);
  for (let a = 1; a < arms; a++) {
    trueEffect[a] =
      endpoint === TIME_TO_EVENT
        ? Math.log((truth[a] as number) / (truth[0] as number))
        : (truth[a] as number) - (truth[0] as number);
  }
  let end = 0;
  const rampEnd = Float64Array.from(spec.accrual.rampUp.map((p) => (end += p.months)));
  return {
    arms,
    allocation: Float64Array.from(spec.arms.map((a) => a.allocation)),
    blocks: spec.randomization === "blocks",
    rampEnd,
    rampRate: Float64Array.from(spec.accrual.rampUp.map((p) => p.ratePerMonth)),
    rate: spec.accrual.ratePerMonth,
    maxSampleSize: spec.maxSampleSize,
    endpoint,
    higherIsBetter: e.type === "timeToEvent" || e.betterWhen === "higher",
    truth,
    sd,
    testSd,
    tTest: spec.analysis.test === "t",
    lossProbability,
    dropoutHazard,
    assessment,
    followUp: e.type === "timeToEvent" ? (e.followUpMonths ?? Infinity) : Infinity,
    targets,
    efficacy: compileRule(spec.analysis.efficacy, stages),
    futility: spec.analysis.futility ? compileRule(spec.analysis.futility, stages - 1) : undefined,
    priors: armPriors(spec),
    trueEffect,
  };
}
