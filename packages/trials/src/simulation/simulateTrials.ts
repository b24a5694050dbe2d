/**
 * Monte-Carlo operating characteristics of a virtual trial design, on worker threads across all cores.
 * Trials are handed out in chunks; their records come back in any order and are reduced strictly in
 * trial order, so the result is identical for every number of workers and chunk size.
 */
import { availableParallelism } from "node:os";
import { compileTrialModel } from "./compileModel.ts";
import {
  type OperatingCharacteristics,
  OperatingCharacteristicsAccumulator,
} from "./operatingCharacteristics.ts";
import { simulateChunk } from "./simulateChunk.ts";
import { recordWidth, type TrialModel, VirtualTrialSimulator } from "./simulateTrial.ts";
import { loadSimulatorTools } from "./simulatorTools.ts";
import {
  parseVirtualTrialSpec,
  type VirtualTrialSpec,
  VirtualTrialSpecError,
  type VirtualTrialSpecInput,
} from "./spec.ts";
import { type Job, runOnPool } from "./workerPool.ts";

export interface SimulationOptions {
  /** number of simulated trials (per scenario) */
  trials: number;
  /** seed of the random streams: trial i uses `new Rng(seed, i)` in every scenario */
  seed: number;
  /** worker threads (default: all cores, os.availableParallelism()); 0 runs on the calling thread */
  workers?: number;
  /** trials per message to a worker (default: about 16 chunks per worker, 16 to 2000 trials) */
  chunkSize?: number;
  /** called after each chunk with trials done and trials in all */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** What a scenario changes in the design: usually the truth (e.g. the response rates), for OC tables. */
export interface Scenario {
  name: string;
  /** endpoint fields to replace, e.g. { rates: [0.3, 0.3] } or { hazards: [0.05, 0.05] } */
  endpoint?: {
    rates?: number[];
    means?: number[];
    sds?: number | number[];
    hazards?: number[];
    medians?: number[];
    assessmentMonths?: number;
    followUpMonths?: number;
  };
  dropout?: VirtualTrialSpecInput["dropout"];
  accrual?: VirtualTrialSpecInput["accrual"];
}

export interface ScenarioCharacteristics {
  scenario: string;
  characteristics: OperatingCharacteristics;
}

/**
 * Simulates `trials` virtual trials of the design and returns its operating characteristics: probability
 * of success overall and by analysis, early stopping, expected sample size / events / duration, and the
 * mean and bias of each treatment arm's effect estimate, all with Monte-Carlo standard errors.
 */
export async function simulateTrials(
  spec: VirtualTrialSpecInput | VirtualTrialSpec,
  options: SimulationOptions,
): Promise<OperatingCharacteristics> {
  const [result] = await simulateDesigns([parseVirtualTrialSpec(spec)], options);
  return result as OperatingCharacteristics;
}

/**
 * Operating characteristics of the design under each scenario (one OC table row per scenario). Every
 * scenario uses the same random streams (common random numbers), which makes differences between
 * scenarios more precise than their separate standard errors suggest.
 */
export async function simulateScenarios(
  spec: VirtualTrialSpecInput | VirtualTrialSpec,
  scenarios: readonly Scenario[],
  options: SimulationOptions,
): Promise<ScenarioCharacteristics[]> {
  if (scenarios.length === 0) throw new Error("scenarios is empty: give at least one scenario");
  const specs = scenarios.map((s) => withScenario(spec, s));
  const results = await simulateDesigns(specs, options);
  return results.map((characteristics, i) => ({
    scenario: (scenarios[i] as Scenario).name,
    characteristics,
  }));
}

/** The design with a scenario's changes applied, validated. */
export function withScenario(
  spec: VirtualTrialSpecInput | VirtualTrialSpec,
  scenario: Scenario,
): VirtualTrialSpec {
  const base = spec as VirtualTrialSpecInput;
  const endpoint: Record<string, unknown> = { ...base.endpoint, ...scenario.endpoint };
  // a scenario giving hazards replaces the design's medians and the other way round
  if (scenario.endpoint?.hazards) delete endpoint.medians;
  if (scenario.endpoint?.medians) delete endpoint.hazards;
  const merged = {
    ...base,
    endpoint,
    ...(scenario.dropout ? { dropout: scenario.dropout } : {}),
    ...(scenario.accrual ? { accrual: scenario.accrual } : {}),
  };
  try {
    return parseVirtualTrialSpec(merged);
  } catch (err) {
    if (err instanceof VirtualTrialSpecError) {
      throw new VirtualTrialSpecError(err.issues, `scenario "${scenario.name}": `);
    }
    throw err;
  }
}

function checkOptions(options: SimulationOptions): { workers: number; chunkSize: number } {
  const { trials, seed } = options;
  if (!(Number.isInteger(trials) && trials >= 1)) {
    throw new Error(`trials must be a whole number ≥ 1, got ${trials}`);
  }
  if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) {
    throw new Error(`seed must be a whole number in [0, 2^32), got ${seed}`);
  }
  const workers = options.workers ?? availableParallelism();
  if (!(Number.isInteger(workers) && workers >= 0)) {
    throw new Error(`workers must be a whole number ≥ 0 (0 = the calling thread), got ${workers}`);
  }
  const chunkSize =
    options.chunkSize ?? Math.min(2000, Math.max(16, Math.ceil(trials / (16 * Math.max(1, workers)))));
  if (!(Number.isInteger(chunkSize) && chunkSize >= 1)) {
    throw new Error(`chunkSize must be a whole number ≥ 1, got ${chunkSize}`);
  }
  return { workers, chunkSize };
}

async function simulateDesigns(
  specs: VirtualTrialSpec[],
  options: SimulationOptions,
): Promise<OperatingCharacteristics[]> {
  const { workers, chunkSize } = checkOptions(options);
  const { trials, seed } = options;
  const models: TrialModel[] = specs.map(compileTrialModel);
  const accumulators = specs.map(
    (s, i) => new OperatingCharacteristicsAccumulator(s, models[i] as TrialModel, seed),
  );
  const widths = models.map((m) => recordWidth(m.arms));
  const jobs: Job[] = [];
  for (let scenario = 0; scenario < specs.length; scenario++) {
    for (let start = 0; start < trials; start += chunkSize) {
      jobs.push({ scenario, start, count: Math.min(chunkSize, trials - start) });
    }
  }
  const total = trials * specs.length;
  let done = 0;
  const reduce = (job: Job, records: Float64Array) => {
    (accumulators[job.scenario] as OperatingCharacteristicsAccumulator).add(
      records,
      job.count,
      widths[job.scenario] as number,
    );
    done += job.count;
    options.onProgress?.(done, total);
  };
  options.signal?.throwIfAborted();
  if (workers === 0) {
    const simulators = await Promise.all(
      models.map(async (m) => new VirtualTrialSimulator(m, await loadSimulatorTools(m))),
    );
    for (const job of jobs) {
      reduce(
        job,
        simulateChunk(simulators[job.scenario] as VirtualTrialSimulator, seed, job.start, job.count),
      );
      // let timers, I/O and an abort in between chunks
      await new Promise((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
    }
  } else {
    await runOnPool(models, seed, jobs, Math.min(workers, jobs.length), reduce, options.signal);
  }
  return accumulators.map((a) => a.result());
}
