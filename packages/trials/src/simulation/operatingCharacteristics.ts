/**
 * Operating characteristics of a design, reduced from the records of its simulated trials in trial order
 * (so the sums, and every digit of the result, do not depend on how the trials were spread over
 * workers). Each figure carries its Monte-Carlo standard error.
 */
import { Field, Outcome, PER_TREATMENT, type TrialModel } from "./simulateTrial.ts";
import type { VirtualTrialSpec } from "./spec.ts";

/** A Monte-Carlo estimate with its standard error. */
export interface Estimate {
  estimate: number;
  mcse: number;
}

export interface StageCharacteristics {
  /** 1-based analysis number; the last is the final analysis */
  analysis: number;
  /** planned information fraction (patients with outcome due, or events) */
  informationFraction: number;
  /** P(the trial reaches this analysis) */
  reached: Estimate;
  /** P(the trial stops here declaring efficacy) */
  efficacy: Estimate;
  /** P(the trial stops here for futility); at the final analysis, P(it ends here without success) */
  futility: Estimate;
}

export interface TreatmentArmCharacteristics {
  arm: string;
  /** P(this arm is declared efficacious) */
  success: Estimate;
  /** P(declared efficacious at analysis k) */
  successByStage: Estimate[];
  /** P(dropped for futility at interim k) */
  droppedByStage: Estimate[];
  /** true θ_arm − θ_control (rate or mean difference), or log hazard ratio */
  trueEffect: number;
  /** mean estimate at the arm's last analysis (MLE: observed difference, or Cox log hazard ratio) */
  meanEstimate: Estimate;
  /** meanEstimate − trueEffect: the selection bias that stopping rules cause */
  bias: Estimate;
  /** trials in which the estimate existed (both arms had data) */
  estimable: number;
  /** mean patients randomised to this arm */
  sampleSize: Estimate;
}

export interface OperatingCharacteristics {
  trials: number;
  seed: number;
  /** P(at least one treatment arm declared efficacious): power, or type I error under the null */
  success: Estimate;
  stages: StageCharacteristics[];
  /** P(stop at an interim for efficacy) and P(stop at an interim for futility) */
  earlyEfficacy: Estimate;
  earlyFutility: Estimate;
  /** expected patients randomised when the trial ends (including those not yet assessed) */
  sampleSize: Estimate;
  /** expected patients with an outcome in the deciding analysis (binary / normal endpoints) */
  analysedPatients?: Estimate;
  /** expected events in the deciding analysis (time-to-event endpoints) */
  events?: Estimate;
  /** expected months from the opening of recruitment to the deciding analysis */
  duration: Estimate;
  /** mean patients randomised to the control */
  controlSampleSize: Estimate;
  treatments: TreatmentArmCharacteristics[];
}

/** Running mean and sum of squared deviations (Welford), added to strictly in trial order. */
class RunningMean {
  n = 0;
  mean = 0;
  m2 = 0;
  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  result(): Estimate {
    if (this.n === 0) return { estimate: Number.NaN, mcse: Number.NaN };
    const variance = this.n > 1 ? this.m2 / (this.n - 1) : 0;
    return { estimate: this.mean, mcse: Math.sqrt(variance / this.n) };
  }
}

const bump = (counts: Float64Array, i: number) => {
  counts[i] = (counts[i] as number) + 1;
};

function proportion(count: number, trials: number): Estimate {
  const p = count / trials;
  return { estimate: p, mcse: Math.sqrt((p * (1 - p)) / trials) };
}

/** Accumulates trial records (in trial order) into the operating characteristics of one design. */
export class OperatingCharacteristicsAccumulator {
  private trials = 0;
  private readonly stages: number;
  private readonly treatments: number;
  private success = 0;
  private readonly reached: Float64Array;
  private readonly efficacyAt: Float64Array;
  private readonly futilityAt: Float64Array;
  private readonly armSuccess: Float64Array[];
  private readonly armDropped: Float64Array[];
  private readonly armEstimate: RunningMean[];
  private readonly armSize: RunningMean[];
  private readonly sampleSize = new RunningMean();
  private readonly information = new RunningMean();
  private readonly duration = new RunningMean();

