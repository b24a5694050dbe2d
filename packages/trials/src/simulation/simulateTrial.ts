/**
 * One virtual trial, patient by patient: Poisson arrivals, randomisation, outcomes with dropout, and the
 * analyses at the information targets with their stopping rules. Each simulated trial writes one fixed
 * width record of numbers (layout below), which the operating characteristics are reduced from.
 */
import type { Rng } from "@kakehashi/core/random";
import type { Mixture } from "../mixture/types.ts";
import { drawBinomial, drawPoisson } from "./draw.ts";
import { LogRankWorkspace } from "./logRank.ts";
import { knownSdZ } from "./meanTest.ts";
import type { PosteriorBenefit } from "./posteriorProbability.ts";
import { pooledProportionZ } from "./proportionTest.ts";
import type { pooledTAsZ } from "./studentTest.ts";

/** How a treatment arm (or the trial) ended. */
export const Outcome = { none: 0, efficacy: 1, futility: 2 } as const;

/**
 * Record of one simulated trial:
 * [0] analysis (0-based) at which the trial ended, [1] trial outcome (Outcome), [2] patients enrolled,
 * [3] patients analysed (binary / normal) or events (time-to-event) at that analysis, [4] months from
 * the opening of recruitment to that analysis; then per treatment arm j (1-based arm index): outcome, analysis of
 * that outcome (or of the arm's last analysis), effect estimate there; then patients enrolled per arm.
 */
export const Field = { stage: 0, outcome: 1, enrolled: 2, information: 3, duration: 4, arms: 5 } as const;
export const PER_TREATMENT = 3;

/** Numbers per trial record for a design with `arms` arms (control included). */
export function recordWidth(arms: number): number {
  return Field.arms + PER_TREATMENT * (arms - 1) + arms;
}

const add = (array: Float64Array, i: number, x: number) => {
  array[i] = (array[i] as number) + x;
};

/** expected arrivals per accrual window: small enough to stop near the patients needed, large enough to amortise */
const WINDOW_ARRIVALS = 8;

export const BINARY = 0;
export const NORMAL = 1;
export const TIME_TO_EVENT = 2;

export interface CompiledRule {
  posterior: boolean;
  values: Float64Array;
  delta: number;
}

/** A spec resolved into per-arm typed arrays for the inner loops. */
export interface TrialModel {
  arms: number;
  allocation: Float64Array;
  blocks: boolean;
  /** end time and rate of each ramp-up piece; full `rate` after the last */
  rampEnd: Float64Array;
  rampRate: Float64Array;
  rate: number;
  maxSampleSize: number;
  endpoint: typeof BINARY | typeof NORMAL | typeof TIME_TO_EVENT;
  higherIsBetter: boolean;
  /** response rate, mean or hazard per arm */
  truth: Float64Array;
  sd: Float64Array;
  /** sd the z test assumes per arm */
  testSd: Float64Array;
  tTest: boolean;
  /** binary / normal: probability an outcome is missing; time-to-event: dropout hazard */
  lossProbability: Float64Array;
  dropoutHazard: Float64Array;
  assessment: number;
  followUp: number;
  /** patients (binary / normal) or events at each analysis, the last being the final */
  targets: Int32Array;
  efficacy: CompiledRule;
  futility: CompiledRule | undefined;
  priors: Mixture[];
  /** true effect of each treatment arm (index 1..): θ_j − θ_0, or log hazard ratio */
  trueEffect: Float64Array;
}

/** Statistics that pull in heavy dependencies, loaded only for designs that use them. */
export interface SimulatorTools {
  posteriorBenefit?: PosteriorBenefit;
  pooledTAsZ?: typeof pooledTAsZ;
}

/** Whether any stopping rule of the model thresholds a posterior probability. */
export function needsPosterior(model: TrialModel): boolean {
  return model.efficacy.posterior || model.futility?.posterior === true;
}

