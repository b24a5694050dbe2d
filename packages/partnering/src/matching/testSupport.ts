/** A small, hand-made partnering world for the integration tests (not the demo: every value is chosen). */
import {
  addEvidence,
  createSeed,
  type PipelineDb,
  pipelineDb,
  platformMigrations,
  SeedInput,
} from "@kakehashi/pipeline";
import {
  type Account,
  type AuditActor,
  createAccount,
  createOrganisation,
  findAccountByEmail,
  listAudit,
  type StoreKind,
  seedDemo,
} from "@kakehashi/store";
import { openTestStore, type TestStore } from "@kakehashi/store/testing";
// outreach notifies, so the community tables (notifications) are needed too
import { partneringMigrations } from "../index.ts";
import { type MatchingDb, matchingDb } from "./schema.ts";

const SYSTEM: AuditActor = { id: null, label: "system:test" };

/** Text that exists only in confidential fields: it must never show up in a match, a teaser or a notice. */
export const SECRET = "SECRET-SAR-TABLE-7731";

export interface MatchingFixture {
  store: TestStore;
  db: MatchingDb;
  pipeline: PipelineDb;
  today: string;
  /** the store demo's accounts plus a second company, a second university and a second mentor */
  researcher: Account;
  bd: Account;
  vc: Account;
  funder: Account;
  admin: Account;
  analyst: Account;
  mentor: Account;
  mentor2: Account;
  otherBd: Account;
  otherResearcher: Account;
  /** a nucleic-acid seed at lead (E78.0): 1 of the 2 non-clinical requirements met */
  lipidSeed: string;
  /** a small-molecule seed at hit (C34.1) with no evidence */
  lungSeed: string;
}

async function account(store: TestStore, email: string): Promise<Account> {
  const a = await findAccountByEmail(store.db, email);
  if (!a) throw new Error(`no account ${email}`);
  return a;
}

export async function openMatchingFixture(backend: StoreKind): Promise<MatchingFixture> {
  const store = await openTestStore(backend, "memory://", { ...platformMigrations, ...partneringMigrations });
  await seedDemo(store.db);
  const otherCo = await createOrganisation(store.db, SYSTEM, {
    nameJa: "北嶺製薬株式会社",
    nameEn: "Hokurei Pharma Co.",
    kind: "company",
  });
  const otherUni = await createOrganisation(store.db, SYSTEM, {
    nameJa: "南洋大学",
    nameEn: "Nanyo University",
    kind: "university",
  });
  const hospital = (await account(store, "mentor@core-hospital.example")).organisation.id;
  for (const [organisationId, email, role] of [
    [otherCo.id, "bd@hokurei.example", "company"],
    [otherUni.id, "researcher@nanyo-u.example", "researcher"],
    [hospital, "mentor2@core-hospital.example", "mentor"],
  ] as const)
    await createAccount(store.db, SYSTEM, { organisationId, email, displayName: email, roles: [role] });

  const pipeline = pipelineDb(store.db);
  const researcher = await account(store, "researcher@toto-u.example");
  const lipid = await createSeed(
    pipeline,
    researcher,
    SeedInput.parse({
      titleJa: "PCSK9 を標的とする siRNA",
      titleEn: "siRNA targeting PCSK9",
      targetSymbol: "PCSK9",
      modality: "nucleic_acid",
      icd10: "E78.0",
      indication: "家族性高コレステロール血症 / familial hypercholesterolaemia",
      stage: "lead",
      publicSummaryJa: "LDL コレステロールを下げる siRNA。",
      publicSummaryEn: "An siRNA that lowers LDL cholesterol.",
      confidentialDetails: `配列と修飾パターン ${SECRET}`,
    }),
  );
  await addEvidence(pipeline, researcher, lipid.id, {
    kind: "in_vivo_efficacy",
    title: "LDL-C reduction in cynomolgus monkeys",
    result: "LDL-C −62 % at day 28",
    performedOn: "2026-03-01",
    performedBy: "Translational Research Centre",
    replications: 3,
    reproducedByOtherLab: true,
    integrityLevel: "research",
  });
  const lung = await createSeed(
    pipeline,
    researcher,
    SeedInput.parse({
      titleJa: "EGFR C797S 阻害低分子",
      titleEn: "EGFR C797S small-molecule inhibitor",
      targetSymbol: "EGFR",
      modality: "small_molecule",
      icd10: "C34.1",
      indication: "非小細胞肺がん / non-small cell lung cancer",
      stage: "hit",
      programme: "gapfree",
      publicSummaryJa: "第四世代 EGFR 阻害薬のヒット化合物。",
      publicSummaryEn: "Hit series of fourth-generation EGFR inhibitors.",
      confidentialDetails: `ヒット化合物の構造 ${SECRET}`,
    }),
  );
  return {
    store,
    db: matchingDb(store.db),
    pipeline,
    today: "2026-11-24",
    researcher,
    bd: await account(store, "bd@sakura-pharma.example"),
    vc: await account(store, "partner@mirai-capital.example"),
    funder: await account(store, "po@funder.example"),
    admin: await account(store, "admin@funder.example"),
    analyst: await account(store, "biostat@core-hospital.example"),
    mentor: await account(store, "mentor@core-hospital.example"),
    mentor2: await account(store, "mentor2@core-hospital.example"),
    otherBd: await account(store, "bd@hokurei.example"),
    otherResearcher: await account(store, "researcher@nanyo-u.example"),
    lipidSeed: lipid.id,
    lungSeed: lung.id,
  };
}

/** The newest audit entries of one kind of action, for "every step is audited" checks. */
export async function auditActions(store: TestStore, entityType: string): Promise<string[]> {
  return (await listAudit(store.db, { entityType, limit: 500 })).map((e) => e.action).reverse();
}
