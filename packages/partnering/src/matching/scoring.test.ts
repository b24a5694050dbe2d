import { describe, expect, it } from "vitest";
import { positionOf, rankingQuality } from "./quality.ts";
import {
  areaFit,
  capacityFit,
  combine,
  expertiseFit,
  modalityFit,
  neededExpertise,
  type PastDeal,
  pastDealsFit,
  readinessFit,
  stageFit,
  unmetNeedFit,
} from "./scoring.ts";
import { chapterOf } from "./vocabulary.ts";
import { DEFAULT_WEIGHTS } from "./weights.ts";

const areas = (chapters: string[], prefixes: string[]) =>
  ({ chapters, prefixes }) as Parameters<typeof areaFit>[1];

describe("ICD-10 chapters", () => {
  it("places codes in the WHO chapter ranges, including the split letters D and H", () => {
    expect(chapterOf("C34.1")).toBe("II");
    expect(chapterOf("D48")).toBe("II");
    expect(chapterOf("D50.0")).toBe("III");
    expect(chapterOf("H59")).toBe("VII");
    expect(chapterOf("H60")).toBe("VIII");
    expect(chapterOf("G20")).toBe("VI");
    expect(chapterOf("U07.1")).toBe("XXII");
    expect(chapterOf("T98")).toBe("XIX");
    expect(chapterOf("D49")).toBeNull(); // between the ranges
    expect(chapterOf("nonsense")).toBeNull();
  });
});

describe("area fit", () => {
  it("scores a code prefix 1, a chapter 0.75, the chapter of another code 0.35, elsewhere 0", () => {
    expect(areaFit("C34.1", areas([], ["C34"])).value).toBe(1);
    expect(areaFit("C34.1", areas(["II"], [])).value).toBe(0.75);
    expect(areaFit("C34.1", areas([], ["C"])).value).toBe(0.75);
    const sibling = areaFit("C34.1", areas([], ["C25", "E11"]));
    expect(sibling.value).toBe(0.35);
    expect(sibling.reason.en).toContain("C25");
    const outside = areaFit("G20", areas(["II"], ["E11"]));
    expect(outside.value).toBe(0);
    expect(outside.reason.en).toContain("outside");
    expect(outside.reason.ja).toContain("第VI章");
  });
  it("takes the most specific prefix and counts an empty profile as neutral", () => {
    expect(areaFit("E11.65", areas(["IV"], ["E11.6"])).reason.en).toContain("E11.6");
    expect(areaFit("E11.9", areas([], [])).value).toBe(0.5);
  });
});

describe("modality and stage fit", () => {
  it("gives a related modality half, an unrelated one nothing", () => {
    expect(modalityFit("adc", ["adc"]).value).toBe(1);
    expect(modalityFit("adc", ["antibody"]).value).toBe(0.5);
    expect(modalityFit("vaccine", ["antibody", "small_molecule"]).value).toBe(0);
    expect(modalityFit("vaccine", []).value).toBe(0.5);
  });
  it("loses 0.35 a stage from the nearest wanted stage and says in which direction", () => {
    expect(stageFit("lead", ["lead", "non_clinical"]).value).toBe(1);
    const early = stageFit("hit", ["non_clinical", "phase1"]);
    expect(early.value).toBeCloseTo(0.3);
    expect(early.reason.en).toBe("hit is 2 stages before the nearest declared stage (non-clinical).");
    const late = stageFit("phase2", ["lead", "non_clinical"]);
    expect(late.value).toBe(0); // 4 stages beyond
    expect(late.reason.ja).toContain("段階先");
  });
});