/** Simulates trials of one model; all buffers are allocated once and reused for every trial. */
export class VirtualTrialSimulator {
  readonly width: number;
  private readonly m: TrialModel;
  private readonly n: number;
  // patients in order of arrival
  private readonly entry: Float64Array;
  private readonly arm: Uint8Array;
  private readonly eventTime: Float64Array;
  private readonly censorTime: Float64Array;
  private entries = 0;
  private assigned = 0;
  private due = 0;
  /** end of the accrual window opened last, and the sorted arrival times in it */
  private clock = 0;
  private window = new Float64Array(128);
  private windowLength = 0;
  private windowPosition = 0;
  // randomisation
  private readonly block: Uint8Array;
  private blockLength = 0;
  private blockPosition = 0;
  private readonly active: Uint8Array;
  // per-arm summaries of analysed outcomes: count, responders or mean, sum of squared deviations
  private readonly count: Float64Array;
  private readonly sum: Float64Array;
  private readonly squares: Float64Array;
  private readonly increment: Float64Array;
  // per-arm decisions
  private readonly outcome: Uint8Array;
  private readonly outcomeStage: Int32Array;
  private readonly estimate: Float64Array;
  private readonly heap: Float64Array;
  private readonly survival: LogRankWorkspace | undefined;
  private readonly bayes: PosteriorBenefit | undefined;
  private readonly tAsZ: typeof pooledTAsZ | undefined;
  private rng!: Rng;

  /** `tools` carries what only some designs need (see loadSimulatorTools), so others load faster. */
  constructor(model: TrialModel, tools: SimulatorTools = {}) {
    this.m = model;
    const n = model.maxSampleSize;
    const arms = model.arms;
    this.n = n;
    this.width = recordWidth(arms);
    this.entry = new Float64Array(n);
    this.arm = new Uint8Array(n);
    this.eventTime = new Float64Array(model.endpoint === TIME_TO_EVENT ? n : 0);
    this.censorTime = new Float64Array(model.endpoint === TIME_TO_EVENT ? n : 0);
    this.block = new Uint8Array(model.blocks ? model.allocation.reduce((t, a) => t + a, 0) : 0);
    this.active = new Uint8Array(arms);
    this.count = new Float64Array(arms);
    this.sum = new Float64Array(arms);
    this.squares = new Float64Array(arms);
    this.increment = new Float64Array(arms);
    this.outcome = new Uint8Array(arms);
    this.outcomeStage = new Int32Array(arms);
    this.estimate = new Float64Array(arms);
    this.heap = new Float64Array(model.endpoint === TIME_TO_EVENT ? n : 0);
    this.survival = model.endpoint === TIME_TO_EVENT ? new LogRankWorkspace(n) : undefined;
    this.bayes = tools.posteriorBenefit;
    this.tAsZ = tools.pooledTAsZ;
    if (needsPosterior(model) && !this.bayes) throw new Error("this design needs tools.posteriorBenefit");
    if (model.tTest && !this.tAsZ) throw new Error("this design needs tools.pooledTAsZ");
  }

  /** Runs one trial with its own random stream and writes its record at out[offset …]. */
  simulate(rng: Rng, out: Float64Array, offset: number): void {
    const m = this.m;
    this.rng = rng;
    this.entries = 0;
    this.assigned = 0;
    this.due = 0;
    this.clock = 0;
    this.windowLength = 0;
    this.windowPosition = 0;
    this.blockLength = 0;
    this.blockPosition = 0;
    this.active.fill(1);
    this.count.fill(0);
    this.sum.fill(0);
    this.squares.fill(0);
    this.outcome.fill(Outcome.none);
    this.outcomeStage.fill(0);
    this.estimate.fill(Number.NaN);
    const stages = m.targets.length;
    let stage = 0;
    let time = 0;
    let information = 0;
    let trialOutcome: number = Outcome.none;
    for (; stage < stages; stage++) {
      if (m.endpoint === TIME_TO_EVENT) {
        const target = m.targets[stage] as number;
        time = this.timeOfEvent(target);
        information = this.heapSize;
        // fewer events than targeted will ever occur: this analysis is the final one
        if (information < target) stage = stages - 1;
      } else {
        const target = m.targets[stage] as number;
        this.ensureEntries(target);
        time = (this.entry[target - 1] as number) + m.assessment;
        this.assignUpTo(this.enrolledBy(time));
        this.accumulateOutcomes(target);
        information = 0;
        for (let a = 0; a < m.arms; a++) if (this.active[a]) information += this.count[a] as number;
      }
      trialOutcome = this.analyse(stage, time);
      if (trialOutcome !== Outcome.none) break;
    }
    if (stage >= stages) stage = stages - 1;
    const enrolled = this.enrolledBy(time);
    out[offset + Field.stage] = stage;
    out[offset + Field.outcome] = trialOutcome;
    out[offset + Field.enrolled] = enrolled;
    out[offset + Field.information] = information;
    out[offset + Field.duration] = time;
    let o = offset + Field.arms;
    for (let a = 1; a < m.arms; a++) {
      out[o++] = this.outcome[a] as number;
      out[o++] = this.outcome[a] === Outcome.none ? stage : (this.outcomeStage[a] as number);
      out[o++] = this.estimate[a] as number;
    }
    for (let a = 0; a < m.arms; a++) out[o + a] = 0;
    for (let i = 0; i < enrolled; i++) add(out, o + (this.arm[i] as number), 1);
  }

