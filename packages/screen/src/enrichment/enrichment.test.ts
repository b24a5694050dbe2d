import { spawnSync } from "node:child_process";
import { mulberry32 } from "@kakehashi/core/r-oracle";
import { describe, expect, it } from "vitest";
import { bedroc, enrichmentFactor, type RankedCompound, rocAuc } from "./enrichment.ts";

const list = (labels: string) => [...labels].map((c, i) => ({ score: labels.length - i, active: c === "A" }));

describe("enrichment metrics on hand-computed rankings", () => {
  it("ROC-AUC is the share of active–inactive pairs in the right order, ties counting one half", () => {
    expect(rocAuc(list("AAII"))).toBe(1);
    expect(rocAuc(list("IIAA"))).toBe(0);
    // pairs (A1,I2) (A1,I4) right, (A3,I2) wrong, (A3,I4) right: 3 of 4
    expect(rocAuc(list("AIAI"))).toBe(0.75);
    const tied: RankedCompound[] = [
      { score: 1, active: true },
      { score: 1, active: false },
    ];
    expect(rocAuc(tied)).toBe(0.5);
    expect(rocAuc(list("AAAA"))).toBeNaN();
  });

  it("EF at a fraction is the active rate of the top ⌈N·f⌉ over the library's", () => {
    // 100 compounds, 5 actives, top 1 % = 1 compound, active: (1/1) / (5/100) = 20
    const labels = `A${"I".repeat(50)}AAAA${"I".repeat(45)}`;
    expect(enrichmentFactor(list(labels), 0.01)).toBe(20);
    // top 5 %: 1 active of 5 → (1/5)/(5/100) = 4
    expect(enrichmentFactor(list(labels), 0.05)).toBeCloseTo(4, 12);
    expect(enrichmentFactor(list("IIII"), 0.5)).toBe(0);
    expect(() => enrichmentFactor(list("AI"), 0)).toThrow(/fraction must be in \(0, 1\]/);
  });

  it("BEDROC is 1 for the best ranking, near 0 for the worst, and orders rankings by early recognition", () => {
    const n = 200;
    const best = Array.from({ length: n }, (_, i) => ({ score: n - i, active: i < 10 }));
    const worst = Array.from({ length: n }, (_, i) => ({ score: n - i, active: i >= n - 10 }));
    expect(bedroc(best)).toBeCloseTo(1, 12);
    expect(bedroc(worst)).toBeLessThan(1e-6);
    const early = Array.from({ length: n }, (_, i) => ({ score: n - i, active: i % 20 === 0 && i < 100 }));
    const late = Array.from({ length: n }, (_, i) => ({ score: n - i, active: i % 20 === 0 && i >= 100 }));
    expect(bedroc(early)).toBeGreaterThan(bedroc(late));
  });
});

describe("enrichment metrics against RDKit's rdkit.ML.Scoring (Debian python3-rdkit)", () => {
  it("gives RDKit's AUC, EF1 %, EF5 % and BEDROC(α = 20) on random rankings", () => {
    const rng = mulberry32(42);
    const cases = [
      { n: 500, rate: 0.05 },
      { n: 1000, rate: 0.02 },
      { n: 137, rate: 0.2 },
    ].map(({ n, rate }) =>
      Array.from({ length: n }, () => {
        const active = rng() < rate;
        // actives score higher on average, with overlap; distinct scores so the order is unambiguous
        return { score: (active ? 0.8 : 0) + rng(), active };
      }),
    );
    const script = `
import json, sys
from rdkit.ML.Scoring import Scoring
out = []
for c in json.load(sys.stdin):
    s = sorted(c, key=lambda x: -x[0])
    rows = [[x[0], 1 if x[1] else 0] for x in s]
    ef = Scoring.CalcEnrichment(rows, 1, [0.01, 0.05])
    out.append([Scoring.CalcAUC(rows, 1), ef[0], ef[1], Scoring.CalcBEDROC(rows, 1, 20)])
print(json.dumps(out))
`;
    const run = spawnSync("/usr/bin/python3", ["-c", script], {
      input: JSON.stringify(cases.map((c) => c.map((x) => [x.score, x.active]))),
      encoding: "utf8",
    });
    if (run.status !== 0)
      throw new Error(
        `python3-rdkit is needed for this oracle test (apt-get install python3-rdkit): ${run.stderr || run.error}`,
      );
    const expected = JSON.parse(run.stdout) as number[][];
    for (const [i, c] of cases.entries()) {
      const [auc, ef1, ef5, bed] = expected[i] as number[];
      expect(rocAuc(c)).toBeCloseTo(auc as number, 12);
      expect(enrichmentFactor(c, 0.01)).toBeCloseTo(ef1 as number, 12);
      expect(enrichmentFactor(c, 0.05)).toBeCloseTo(ef5 as number, 12);
      expect(bedroc(c, 20)).toBeCloseTo(bed as number, 12);
    }
  });
});
