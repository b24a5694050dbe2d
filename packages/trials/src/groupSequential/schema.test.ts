/**
 * GroupSequentialSpec (JSON input) and input validation: bad input is refused with a message that names
 * the field and the fix; a valid spec runs end to end. Also checks properties that hold for any correct
 * implementation (exact spending, K = 1 equals the fixed design, binding futility lowers the bounds).
 */
import { describe, expect, it } from "vitest";
import { getDesignCharacteristics } from "./characteristics.ts";
import { getDesignGroupSequential } from "./design.ts";
import { normalUpperQuantile } from "./normal.ts";
import { getSampleSizeMeans } from "./sampleSizeMeans.ts";
import { getSampleSizeRates } from "./sampleSizeRates.ts";
import { getSampleSizeSurvival } from "./sampleSizeSurvival.ts";
import { describeSpecIssues, GroupSequentialSpec, runGroupSequentialSpec } from "./schema.ts";
import { spendingFunction } from "./spending.ts";
import { crossingProbabilities } from "./stageProbabilities.ts";

function issues(spec: unknown): string {
  const r = GroupSequentialSpec.safeParse(spec);
  if (r.success) throw new Error("expected the spec to be refused");
  return describeSpecIssues(r.error);
}

describe("GroupSequentialSpec", () => {
  it("names the field and the fix for out-of-range numbers", () => {
    expect(issues({ design: { alpha: 0.7 } })).toMatch(/^design\.alpha: alpha must be ≤ 0\.5, e\.g\. 0\.025/);
    expect(issues({ design: { kMax: 2.5 } })).toMatch(/design\.kMax: kMax must be an integer/);
    expect(issues({ design: { sided: 3 } })).toMatch(/design\.sided: sided must be 1 or 2/);
    expect(issues({ design: { typeOfDesign: "OBF" } })).toMatch(
      /design\.typeOfDesign: typeOfDesign must be one of/,
    );
  });

  it("checks information rates, futility bounds and required parameters across fields", () => {
    expect(issues({ design: { informationRates: [0.5, 0.4, 1] } })).toMatch(
      /design\.informationRates\.1: informationRates must increase strictly/,
    );
    expect(issues({ design: { informationRates: [0.5, 0.9] } })).toMatch(
      /the last information rate must be 1/,
    );
    expect(issues({ design: { kMax: 3, informationRates: [0.5, 1] } })).toMatch(/give one rate per stage/);
    expect(issues({ design: { kMax: 3, futilityBounds: [0] } })).toMatch(
      /design\.futilityBounds: futilityBounds needs kMax − 1 = 2 entries/,
    );
    expect(issues({ design: { typeOfDesign: "asHSD" } })).toMatch(/design\.gammaA: gammaA is required/);
    expect(issues({ design: { typeOfDesign: "OF", typeBetaSpending: "bsOF" } })).toMatch(
      /beta spending needs an alpha-spending typeOfDesign/,
    );
  });

  it("refuses unknown keys and unknown endpoints", () => {
    expect(issues({ design: { alpah: 0.025 } })).toMatch(/alpah/);
    expect(issues({ endpoint: { type: "counts" } })).toMatch(
      /endpoint\.type must be "means", "rates" or "survival"/,
    );
    expect(issues({ endpoint: { type: "rates", pi1: 1.2 } })).toMatch(/endpoint\.pi1: pi1 must be < 1/);
  });

  it("runs a valid spec to the same numbers as the API, null meaning no futility bound", () => {
    const report = runGroupSequentialSpec({
      design: { kMax: 3, typeOfDesign: "asOF", futilityBounds: [null, 0.5], bindingFutility: true },
      endpoint: { type: "means", alternative: 0.4, stDev: 1, normalApproximation: true },
    });
    const design = getDesignGroupSequential({
      kMax: 3,
      typeOfDesign: "asOF",
      futilityBounds: [Number.NEGATIVE_INFINITY, 0.5],
      bindingFutility: true,
    });
    expect(report.design).toEqual(design);
    expect(report.characteristics).toEqual(getDesignCharacteristics(design));
    const {
      design: _d,
      characteristics: _c,
      ...expected
    } = getSampleSizeMeans({ alternative: 0.4, stDev: 1, normalApproximation: true }, design);
    expect(report.sampleSize).toEqual(expected);
    expect(() => runGroupSequentialSpec({ design: { beta: 0 } })).toThrow(
      /design\.beta: beta must be ≥ 1e-4/,
    );
  });
});