  /**
   * Tests every treatment arm still in the trial at this analysis: efficacy ends the trial (the first
   * success stops it, the usual multi-arm rule), futility drops the arm, and a trial with no arm left
   * stops for futility. Returns the trial's outcome so far.
   */
  private analyse(stage: number, time: number): number {
    const m = this.m;
    const final = stage === m.targets.length - 1;
    const futility = final ? undefined : m.futility;
    let success = false;
    let remaining = 0;
    for (let a = 1; a < m.arms; a++) {
      if (!this.active[a]) continue;
      const z = this.statistic(a, time);
      this.estimate[a] = this.effectEstimate;
      if (this.passes(m.efficacy, stage, a, z, true)) {
        this.outcome[a] = Outcome.efficacy;
        this.outcomeStage[a] = stage;
        success = true;
      } else if (futility && this.passes(futility, stage, a, z, false)) {
        this.outcome[a] = Outcome.futility;
        this.outcomeStage[a] = stage;
        this.active[a] = 0;
        // later patients are randomised among the arms left: start a fresh block
        this.blockPosition = this.blockLength;
      } else {
        remaining++;
      }
    }
    if (success) return Outcome.efficacy;
    if (remaining === 0) return Outcome.futility;
    return Outcome.none;
  }

  /** Whether the rule fires: efficacy when z ≥ bound or P > threshold, futility when z < bound or P < threshold. */
  private passes(rule: CompiledRule, stage: number, arm: number, z: number, efficacy: boolean): boolean {
    const bound = rule.values[stage] as number;
    const value = rule.posterior ? this.posteriorBenefit(arm, rule.delta, efficacy ? 0 : 1) : z;
    if (Number.isNaN(value)) return false;
    return efficacy ? (rule.posterior ? value > bound : value >= bound) : value < bound;
  }

  private effectEstimate = Number.NaN;

  /** z statistic of arm a against control (positive = benefit); sets `effectEstimate`. */
  private statistic(a: number, time: number): number {
    const m = this.m;
    if (m.endpoint === TIME_TO_EVENT) {
      const result = this.compareSurvival(a, time);
      this.effectEstimate = result.logHazardRatio;
      return result.z;
    }
    const n1 = this.count[a] as number;
    const n0 = this.count[0] as number;
    const sign = m.higherIsBetter ? 1 : -1;
    if (m.endpoint === BINARY) {
      const x1 = this.sum[a] as number;
      const x0 = this.sum[0] as number;
      this.effectEstimate = n1 > 0 && n0 > 0 ? x1 / n1 - x0 / n0 : Number.NaN;
      return sign * pooledProportionZ(x1, n1, x0, n0);
    }
    const mean1 = this.sum[a] as number;
    const mean0 = this.sum[0] as number;
    this.effectEstimate = n1 > 0 && n0 > 0 ? mean1 - mean0 : Number.NaN;
    return (
      sign *
      (m.tTest
        ? (this.tAsZ as typeof pooledTAsZ)(
            mean1,
            n1,
            this.squares[a] as number,
            mean0,
            n0,
            this.squares[0] as number,
          )
        : knownSdZ(mean1, n1, m.testSd[a] as number, mean0, n0, m.testSd[0] as number))
    );
  }

  private posteriorBenefit(a: number, delta: number, deltaIndex: number): number {
    const bayes = this.bayes as PosteriorBenefit;
    const n1 = this.count[a] as number;
    const n0 = this.count[0] as number;
    if (this.m.endpoint === BINARY) {
      return bayes.binary(a, delta, deltaIndex, this.sum[a] as number, n1, this.sum[0] as number, n0);
    }
    return bayes.normal(a, delta, this.sum[a] as number, n1, this.sum[0] as number, n0);
  }

  // ---- accrual -------------------------------------------------------------------------------------

