/**
 * (b) A normal endpoint with two interims and z boundaries for efficacy and (binding) futility: the
 * simulated stopping probabilities per analysis against recursive numerical integration in base R.
 */
import { get, lazyR } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { expectWithinMcse, reportMcse } from "./monteCarloCheck.ts";
import { simulateScenarios } from "./simulateTrials.ts";
import type { VirtualTrialSpecInput } from "./spec.ts";
import { R_STAGE_PROBABILITIES } from "./stageProbabilitiesR.ts";

const EFFICACY = [3.471, 2.454, 2.004];
const FUTILITY = [0, 0.75];
const TRIALS = 20_000;
// 150 patients in blocks of 2: 25, 50 and 75 per arm at the analyses; sd 1 gives information n/2
const PER_ARM = [25, 50, 75];
const EFFECT = 0.35;

const oracle = lazyR(`${R_STAGE_PROBABILITIES}
I <- c(${PER_ARM.join(", ")}) / 2
a <- c(${FUTILITY.join(", ")}, ${EFFICACY[2]}); b <- c(${EFFICACY.join(", ")})
alt <- stage_probabilities(a, b, I, ${EFFECT}); nul <- stage_probabilities(a, b, I, 0)
emit("alt_eff", alt$eff); emit("alt_fut", alt$fut); emit("nul_eff", nul$eff); emit("nul_fut", nul$fut)
emit("alt_mean", alt$mean); emit("nul_mean", nul$mean)
`);

const spec: VirtualTrialSpecInput = {
  arms: [{ name: "control" }, { name: "treatment" }],
  accrual: { ratePerMonth: 12, rampUp: [{ months: 2, ratePerMonth: 4 }] },
  maxSampleSize: 150,
  endpoint: { type: "normal", means: [10, 10 + EFFECT], sds: 1 },
  analysis: { informationFractions: [1 / 3, 2 / 3], efficacy: EFFICACY, futility: FUTILITY },
};

describe("(b) group-sequential z boundaries vs recursive integration (R)", () => {
  afterAll(() => reportMcse("simulation/groupSequential"));

  it("rejection and futility stopping per analysis, under the alternative and the null", async () => {
    const rows = await simulateScenarios(
      spec,
      [{ name: "alternative" }, { name: "null", endpoint: { means: [10, 10] } }],
      { trials: TRIALS, seed: 99, workers: 0 },
    );
    const out = oracle();
    for (const [row, key] of [
      [rows[0], "alt"],
      [rows[1], "nul"],
    ] as const) {
      const oc = row?.characteristics;
      if (!oc) throw new Error("missing scenario");
      const eff = get(out, `${key}_eff`);
      const fut = get(out, `${key}_fut`);
      let expectedN = 0;
      for (let k = 0; k < 3; k++) {
        const stage = oc.stages[k];
        expectWithinMcse(
          stage?.efficacy.estimate as number,
          eff[k] as number,
          { trials: TRIALS },
          `${key}: efficacy at analysis ${k + 1}`,
        );
        expectWithinMcse(
          stage?.futility.estimate as number,
          fut[k] as number,
          { trials: TRIALS },
          `${key}: futility at analysis ${k + 1}`,
        );
        expectedN += ((eff[k] as number) + (fut[k] as number)) * 2 * (PER_ARM[k] as number);
      }
      const power = eff.reduce((t, p) => t + p, 0);
      expectWithinMcse(oc.success.estimate, power, { trials: TRIALS }, `${key}: overall rejection`);
      // no assessment delay: the trial stops with exactly the patients analysed
      expectWithinMcse(oc.sampleSize.estimate, expectedN, oc.sampleSize, `${key}: expected sample size`);
      expect(oc.analysedPatients?.estimate).toBe(oc.sampleSize.estimate);
      // the estimate at the stopping analysis is biased by the stopping rules; its exact mean too
      const arm = oc.treatments[0];
      const mean = get(out, `${key}_mean`)[0] as number;
      expectWithinMcse(
        arm?.meanEstimate.estimate as number,
        mean,
        arm?.meanEstimate as { mcse: number },
        `${key}: mean estimate at stopping`,
      );
      expectWithinMcse(
        arm?.bias.estimate as number,
        mean - (arm?.trueEffect as number),
        arm?.bias as { mcse: number },
        `${key}: bias`,
      );
    }
    // under the alternative the futility stops pull the mean estimate down by far more than its MCSE
    const alt = rows[0]?.characteristics.treatments[0];
    expect(alt?.bias.estimate).toBeLessThan(-4 * (alt?.bias.mcse as number));
  });
});
