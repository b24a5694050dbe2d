/**
 * The worker threads that simulate trials, kept between simulations: a thread costs a few hundred
 * milliseconds to start and to load its modules (more with the mixture engine), which would otherwise
 * be paid again by every call. Runs take turns on the pool; idle threads do not keep the process alive.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { TrialModel } from "./simulateTrial.ts";
import type { WorkerReply, WorkerRequest } from "./worker.ts";

/** A chunk of consecutive trials of one scenario. */
export interface Job {
  scenario: number;
  start: number;
  count: number;
}

interface ActiveRun {
  id: number;
  fail: (error: unknown) => void;
  onReply: (worker: Worker, reply: WorkerReply) => void;
}

/**
 * Starts a worker running worker.ts. The sources are TypeScript, so the thread first registers tsx,
 * resolved from this file so that it is found whatever the working directory. tsx's CommonJS hooks run
 * in the thread itself and start in ~0.1 s; its ESM hooks (`execArgv: ["--import", "tsx"]`) need a
 * hooks thread per worker and ~0.7 s, and on Node 20 do not apply to the worker's entry module.
 */
function startWorker(): Worker {
  const require = createRequire(import.meta.url);
  const tsx = require.resolve("tsx/cjs");
  const entry = fileURLToPath(new URL("./worker.ts", import.meta.url));
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { eval: true });
}

const workers: Worker[] = [];
let active: ActiveRun | undefined;
let queue: Promise<unknown> = Promise.resolve();
let nextRun = 1;

function addWorker(): Worker {
  const worker = startWorker();
  worker.on("message", (reply: WorkerReply) => {
    if (active && reply.run === active.id) active.onReply(worker, reply);
  });
  const remove = (error: unknown) => {
    const i = workers.indexOf(worker);
    if (i >= 0) workers.splice(i, 1);
    active?.fail(error);
  };
  worker.on("error", remove);
  worker.on("exit", (code) =>
    remove(new Error(`simulation worker stopped unexpectedly (exit code ${code})`)),
  );
  workers.push(worker);
  return worker;
}

/**
 * Simulates the jobs on `count` pool threads and hands each job's records to `reduce` in job order,
 * whatever order they come back in. Runs queue behind each other.
 */
export function runOnPool(
  models: TrialModel[],
  seed: number,
  jobs: readonly Job[],
  count: number,
  reduce: (job: Job, records: Float64Array) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const run = () => runNow(models, seed, jobs, count, reduce, signal);
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

function runNow(
  models: TrialModel[],
  seed: number,
  jobs: readonly Job[],
  count: number,
  reduce: (job: Job, records: Float64Array) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  signal?.throwIfAborted();
  while (workers.length < count) addWorker();
  const used = workers.slice(0, count);
  const id = nextRun++;
  return new Promise<void>((resolve, reject) => {
    const pending = new Map<number, Float64Array>();
    let nextToSend = 0;
    let nextToReduce = 0;
    const finish = (error?: unknown) => {
      if (active?.id !== id) return;
      active = undefined;
      signal?.removeEventListener("abort", onAbort);
      for (const w of used) {
        w.postMessage({ type: "release", run: id } satisfies WorkerRequest);
        // idle threads must not keep the process alive
        w.unref();
      }
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = () => finish(signal?.reason ?? new Error("simulation aborted"));
    const send = (worker: Worker) => {
      if (nextToSend >= jobs.length) return;
      const job = jobs[nextToSend] as Job;
      worker.postMessage({ type: "chunk", run: id, job: nextToSend++, ...job } satisfies WorkerRequest);
    };
    active = {
      id,
      fail: (error) => finish(error),
      onReply: (worker, reply) => {
        if ("error" in reply) {
          finish(new Error(`simulation worker failed: ${reply.error}`));
          return;
        }
        pending.set(reply.job, reply.records);
        send(worker);
        for (let records = pending.get(nextToReduce); records; records = pending.get(nextToReduce)) {
          pending.delete(nextToReduce);
          try {
            reduce(jobs[nextToReduce] as Job, records);
          } catch (err) {
            finish(err);
            return;
          }
          nextToReduce++;
        }
        if (nextToReduce === jobs.length) finish();
      },
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    for (const w of used) {
      w.ref();
      w.postMessage({ type: "setup", run: id, models, seed } satisfies WorkerRequest);
      // two chunks in flight per worker hide the round trip
      send(w);
      send(w);
    }
  });
}

/** Stops the pool's threads (e.g. when a server shuts down); a later simulation starts new ones. */
export async function closeSimulationWorkers(): Promise<void> {
  const all = workers.splice(0, workers.length);
  await Promise.all(all.map((w) => w.terminate()));
}
