/**
 * Number of events, and optionally of subjects, for a survival endpoint (rpact getSampleSizeSurvival):
 * events of the fixed design by Schoenfeld's formula (or Freedman's, or Hsieh's version of Freedman's)
 * for a hazard ratio, inflated for the group-sequential design; subjects from the probability of an
 * event by the end of the study under uniform accrual over [0, accrualTime], exponential survival and
 * exponential drop-out, as rpact computes it for a single accrual period with relative intensity.
 */

import { getDesignCharacteristics } from "./characteristics.ts";
import { getDesignGroupSequential } from "./design.ts";
import { normalUpperQuantile } from "./normal.ts";
import { findRoot } from "./rootFinding.ts";
import { earlyStopProbability, requirePositive, requireProbability } from "./sampleSize.ts";
import type { GroupSequentialDesign } from "./types.ts";

export interface SurvivalInput {
  /** hazard ratio λ1/λ2 under H1 (or give lambda1/median1/pi1 with the control's) */
  hazardRatio?: number;
  /** control hazard; or median2 (λ = ln 2 / median), or pi2 (event probability by eventTime) */
  lambda2?: number;
  median2?: number;
  pi2?: number;
  /** treatment hazard; or median1, or pi1; with the control's it fixes the hazard ratio */
  lambda1?: number;
  median1?: number;
  pi1?: number;
  /** time at which pi1, pi2 are event probabilities; default 12 */
  eventTime?: number;
  /** hazard ratio under H0; default 1 */
  thetaH0?: number;
  /** n1/n2; default 1 */
  allocationRatioPlanned?: number;
  /** default "Schoenfeld" */
  typeOfComputation?: "Schoenfeld" | "Freedman" | "HsiehFreedman";
  /** duration of uniform accrual starting at time 0; default 12 (rpact's default c(0, 12)) */
  accrualTime?: number;
  /** follow-up after the end of accrual; default 6 */
  followUpTime?: number;
  /** drop-out probabilities by dropoutTime in groups 1 and 2 (exponential drop-out); default 0 */
  dropoutRate1?: number;
  dropoutRate2?: number;
  /** default 12 */
  dropoutTime?: number;
}

export interface SurvivalSampleSizeResult {
  design: GroupSequentialDesign;
  hazardRatio: number;
  /** events of the fixed design */
  eventsFixed: number;
  maxNumberOfEvents: number;
  /** cumulative events at each stage */
  eventsPerStage: number[];
  expectedEventsH0: number;
  expectedEventsH01: number;
  expectedEventsH1: number;
  rejectPerStage: number[];
  futilityPerStage: number[];
  earlyStop: number;
  /** present when the control hazard is known: the accrual-based quantities */
  lambda1?: number;
  lambda2?: number;
  /** probability that a subject has an event by the end of the study (accrualTime + followUpTime) */
  omega?: number;
  maxNumberOfSubjects?: number;
  maxNumberOfSubjects1?: number;
  maxNumberOfSubjects2?: number;
  /** calendar time of each analysis */
  analysisTime?: number[];
  /** subjects recruited by each analysis */
  numberOfSubjects?: number[];
  expectedNumberOfSubjectsH1?: number;
  /** expected study duration under H1 */
  studyDuration?: number;
}

function hazardFrom(
  lambda: number | undefined,
  median: number | undefined,
  pi: number | undefined,
  eventTime: number,
  group: 1 | 2,
): number | undefined {
  const given = [lambda, median, pi].filter((v) => v !== undefined).length;
  if (given > 1) throw new Error(`give only one of lambda${group}, median${group} and pi${group}`);
  if (lambda !== undefined) return requirePositive(lambda, `lambda${group}`, "0.05 per month");
  if (median !== undefined) return Math.LN2 / requirePositive(median, `median${group}`, "12 months");
  if (pi !== undefined) return -Math.log1p(-requireProbability(pi, `pi${group}`)) / eventTime;
  return undefined;
}

