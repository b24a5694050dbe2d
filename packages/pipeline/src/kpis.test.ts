import { describe, expect, it } from "vitest";
import { computeKpis, fiscalYear, type KpiInput } from "./kpis.ts";
import { STAGES } from "./vocabulary.ts";

/*
 * Fixed dataset. Stays in stage (days, counted by hand):
 *   s1 target_discovery 2019-04-01 → target_validation 2019-07-01: 30+31+30 = 91
 *      target_validation 2019-07-01 → hit 2020-01-15: 31+31+30+31+30+31 = 184, +14 = 198
 *      hit 2020-01-15 → lead 2020-06-15: 31+29+31+30+31 = 152
 *      lead 2020-06-15 → non_clinical 2021-06-15: one year without a 29 February = 365
 *      non_clinical 2021-06-15 → ind_enabling 2022-01-15: 30+31+31+30+31+30+31 = 214
 *      ind_enabling 2022-01-15 → phase1 2022-09-01: 17+28+31+30+31+30+31+31 = 229 (phase1 is current)
 *   s2 target_validation 2020-01-10 → hit 2020-07-10: 31+29+31+30+31+30 = 182
 *      hit 2020-07-10 → lead 2021-01-10: 31+31+30+31+30+31 = 184
 *      lead 2021-01-10 → non_clinical 2022-03-01: 365 + 31 (to 02-10) + 19 (to 03-01) = 415
 *   s3 hit 2021-02-01 → lead 2021-08-01: 28+31+30+31+30+31 = 181
 *   s4 target_discovery 2020-06-01 → target_validation 2020-12-01: 30+31+31+30+31+30 = 183
 *      target_validation 2020-12-01 → hit 2021-09-01: 31+31+28+31+30+31+30+31+31 = 274
 *   s5 target_discovery 2021-01-01 → target_validation 2021-03-01: 31+28 = 59
 *   s6 lead 2021-05-01 only (registered at lead): no finished stay
 *   s7 filed 2022-04-01 → approved 2023-03-20: 334 (to 2023-03-01) + 19 = 353
 */
