import { fieldErrors, KakehashiError } from "@kakehashi/core";
import { TEST_BACKENDS } from "@kakehashi/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CompanyProfileInput,
  deletePartnerProfile,
  getMentorProfile,
  getPartnerProfile,
  listPartnerProfiles,
  saveCompanyProfile,
  saveInvestorProfile,
  saveMentorProfile,
} from "./profiles.ts";
import { auditActions, type MatchingFixture, openMatchingFixture } from "./testSupport.ts";
import {
  DEFAULT_WEIGHTS,
  getMatchWeights,
  MatchWeightsInput,
  resetMatchWeights,
  setMatchWeights,
} from "./weights.ts";

const company: CompanyProfileInput = {
  areas: { chapters: ["II"], prefixes: ["e78", "E78"] },
  modalities: ["nucleic_acid", "antibody"],
  stages: ["lead", "non_clinical"],
  dealTypes: ["licence", "option"],
  regions: ["japan", "asia"],
  budgetBand: "500m_2b",
  summaryJa: "がんと脂質異常症",
  summaryEn: "Oncology and dyslipidaemia",
};

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof KakehashiError) return e.code;
    throw e;
  }
  return "ok";
};

describe.each(TEST_BACKENDS)("profiles and weights on %s", (backend) => {
  let f: MatchingFixture;
  beforeAll(async () => {
    f = await openMatchingFixture(backend);
  });
  afterAll(async () => {
    await f?.store.close();
  });

  it("lets a company's own users keep its profile, normalising codes and repeats, and audits it", async () => {
    const saved = await saveCompanyProfile(f.db, f.bd, f.bd.organisation.id, company);
    expect(saved).toMatchObject({ kind: "company", budgetBand: "500m_2b" });
    expect(saved.kind === "company" && saved.areas.prefixes).toEqual(["E78"]);
    expect(await auditActions(f.store, "partner_profile")).toContain("partnering.profile.company.save");
  });

  it("refuses an investor, another company and a researcher editing a company profile", async () => {
    for (const who of [f.vc, f.otherBd, f.researcher])
      expect(await code(saveCompanyProfile(f.db, who, f.bd.organisation.id, company))).toBe("forbidden");
    expect(await code(deletePartnerProfile(f.db, f.vc, f.bd.organisation.id))).toBe("forbidden");
  });

  it("refuses a company profile for an investor organisation, even by an admin", async () => {
    const error = await saveCompanyProfile(f.db, f.admin, f.vc.organisation.id, company).catch((e) => e);
    expect(error).toBeInstanceOf(KakehashiError);
    expect(fieldErrors(error.fieldIssues, "ja")[0]?.message).toBe(
      "この組織は投資家です。企業のプロフィールは作れません。",
    );
  });

  it("rejects a profile without deal types or with an unknown stage, field by field", async () => {
    const error = await saveCompanyProfile(f.db, f.bd, f.bd.organisation.id, {
      ...company,
      dealTypes: [],
      stages: ["preclinical" as never],
    }).catch((e) => e);
    expect(error.code).toBe("validation-error");
    expect(fieldErrors(error.fieldIssues, "en").map((e) => e.field)).toEqual(
      expect.arrayContaining(["dealTypes", "stages.0"]),
    );
  });

  it("shows the budget band to its own organisation and admins only", async () => {
    expect((await getPartnerProfile(f.db, f.bd, f.bd.organisation.id)).kind).toBe("company");
    const own = await getPartnerProfile(f.db, f.bd, f.bd.organisation.id);
    const other = await getPartnerProfile(f.db, f.otherBd, f.bd.organisation.id);
    const admin = await getPartnerProfile(f.db, f.admin, f.bd.organisation.id);
    expect(own.kind === "company" && own.budgetBand).toBe("500m_2b");
    expect(other.kind === "company" && other.budgetBand).toBeNull();
    expect(admin.kind === "company" && admin.budgetBand).toBe("500m_2b");
    expect(other.kind === "company" && other.modalities).toEqual(["nucleic_acid", "antibody"]);
  });

  it("keeps an investor's profile for its investor users, with the ticket band hidden from others", async () => {
    expect(
      await code(
        saveInvestorProfile(f.db, f.bd, f.vc.organisation.id, {
          areas: { chapters: ["IV"], prefixes: [] },
          modalities: [],
          stages: ["hit"],
          ticketBand: "50m_200m",
        }),
      ),
    ).toBe("forbidden");
    await saveInvestorProfile(f.db, f.vc, f.vc.organisation.id, {
      areas: { chapters: ["IV"], prefixes: [] },
      modalities: ["nucleic_acid"],
      stages: ["hit", "lead"],
      ticketBand: "200m_1b",
    });
    const seen = (await listPartnerProfiles(f.db, f.researcher)).find(
      (p) => p.organisation.id === f.vc.organisation.id,
    );
    expect(seen).toMatchObject({ kind: "investor", ticketBand: null, regions: ["japan"] });
  });

  it("lets a mentor keep their own profile only, and requires the mentor role", async () => {
    const input = {
      expertise: ["toxicology", "cmc", "toxicology"] as const,
      modalities: ["nucleic_acid"] as const,
      maxActiveSeeds: 2,
    };
    const saved = await saveMentorProfile(f.db, f.mentor, f.mentor.id, {
      ...input,
      expertise: [...input.expertise],
      modalities: [...input.modalities],
    });
    expect(saved).toMatchObject({ expertise: ["toxicology", "cmc"], activeSeeds: 0, maxActiveSeeds: 2 });
    expect(
      await code(saveMentorProfile(f.db, f.mentor2, f.mentor.id, { expertise: ["ip"], maxActiveSeeds: 1 })),
    ).toBe("forbidden");
    expect(
      await code(saveMentorProfile(f.db, f.admin, f.researcher.id, { expertise: ["ip"], maxActiveSeeds: 1 })),
    ).toBe("validation-error");
    expect((await getMentorProfile(f.db, f.bd, f.mentor.id)).mentor.displayName).toBe("渡辺 隆");
  });

  it("validates weights: 0..100 each and more than zero in total for partners and for mentors", () => {
    expect(MatchWeightsInput.safeParse(DEFAULT_WEIGHTS).success).toBe(true);
    expect(MatchWeightsInput.safeParse({ ...DEFAULT_WEIGHTS, area: -1 }).success).toBe(false);
    expect(MatchWeightsInput.safeParse({ ...DEFAULT_WEIGHTS, stage: 101 }).success).toBe(false);
    const { unmetNeed: _, ...missing } = DEFAULT_WEIGHTS;
    expect(MatchWeightsInput.safeParse(missing).success).toBe(false);
    const zeroPartners = MatchWeightsInput.safeParse({
      ...DEFAULT_WEIGHTS,
      area: 0,
      modality: 0,
      stage: 0,
      readiness: 0,
      pastDeals: 0,
      unmetNeed: 0,
    });
    expect(zeroPartners.success).toBe(false);
    const [error] = fieldErrors(zeroPartners.error?.issues ?? [], "ja");
    expect(error?.message).toContain("企業・投資家の重み");
    expect(error?.fix).toBe("少なくとも一つを 0 より大きくしてください。");
  });

  it("stores weights per programme for admins and funders, falls back to the platform's, then to defaults", async () => {
    expect(await getMatchWeights(f.db, f.bd, "gapfree")).toMatchObject({
      source: "default",
      weights: DEFAULT_WEIGHTS,
    });
    for (const who of [f.bd, f.researcher, f.analyst])
      expect(await code(setMatchWeights(f.db, who, "*", DEFAULT_WEIGHTS))).toBe("forbidden");
    await setMatchWeights(f.db, f.admin, "*", { ...DEFAULT_WEIGHTS, unmetNeed: 2 });
    const gap = await setMatchWeights(f.db, f.funder, "gapfree", { ...DEFAULT_WEIGHTS, area: 5 });
    expect(gap).toMatchObject({ source: "programme", weights: { area: 5 } });
    expect(await getMatchWeights(f.db, f.bd, "act_m")).toMatchObject({
      source: "platform",
      weights: { unmetNeed: 2 },
    });
    expect(
      await code(
        setMatchWeights(f.db, f.admin, "*", {
          ...DEFAULT_WEIGHTS,
          expertise: 0,
          area: 0,
          modality: 0,
          capacity: 0,
        }),
      ),
    ).toBe("validation-error");
    expect(await resetMatchWeights(f.db, f.funder, "gapfree")).toMatchObject({ source: "platform" });
    expect(await auditActions(f.store, "match_weights")).toEqual([
      "partnering.weights.set",
      "partnering.weights.set",
      "partnering.weights.reset",
    ]);
  });
});
