/**
 * (d) Reproducibility: the same seed gives identical operating characteristics on the calling thread,
 * on 1 and on 2 worker threads with different chunk sizes, here under Vitest and in a separate
 * `node --import tsx` process (the way the CLI and server run).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { simulateScenarios, simulateTrials } from "./simulateTrials.ts";
import type { VirtualTrialSpecInput } from "./spec.ts";

// three arms, an interim with futility dropping, dropout and an assessment delay: every branch of a trial
const SPEC: VirtualTrialSpecInput = {
  arms: [{ name: "control", allocation: 2 }, { name: "low" }, { name: "high" }],
  accrual: { ratePerMonth: 15, rampUp: [{ months: 2, ratePerMonth: 5 }] },
  maxSampleSize: 160,
  dropout: { probability: [0.1, 0.1, 0.15] },
  endpoint: { type: "binary", rates: [0.3, 0.35, 0.5], assessmentMonths: 3 },
  analysis: { informationFractions: [0.5], efficacy: [2.8, 2.0], futility: [0.2] },
};
const OPTIONS = { trials: 3000, seed: 424242 };

describe("(d) determinism across worker counts and runtimes", () => {
  it("identical results on the calling thread and on 1 and 2 worker threads", async () => {
    const inline = await simulateTrials(SPEC, { ...OPTIONS, workers: 0 });
    const progress: [number, number][] = [];
    const one = await simulateTrials(SPEC, { ...OPTIONS, workers: 1, chunkSize: 250 });
    const two = await simulateTrials(SPEC, {
      ...OPTIONS,
      workers: 2,
      chunkSize: 97,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(one).toEqual(inline);
    expect(two).toEqual(inline);
    expect(progress.at(-1)).toEqual([3000, 3000]);
    expect(progress.every(([d], i) => i === 0 || d > (progress[i - 1] as [number, number])[0])).toBe(true);
    // a different seed gives different trials
    const other = await simulateTrials(SPEC, { ...OPTIONS, seed: 1, workers: 0 });
    expect(other.success.estimate).not.toBe(inline.success.estimate);
    // each trial is its own stream: the first 1000 of 3000 trials are the 1000-trial run
    const first = await simulateTrials(SPEC, { ...OPTIONS, trials: 1000, workers: 0 });
    const sample = await simulateTrials(SPEC, { ...OPTIONS, trials: 1000, workers: 2, chunkSize: 33 });
    expect(sample).toEqual(first);
  });

  it("stops when aborted, and the worker pool still serves the next run", async () => {
    const controller = new AbortController();
    const run = simulateTrials(SPEC, {
      ...OPTIONS,
      workers: 2,
      chunkSize: 50,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error("stopped by the user")),
    });
    await expect(run).rejects.toThrow("stopped by the user");
    const inline = await simulateTrials(SPEC, { ...OPTIONS, trials: 500, workers: 0 });
    expect(await simulateTrials(SPEC, { ...OPTIONS, trials: 500, workers: 2 })).toEqual(inline);
  });

  it("scenarios on workers match scenario by scenario; a Bayesian design runs on workers too", async () => {
    const scenarios = [{ name: "alternative" }, { name: "null", endpoint: { rates: [0.3, 0.3, 0.3] } }];
    const onThread = await simulateScenarios(SPEC, scenarios, { ...OPTIONS, trials: 800, workers: 0 });
    const onWorkers = await simulateScenarios(SPEC, scenarios, { ...OPTIONS, trials: 800, workers: 2 });
    expect(onWorkers).toEqual(onThread);
    // two arms and no dropout keep the distinct posterior computations (~1 ms each) few
    const bayes: VirtualTrialSpecInput = {
      arms: [{ name: "control" }, { name: "treatment" }],
      accrual: { ratePerMonth: 10 },
      maxSampleSize: 40,
      endpoint: { type: "binary", rates: [0.3, 0.5] },
      analysis: {
        informationFractions: [0.5],
        efficacy: { type: "posterior", thresholds: [0.995, 0.975] },
        futility: { type: "posterior", thresholds: 0.3 },
        priors: { family: "beta", components: [{ w: 1, a: 1, b: 1 }] },
      },
    };
    const b0 = await simulateTrials(bayes, { ...OPTIONS, trials: 500, workers: 0 });
    const b2 = await simulateTrials(bayes, { ...OPTIONS, trials: 500, workers: 2 });
    expect(b2).toEqual(b0);
  });

  it("identical results in a separate `node --import tsx` process with 2 workers", async () => {
    const inline = await simulateTrials(SPEC, { ...OPTIONS, workers: 0 });
    const dir = mkdtempSync(join(tmpdir(), "kakehashi-sim-"));
    try {
      const script = join(dir, "run.mts");
      const entry = fileURLToPath(new URL("./index.ts", import.meta.url));
      writeFileSync(
        script,
        `import { simulateTrials } from ${JSON.stringify(entry)};\n` +
          `const oc = await simulateTrials(${JSON.stringify(SPEC)}, ${JSON.stringify({ ...OPTIONS, workers: 2 })});\n` +
          "process.stdout.write(JSON.stringify(oc));\n",
      );
      const root = fileURLToPath(new URL("../../../../", import.meta.url));
      const run = spawnSync(process.execPath, ["--import", "tsx", script], { cwd: root, encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(inline)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