const data: KpiInput = {
  seeds: [
    { id: "s1", programme: "act_m", organisationId: "org-a", modality: "small_molecule", stage: "phase1" },
    { id: "s2", programme: "act_m", organisationId: "org-a", modality: "antibody", stage: "non_clinical" },
    { id: "s3", programme: "act_m", organisationId: "org-b", modality: "nucleic_acid", stage: "lead" },
    {
      id: "s4",
      programme: "support_network",
      organisationId: "org-c",
      modality: "small_molecule",
      stage: "hit",
    },
    {
      id: "s5",
      programme: "support_network",
      organisationId: "org-c",
      modality: "cell",
      stage: "target_validation",
    },
    { id: "s6", programme: "gapfree", organisationId: "org-d", modality: "peptide", stage: "lead" },
    { id: "s7", programme: "other", organisationId: "org-e", modality: "small_molecule", stage: "approved" },
  ],
  stageHistory: [
    { seedId: "s1", stage: "target_discovery", enteredOn: "2019-04-01" },
    { seedId: "s1", stage: "target_validation", enteredOn: "2019-07-01" },
    { seedId: "s1", stage: "hit", enteredOn: "2020-01-15" },
    { seedId: "s1", stage: "lead", enteredOn: "2020-06-15" },
    { seedId: "s1", stage: "non_clinical", enteredOn: "2021-06-15" },
    { seedId: "s1", stage: "ind_enabling", enteredOn: "2022-01-15" },
    { seedId: "s1", stage: "phase1", enteredOn: "2022-09-01" },
    // out of order on purpose: history is sorted by date before pairing
    { seedId: "s2", stage: "lead", enteredOn: "2021-01-10" },
    { seedId: "s2", stage: "target_validation", enteredOn: "2020-01-10" },
    { seedId: "s2", stage: "hit", enteredOn: "2020-07-10" },
    { seedId: "s2", stage: "non_clinical", enteredOn: "2022-03-01" },
    { seedId: "s3", stage: "hit", enteredOn: "2021-02-01" },
    { seedId: "s3", stage: "lead", enteredOn: "2021-08-01" },
    { seedId: "s4", stage: "target_discovery", enteredOn: "2020-06-01" },
    { seedId: "s4", stage: "target_validation", enteredOn: "2020-12-01" },
    { seedId: "s4", stage: "hit", enteredOn: "2021-09-01" },
    { seedId: "s5", stage: "target_discovery", enteredOn: "2021-01-01" },
    { seedId: "s5", stage: "target_validation", enteredOn: "2021-03-01" },
    { seedId: "s6", stage: "lead", enteredOn: "2021-05-01" },
    { seedId: "s7", stage: "filed", enteredOn: "2022-04-01" },
    { seedId: "s7", stage: "approved", enteredOn: "2023-03-20" },
  ],
  outcomes: [
    { seedId: "s1", kind: "licence_deal", date: "2020-05-20", amountJpy: 50_000_000 }, // act_m FY2020
    { seedId: "s2", kind: "licence_deal", date: "2021-03-31", amountJpy: null }, // act_m FY2020 (last day)
    { seedId: "s2", kind: "licence_deal", date: "2021-04-01", amountJpy: null }, // act_m FY2021 (first day)
    { seedId: "s4", kind: "licence_deal", date: "2020-11-11", amountJpy: null }, // support_network FY2020
    { seedId: "s4", kind: "patent_filed", date: "2020-06-01", amountJpy: null }, // FY2020
    { seedId: "s1", kind: "patent_filed", date: "2019-05-01", amountJpy: null }, // FY2019
    { seedId: "s1", kind: "patent_granted", date: "2022-02-01", amountJpy: null }, // FY2021
    { seedId: "s3", kind: "patent_filed", date: "2021-09-30", amountJpy: null }, // FY2021
    { seedId: "s2", kind: "funding_round", date: "2021-07-01", amountJpy: 300_000_000 },
    { seedId: "s6", kind: "funding_round", date: "2022-01-01", amountJpy: null },
    { seedId: "s7", kind: "approval", date: "2023-03-20", amountJpy: null },
  ],
  agreements: [
    { seedId: "s1", companyMoneyJpy: 100_000_000, inKindJpy: 20_000_000, signedOn: "2019-06-01" },
    { seedId: "s1", companyMoneyJpy: 60_000_000, inKindJpy: null, signedOn: "2021-02-01" },
    { seedId: "s2", companyMoneyJpy: 200_000_000, inKindJpy: 0, signedOn: "2020-02-01" },
    { seedId: "s3", companyMoneyJpy: 40_000_000, inKindJpy: 10_000_000, signedOn: "2021-10-01" },
    { seedId: "s4", companyMoneyJpy: 30_000_000, inKindJpy: null, signedOn: "2020-08-01" },
  ],
};

const stagesOf = <T extends { stage: string }>(rows: T[], pick: (r: T) => unknown) =>
  Object.fromEntries(rows.map((r) => [r.stage, pick(r)]));

describe("fiscalYear", () => {
  it("runs from April to March", () => {
    expect(fiscalYear("2021-03-31")).toBe(2020);
    expect(fiscalYear("2021-04-01")).toBe(2021);
    expect(fiscalYear("2020-12-31")).toBe(2020);
  });
});