describe("input validation of the API", () => {
  it("throws naming the parameter and the fix", () => {
    expect(() => getDesignGroupSequential({ alpha: 0 })).toThrow(/alpha \(0\) must lie in \[1e-6, 0\.5\]/);
    expect(() => getDesignGroupSequential({ informationRates: [0.6, 0.5, 1] })).toThrow(
      /informationRates\[1\] \(0\.5\) must exceed the previous rate/,
    );
    expect(() => getDesignGroupSequential({ informationRates: [0.5, 0.8] })).toThrow(
      /last informationRates entry/,
    );
    expect(() => getDesignGroupSequential({ kMax: 3, futilityBounds: [0] })).toThrow(/give kMax − 1 = 2/);
    expect(() => getDesignGroupSequential({ typeOfDesign: "OF", typeBetaSpending: "bsOF" })).toThrow(
      /needs an alpha-spending typeOfDesign/,
    );
    expect(() => getDesignGroupSequential({ sided: 2, bindingFutility: true })).toThrow(
      /one-sided designs only/,
    );
    const design = getDesignGroupSequential();
    expect(() => getSampleSizeMeans({ alternative: 0.5, stDev: -1 }, design)).toThrow(
      /stDev \(-1\) must be a positive/,
    );
    expect(() => getSampleSizeRates({ pi1: 0.3 }, design)).toThrow(/pi2 \(the control rate\) is required/);
    expect(() => getSampleSizeSurvival({}, design)).toThrow(/hazardRatio is required/);
    expect(() => getSampleSizeSurvival({ hazardRatio: 0.7, median2: 10, dropoutRate1: 1 }, design)).toThrow(
      /dropoutRate1 \(1\) must lie in \[0, 1\)/,
    );
  });
});

describe("properties of any correct design", () => {
  it("spends exactly the alpha-spending function at every stage", () => {
    const t = [0.25, 0.4, 0.7, 1];
    const d = getDesignGroupSequential({
      typeOfDesign: "asHSD",
      gammaA: -2,
      informationRates: t,
      alpha: 0.05,
    });
    const spent = t.map((x) => spendingFunction("asHSD", 0.05, x, { gamma: -2 }));
    for (const [k, a] of d.alphaSpent.entries())
      expect(Math.abs(a - (spent[k] as number))).toBeLessThan(1e-15);
  });

  it("reduces to the fixed design when K = 1", () => {
    const d = getDesignGroupSequential({ kMax: 1, alpha: 0.025 });
    expect(d.criticalValues[0]).toBe(normalUpperQuantile(0.025));
    const c = getDesignCharacteristics(d);
    expect(c.inflationFactor).toBe(1);
  });

  it("O'Brien–Fleming boundaries reject with total probability alpha, also with binding futility", () => {
    for (const binding of [false, true]) {
      const d = getDesignGroupSequential({
        typeOfDesign: "OF",
        kMax: 4,
        futilityBounds: [0, 0.2, 0.5],
        bindingFutility: binding,
      });
      const lower = binding
        ? [0, 0.2, 0.5, Number.NEGATIVE_INFINITY]
        : [-Infinity, -Infinity, -Infinity, -Infinity];
      const p = crossingProbabilities(d.informationRates, lower, d.criticalValues, 0);
      expect(Math.abs(p.upper.reduce((a, b) => a + b, 0) - 0.025)).toBeLessThan(1e-14);
    }
    const nb = getDesignGroupSequential({ typeOfDesign: "OF", kMax: 4, futilityBounds: [0, 0.2, 0.5] });
    const b = getDesignGroupSequential({
      typeOfDesign: "OF",
      kMax: 4,
      futilityBounds: [0, 0.2, 0.5],
      bindingFutility: true,
    });
    for (const [k, c] of b.criticalValues.entries()) expect(c).toBeLessThan(nb.criticalValues[k] as number);
  });

  it("beta-spending designs reach power 1 − β exactly where the last bounds meet", () => {
    const d = getDesignGroupSequential({ typeOfDesign: "asOF", kMax: 4, typeBetaSpending: "bsP", beta: 0.1 });
    expect(d.power?.[3]).toBeCloseTo(0.9, 12);
    expect(d.betaSpent?.[3]).toBeCloseTo(0.1, 12);
    expect(getDesignCharacteristics(d).power[3]).toBeCloseTo(0.9, 12);
  });
});