describe("readiness, past deals, unmet need, expertise, capacity", () => {
  it("leaves readiness out when it is not visible, and shares met requirements otherwise", () => {
    const hidden = readinessFit({ visible: false });
    expect(hidden.value).toBeNull();
    expect(hidden.reason.en).toMatch(/^Not visible/);
    const half = readinessFit({
      visible: true,
      nextGate: "non_clinical",
      satisfied: 1,
      total: 2,
      missing: [
        {
          requirement: "off_target_assessment",
          labelJa: "オフターゲット評価",
          labelEn: "Off-target assessment",
        },
      ],
    });
    expect(half.value).toBe(0.5);
    expect(half.reason.en).toContain("missing: Off-target assessment");
  });
  it("counts only the partner's deals in the seed's chapter: 1 − 0.5^n", () => {
    const deals: PastDeal[] = [
      { seedId: "a", partnerId: "p", chapter: "II", occurredOn: "2020-01-01" },
      { seedId: "b", partnerId: "p", chapter: "II", occurredOn: "2021-01-01" },
      { seedId: "c", partnerId: "p", chapter: "IV", occurredOn: "2022-01-01" },
    ];
    expect(pastDealsFit("company", "II", deals).value).toBe(0.75);
    expect(pastDealsFit("company", "IV", deals).value).toBe(0.5);
    expect(pastDealsFit("company", "VI", deals).value).toBe(0);
    expect(pastDealsFit("investor", "II", deals).reason.en).toBe(
      "2 funding rounds in chapter II (neoplasms) on record.",
    );
  });
  it("reads unmet need from the lag monitor: 0.7 × loss share + 0.3 × lag / 60 months", () => {
    expect(unmetNeedFit("C34.1", undefined).value).toBeNull();
    expect(unmetNeedFit("C34.1", () => null).value).toBeNull();
    expect(unmetNeedFit("C34.1", () => ({ n: 0, notApprovedJp: 0, medianLagMonths: null })).value).toBe(0.8);
    const need = unmetNeedFit("C34.1", () => ({ n: 10, notApprovedJp: 4, medianLagMonths: 30 }));
    expect(need.value).toBeCloseTo(0.7 * 0.4 + 0.3 * 0.5);
    expect(need.reason.ja).toContain("10 品目のうち 4 品目");
    expect(unmetNeedFit("C34.1", () => ({ n: 5, notApprovedJp: 5, medianLagMonths: 120 })).value).toBe(1);
  });
  it("derives the needed expertise from the stage and, when visible, from the missing requirements", () => {
    expect(neededExpertise("lead", { visible: false })).toEqual(["ip", "cmc", "toxicology"]);
    // a hit seed needs IP, CMC and business; a missing PK/ADME profile for the lead gate adds toxicology
    expect(neededExpertise("hit", { visible: false })).not.toContain("toxicology");
    const needs = neededExpertise("hit", {
      visible: true,
      nextGate: "lead",
      satisfied: 1,
      total: 2,
      missing: [{ requirement: "pk_adme_profile", labelJa: "", labelEn: "" }],
    });
    expect(needs).toEqual(["ip", "cmc", "business", "toxicology"]);
    expect(expertiseFit(["toxicology", "cmc", "regulatory"], ["toxicology", "cmc"]).value).toBeCloseTo(2 / 3);
    expect(expertiseFit(["ip"], ["cmc"]).reason.en).toBe("Has none of the expertise needed now (IP).");
  });
  it("gives a full mentor capacity 0 and a mentor already on the seed 1", () => {
    expect(capacityFit(4, 1, false).value).toBe(0.75);
    expect(capacityFit(2, 2, false).value).toBe(0);
    expect(capacityFit(2, 2, true).value).toBe(1);
  });
});

describe("combining features", () => {
  it("is the weighted mean of the judged features; a feature with no value is left out", () => {
    const s = combine(
      {
        area: { value: 1, reason: { ja: "", en: "" } },
        modality: { value: 0, reason: { ja: "", en: "" } },
        readiness: { value: null, reason: { ja: "", en: "" } },
      },
      DEFAULT_WEIGHTS,
    );
    // (3 × 1 + 2 × 0) / (3 + 2): readiness (weight 1) does not count
    expect(s.score).toBe(0.6);
    expect(s.features.find((f) => f.feature === "readiness")).toMatchObject({ value: null, contribution: 0 });
    expect(s.features.reduce((t, f) => t + f.contribution, 0)).toBeCloseTo(s.score, 2);
    expect(s.features.every((f) => f.label.ja.length > 0 && f.label.en.length > 0)).toBe(true);
  });
});

describe("ranking quality", () => {
  it("places a partner among tied scores as the range of positions it may take", () => {
    const scores = new Map([
      ["a", 0.9],
      ["b", 0.5],
      ["c", 0.5],
      ["d", 0.1],
    ]);
    expect(positionOf(scores, "a")).toEqual({ from: 1, to: 1 });
    expect(positionOf(scores, "b")).toEqual({ from: 2, to: 3 });
    expect(positionOf(scores, "zz")).toBeNull();
  });
  it("computes recall@k and MRR by hand, with ties counted by expectation", () => {
    // ranks 1, {2,3} tied, 12, not ranked; k = 10, 20 candidates
    const q = rankingQuality([{ from: 1, to: 1 }, { from: 2, to: 3 }, { from: 12, to: 12 }, null], 20, 10);
    expect(q.recallAtK).toBeCloseTo((1 + 1 + 0 + 0) / 4);
    expect(q.mrr).toBeCloseTo((1 + (1 / 2 + 1 / 3) / 2 + 1 / 12 + 0) / 4);
    expect(q.randomRecallAtK).toBe(0.5);
    // E[1/rank] for a uniform rank among 20 = H(20) / 20
    expect(q.randomMrr).toBeCloseTo(3.597739657 / 20);
    // a tie straddling k counts in part
    expect(rankingQuality([{ from: 9, to: 12 }], 20, 10).recallAtK).toBe(0.5);
  });
});
