/**
 * Oracle: rpact 3.3.4 getSampleSizeMeans (normal approximation and t-test), getSampleSizeRates
 * (difference with thetaH0 = 0 and ≠ 0, risk ratio, one group) and getSampleSizeSurvival (Schoenfeld,
 * Freedman, Hsieh–Freedman; hazard ratio, medians, event probabilities; accrual, follow-up, drop-out) on
 * one-sided, two-sided, futility and beta-spending designs.
 *
 * Tolerances rpact works to, all within the 1e-6 asked here: design quantities as in design.test.ts;
 * the t-test size is a uniroot with tol = 1e-4 on n2 (relative ≤ 1e-6 when n2 ≥ 100, which all t cases
 * here satisfy; the exact root of the same equation, solved in base R to 1e-12, is checked to 1e-9);
 * survival analysis times are unirooted with tol = 1e-6 (relative < 1e-7 at times ≥ 10).
 */
import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDesignGroupSequential } from "./design.ts";
import { designTable, fromRpactFutility, R_MAKE_DESIGN, runOnce } from "./rpactOracle.ts";
import type { SampleSizeResult } from "./sampleSize.ts";
import { fixedSampleSizeMeans, getSampleSizeMeans, type MeansInput } from "./sampleSizeMeans.ts";
import { getSampleSizeRates, type RatesInput } from "./sampleSizeRates.ts";
import { getSampleSizeSurvival, type SurvivalInput } from "./sampleSizeSurvival.ts";
import type { DesignInput } from "./types.ts";

const DESIGNS: Record<string, DesignInput> = {
  asOF3: { typeOfDesign: "asOF", kMax: 3 },
  OF4unequal: { typeOfDesign: "OF", informationRates: [0.2, 0.45, 0.75, 1] },
  asHSD3bsOF: { typeOfDesign: "asHSD", gammaA: -4, kMax: 3, typeBetaSpending: "bsOF" },
  asOF2bsOFbinding: { typeOfDesign: "asOF", kMax: 2, typeBetaSpending: "bsOF", bindingFutility: true },
  P2twoSided: { typeOfDesign: "P", kMax: 2, alpha: 0.05, sided: 2 },
  asP5futility: { typeOfDesign: "asP", kMax: 5, futilityBounds: [-1, 0, 0.5, 1], bindingFutility: true },
  asOF4beta10: { typeOfDesign: "asOF", kMax: 4, beta: 0.1, alpha: 0.05 },
};
const designIds = Object.keys(DESIGNS);

type Case =
  | { id: string; design: string; endpoint: "means"; input: MeansInput }
  | { id: string; design: string; endpoint: "rates"; input: RatesInput }
  | { id: string; design: string; endpoint: "survival"; input: SurvivalInput };