describe("computeKpis on all records", () => {
  const k = computeKpis(data);

  it("counts seeds, deals per programme and fiscal year, patents, funding and approvals", () => {
    expect(k.seeds).toBe(7);
    // act_m FY2020: s1 2020-05-20 + s2 2021-03-31 = 2; act_m FY2021: s2 2021-04-01 = 1; support_network FY2020: 1
    expect(k.dealsByProgrammeYear).toEqual([
      { programme: "act_m", year: 2020, deals: 2 },
      { programme: "act_m", year: 2021, deals: 1 },
      { programme: "support_network", year: 2020, deals: 1 },
    ]);
    // filed: FY2019 s1, FY2020 s4, FY2021 s3 = 3; granted: FY2021 s1 = 1
    expect(k.patents).toEqual({
      filed: 3,
      granted: 1,
      byYear: [
        { year: 2019, filed: 1, granted: 0 },
        { year: 2020, filed: 1, granted: 0 },
        { year: 2021, filed: 1, granted: 1 },
      ],
    });
    // two rounds, one without an amount: 300M
    expect(k.fundingRounds).toEqual({ count: 2, totalJpy: 300_000_000 });
    expect(k.approvals).toBe(1);
  });

  it("sums company money per project and takes mean and median over projects", () => {
    // per project: s1 100M + 60M = 160M, s2 200M, s3 40M, s4 30M → total 430M over 4 projects
    // mean 430M / 4 = 107.5M; median of [30M, 40M, 160M, 200M] = (40M + 160M) / 2 = 100M
    expect(k.companyMoney).toEqual({
      projects: 4,
      totalJpy: 430_000_000,
      meanJpy: 107_500_000,
      medianJpy: 100_000_000,
    });
    // in kind above zero: s1 20M, s3 10M (s2's 0 and the nulls are none)
    expect(k.inKind).toEqual({ projects: 2, totalJpy: 30_000_000 });
  });

  it("builds the funnel from the furthest stage each seed reached", () => {
    // furthest: s1 phase1, s2 non_clinical, s3 lead, s4 hit, s5 target_validation, s6 lead, s7 approved
    expect(stagesOf(k.funnel, (r) => r.reached)).toEqual({
      target_discovery: 7,
      target_validation: 7,
      hit: 6, // all but s5
      lead: 5, // s1 s2 s3 s6 s7
      non_clinical: 3, // s1 s2 s7
      ind_enabling: 2, // s1 s7
      phase1: 2,
      phase2: 1, // s7, registered at filed, passed the phases before
      phase3: 1,
      filed: 1,
      approved: 1,
    });
    const conversion = stagesOf(k.funnel, (r) => r.conversion);
    expect(conversion.target_discovery).toBeNull();
    expect(conversion.target_validation).toBe(1);
    expect(conversion.hit).toBeCloseTo(6 / 7, 10);
    expect(conversion.lead).toBeCloseTo(5 / 6, 10);
    expect(conversion.non_clinical).toBe(0.6);
    expect(conversion.ind_enabling).toBeCloseTo(2 / 3, 10);
    expect(conversion.phase1).toBe(1);
    expect(conversion.phase2).toBe(0.5);
    expect(conversion.approved).toBe(1);
    expect(k.funnel.map((r) => r.stage)).toEqual([...STAGES]);
  });

  it("takes the median of finished stays in each stage", () => {
    expect(stagesOf(k.timeInStage, (r) => [r.medianDays, r.n])).toEqual({
      target_discovery: [91, 3], // [59, 91, 183]
      target_validation: [198, 3], // [182, 198, 274]
      hit: [181, 3], // [152, 181, 184]
      lead: [390, 2], // (365 + 415) / 2; s3 and s6 are still in lead
      non_clinical: [214, 1], // s2 is still in non_clinical
      ind_enabling: [229, 1],
      phase1: [null, 0],
      phase2: [null, 0],
      phase3: [null, 0],
      filed: [353, 1],
      approved: [null, 0],
    });
  });
});

