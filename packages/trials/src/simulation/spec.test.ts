import { describe, expect, it } from "vitest";
import { simulateTrials, withScenario } from "./simulateTrials.ts";
import { parseVirtualTrialSpec, VirtualTrialSpecError, type VirtualTrialSpecInput } from "./spec.ts";

const valid: VirtualTrialSpecInput = {
  arms: [{ name: "control" }, { name: "treatment" }],
  accrual: { ratePerMonth: 10 },
  maxSampleSize: 100,
  endpoint: { type: "binary", rates: [0.3, 0.5] },
  analysis: { informationFractions: [0.5], efficacy: [2.797, 1.977], futility: [0] },
};

/** The spec with `patch` applied at a dotted path (undefined deletes). */
function variant(path: string, value: unknown): unknown {
  const copy = structuredClone(valid) as Record<string, unknown>;
  const keys = path.split(".");
  let node = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const betaPrior = { family: "beta", components: [{ w: 1, a: 1, b: 1 }] };

describe("VirtualTrialSpec validation: errors name the field and the fix", () => {
  it("accepts a valid spec and fills in defaults", () => {
    const spec = parseVirtualTrialSpec(valid);
    expect(spec.randomization).toBe("blocks");
    expect(spec.arms[0]?.allocation).toBe(1);
    expect(spec.analysis.efficacy).toEqual({ type: "z", bounds: [2.797, 1.977] });
    expect(spec.accrual.rampUp).toEqual([]);
  });

  const cases: [label: string, input: unknown, message: RegExp][] = [
    ["missing accrual", variant("accrual", undefined), /accrual: is required/],
    [
      "negative accrual rate",
      variant("accrual.ratePerMonth", -2),
      /accrual\.ratePerMonth: ratePerMonth must be > 0/,
    ],
    [
      "one arm",
      variant("arms", [{ name: "control" }]),
      /arms: arms needs a control and at least one treatment/,
    ],
    [
      "five arms",
      variant(
        "arms",
        ["a", "b", "c", "d", "e"].map((name) => ({ name })),
      ),
      /at most 3 treatment arms/,
    ],
    [
      "duplicate arm names",
      variant("arms", [{ name: "x" }, { name: "x" }]),
      /arms\[1\]\.name: arm name "x" is used twice/,
    ],
    [
      "fractional allocation with blocks",
      variant("arms", [{ name: "c" }, { name: "t", allocation: 1.5 }]),
      /arms\[1\]\.allocation: allocation 1\.5 is not a whole number.*"simple"/,
    ],
    [
      "non-integer sample size",
      variant("maxSampleSize", 99.5),
      /maxSampleSize: maxSampleSize must be a whole number/,
    ],
    [
      "rate above 1",
      variant("endpoint.rates", [0.3, 1.2]),
      /endpoint\.rates\[1\]: rate must lie strictly between 0 and 1/,
    ],
    [
      "rates for too few arms",
      variant("endpoint.rates", [0.3, 0.4, 0.5]),
      /endpoint\.rates: rates has 3 values but there are 2 arms/,
    ],
    ["unknown endpoint type", variant("endpoint", { type: "ordinal" }), /endpoint\.type/],
    ["unknown field", variant("endpoint.rate", 0.3), /endpoint: unknown field\(s\) rate/],
    [
      "fractions not increasing",
      variant("analysis.informationFractions", [0.6, 0.4]),
      /analysis\.informationFractions\[1\]: information fractions must increase/,
    ],
    [
      "fraction of 1",
      variant("analysis.informationFractions", [1]),
      /analysis\.informationFractions\[0\]: information fraction 1 must lie strictly between 0 and 1/,
    ],
    [
      "wrong number of efficacy bounds",
      variant("analysis.efficacy", [1.96]),
      /analysis\.efficacy\.bounds: 1 bounds given but the design has 2 analyses/,
    ],
    [
      "futility above efficacy",
      variant("analysis.futility", [3]),
      /analysis\.futility\.bounds\[0\]: futility bound 3 lies above the efficacy bound 2\.797/,
    ],
    [
      "futility without interims",
      { ...valid, analysis: { efficacy: [1.96], futility: [0] } },
      /analysis\.futility: futility stopping needs interim analyses/,
    ],
    [
      "posterior rule without priors",
      variant("analysis.efficacy", { type: "posterior", thresholds: 0.95 }),
      /analysis\.priors: posterior rules need analysis\.priors/,
    ],
    [
      "posterior threshold of 1",
      variant("analysis.efficacy", { type: "posterior", thresholds: [0.9, 1] }),
      /analysis\.efficacy\.thresholds\[1\]: threshold must lie strictly between 0 and 1/,
    ],
    [
      "prior of the wrong family",
      {
        ...valid,
        analysis: {
          efficacy: { type: "posterior", thresholds: 0.95 },
          priors: { family: "normal", sigma: 1, components: [{ w: 1, m: 0, s: 1 }] },
        },
      },
      /analysis\.priors: prior is a normal mixture but a binary endpoint needs a beta mixture/,
    ],
    [
      "invalid prior",
      {
        ...valid,
        analysis: {
          efficacy: { type: "posterior", thresholds: 0.95 },
          priors: [betaPrior, { family: "beta", components: [{ w: 1, a: -1, b: 1 }] }],
        },
      },
      /analysis\.priors\[1\]: invalid prior: .*a/,
    ],
    [
      "posterior rule on time to event",
      {
        ...valid,
        endpoint: { type: "timeToEvent", hazards: [0.05, 0.04], maxEvents: 50 },
        analysis: { efficacy: { type: "posterior", thresholds: 0.95 }, priors: betaPrior },
      },
      /analysis\.efficacy\.type: posterior rules need a binary or normal endpoint/,
    ],
    [
      "hazards and medians both given",
      {
        ...valid,
        endpoint: { type: "timeToEvent", hazards: [0.05, 0.04], medians: [12, 14], maxEvents: 50 },
      },
      /endpoint\.hazards: give exactly one of endpoint\.hazards or endpoint\.medians/,
    ],
    [
      "more events than patients",
      { ...valid, endpoint: { type: "timeToEvent", medians: [12, 14], maxEvents: 150 } },
      /endpoint\.maxEvents: maxEvents 150 exceeds maxSampleSize 100/,
    ],
    [
      "dropout probability of 1",
      variant("dropout", { probability: [0.1, 1] }),
      /dropout\.probability\[1\]: probability must lie in \[0, 1\)/,
    ],
    [
      "dropout hazard without assessment time",
      variant("dropout", { hazardPerMonth: 0.01 }),
      /dropout\.hazardPerMonth: a dropout hazard has no effect when endpoint\.assessmentMonths is 0/,
    ],
    [
      "interims too close for the sample size",
      { ...valid, maxSampleSize: 10, analysis: { informationFractions: [0.41, 0.5], efficacy: [3, 3, 2] } },
      /analysis\.informationFractions\[1\]: interim at fraction 0\.5 of 10 patients falls on the same count/,
    ],
    [
      "t test on a binary endpoint",
      variant("analysis.test", "t"),
      /analysis\.test: test "t" applies to normal endpoints only/,
    ],
  ];

  it.each(cases)("%s", (_label, input, message) => {
    let error: unknown;
    try {
      parseVirtualTrialSpec(input);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(VirtualTrialSpecError);
    expect((error as Error).message).toMatch(message);
  });

  it("names the scenario whose changes make the spec invalid", () => {
    expect(() => withScenario(valid, { name: "too good", endpoint: { rates: [0.3, 1.5] } })).toThrow(
      /scenario "too good": .*endpoint\.rates\[1\]: rate must lie strictly between 0 and 1/,
    );
  });

  it("rejects bad simulation options by name", async () => {
    await expect(simulateTrials(valid, { trials: 0, seed: 1 })).rejects.toThrow(
      /trials must be a whole number ≥ 1/,
    );
    await expect(simulateTrials(valid, { trials: 10, seed: -1 })).rejects.toThrow(
      /seed must be a whole number/,
    );
    await expect(simulateTrials(valid, { trials: 10, seed: 1, workers: 1.5 })).rejects.toThrow(
      /workers must be a whole number ≥ 0/,
    );
  });
});