const CASES: Case[] = [
  {
    id: "means z r=2",
    design: "asOF3",
    endpoint: "means",
    input: { alternative: 0.5, stDev: 1.2, allocationRatioPlanned: 2, normalApproximation: true },
  },
  {
    id: "means z one group",
    design: "OF4unequal",
    endpoint: "means",
    input: { groups: 1, alternative: 0.6, thetaH0: 0.1, stDev: 1.5, normalApproximation: true },
  },
  {
    id: "means z bsOF",
    design: "asHSD3bsOF",
    endpoint: "means",
    input: { alternative: 3, stDev: 10, normalApproximation: true },
  },
  {
    id: "means z two-sided",
    design: "P2twoSided",
    endpoint: "means",
    input: { alternative: 0.4, normalApproximation: true },
  },
  {
    id: "means z futility",
    design: "asP5futility",
    endpoint: "means",
    input: { alternative: 0.3, stDev: 0.9, allocationRatioPlanned: 0.5, normalApproximation: true },
  },
  { id: "means t r=1", design: "asOF3", endpoint: "means", input: { alternative: 0.35, stDev: 1 } },
  {
    id: "means t r=2 binding",
    design: "asOF2bsOFbinding",
    endpoint: "means",
    input: { alternative: 0.4, stDev: 1.1, allocationRatioPlanned: 2 },
  },
  {
    id: "means t one group",
    design: "asOF4beta10",
    endpoint: "means",
    input: { groups: 1, alternative: 0.25, stDev: 1 },
  },
  {
    id: "rates pooled r=1.5",
    design: "asOF3",
    endpoint: "rates",
    input: { pi1: 0.4, pi2: 0.25, allocationRatioPlanned: 1.5 },
  },
  {
    id: "rates thetaH0=0.05",
    design: "asHSD3bsOF",
    endpoint: "rates",
    input: { pi1: 0.45, pi2: 0.25, thetaH0: 0.05 },
  },
  {
    id: "rates non-inferiority r=2",
    design: "OF4unequal",
    endpoint: "rates",
    input: { pi1: 0.3, pi2: 0.3, thetaH0: -0.1, allocationRatioPlanned: 2 },
  },
  {
    id: "rates risk ratio",
    design: "asP5futility",
    endpoint: "rates",
    input: { pi1: 0.3, pi2: 0.2, riskRatio: true },
  },
  {
    id: "rates risk ratio thetaH0=0.8",
    design: "asOF3",
    endpoint: "rates",
    input: { pi1: 0.25, pi2: 0.25, riskRatio: true, thetaH0: 0.8, allocationRatioPlanned: 3 },
  },
  {
    id: "rates one group",
    design: "asOF4beta10",
    endpoint: "rates",
    input: { groups: 1, pi1: 0.4, thetaH0: 0.25 },
  },
  {
    id: "survival median",
    design: "asHSD3bsOF",
    endpoint: "survival",
    input: { hazardRatio: 0.7, median2: 10, accrualTime: 24, followUpTime: 12 },
  },
  {
    id: "survival dropout r=2",
    design: "asOF3",
    endpoint: "survival",
    input: {
      hazardRatio: 0.75,
      lambda2: 0.05,
      allocationRatioPlanned: 2,
      accrualTime: 18,
      followUpTime: 10,
      dropoutRate1: 0.05,
      dropoutRate2: 0.08,
      dropoutTime: 12,
    },
  },
  {
    id: "survival pi eventTime",
    design: "OF4unequal",
    endpoint: "survival",
    input: { pi1: 0.3, pi2: 0.4, eventTime: 24, accrualTime: 18, followUpTime: 6 },
  },
  {
    id: "survival Freedman",
    design: "asP5futility",
    endpoint: "survival",
    input: {
      hazardRatio: 0.7,
      typeOfComputation: "Freedman",
      lambda2: 0.05,
      accrualTime: 18,
      followUpTime: 6,
    },
  },
  {
    id: "survival HsiehFreedman two-sided",
    design: "P2twoSided",
    endpoint: "survival",
    input: {
      hazardRatio: 0.65,
      typeOfComputation: "HsiehFreedman",
      median2: 8,
      accrualTime: 12,
      followUpTime: 12,
    },
  },
  {
    id: "survival thetaH0=1.2 medians",
    design: "asOF2bsOFbinding",
    endpoint: "survival",
    input: { median1: 16, median2: 12, thetaH0: 1.2, accrualTime: 20, followUpTime: 8 },
  },
];

/** An rpact argument list from our input: same names, R literals; accrual as rpact's c(0, a). */
function rArgs(input: object): string {
  return Object.entries(input)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      if (k === "accrualTime") return `accrualTime = c(0, ${v})`;
      if (typeof v === "boolean") return `${k} = ${v ? "TRUE" : "FALSE"}`;
      if (typeof v === "string") return `${k} = "${v}"`;
      return `${k} = ${v}`;
    })
    .join(", ");
}

const FN = { means: "getSampleSizeMeans", rates: "getSampleSizeRates", survival: "getSampleSizeSurvival" };
const SUBJECT_FIELDS = [
  "nFixed",
  "maxNumberOfSubjects",
  "numberOfSubjects",
  "expectedNumberOfSubjectsH0",
  "expectedNumberOfSubjectsH01",
  "expectedNumberOfSubjectsH1",
  "rejectPerStage",
  "futilityPerStage",
  "earlyStop",
  "maxNumberOfSubjects1",
  "maxNumberOfSubjects2",
];
const EVENT_FIELDS = [
  "eventsFixed",
  "maxNumberOfEvents",
  "eventsPerStage",
  "expectedEventsH0",
  "expectedEventsH01",
  "expectedEventsH1",
  "omega",
  "maxNumberOfSubjects",
  "numberOfSubjects",
  "analysisTime",
  "expectedNumberOfSubjectsH1",
  "studyDuration",
  "rejectPerStage",
  "futilityPerStage",
  "earlyStop",
];

