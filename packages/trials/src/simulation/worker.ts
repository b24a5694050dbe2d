/**
 * Worker thread of the simulation pool: keeps the models of the runs it takes part in, simulates the
 * chunks of trials it is sent and posts their records back (the buffer is transferred, not copied).
 * It runs under tsx's CommonJS hooks (see workerPool.ts), so the statistics only some designs need are
 * loaded with a synchronous require, on demand.
 */
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";
import { simulateChunk } from "./simulateChunk.ts";
import {
  needsPosterior,
  type SimulatorTools,
  type TrialModel,
  VirtualTrialSimulator,
} from "./simulateTrial.ts";

export type WorkerRequest =
  /** the models (one per scenario) and seed of a run, sent before its chunks */
  | { type: "setup"; run: number; models: TrialModel[]; seed: number }
  | { type: "chunk"; run: number; job: number; scenario: number; start: number; count: number }
  | { type: "release"; run: number };
export type WorkerReply =
  | { run: number; job: number; records: Float64Array }
  | { run: number; job: number; error: string };

interface Run {
  models: TrialModel[];
  seed: number;
  simulators: Map<number, VirtualTrialSimulator>;
}

const port = parentPort;
if (!port) throw new Error("worker.ts runs as a worker thread of the trial simulation pool");
const runs = new Map<number, Run>();
const load = createRequire(import.meta.url);

function toolsFor(model: TrialModel): SimulatorTools {
  const tools: SimulatorTools = {};
  if (needsPosterior(model)) {
    const { PosteriorBenefit } = load(
      "./posteriorProbability.ts",
    ) as typeof import("./posteriorProbability.ts");
    tools.posteriorBenefit = new PosteriorBenefit(model.priors, model.higherIsBetter, model.maxSampleSize);
  }
  if (model.tTest) {
    tools.pooledTAsZ = (load("./studentTest.ts") as typeof import("./studentTest.ts")).pooledTAsZ;
  }
  return tools;
}

function simulatorFor(run: Run, scenario: number): VirtualTrialSimulator {
  let simulator = run.simulators.get(scenario);
  if (!simulator) {
    const model = run.models[scenario];
    if (!model) throw new Error(`no scenario ${scenario}`);
    simulator = new VirtualTrialSimulator(model, toolsFor(model));
    run.simulators.set(scenario, simulator);
  }
  return simulator;
}

port.on("message", (request: WorkerRequest) => {
  if (request.type === "setup") {
    runs.set(request.run, { models: request.models, seed: request.seed, simulators: new Map() });
    return;
  }
  if (request.type === "release") {
    runs.delete(request.run);
    return;
  }
  try {
    const run = runs.get(request.run);
    if (!run) throw new Error(`run ${request.run} was not set up`);
    const records = simulateChunk(
      simulatorFor(run, request.scenario),
      run.seed,
      request.start,
      request.count,
    );
    const reply: WorkerReply = { run: request.run, job: request.job, records };
    port.postMessage(reply, [records.buffer as ArrayBuffer]);
  } catch (err) {
    const e = err as Error;
    port.postMessage({
      run: request.run,
      job: request.job,
      error: e.stack ?? e.message,
    } satisfies WorkerReply);
  }
});
