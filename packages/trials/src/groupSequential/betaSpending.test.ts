/**
 * Oracle: rpact 3.3.4 getDesignGroupSequential with beta-spending futility bounds (typeBetaSpending
 * bsOF, bsP, bsHSD; non-binding and binding), and getDesignCharacteristics of those designs.
 * rpact solves the futility bounds and the drift by bisection to 1e-8 and integrates on its own
 * 91-point grid; see design.test.ts for what that implies.
 */

import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, beforeAll, describe, it } from "vitest";
import { getDesignCharacteristics } from "./characteristics.ts";
import { getDesignGroupSequential } from "./design.ts";
import { designCases, designScript, designTable, fromRpactFutility, runOnce } from "./rpactOracle.ts";

const cases = designCases("betaSpending");
const oracle = runOnce(lazyR(designScript, () => ({ cases: designTable(cases) }), { packages: ["rpact"] }));

describe("beta-spending futility bounds agree with rpact", () => {
  beforeAll(() => {
    try {
      oracle();
    } catch {
      // reported by each test
    }
  }, 120_000);
  afterAll(() => reportObserved("beta-spending designs"));
  it.each(cases)("$id", ({ id, input }) => {
    const out = oracle();
    const r = (name: string) => get(out, `${id}.${name}`);
    const d = getDesignGroupSequential(input);
    const c = getDesignCharacteristics(d);
    expectClose(d.criticalValues, r("criticalValues"), 1e-6, "criticalValues (beta spending)");
    expectClose(
      d.futilityBounds,
      fromRpactFutility(r("futilityBounds")),
      1e-6,
      "futilityBounds (beta spending)",
    );
    expectClose(d.alphaSpent, r("alphaSpent"), 1e-6, "alphaSpent (beta spending)");
    expectClose(d.betaSpent ?? [], r("betaSpent"), 1e-6, "betaSpent");
    expectClose(d.power ?? [], r("designPower"), 1e-6, "design power");
    expectClose(c.shift, r("shift"), 1e-6, "shift (beta spending)");
    expectClose(
      c.rejectionProbabilities,
      r("rejectionProbabilities"),
      1e-6,
      "rejectionProbabilities (beta spending)",
    );
    expectClose(
      c.futilityProbabilities,
      r("futilityProbabilities"),
      1e-6,
      "futilityProbabilities (beta spending)",
    );
    expectClose(
      c.averageSampleNumber1,
      r("averageSampleNumber1"),
      1e-6,
      "averageSampleNumber1 (beta spending)",
    );
    expectClose(
      c.averageSampleNumber01,
      r("averageSampleNumber01"),
      1e-6,
      "averageSampleNumber01 (beta spending)",
    );
    expectClose(
      c.averageSampleNumber0,
      r("averageSampleNumber0"),
      1e-6,
      "averageSampleNumber0 (beta spending)",
    );
  });
});
