import { KakehashiError } from "@kakehashi/core";
import { pipelineDb } from "@kakehashi/pipeline";
import { type Account, verifyAuditChain } from "@kakehashi/store";
import { TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommunityError } from "../notifications/messages.ts";
import { listNotifications } from "../notifications/notifications.ts";
import { makeAccount, makeOrganisation, openCommunityStore } from "../notifications/testSupport.ts";
import {
  acceptTerms,
  addJointProject,
  addSpecimens,
  createConsortium,
  getConsortium,
  listConsortia,
  publishTerms,
  setMember,
} from "./consortia.ts";

async function refusal(p: Promise<unknown>): Promise<KakehashiError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof KakehashiError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const csf = {
  specimenType: "csf",
  icd10: "G30.1",
  count: 85,
  clinicalData: { diagnosis: true, imaging: true },
};
const plasma = {
  specimenType: "plasma",
  icd10: "G30.9",
  count: 240,
  clinicalData: { diagnosis: true, lab_values: true },
};

describe.each(TEST_BACKENDS)("GAPFREE-style consortia on %s", (backend) => {
  let store: TestStore;
  let leadResearcher: Account;
  let memberResearcher: Account;
  let memberCompany: Account;
  let outsiderCompany: Account;
  let outsiderResearcher: Account;
  let regulator: Account;
  let funder: Account;
  let admin: Account;
  let regulatorOrg: string;
  let memberSeed: string;
  let outsiderSeed: string;
  let consortiumId: string;

  const seed = async (organisationId: string, title: string) =>
    (
      await pipelineDb(store.db)
        .insertInto("seeds")
        .values({
          id: crypto.randomUUID(),
          organisation_id: organisationId,
          programme: "gapfree",
          title_ja: title,
          title_en: title,
          modality: "antibody",
          icd10: "G30.9",
          indication: "Alzheimer's disease",
          stage: "non_clinical",
          public_summary_ja: "公開",
          public_summary_en: "public",
          confidential_details: `SEED-CONFIDENTIAL ${title}`,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;

  beforeAll(async () => {
    store = await openCommunityStore(backend);
    const uniA = await makeOrganisation(store, "Lead University", "university");
    const uniB = await makeOrganisation(store, "Member University", "university");
    const pharma = await makeOrganisation(store, "Member Pharma", "company");
    const outsider = await makeOrganisation(store, "Outsider Pharma", "company");
    const uniC = await makeOrganisation(store, "Outsider University", "university");
    const pmda = await makeOrganisation(store, "Review Centre", "regulator");
    const agency = await makeOrganisation(store, "Agency", "funder");
    regulatorOrg = pmda.id;
    leadResearcher = await makeAccount(store, uniA.id, ["researcher"]);
    memberResearcher = await makeAccount(store, uniB.id, ["researcher"]);
    memberCompany = await makeAccount(store, pharma.id, ["company"]);
    outsiderCompany = await makeAccount(store, outsider.id, ["company"]);
    outsiderResearcher = await makeAccount(store, uniC.id, ["researcher"]);
    regulator = await makeAccount(store, pmda.id, ["regulator"]);
    funder = await makeAccount(store, agency.id, ["funder"]);
    admin = await makeAccount(store, agency.id, ["admin"]);
    memberSeed = await seed(uniB.id, "Member seed");
    outsiderSeed = await seed(uniC.id, "Outsider seed");
    const input = {
      nameJa: "認知症 GAPFREE コンソーシアム",
      nameEn: "Dementia GAPFREE Consortium",
      icd10Area: "g30",
      publicDescriptionJa: "アルツハイマー病の臨床検体を共有する産学コンソーシアム。",
      publicDescriptionEn:
        "An academia–industry consortium sharing clinical specimens for Alzheimer's disease.",
      members: [
        { organisationId: uniA.id, role: "lead" as const },
        { organisationId: uniB.id, role: "academic" as const },
        { organisationId: pharma.id, role: "industry" as const },
      ],
    };
    expect((await refusal(createConsortium(store.db, memberCompany, input))).status).toBe(403);
    expect((await refusal(createConsortium(store.db, leadResearcher, input))).status).toBe(403);
    const noLead = await refusal(
      createConsortium(store.db, funder, {
        ...input,
        members: input.members.filter((m) => m.role !== "lead"),
      }),
    );
    expect(noLead.status).toBe(400);
    const created = await createConsortium(store.db, funder, input);
    expect(created.icd10Area).toBe("G30");
    consortiumId = created.id;
  });
  afterAll(async () => {
    await store?.close();
  });

  it("shows non-members the public description only, and members everything", async () => {
    const outside = await getConsortium(store.db, outsiderCompany, consortiumId);
    expect(outside.membership).toBeNull();
    expect(outside.detail).toBeNull();
    expect(outside.publicDescriptionEn).toContain("sharing clinical specimens");
    expect((await getConsortium(store.db, regulator, consortiumId)).detail).toBeNull();
    const inside = await getConsortium(store.db, memberCompany, consortiumId);
    expect(inside.membership).toBe("industry");
    expect(inside.detail?.members.map((m) => m.role).sort()).toEqual(["academic", "industry", "lead"]);
    expect((await getConsortium(store.db, admin, consortiumId)).detail).not.toBeNull();
    const cards = await listConsortia(store.db, outsiderCompany);
    expect(cards).toEqual([expect.objectContaining({ id: consortiumId, membership: null })]);
    expect(Object.keys(cards[0] ?? {}).sort()).toEqual([
      "icd10Area",
      "id",
      "membership",
      "nameEn",
      "nameJa",
      "publicDescriptionEn",
      "publicDescriptionJa",
    ]);
  });

  it("lets contributing members add counts, and refuses outsiders, observers and personal data", async () => {
    expect(
      (await refusal(addSpecimens(store.db, outsiderCompany, consortiumId, { specimens: [csf] }))).status,
    ).toBe(403);
    const personal = await refusal(
      addSpecimens(store.db, memberResearcher, consortiumId, {
        specimens: [{ ...csf, patientId: "AD-001" }],
      }),
    );
    expect(personal.status).toBe(400);
    expect(personal.fieldIssues[0]?.path).toEqual(["specimens", 0, "patientId"]);
    const view = await addSpecimens(store.db, memberResearcher, consortiumId, { specimens: [csf, plasma] });
    expect(view.detail?.totals.specimens).toBe(325);
    expect(view.detail?.totals.byType).toEqual({ csf: 85, plasma: 240 });
    expect(view.detail?.totals.byIcd10).toEqual({ "G30.1": 85, "G30.9": 240 });
    expect(view.detail?.totals.withClinicalData.diagnosis).toBe(325);
    expect(view.detail?.totals.withClinicalData.imaging).toBe(85);
    expect(view.detail?.specimens[0]?.organisation.nameEn).toBe("Member University");
  });

  it("versions the data-sharing terms, notifies members and requires acceptance before contributing", async () => {
    expect(
      (
        await refusal(
          publishTerms(store.db, memberResearcher, consortiumId, { textJa: "規約", textEn: "terms" }),
        )
      ).status,
    ).toBe(403);
    const v1 = await publishTerms(store.db, leadResearcher, consortiumId, {
      textJa: "第 1 条 検体は研究目的に限って利用する。",
      textEn: "Art. 1 Specimens are used for research only.",
    });
    expect(v1.detail?.terms?.version).toBe(1);
    expect(v1.detail?.members.every((m) => !m.acceptedCurrentTerms)).toBe(true);
    const inbox = await listNotifications(store.db, memberCompany);
    expect(inbox.notifications[0]).toMatchObject({
      kind: "consortium_terms_published",
      link: `/#/partnering/consortia/${consortiumId}`,
    });
    expect(inbox.notifications[0]?.bodyJa).toContain("第 1 版");
    expect((await listNotifications(store.db, outsiderCompany)).notifications).toEqual([]);

    const blocked = await refusal(
      addSpecimens(store.db, memberResearcher, consortiumId, { specimens: [csf] }),
    );
    expect(blocked).toBeInstanceOf(CommunityError);
    expect((blocked as CommunityError).problem).toBe("terms-not-accepted");
    expect((blocked as CommunityError).text("ja").detail).toContain("第 1 版");
    expect((await refusal(acceptTerms(store.db, outsiderCompany, consortiumId, 1))).status).toBe(403);
    expect(
      (await acceptTerms(store.db, memberResearcher, consortiumId, 1)).detail?.myOrganisationAccepted,
    ).toBe(true);
    await addSpecimens(store.db, memberResearcher, consortiumId, { specimens: [csf] });

    await publishTerms(store.db, admin, consortiumId, { textJa: "第 2 版", textEn: "Version 2" });
    const outdated = await refusal(acceptTerms(store.db, memberResearcher, consortiumId, 1));
    expect((outdated as CommunityError).problem).toBe("terms-outdated");
    const v2 = await getConsortium(store.db, memberCompany, consortiumId);
    expect(v2.detail?.terms?.version).toBe(2);
    expect(v2.detail?.myOrganisationAccepted).toBe(false);
  });

  it("links joint projects to member organisations' seeds only, showing their public face", async () => {
    const bad = await refusal(
      addJointProject(store.db, memberCompany, consortiumId, {
        titleJa: "共同研究",
        titleEn: "Joint study",
        startedOn: "2026-10-01",
        seedIds: [memberSeed, outsiderSeed],
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.fieldIssues.map((i) => i.path)).toEqual([["seedIds", 1]]);
    expect(
      (
        await refusal(
          addJointProject(store.db, outsiderResearcher, consortiumId, {
            titleJa: "x",
            titleEn: "x",
            startedOn: "2026-10-01",
            seedIds: [outsiderSeed],
          }),
        )
      ).status,
    ).toBe(403);
    const view = await addJointProject(store.db, memberCompany, consortiumId, {
      titleJa: "血漿バイオマーカーによる層別化",
      titleEn: "Stratification by plasma biomarkers",
      startedOn: "2026-10-01",
      seedIds: [memberSeed],
    });
    expect(view.detail?.projects[0]?.seeds).toEqual([
      {
        id: memberSeed,
        titleJa: "Member seed",
        titleEn: "Member seed",
        organisation: expect.objectContaining({ nameEn: "Member University" }),
      },
    ]);
    expect(JSON.stringify(view)).not.toContain("SEED-CONFIDENTIAL");
  });

  it("lets the lead organisation or an admin add members; an observer reads but does not contribute", async () => {
    expect(
      (
        await refusal(
          setMember(store.db, memberCompany, consortiumId, {
            organisationId: regulatorOrg,
            role: "observer",
          }),
        )
      ).status,
    ).toBe(403);
    await setMember(store.db, leadResearcher, consortiumId, {
      organisationId: regulatorOrg,
      role: "observer",
    });
    const asRegulator = await getConsortium(store.db, regulator, consortiumId);
    expect(asRegulator.membership).toBe("observer");
    expect(asRegulator.detail?.specimens.length).toBeGreaterThan(0);
    expect(
      (await refusal(addSpecimens(store.db, regulator, consortiumId, { specimens: [csf] }))).status,
    ).toBe(403);
    expect((await verifyAuditChain(store.db)).ok).toBe(true);
  });
});