  /**
   * Opens the next accrual window: a stretch of constant rate expecting about 32 arrivals (or to the end
   * of a ramp-up piece). The number of arrivals in it is an exact Poisson draw and, given the number,
   * their times are independent uniforms, sorted. Windows are opened only as arrivals are needed, so
   * trials that stop early never generate the patients they would not have recruited.
   */
  private openWindow(): void {
    const m = this.m;
    const start = this.clock;
    let piece = 0;
    while (piece < m.rampEnd.length && (m.rampEnd[piece] as number) <= start) piece++;
    const ramp = piece < m.rampEnd.length;
    const rate = ramp ? (m.rampRate[piece] as number) : m.rate;
    const natural = start + WINDOW_ARRIVALS / (rate > 0 ? rate : m.rate);
    const end = ramp ? Math.min(m.rampEnd[piece] as number, natural) : natural;
    this.clock = end;
    this.windowPosition = 0;
    this.windowLength = 0;
    if (rate <= 0) return;
    const length = end - start;
    const k = drawPoisson(this.rng, rate * length);
    if (k > this.window.length) this.window = new Float64Array(2 * k);
    const w = this.window;
    // insertion sort as the uniforms arrive: for ~32 values it beats TypedArray.prototype.sort severalfold
    for (let i = 0; i < k; i++) {
      const x = start + length * this.rng.next();
      let j = i;
      while (j > 0 && (w[j - 1] as number) > x) {
        w[j] = w[j - 1] as number;
        j--;
      }
      w[j] = x;
    }
    this.windowLength = k;
  }

  /** Time of the next arrival, not yet taken. */
  private peekArrival(): number {
    while (this.windowPosition >= this.windowLength) this.openWindow();
    return this.window[this.windowPosition] as number;
  }

  private ensureEntries(count: number): void {
    while (this.entries < count) {
      this.entry[this.entries++] = this.peekArrival();
      this.windowPosition++;
    }
  }

