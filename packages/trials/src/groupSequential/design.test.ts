/**
 * Oracle: rpact 3.3.4 getDesignGroupSequential + getDesignCharacteristics over a grid of designs without
 * beta spending (K = 2..5; asOF, asP, asHSD γ = −4, −2, 1, asKD, OF, P, WT; alpha 0.025 and 0.05; equal
 * and unequal information rates; user futility bounds, binding and not; two-sided). Beta-spending
 * designs are in betaSpending.test.ts (rpact needs ~1 s each; the two files run in parallel).
 *
 * What limits the agreement is rpact, not this code (stageProbabilities.test.ts shows ~1e-14):
 * rpact solves boundaries by bisection to 1e-8 on the z scale (C_DESIGN_TOLERANCE_DEFAULT), integrates
 * with a 91-point Newton–Cotes grid truncated at z = −6 and +8, and floors the last alphaSpent to 1e-8
 * (floor(x · 1e8) / 1e8, a relative change ≤ 4e-7 at alpha = 0.025). Observed worst cases are ~1e-7.
 */

import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, beforeAll, describe, it } from "vitest";
import { getDesignCharacteristics } from "./characteristics.ts";
import { getDesignGroupSequential } from "./design.ts";
import { designCases, designScript, designTable, fromRpactFutility, runOnce } from "./rpactOracle.ts";
import type { DesignInput } from "./types.ts";

const cases = designCases("plain");
const oracle = runOnce(lazyR(designScript, () => ({ cases: designTable(cases) }), { packages: ["rpact"] }));

function compareDesign(id: string, input: DesignInput): void {
  const out = oracle();
  const d = getDesignGroupSequential(input);
  const c = getDesignCharacteristics(d);
  const r = (name: string) => get(out, `${id}.${name}`);
  expectClose(d.criticalValues, r("criticalValues"), 1e-6, "criticalValues");
  expectClose(d.alphaSpent, r("alphaSpent"), 1e-6, "alphaSpent");
  expectClose(d.stageLevels, r("stageLevels"), 1e-6, "stageLevels");
  if (d.sided === 1)
    expectClose(d.futilityBounds, fromRpactFutility(r("futilityBounds")), 1e-6, "futilityBounds");
  expectClose(c.shift, r("shift"), 1e-6, "shift");
  expectClose(c.inflationFactor, r("inflationFactor"), 1e-6, "inflationFactor");
  expectClose(c.power, r("power"), 1e-6, "characteristics power");
  expectClose(c.rejectionProbabilities, r("rejectionProbabilities"), 1e-6, "rejectionProbabilities");
  expectClose(c.futilityProbabilities, r("futilityProbabilities"), 1e-6, "futilityProbabilities");
  expectClose(c.averageSampleNumber1, r("averageSampleNumber1"), 1e-6, "averageSampleNumber1");
  expectClose(c.averageSampleNumber01, r("averageSampleNumber01"), 1e-6, "averageSampleNumber01");
  expectClose(c.averageSampleNumber0, r("averageSampleNumber0"), 1e-6, "averageSampleNumber0");
}

describe("getDesignGroupSequential and getDesignCharacteristics agree with rpact", () => {
  beforeAll(() => {
    try {
      oracle();
    } catch {
      // reported by each test
    }
  }, 120_000);
  afterAll(() => reportObserved("group-sequential designs (no beta spending)"));
  it.each(cases)("$id", ({ id, input }) => compareDesign(id, input));
});
