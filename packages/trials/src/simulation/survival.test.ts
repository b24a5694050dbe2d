/**
 * (c) Time-to-event designs analysed by the log-rank test: the type I error under equal hazards
 * (overall and per analysis of an event-driven group-sequential design, against the asymptotic
 * multivariate-normal probabilities from recursive integration in R), and the Cox estimate of the log
 * hazard ratio under a true hazard ratio with dropout and a follow-up limit.
 */
import { get, lazyR } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { expectWithinMcse, reportMcse } from "./monteCarloCheck.ts";
import { simulateScenarios, simulateTrials } from "./simulateTrials.ts";
import type { VirtualTrialSpecInput } from "./spec.ts";
import { R_STAGE_PROBABILITIES } from "./stageProbabilitiesR.ts";

const TRIALS = 4000;
const EFFICACY = [2.797, 1.977];

const oracle = lazyR(`${R_STAGE_PROBABILITIES}
# log-rank information is proportional to events: interim at 100 of 200
p <- stage_probabilities(c(-20, ${EFFICACY[1]}), c(${EFFICACY.join(", ")}), c(100, 200) / 4, 0)
emit("h0_eff", p$eff)
emit("alpha", pnorm(qnorm(0.975), lower.tail = FALSE))
`);

const base: VirtualTrialSpecInput = {
  arms: [{ name: "control" }, { name: "treatment" }],
  accrual: { ratePerMonth: 25, rampUp: [{ months: 3, ratePerMonth: 10 }] },
  maxSampleSize: 400,
  endpoint: { type: "timeToEvent", medians: [12, 12], maxEvents: 200 },
  analysis: { efficacy: [1.959963984540054] },
};

describe("(c) time-to-event: log-rank test and Cox hazard ratio", () => {
  afterAll(() => reportMcse("simulation/survival"));

  it("type I error under equal hazards ≈ alpha, fixed and event-driven group-sequential", async () => {
    const fixed = await simulateTrials(base, { trials: TRIALS, seed: 7, workers: 0 });
    const sequential = await simulateTrials(
      { ...base, analysis: { informationFractions: [0.5], efficacy: EFFICACY } },
      { trials: TRIALS, seed: 8, workers: 0 },
    );
    const out = oracle();
    expectWithinMcse(
      fixed.success.estimate,
      get(out, "alpha")[0] as number,
      { trials: TRIALS },
      "type I error, fixed",
    );
    const eff = get(out, "h0_eff");
    expectWithinMcse(
      sequential.stages[0]?.efficacy.estimate as number,
      eff[0] as number,
      { trials: TRIALS },
      "type I error, interim",
    );
    expectWithinMcse(
      sequential.stages[1]?.efficacy.estimate as number,
      eff[1] as number,
      { trials: TRIALS },
      "type I error, final",
    );
    expectWithinMcse(
      sequential.success.estimate,
      (eff[0] as number) + (eff[1] as number),
      { trials: TRIALS },
      "type I error, overall",
    );
    // every analysis is at its event target; the interim is reached before all patients are recruited
    expect(fixed.events?.estimate).toBe(200);
    expect(fixed.events?.mcse).toBe(0);
    const interimStop = sequential.stages[0]?.efficacy.estimate as number;
    expect(sequential.events?.estimate).toBeCloseTo(200 - 100 * interimStop, 10);
    expect(fixed.sampleSize.estimate).toBeLessThanOrEqual(400);
    expect(fixed.treatments[0]?.trueEffect).toBe(0);
    expectWithinMcse(
      fixed.treatments[0]?.meanEstimate.estimate as number,
      0,
      fixed.treatments[0]?.meanEstimate as { mcse: number },
      "log HR estimate under H0",
    );
  });

  it("mean Cox log hazard ratio ≈ log HR under HR 0.7, 0.8 with dropout and limited follow-up", async () => {
    const rows = await simulateScenarios(
      {
        ...base,
        endpoint: { type: "timeToEvent", hazards: [0.05, 0.035], maxEvents: 200, followUpMonths: 30 },
        dropout: { hazardPerMonth: [0.01, 0.015] },
      },
      [{ name: "HR 0.7" }, { name: "HR 0.8", endpoint: { hazards: [0.05, 0.04] } }],
      { trials: TRIALS, seed: 11, workers: 0 },
    );
    for (const [row, hr] of [
      [rows[0], 0.7],
      [rows[1], 0.8],
    ] as const) {
      const arm = row?.characteristics.treatments[0];
      expect(arm?.trueEffect).toBeCloseTo(Math.log(hr), 12);
      expectWithinMcse(
        arm?.meanEstimate.estimate as number,
        Math.log(hr),
        arm?.meanEstimate as { mcse: number },
        `mean log HR, true HR ${hr}`,
      );
    }
    // power rises with the effect
    expect(rows[0]?.characteristics.success.estimate).toBeGreaterThan(
      rows[1]?.characteristics.success.estimate as number,
    );
  });
});
