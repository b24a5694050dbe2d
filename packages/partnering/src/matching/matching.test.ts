import { KakehashiError } from "@kakehashi/core";
import { decideAccess, requestAccess } from "@kakehashi/pipeline";
import { listAudit } from "@kakehashi/store";
import { TEST_BACKENDS } from "@kakehashi/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchesForSeed, seedsForOrganisation } from "./matching.ts";
import { saveCompanyProfile, saveInvestorProfile, saveMentorProfile } from "./profiles.ts";
import { type MatchingFixture, openMatchingFixture, SECRET } from "./testSupport.ts";
import { DEFAULT_WEIGHTS, setMatchWeights } from "./weights.ts";

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof KakehashiError) return e.code;
    throw e;
  }
  return "ok";
};

describe.each(TEST_BACKENDS)("matching on %s", (backend) => {
  let f: MatchingFixture;
  beforeAll(async () => {
    f = await openMatchingFixture(backend);
    // Sakura wants lipid-lowering nucleic acids at lead; Hokurei lung-cancer small molecules at hit
    await saveCompanyProfile(f.db, f.bd, f.bd.organisation.id, {
      areas: { chapters: [], prefixes: ["E78"] },
      modalities: ["nucleic_acid"],
      stages: ["lead", "non_clinical"],
      dealTypes: ["licence"],
      regions: ["japan"],
      budgetBand: "500m_2b",
    });
    await saveCompanyProfile(f.db, f.otherBd, f.otherBd.organisation.id, {
      areas: { chapters: ["II"], prefixes: [] },
      modalities: ["small_molecule"],
      stages: ["hit", "lead"],
      dealTypes: ["option"],
      regions: ["japan"],
      budgetBand: "100m_500m",
    });
    await saveInvestorProfile(f.db, f.vc, f.vc.organisation.id, {
      areas: { chapters: ["IV"], prefixes: [] },
      modalities: [],
      stages: ["target_validation", "hit", "lead"],
      ticketBand: "200m_1b",
    });
    await saveMentorProfile(f.db, f.mentor, f.mentor.id, {
      expertise: ["clinical_development", "regulatory"],
      modalities: ["antibody"],
      maxActiveSeeds: 3,
    });
    await saveMentorProfile(f.db, f.mentor2, f.mentor2.id, {
      expertise: ["toxicology", "cmc"],
      modalities: ["nucleic_acid"],
      maxActiveSeeds: 3,
    });
  });
  afterAll(async () => {
    await f?.store.close();
  });

  it("ranks partners and mentors for a seed's owner, every score explained feature by feature", async () => {
    const m = await matchesForSeed(f.db, f.researcher, f.lipidSeed, { today: f.today });
    expect(m.readinessVisible).toBe(true);
    expect(m.companies.map((c) => c.party.nameEn)).toEqual([
      "Sakura Pharmaceutical Co.",
      "Hokurei Pharma Co.",
    ]);
    const top = m.companies[0];
    expect(top?.features.map((x) => x.feature)).toEqual([
      "area",
      "modality",
      "stage",
      "readiness",
      "pastDeals",
      "unmetNeed",
    ]);
    const readiness = top?.features.find((x) => x.feature === "readiness");
    // lead → non-clinical asks for independent in-vivo efficacy (met) and an off-target assessment (missing)
    expect(readiness).toMatchObject({ value: 0.5, weight: DEFAULT_WEIGHTS.readiness });
    expect(readiness?.reason.en).toContain("1 of 2");
    for (const x of top?.features ?? []) {
      expect(x.reason.ja.length).toBeGreaterThan(0);
      expect(x.reason.en.length).toBeGreaterThan(0);
    }
    // area 1, modality 1, stage 1, readiness 0.5, no deals 0; unmet need has no monitor: (3+2+2+0.5) / 9.5
    expect(top?.score).toBeCloseTo(7.5 / 9.5, 3);
    expect(m.investors[0]).toMatchObject({
      kind: "investor",
      party: { nameEn: "Mirai Life Science Capital" },
    });
    // toxicology is needed at lead and again for the missing off-target assessment
    expect(m.mentors.map((x) => x.party.id)).toEqual([f.mentor2.id, f.mentor.id]);
    expect(m.mentors[0]?.available).toBe(true);
  });

  it("counts unmet need from the lag monitor when the server passes it", async () => {
    const m = await matchesForSeed(f.db, f.researcher, f.lipidSeed, {
      today: f.today,
      unmetNeed: (icd10) => (icd10 === "E78.0" ? { n: 8, notApprovedJp: 2, medianLagMonths: 24 } : null),
    });
    const need = m.companies[0]?.features.find((x) => x.feature === "unmetNeed");
    expect(need?.value).toBeCloseTo(0.7 * 0.25 + 0.3 * 0.4, 3);
    expect(need?.reason.en).toBe(
      "2 of 8 medicines approved in the US/EU for this indication are not approved in Japan; median lag 24 months.",
    );
  });

  it("lets only the seed's owners and programme staff ask, and staff do not see readiness", async () => {
    for (const who of [f.otherResearcher, f.bd, f.vc, f.mentor])
      expect(await code(matchesForSeed(f.db, who, f.lipidSeed, { today: f.today }))).toBe("forbidden");
    const staff = await matchesForSeed(f.db, f.funder, f.lipidSeed, { today: f.today });
    expect(staff.readinessVisible).toBe(false);
    const readiness = staff.companies[0]?.features.find((x) => x.feature === "readiness");
    expect(readiness?.value).toBeNull();
    expect(readiness?.reason.en).toMatch(/^Not visible/);
    // the score is the same features without readiness: (3+2+2) / 8.5
    expect(staff.companies[0]?.score).toBeCloseTo(7 / 8.5, 3);
  });

  it("ranks seeds for a company from public summaries: no readiness and no confidential text without a grant", async () => {
    const r = await seedsForOrganisation(f.db, f.bd, f.bd.organisation.id, { today: f.today });
    expect(r.seeds[0]?.seed.id).toBe(f.lipidSeed);
    expect(r.seeds.every((s) => !s.readinessVisible)).toBe(true);
    expect(r.seeds[0]?.features.find((x) => x.feature === "readiness")?.reason.ja).toContain("非公開");
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(Object.keys(r.seeds[0]?.seed ?? {})).not.toContain("confidentialDetails");
  });

  it("refuses ranking for another organisation, except to programme staff", async () => {
    expect(await code(seedsForOrganisation(f.db, f.otherBd, f.bd.organisation.id, { today: f.today }))).toBe(
      "forbidden",
    );
    expect(await code(seedsForOrganisation(f.db, f.vc, f.bd.organisation.id, { today: f.today }))).toBe(
      "forbidden",
    );
    expect(
      await code(seedsForOrganisation(f.db, f.researcher, f.bd.organisation.id, { today: f.today })),
    ).toBe("forbidden");
    const staff = await seedsForOrganisation(f.db, f.admin, f.bd.organisation.id, { today: f.today });
    expect(staff.seeds[0]?.seed.id).toBe(f.lipidSeed);
  });

  it("uses readiness once the company holds an active grant, audits that view, and stops at expiry", async () => {
    const grant = await requestAccess(f.pipeline, f.bd, f.lipidSeed, "for a licensing decision", f.today);
    await decideAccess(
      f.pipeline,
      f.researcher,
      grant.id,
      { decision: "grant", ndaReference: "NDA-T-1", expiresOn: "2027-03-31" },
      f.today,
    );
    const r = await seedsForOrganisation(f.db, f.bd, f.bd.organisation.id, { today: f.today });
    const lipid = r.seeds.find((s) => s.seed.id === f.lipidSeed);
    expect(lipid?.readinessVisible).toBe(true);
    expect(lipid?.features.find((x) => x.feature === "readiness")?.value).toBe(0.5);
    expect(r.seeds.find((s) => s.seed.id === f.lungSeed)?.readinessVisible).toBe(false);
    const views = await listAudit(f.store.db, { entityType: "seed", entityId: f.lipidSeed });
    expect(views.some((v) => v.action === "seed.confidential.view" && v.actor_id === f.bd.id)).toBe(true);
    // another company, and staff acting for Sakura, still see only the public part
    const staff = await seedsForOrganisation(f.db, f.funder, f.bd.organisation.id, { today: f.today });
    expect(staff.seeds.find((s) => s.seed.id === f.lipidSeed)?.readinessVisible).toBe(false);
    const later = await seedsForOrganisation(f.db, f.bd, f.bd.organisation.id, { today: "2027-04-01" });
    expect(later.seeds.find((s) => s.seed.id === f.lipidSeed)?.readinessVisible).toBe(false);
  });

  it("applies the weights of the seed's programme", async () => {
    await setMatchWeights(f.db, f.admin, "gapfree", { ...DEFAULT_WEIGHTS, area: 10, modality: 0 });
    const m = await matchesForSeed(f.db, f.researcher, f.lungSeed, { today: f.today });
    expect(m.weights).toMatchObject({ programme: "gapfree", source: "programme" });
    const hokurei = m.companies.find((c) => c.party.id === f.otherBd.organisation.id);
    expect(hokurei?.features.find((x) => x.feature === "area")).toMatchObject({ weight: 10, value: 0.75 });
    expect(hokurei?.features.find((x) => x.feature === "modality")).toMatchObject({
      weight: 0,
      contribution: 0,
    });
    const other = await matchesForSeed(f.db, f.researcher, f.lipidSeed, { today: f.today });
    expect(other.weights.source).toBe("default");
  });
});