describe("computeKpis filtered by programme", () => {
  const k = computeKpis(data, { programme: "act_m" });

  it("restricts every figure to the programme's seeds (s1, s2, s3)", () => {
    expect(k.seeds).toBe(3);
    expect(k.dealsByProgrammeYear).toEqual([
      { programme: "act_m", year: 2020, deals: 2 },
      { programme: "act_m", year: 2021, deals: 1 },
    ]);
    expect(k.patents).toEqual({
      filed: 2,
      granted: 1,
      byYear: [
        { year: 2019, filed: 1, granted: 0 },
        { year: 2021, filed: 1, granted: 1 },
      ],
    });
    // 160M, 200M, 40M → total 400M, mean 400M / 3, median 160M
    expect(k.companyMoney.projects).toBe(3);
    expect(k.companyMoney.totalJpy).toBe(400_000_000);
    expect(k.companyMoney.meanJpy).toBeCloseTo(400_000_000 / 3, 3);
    expect(k.companyMoney.medianJpy).toBe(160_000_000);
    expect(k.inKind).toEqual({ projects: 2, totalJpy: 30_000_000 });
    expect(k.fundingRounds).toEqual({ count: 1, totalJpy: 300_000_000 });
    expect(k.approvals).toBe(0);
  });

  it("computes the programme's funnel and time in stage", () => {
    // furthest: s1 phase1, s2 non_clinical, s3 lead
    expect(stagesOf(k.funnel, (r) => [r.reached, r.conversion])).toEqual({
      target_discovery: [3, null],
      target_validation: [3, 1],
      hit: [3, 1],
      lead: [3, 1],
      non_clinical: [2, 2 / 3],
      ind_enabling: [1, 0.5],
      phase1: [1, 1],
      phase2: [0, 0],
      phase3: [0, null],
      filed: [0, null],
      approved: [0, null],
    });
    const days = stagesOf(k.timeInStage, (r) => r.medianDays);
    expect(days.target_discovery).toBe(91); // s1 only
    expect(days.target_validation).toBe(190); // (182 + 198) / 2
    expect(days.hit).toBe(181); // [152, 181, 184]
    expect(days.lead).toBe(390);
    expect(days.filed).toBeNull();
  });
});

describe("computeKpis filtered by date range (FY2020: 2020-04-01 to 2021-03-31)", () => {
  const k = computeKpis(data, { from: "2020-04-01", to: "2021-03-31" });

  it("keeps outcomes and agreements dated within the range, both ends included", () => {
    expect(k.seeds).toBe(7);
    // s1 2020-05-20, s2 2021-03-31 (last day, in); s2 2021-04-01 is out; s4 2020-11-11
    expect(k.dealsByProgrammeYear).toEqual([
      { programme: "act_m", year: 2020, deals: 2 },
      { programme: "support_network", year: 2020, deals: 1 },
    ]);
    expect(k.patents).toEqual({ filed: 1, granted: 0, byYear: [{ year: 2020, filed: 1, granted: 0 }] });
    // agreements in range: s1 2021-02-01 60M, s4 2020-08-01 30M → mean = median = 45M
    expect(k.companyMoney).toEqual({
      projects: 2,
      totalJpy: 90_000_000,
      meanJpy: 45_000_000,
      medianJpy: 45_000_000,
    });
    expect(k.inKind).toEqual({ projects: 0, totalJpy: 0 });
    expect(k.fundingRounds).toEqual({ count: 0, totalJpy: 0 });
    expect(k.approvals).toBe(0);
  });

  it("counts progress made in the period for the funnel", () => {
    // entries in range: s1 lead; s2 hit, lead; s3 hit; s4 target_discovery, target_validation;
    // s5 target_discovery, target_validation; s6 and s7 none
    expect(stagesOf(k.funnel, (r) => [r.reached, r.conversion])).toEqual({
      target_discovery: [5, null],
      target_validation: [5, 1],
      hit: [3, 0.6],
      lead: [2, 2 / 3],
      non_clinical: [0, 0],
      ind_enabling: [0, null],
      phase1: [0, null],
      phase2: [0, null],
      phase3: [0, null],
      filed: [0, null],
      approved: [0, null],
    });
  });

  it("measures stays that ended within the period", () => {
    // ended in range: s1 hit→lead 152; s2 target_validation→hit 182, hit→lead 184;
    // s4 target_discovery→target_validation 183; s5 target_discovery→target_validation 59
    expect(stagesOf(k.timeInStage, (r) => [r.medianDays, r.n])).toMatchObject({
      target_discovery: [121, 2], // (59 + 183) / 2
      target_validation: [182, 1],
      hit: [168, 2], // (152 + 184) / 2
      lead: [null, 0],
      non_clinical: [null, 0],
    });
  });

  it("combines programme and date filters", () => {
    const sn = computeKpis(data, { programme: "support_network", from: "2020-04-01", to: "2021-03-31" });
    expect(sn.seeds).toBe(2);
    expect(sn.dealsByProgrammeYear).toEqual([{ programme: "support_network", year: 2020, deals: 1 }]);
    expect(sn.companyMoney).toEqual({
      projects: 1,
      totalJpy: 30_000_000,
      meanJpy: 30_000_000,
      medianJpy: 30_000_000,
    });
  });
});