function script(): string {
  const lines = [
    R_MAKE_DESIGN,
    "designs <- input('designs')",
    "D <- list()",
    "for (i in seq_len(nrow(designs))) D[[designs$id[i]]] <- makeDesign(designs[i, ])",
    "out <- function(id, s, fields) for (f in fields) if (!is.null(s[[f]]) && length(s[[f]]) > 0) emit(paste0(id, '.', f), s[[f]])",
  ];
  for (const c of CASES) {
    const fields = c.endpoint === "survival" ? EVENT_FIELDS : SUBJECT_FIELDS;
    lines.push(
      `s <- suppressWarnings(${FN[c.endpoint]}(D[["${c.design}"]], ${rArgs(c.input)}))`,
      `out("${c.id}", s, c(${fields.map((f) => `"${f}"`).join(", ")}))`,
    );
  }
  // the t-test size solved to 1e-12 with base R's pt/qt: the same equation as rpact, without its 1e-4 tolerance
  lines.push(`
exactT <- function(alpha, beta, effect, groups, r) {
  per <- if (groups == 1) 1 else 1 + r
  shrink <- if (groups == 1) 1 else sqrt(r / (1 + r))
  f <- function(n) { df <- max(0.001, n * per - groups); pt(qt(1 - alpha, df), df, sqrt(n) * shrink * effect) - beta }
  uniroot(f, c(0.001, 1e5), tol = 1e-12)$root * per
}`);
  for (const c of CASES) {
    if (c.endpoint !== "means" || c.input.normalApproximation) continue;
    const d = DESIGNS[c.design] as DesignInput;
    const effect = Math.abs(c.input.alternative - (c.input.thetaH0 ?? 0)) / (c.input.stDev ?? 1);
    const alpha = (d.alpha ?? 0.025) / (d.sided ?? 1);
    lines.push(
      `emit("${c.id}.exactT", exactT(${alpha}, ${d.beta ?? 0.2}, ${effect}, ${c.input.groups ?? 2}, ${c.input.allocationRatioPlanned ?? 1}))`,
    );
  }
  return lines.join("\n");
}

const oracle = runOnce(
  lazyR(
    script(),
    () => ({
      designs: { ...designTable(designIds.map((id) => ({ id, input: DESIGNS[id] as DesignInput }))) },
    }),
    { packages: ["rpact"] },
  ),
);
const designs = new Map(designIds.map((id) => [id, getDesignGroupSequential(DESIGNS[id] as DesignInput)]));

function compare(id: string, ours: Record<string, unknown>, fields: string[], label: string): void {
  const out = oracle();
  for (const f of fields) {
    const expected = out.get(`${id}.${f}`);
    if (expected === undefined) continue;
    const value = ours[f];
    expect(value, `${id}: ${f} missing`).toBeDefined();
    const actual = typeof value === "number" ? [value] : (value as number[]);
    const want = f === "futilityPerStage" ? fromRpactFutility(expected) : expected;
    expectClose(actual, want, 1e-6, `${label} ${f}`);
  }
}

describe("sample sizes agree with rpact", () => {
  beforeAll(() => {
    try {
      oracle();
    } catch {
      // reported by each test
    }
  }, 120_000);
  afterAll(() => reportObserved("sample sizes"));
  it.each(CASES)("$endpoint: $id", (c) => {
    const design = designs.get(c.design);
    if (design === undefined) throw new Error(`unknown design ${c.design}`);
    if (c.endpoint === "survival") {
      const s = getSampleSizeSurvival(c.input, design);
      compare(c.id, s as unknown as Record<string, unknown>, EVENT_FIELDS, "survival");
      return;
    }
    const s: SampleSizeResult =
      c.endpoint === "means" ? getSampleSizeMeans(c.input, design) : getSampleSizeRates(c.input, design);
    compare(c.id, s as unknown as Record<string, unknown>, SUBJECT_FIELDS, c.endpoint);
    if (c.endpoint === "means" && !c.input.normalApproximation) {
      expectClose(
        fixedSampleSizeMeans(design, c.input),
        get(oracle(), `${c.id}.exactT`),
        1e-9,
        "t-test nFixed vs exact root",
      );
    }
  });

  it("checks every rpact field it was given (no silent skips)", () => {
    const out = oracle();
    for (const c of CASES) {
      const fields = c.endpoint === "survival" ? EVENT_FIELDS : SUBJECT_FIELDS;
      const required = fields.filter(
        (f) => !["futilityPerStage", "maxNumberOfSubjects1", "maxNumberOfSubjects2", "omega"].includes(f),
      );
      for (const f of required) expect(out.has(`${c.id}.${f}`), `${c.id}.${f}`).toBe(true);
    }
  });
});