  /** Patients randomised by calendar time t (arrivals generated as far as needed). */
  private enrolledBy(t: number): number {
    while (this.entries < this.n && this.peekArrival() <= t) {
      this.entry[this.entries++] = this.peekArrival();
      this.windowPosition++;
    }
    // binary search: arrivals are increasing, and earlier calls may have taken some beyond t
    let lo = 0;
    let hi = this.entries;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.entry[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // ---- randomisation -------------------------------------------------------------------------------

  private nextArm(): number {
    const m = this.m;
    const rng = this.rng;
    if (m.blocks) {
      if (this.blockPosition >= this.blockLength) {
        let length = 0;
        for (let a = 0; a < m.arms; a++) {
          if (!this.active[a]) continue;
          const copies = m.allocation[a] as number;
          for (let c = 0; c < copies; c++) this.block[length++] = a;
        }
        // Fisher–Yates shuffle of the permuted block
        for (let i = length - 1; i > 0; i--) {
          const j = Math.floor(rng.next() * (i + 1));
          const t = this.block[i] as number;
          this.block[i] = this.block[j] as number;
          this.block[j] = t;
        }
        this.blockLength = length;
        this.blockPosition = 0;
      }
      return this.block[this.blockPosition++] as number;
    }
    let total = 0;
    for (let a = 0; a < m.arms; a++) if (this.active[a]) total += m.allocation[a] as number;
    let r = rng.next() * total;
    let last = 0;
    for (let a = 0; a < m.arms; a++) {
      if (!this.active[a]) continue;
      last = a;
      r -= m.allocation[a] as number;
      if (r < 0) return a;
    }
    return last;
  }

  /** Randomises patients up to index `count`; time-to-event outcomes are drawn at randomisation. */
  private assignUpTo(count: number): void {
    const m = this.m;
    while (this.assigned < count) {
      const i = this.assigned++;
      const a = this.nextArm();
      this.arm[i] = a;
      if (m.endpoint === TIME_TO_EVENT) {
        this.eventTime[i] = this.rng.exponential(m.truth[a] as number);
        const h = m.dropoutHazard[a] as number;
        const dropout = h > 0 ? this.rng.exponential(h) : Infinity;
        this.censorTime[i] = Math.min(dropout, m.followUp);
      }
    }
  }

  // ---- binary and normal outcomes ------------------------------------------------------------------

  /**
   * Adds the outcomes that have become due (patients due … count − 1) to the per-arm summaries; patients
   * of dropped arms are no longer analysed. Binary outcomes are summed as exact binomial draws per arm
   * (missing ones first), which has the distribution of the patients' Bernoulli outcomes' sum.
   */
  private accumulateOutcomes(count: number): void {
    const m = this.m;
    const rng = this.rng;
    if (m.endpoint === BINARY) {
      this.increment.fill(0);
      for (let i = this.due; i < count; i++) {
        const a = this.arm[i] as number;
        if (this.active[a]) add(this.increment, a, 1);
      }
      for (let a = 0; a < m.arms; a++) {
        const k = this.increment[a] as number;
        if (k === 0) continue;
        const loss = m.lossProbability[a] as number;
        const observed = loss > 0 ? k - drawBinomial(rng, k, loss) : k;
        add(this.count, a, observed);
        add(this.sum, a, drawBinomial(rng, observed, m.truth[a] as number));
      }
    } else {
      for (let i = this.due; i < count; i++) {
        const a = this.arm[i] as number;
        if (!this.active[a]) continue;
        const loss = m.lossProbability[a] as number;
        if (loss > 0 && rng.next() < loss) continue;
        const y = (m.truth[a] as number) + (m.sd[a] as number) * rng.normal();
        // Welford: running mean and sum of squared deviations
        const n = (this.count[a] as number) + 1;
        const delta = y - (this.sum[a] as number);
        this.count[a] = n;
        add(this.sum, a, delta / n);
        add(this.squares, a, delta * (y - (this.sum[a] as number)));
      }
    }
    this.due = count;
  }

  // ---- time to event -------------------------------------------------------------------------------

  private heapSize = 0;

  /**
   * Calendar time at which `target` events have occurred among the arms still analysed, randomising
   * patients only as far as needed: once the next arrival comes after the target-th earliest event time
   * seen so far, no later patient can change it. The `target` earliest times are kept in a max-heap.
   * When fewer events will ever occur, returns the time of the last one (heapSize < target).
   */
  private timeOfEvent(target: number): number {
    this.heapSize = 0;
    for (let i = 0; i < this.assigned; i++) this.offerEvent(i, target);
    while (this.assigned < this.n) {
      this.ensureEntries(this.assigned + 1);
      if (this.heapSize === target && (this.entry[this.assigned] as number) >= (this.heap[0] as number))
        break;
      this.assignUpTo(this.assigned + 1);
      this.offerEvent(this.assigned - 1, target);
    }
    if (this.heapSize > 0) return this.heap[0] as number;
    return this.assigned > 0 ? (this.entry[this.assigned - 1] as number) : 0;
  }

  private offerEvent(i: number, target: number): void {
    const a = this.arm[i] as number;
    if (!this.active[a]) return;
    const t = this.eventTime[i] as number;
    if (t > (this.censorTime[i] as number)) return;
    const when = (this.entry[i] as number) + t;
    const heap = this.heap;
    if (this.heapSize < target) {
      // sift up
      let k = this.heapSize++;
      while (k > 0) {
        const parent = (k - 1) >> 1;
        if ((heap[parent] as number) >= when) break;
        heap[k] = heap[parent] as number;
        k = parent;
      }
      heap[k] = when;
    } else if (when < (heap[0] as number)) {
      // replace the largest and sift down
      const size = this.heapSize;
      let k = 0;
      for (;;) {
        const left = 2 * k + 1;
        if (left >= size) break;
        const right = left + 1;
        const child = right < size && (heap[right] as number) > (heap[left] as number) ? right : left;
        if ((heap[child] as number) <= when) break;
        heap[k] = heap[child] as number;
        k = child;
      }
      heap[k] = when;
    }
  }

  /** Log-rank / Cox comparison of arm a with control on the data available at calendar time t. */
  private compareSurvival(a: number, t: number) {
    const work = this.survival as LogRankWorkspace;
    work.reset();
    for (let i = 0; i < this.assigned; i++) {
      const g = this.arm[i] as number;
      if (g !== 0 && g !== a) continue;
      const start = this.entry[i] as number;
      if (start >= t) continue;
      const event = this.eventTime[i] as number;
      const censor = this.censorTime[i] as number;
      // compared on the calendar exactly as the event target was counted, so the target-th event is in
      const observed = event <= censor && start + event <= t;
      work.add(g === 0 ? 0 : 1, observed ? event : Math.min(censor, t - start), observed);
    }
    return work.compare();
  }
}