describe("computeKpis edge cases", () => {
  it("expresses the report's ACT-M figure: 23 projects averaging JPY 194M of company money", () => {
    const ids = Array.from({ length: 23 }, (_, i) => `act-${i + 1}`);
    // two agreements per project; amounts vary but sum to 23 × 194M = 4,462M
    const agreements = ids.flatMap((seedId, i) => {
      const offset = (i - 11) * 10_000_000; // −110M … +110M, summing to 0
      return [
        { seedId, companyMoneyJpy: 150_000_000 + offset, inKindJpy: null, signedOn: "2016-04-01" },
        { seedId, companyMoneyJpy: 44_000_000, inKindJpy: null, signedOn: "2018-10-01" },
      ];
    });
    const input: KpiInput = {
      seeds: [
        ...ids.map((id) => ({
          id,
          programme: "act_m" as const,
          organisationId: "org",
          modality: "small_molecule" as const,
          stage: "lead" as const,
        })),
        {
          id: "sn-1",
          programme: "support_network",
          organisationId: "org",
          modality: "antibody",
          stage: "hit",
        },
      ],
      stageHistory: [],
      outcomes: [],
      agreements: [
        ...agreements,
        { seedId: "sn-1", companyMoneyJpy: 5_000_000_000, inKindJpy: null, signedOn: "2017-01-01" },
      ],
    };
    const k = computeKpis(input, { programme: "act_m", from: "2015-04-01", to: "2020-03-31" });
    expect(k.companyMoney.projects).toBe(23);
    expect(k.companyMoney.totalJpy).toBe(4_462_000_000);
    expect(k.companyMoney.meanJpy).toBe(194_000_000);
    expect(k.companyMoney.medianJpy).toBe(194_000_000); // the 12th project has offset 0
  });

  it("returns empty figures, not zeros pretending to be rates, when there is nothing", () => {
    const k = computeKpis({ seeds: [], stageHistory: [], outcomes: [], agreements: [] });
    expect(k.seeds).toBe(0);
    expect(k.companyMoney).toEqual({ projects: 0, totalJpy: 0, meanJpy: null, medianJpy: null });
    expect(k.funnel.every((r) => r.reached === 0 && r.conversion === null)).toBe(true);
    expect(k.timeInStage.every((r) => r.medianDays === null && r.n === 0)).toBe(true);
  });

  it("treats repeated entries of a stage as one stay and ignores records of unknown seeds", () => {
    const k = computeKpis({
      seeds: [{ id: "x", programme: "cin", organisationId: "org", modality: "peptide", stage: "lead" }],
      stageHistory: [
        { seedId: "x", stage: "hit", enteredOn: "2024-01-01" },
        { seedId: "x", stage: "hit", enteredOn: "2024-02-01" },
        { seedId: "x", stage: "lead", enteredOn: "2024-03-01" },
        { seedId: "ghost", stage: "hit", enteredOn: "2024-01-01" },
        { seedId: "ghost", stage: "lead", enteredOn: "2024-01-02" },
      ],
      outcomes: [{ seedId: "ghost", kind: "licence_deal", date: "2024-05-01", amountJpy: null }],
      agreements: [{ seedId: "ghost", companyMoneyJpy: 1, inKindJpy: null, signedOn: "2024-05-01" }],
    });
    // hit from 2024-01-01 to 2024-03-01: 31 + 29 = 60 days
    expect(k.timeInStage.find((r) => r.stage === "hit")).toEqual({ stage: "hit", medianDays: 60, n: 1 });
    expect(k.dealsByProgrammeYear).toEqual([]);
    expect(k.companyMoney.projects).toBe(0);
    expect(k.funnel.find((r) => r.stage === "hit")?.reached).toBe(1);
  });
});