/** Events of the fixed design for hazard ratio `hr` (rpact .getEventsFixed, twoSidedPower = FALSE). */
export function fixedEventsSurvival(
  design: GroupSequentialDesign,
  hr: number,
  thetaH0: number,
  r: number,
  type: "Schoenfeld" | "Freedman" | "HsiehFreedman",
): number {
  const z = normalUpperQuantile(design.alpha / design.sided) + normalUpperQuantile(design.beta);
  switch (type) {
    case "Schoenfeld":
      return ((z * z) / (Math.log(hr) - Math.log(thetaH0)) ** 2) * ((1 + r) ** 2 / r);
    case "Freedman":
      return (z * z * (1 + hr * r) ** 2) / (1 - hr) ** 2 / r;
    case "HsiehFreedman":
      return ((z * z * (1 + hr) ** 2) / (1 - hr) ** 2) * ((1 + r) ** 2 / (4 * r));
  }
}

/**
 * P(event by calendar time `time`) for a subject of one group, averaged over uniform entry in
 * [0, accrual], as a fraction of all subjects to be recruited: (1/a)∫ F(time − e) de over the entries
 * so far, F(u) = λ/(λ+φ)(1 − e^{−(λ+φ)u}) with drop-out hazard φ.
 */
function groupEventProbability(time: number, accrual: number, lambda: number, phi: number): number {
  const nu = lambda + phi;
  const from = Math.max(0, time - accrual);
  const to = time;
  // ∫_from^to (1 − e^{−νu}) du = (to − from) − (e^{−ν from} − e^{−ν to})/ν
  const integral = to - from - (Math.exp(-nu * from) * -Math.expm1(-nu * (to - from))) / nu;
  return ((lambda / nu) * integral) / accrual;
}

/**
 * Fixed and group-sequential numbers of events for a survival endpoint (rpact getSampleSizeSurvival):
 * eventsFixed, maxNumberOfEvents, cumulative eventsPerStage, expected events under H0, H0/1, H1; and,
 * when the control hazard is given, the number of subjects, the analysis times and the expected
 * number of subjects and study duration under H1 for uniform accrual and exponential survival.
 */