  constructor(
    private readonly spec: VirtualTrialSpec,
    private readonly model: TrialModel,
    private readonly seed: number,
  ) {
    this.stages = model.targets.length;
    this.treatments = model.arms - 1;
    this.reached = new Float64Array(this.stages);
    this.efficacyAt = new Float64Array(this.stages);
    this.futilityAt = new Float64Array(this.stages);
    this.armSuccess = Array.from({ length: this.treatments }, () => new Float64Array(this.stages));
    this.armDropped = Array.from({ length: this.treatments }, () => new Float64Array(this.stages));
    this.armEstimate = Array.from({ length: this.treatments }, () => new RunningMean());
    this.armSize = Array.from({ length: model.arms }, () => new RunningMean());
  }

  /** Adds `count` consecutive records of `width` numbers starting at records[0]. */
  add(records: Float64Array, count: number, width: number): void {
    for (let t = 0; t < count; t++) {
      const o = t * width;
      const stage = records[o + Field.stage] as number;
      const outcome = records[o + Field.outcome] as number;
      this.trials++;
      for (let k = 0; k <= stage; k++) bump(this.reached, k);
      if (outcome === Outcome.efficacy) {
        this.success++;
        bump(this.efficacyAt, stage);
      } else {
        bump(this.futilityAt, stage);
      }
      this.sampleSize.add(records[o + Field.enrolled] as number);
      this.information.add(records[o + Field.information] as number);
      this.duration.add(records[o + Field.duration] as number);
      let f = o + Field.arms;
      for (let j = 0; j < this.treatments; j++) {
        const armOutcome = records[f] as number;
        const armStage = records[f + 1] as number;
        const estimate = records[f + 2] as number;
        if (armOutcome === Outcome.efficacy) bump(this.armSuccess[j] as Float64Array, armStage);
        if (armOutcome === Outcome.futility) bump(this.armDropped[j] as Float64Array, armStage);
        if (Number.isFinite(estimate)) (this.armEstimate[j] as RunningMean).add(estimate);
        f += PER_TREATMENT;
      }
      for (let a = 0; a < this.model.arms; a++)
        (this.armSize[a] as RunningMean).add(records[f + a] as number);
    }
  }

  result(): OperatingCharacteristics {
    const n = this.trials;
    const fractions = [...this.spec.analysis.informationFractions, 1];
    const last = this.stages - 1;
    let earlyEfficacy = 0;
    let earlyFutility = 0;
    for (let k = 0; k < last; k++) {
      earlyEfficacy += this.efficacyAt[k] as number;
      earlyFutility += this.futilityAt[k] as number;
    }
    const stages: StageCharacteristics[] = fractions.map((f, k) => ({
      analysis: k + 1,
      informationFraction: f,
      reached: proportion(this.reached[k] as number, n),
      efficacy: proportion(this.efficacyAt[k] as number, n),
      futility: proportion(this.futilityAt[k] as number, n),
    }));
    const treatments = this.armEstimate.map((est, j): TreatmentArmCharacteristics => {
      const success = this.armSuccess[j] as Float64Array;
      const dropped = this.armDropped[j] as Float64Array;
      const trueEffect = this.model.trueEffect[j + 1] as number;
      const mean = est.result();
      return {
        arm: this.spec.arms[j + 1]?.name ?? `arm ${j + 1}`,
        success: proportion(
          success.reduce((t, x) => t + x, 0),
          n,
        ),
        successByStage: Array.from(success, (c) => proportion(c, n)),
        droppedByStage: Array.from(dropped.subarray(0, last), (c) => proportion(c, n)),
        trueEffect,
        meanEstimate: mean,
        bias: { estimate: mean.estimate - trueEffect, mcse: mean.mcse },
        estimable: est.n,
        sampleSize: (this.armSize[j + 1] as RunningMean).result(),
      };
    });
    const timeToEvent = this.spec.endpoint.type === "timeToEvent";
    return {
      trials: n,
      seed: this.seed,
      success: proportion(this.success, n),
      stages,
      earlyEfficacy: proportion(earlyEfficacy, n),
      earlyFutility: proportion(earlyFutility, n),
      sampleSize: this.sampleSize.result(),
      ...(timeToEvent
        ? { events: this.information.result() }
        : { analysedPatients: this.information.result() }),
      duration: this.duration.result(),
      controlSampleSize: (this.armSize[0] as RunningMean).result(),
      treatments,
    };
  }
}