export function getSampleSizeSurvival(
  input: SurvivalInput,
  design: GroupSequentialDesign = getDesignGroupSequential(),
): SurvivalSampleSizeResult {
  const eventTime = requirePositive(input.eventTime ?? 12, "eventTime", "12");
  const lambda2 = hazardFrom(input.lambda2, input.median2, input.pi2, eventTime, 2);
  let lambda1 = hazardFrom(input.lambda1, input.median1, input.pi1, eventTime, 1);
  let hr: number;
  if (lambda1 !== undefined) {
    if (lambda2 === undefined)
      throw new Error("lambda1/median1/pi1 needs the control's lambda2, median2 or pi2");
    if (input.hazardRatio !== undefined)
      throw new Error("give either hazardRatio or lambda1/median1/pi1, not both");
    hr = lambda1 / lambda2;
  } else {
    if (input.hazardRatio === undefined) {
      throw new Error("hazardRatio is required (or lambda1/median1/pi1 with lambda2/median2/pi2), e.g. 0.7");
    }
    hr = requirePositive(input.hazardRatio, "hazardRatio", "0.7");
    if (lambda2 !== undefined) lambda1 = lambda2 * hr;
  }
  const thetaH0 = requirePositive(input.thetaH0 ?? 1, "thetaH0", "1");
  if (hr === thetaH0) throw new Error(`hazardRatio (${hr}) must differ from thetaH0 (${thetaH0})`);
  if (design.sided === 2 && thetaH0 !== 1) {
    throw new Error(`thetaH0 (${thetaH0}) must be 1 with a two-sided design (superiority only, as in rpact)`);
  }
  const r = requirePositive(input.allocationRatioPlanned ?? 1, "allocationRatioPlanned", "1 or 2");
  const type = input.typeOfComputation ?? "Schoenfeld";
  if (type !== "Schoenfeld" && type !== "Freedman" && type !== "HsiehFreedman") {
    throw new Error(`typeOfComputation (${type}) must be "Schoenfeld", "Freedman" or "HsiehFreedman"`);
  }
  if (type !== "Schoenfeld" && thetaH0 !== 1)
    throw new Error(`thetaH0 must be 1 for ${type}; use "Schoenfeld"`);
  const eventsFixed = fixedEventsSurvival(design, hr, thetaH0, r, type);
  const ch = getDesignCharacteristics(design);
  const maxEvents = eventsFixed * ch.inflationFactor;
  const eventsPerStage = design.informationRates.map((t) => maxEvents * t);
  const result: SurvivalSampleSizeResult = {
    design,
    hazardRatio: hr,
    eventsFixed,
    maxNumberOfEvents: maxEvents,
    eventsPerStage,
    expectedEventsH0: ch.averageSampleNumber0 * eventsFixed,
    expectedEventsH01: ch.averageSampleNumber01 * eventsFixed,
    expectedEventsH1: ch.averageSampleNumber1 * eventsFixed,
    rejectPerStage: ch.rejectionProbabilities,
    futilityPerStage: ch.futilityProbabilities,
    earlyStop: earlyStopProbability(ch),
  };
  if (lambda2 === undefined || lambda1 === undefined) return result;

  const accrual = requirePositive(input.accrualTime ?? 12, "accrualTime", "12");
  const followUp = input.followUpTime ?? 6;
  if (!(followUp >= 0)) throw new Error(`followUpTime (${followUp}) must be ≥ 0, e.g. 6`);
  const dropoutTime = requirePositive(input.dropoutTime ?? 12, "dropoutTime", "12");
  const dropout = (rate: number | undefined, name: string) => {
    const p = rate ?? 0;
    if (!(p >= 0 && p < 1)) throw new Error(`${name} (${p}) must lie in [0, 1), e.g. 0.05`);
    return -Math.log1p(-p) / dropoutTime;
  };
  const phi1 = dropout(input.dropoutRate1, "dropoutRate1");
  const phi2 = dropout(input.dropoutRate2, "dropoutRate2");
  const l1 = lambda1;
  const eventProbability = (time: number) =>
    (r * groupEventProbability(time, accrual, l1, phi1) +
      groupEventProbability(time, accrual, lambda2, phi2)) /
    (1 + r);
  const end = accrual + followUp;
  const omega = eventProbability(end);
  const maxN = maxEvents / omega;
  const K = design.kMax;
  const analysisTime = eventsPerStage.map((events, k) =>
    k === K - 1
      ? end
      : findRoot((time) => eventProbability(time) - events / maxN, 0, end, `time of analysis ${k + 1}`, {
          tolerance: 1e-12,
        }),
  );
  const numberOfSubjects = analysisTime.map((time) => (maxN * Math.min(time, accrual)) / accrual);
  // stopping probabilities under H1, the last stage taking what remains
  const stop = ch.rejectionProbabilities.map((p, k) => p + (ch.futilityProbabilities[k] ?? 0));
  stop[K - 1] = 1 - stop.slice(0, K - 1).reduce((a, b) => a + b, 0);
  const weighted = (x: number[]) => x.reduce((s, v, k) => s + v * (stop[k] as number), 0);
  result.lambda1 = lambda1;
  result.lambda2 = lambda2;
  result.omega = omega;
  result.maxNumberOfSubjects = maxN;
  result.maxNumberOfSubjects1 = (maxN * r) / (1 + r);
  result.maxNumberOfSubjects2 = maxN / (1 + r);
  result.analysisTime = analysisTime;
  result.numberOfSubjects = numberOfSubjects;
  result.expectedNumberOfSubjectsH1 = weighted(numberOfSubjects);
  result.studyDuration = weighted(analysisTime);
  return result;
}
