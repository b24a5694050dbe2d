import { randomUUID } from "node:crypto";
import { Rng } from "@kakehashi/core/random";
import { type Modality, STAGES, type Stage, stageIndex } from "@kakehashi/pipeline";
import {
  type Account,
  type AuditActor,
  appendAudit,
  createAccount,
  createOrganisation,
  DEMO_PASSWORD,
  findAccountByEmail,
  isDemoInstance,
} from "@kakehashi/store";
import { recordFeedback } from "./feedback.ts";
import { decideOutreach, sendOutreach, withdrawOutreach } from "./outreach.ts";
import {
  type CompanyProfileInput,
  type InvestorProfileInput,
  type MentorProfileInput,
  saveCompanyProfile,
  saveInvestorProfile,
  saveMentorProfile,
} from "./profiles.ts";
import { type MatchingDb, storeDb } from "./schema.ts";
import {
  type AreaInterests,
  type BudgetBand,
  chapterOf,
  type DealType,
  type Icd10Chapter,
  type Region,
} from "./vocabulary.ts";
import { setMatchWeights } from "./weights.ts";

const SYSTEM: AuditActor = { id: null, label: "system:demo-seed" };

/**
 * A company's real franchise: where it has done deals. Its declared profile is derived from it with some
 * noise (an area forgotten, one added on hope, a stage more or less), as profiles typed by people are.
 */
interface Franchise {
  key: string;
  nameJa: string;
  nameEn: string;
  /** existing demo organisation (by English name) or a new one */
  existing?: boolean;
  chapters: Icd10Chapter[];
  prefixes: string[];
  modalities: Modality[];
  stages: [Stage, Stage];
  dealTypes: DealType[];
  regions: Region[];
  budgetBand: BudgetBand;
  summaryJa: string;
  summaryEn: string;
}

const COMPANIES: Franchise[] = [
  {
    key: "sakura",
    existing: true,
    nameJa: "さくら製薬株式会社",
    nameEn: "Sakura Pharmaceutical Co.",
    chapters: ["II"],
    prefixes: ["M05", "C16", "C22"],
    modalities: ["antibody", "adc", "small_molecule"],
    stages: ["lead", "phase2"],
    dealTypes: ["licence", "co_development", "option"],
    regions: ["japan", "asia", "global"],
    budgetBand: "500m_2b",
    summaryJa: "がん領域と自己免疫疾患に注力。抗体・ADC の導入を積極的に検討しています。",
    summaryEn: "Focused on oncology and autoimmunity; actively in-licensing antibodies and ADCs.",
  },
  {
    key: "fuji",
    existing: true,
    nameJa: "富士バイオファーマ株式会社",
    nameEn: "Fuji Biopharma Inc.",
    chapters: ["VI"],
    prefixes: ["E74", "G30"],
    modalities: ["antibody", "gene", "nucleic_acid"],
    stages: ["non_clinical", "phase2"],
    dealTypes: ["licence", "co_development"],
    regions: ["japan", "north_america"],
    budgetBand: "500m_2b",
    summaryJa: "神経疾患と希少疾患のバイオ医薬品。",
    summaryEn: "Biologics for neurological and rare diseases.",
  },
  {
    key: "aoba",
    existing: true,
    nameJa: "青葉ケミカル株式会社",
    nameEn: "Aoba Chemical Co.",
    chapters: ["I", "XXII"],
    prefixes: ["G62"],
    modalities: ["small_molecule", "peptide"],
    stages: ["hit", "non_clinical"],
    dealTypes: ["research_collaboration", "option", "licence"],
    regions: ["japan"],
    budgetBand: "100m_500m",
    summaryJa: "低分子の合成・最適化に強み。感染症と疼痛。",
    summaryEn: "Small-molecule chemistry and optimisation; infectious disease and pain.",
  },
  {
    key: "hikari",
    existing: true,
    nameJa: "ひかり創薬株式会社",
    nameEn: "Hikari Therapeutics K.K.",
    chapters: ["IV"],
    prefixes: ["E78", "E85", "E11"],
    modalities: ["nucleic_acid", "peptide"],
    stages: ["lead", "phase1"],
    dealTypes: ["licence", "option"],
    regions: ["japan", "asia"],
    budgetBand: "100m_500m",
    summaryJa: "核酸医薬による循環器・代謝疾患。",
    summaryEn: "Oligonucleotide medicines for cardiometabolic disease.",
  },
  {
    key: "toho",
    nameJa: "東邦メディシナル株式会社",
    nameEn: "Toho Medicinal Co.",
    chapters: ["X"],
    prefixes: ["J45", "J84"],
    modalities: ["antibody", "small_molecule"],
    stages: ["non_clinical", "phase2"],
    dealTypes: ["licence", "co_development"],
    regions: ["japan", "asia"],
    budgetBand: "500m_2b",
    summaryJa: "呼吸器・アレルギー領域のスペシャリティファーマ。",
    summaryEn: "Specialty pharma in respiratory and allergy.",
  },
  {
    key: "zuiko",
    nameJa: "瑞光製薬株式会社",
    nameEn: "Zuiko Pharmaceutical Co.",
    chapters: [],
    prefixes: ["E11", "E66"],
    modalities: ["peptide", "small_molecule"],
    stages: ["lead", "phase1"],
    dealTypes: ["licence", "option"],
    regions: ["japan", "global"],
    budgetBand: "500m_2b",
    summaryJa: "糖尿病・肥満症の経口治療薬。",
    summaryEn: "Oral treatments for diabetes and obesity.",
  },
  {
    key: "hokuto",
    nameJa: "北斗バイオロジクス株式会社",
    nameEn: "Hokuto Biologics K.K.",
    chapters: ["XIII"],
    prefixes: ["K51", "J45", "L40"],
    modalities: ["antibody"],
    stages: ["non_clinical", "phase2"],
    dealTypes: ["licence", "co_development"],
    regions: ["japan", "europe"],
    budgetBand: "500m_2b",
    summaryJa: "免疫・炎症疾患の抗体医薬。",
    summaryEn: "Antibodies for immune and inflammatory disease.",
  },
  {
    key: "chiyoda",
    nameJa: "千代田ジェネティクス株式会社",
    nameEn: "Chiyoda Genetics Inc.",
    chapters: [],
    prefixes: ["E70", "E74", "E75", "G71", "G12"],
    modalities: ["gene", "nucleic_acid"],
    stages: ["non_clinical", "phase1"],
    dealTypes: ["licence", "co_development", "research_collaboration"],
    regions: ["japan", "north_america"],
    budgetBand: "100m_500m",
    summaryJa: "希少な代謝性・神経筋疾患の遺伝子治療。",
    summaryEn: "Gene therapy for rare metabolic and neuromuscular disease.",
  },
  {
    key: "naruto",
    nameJa: "鳴門メディカル株式会社",
    nameEn: "Naruto Medical Co.",
    chapters: ["XI"],
    prefixes: ["B18"],
    modalities: ["small_molecule", "nucleic_acid"],
    stages: ["lead", "phase2"],
    dealTypes: ["licence"],
    regions: ["japan", "asia"],
    budgetBand: "100m_500m",
    summaryJa: "消化器・肝疾患。",
    summaryEn: "Gastroenterology and hepatology.",
  },
  {
    key: "shirasagi",
    nameJa: "白鷺製薬株式会社",
    nameEn: "Shirasagi Pharmaceutical Co.",
    chapters: ["V", "VI"],
    prefixes: ["G30", "G20"],
    modalities: ["small_molecule", "antibody"],
    stages: ["lead", "phase2"],
    dealTypes: ["licence", "co_development", "option"],
    regions: ["japan", "global"],
    budgetBand: "over_2b",
    summaryJa: "中枢神経系疾患（認知症、パーキンソン病）。",
    summaryEn: "Central nervous system disease (dementia, Parkinson's disease).",
  },
  {
    key: "wakaba",
    nameJa: "若葉セラピューティクス株式会社",
    nameEn: "Wakaba Therapeutics K.K.",
    chapters: [],
    prefixes: ["C83", "C85", "C91"],
    modalities: ["cell"],
    stages: ["non_clinical", "phase1"],
    dealTypes: ["co_development", "licence"],
    regions: ["japan"],
    budgetBand: "100m_500m",
    summaryJa: "血液がんの細胞療法。",
    summaryEn: "Cell therapy for blood cancers.",
  },
  {
    key: "naniwa",
    nameJa: "浪速創薬株式会社",
    nameEn: "Naniwa Drug Discovery Co.",
    chapters: [],
    prefixes: ["C25", "C22", "C16"],
    modalities: ["small_molecule"],
    stages: ["hit", "lead"],
    dealTypes: ["research_collaboration", "option"],
    regions: ["japan"],
    budgetBand: "under_100m",
    summaryJa: "消化器がんの低分子創薬（初期段階）。",
    summaryEn: "Early small-molecule discovery in digestive cancers.",
  },
  {
    key: "ogi",
    nameJa: "扇ライフサイエンス株式会社",
    nameEn: "Ogi Life Sciences Co.",
    chapters: ["VII", "XII"],
    prefixes: [],
    modalities: ["peptide", "antibody", "small_molecule"],
    stages: ["lead", "phase2"],
    dealTypes: ["licence", "option"],
    regions: ["japan", "asia"],
    budgetBand: "100m_500m",
    summaryJa: "眼科・皮膚科領域。",
    summaryEn: "Ophthalmology and dermatology.",
  },
  {
    key: "seiran",
    nameJa: "青嵐ワクチン株式会社",
    nameEn: "Seiran Vaccines Inc.",
    chapters: ["I"],
    prefixes: ["J21", "U07"],
    modalities: ["vaccine"],
    stages: ["non_clinical", "phase2"],
    dealTypes: ["licence", "co_development"],
    regions: ["japan", "asia"],
    budgetBand: "500m_2b",
    summaryJa: "感染症ワクチン（mRNA・サブユニット）。",
    summaryEn: "Vaccines against infectious disease (mRNA, subunit).",
  },
  {
    key: "momiji",
    nameJa: "紅葉ニュークレオ株式会社",
    nameEn: "Momiji Nucleics K.K.",
    chapters: [],
    prefixes: ["G71", "E85", "B18", "E78"],
    modalities: ["nucleic_acid"],
    stages: ["lead", "phase1"],
    dealTypes: ["licence", "option", "research_collaboration"],
    regions: ["japan", "global"],
    budgetBand: "100m_500m",
    summaryJa: "アンチセンス・siRNA のプラットフォーム企業。",
    summaryEn: "Antisense and siRNA platform company.",
  },
  {
    key: "kohaku",
    nameJa: "琥珀ラジオファーマ株式会社",
    nameEn: "Kohaku Radiopharma Co.",
    chapters: [],
    prefixes: ["C61", "C34", "C16"],
    modalities: ["ri_antibody", "adc"],
    stages: ["non_clinical", "phase1"],
    dealTypes: ["licence", "co_development"],
    regions: ["japan", "asia"],
    budgetBand: "100m_500m",
    summaryJa: "RI 抗体・放射性医薬品。",
    summaryEn: "Radiolabelled antibodies and radiopharmaceuticals.",
  },
  {
    key: "ryusei",
    nameJa: "流星ペプチド株式会社",
    nameEn: "Ryusei Peptides Inc.",
    chapters: [],
    prefixes: ["C34", "E11", "M05"],
    modalities: ["peptide"],
    stages: ["hit", "non_clinical"],
    dealTypes: ["research_collaboration", "option", "licence"],
    regions: ["japan", "north_america"],
    budgetBand: "under_100m",
    summaryJa: "環状ペプチド（中分子）の創薬基盤。",
    summaryEn: "Macrocyclic (mid-size) peptide discovery platform.",
  },
  {
    key: "soten",
    nameJa: "蒼天マイクロバイオーム株式会社",
    nameEn: "Soten Microbiome K.K.",
    chapters: [],
    prefixes: ["K51", "K58", "J84"],
    modalities: ["microbiome", "exosome"],
    stages: ["lead", "phase1"],
    dealTypes: ["co_development", "research_collaboration"],
    regions: ["japan"],
    budgetBand: "under_100m",
    summaryJa: "腸内細菌叢とエクソソームの新規モダリティ。",
    summaryEn: "New modalities from the gut microbiome and exosomes.",
  },
  {
    key: "setsurei",
    nameJa: "雪嶺ファーマ株式会社",
    nameEn: "Setsurei Pharma Co.",
    chapters: ["I"],
    prefixes: ["J15"],
    modalities: ["small_molecule"],
    stages: ["lead", "phase2"],
    dealTypes: ["licence"],
    regions: ["japan", "global"],
    budgetBand: "100m_500m",
    summaryJa: "薬剤耐性菌（AMR）に対する抗菌薬。",
    summaryEn: "Antibiotics against antimicrobial resistance (AMR).",
  },
  {
    key: "yamato",
    nameJa: "大和セルセラピー株式会社",
    nameEn: "Yamato Cell Therapy Co.",
    chapters: [],
    prefixes: ["G20", "I50", "J84"],
    modalities: ["cell", "exosome"],
    stages: ["non_clinical", "phase2"],
    dealTypes: ["co_development", "licence"],
    regions: ["japan"],
    budgetBand: "500m_2b",
    summaryJa: "iPS 細胞などの再生医療。",
    summaryEn: "Regenerative medicine, including iPS cell products.",
  },
];

interface InvestorDemo {
  nameJa: string;
  nameEn: string;
  existing?: boolean;
  profile: InvestorProfileInput;
}

const INVESTORS: InvestorDemo[] = [
  {
    existing: true,
    nameJa: "みらいライフサイエンス・キャピタル",
    nameEn: "Mirai Life Science Capital",
    profile: {
      areas: { chapters: ["II", "VI"], prefixes: ["E74", "E70"] },
      modalities: ["nucleic_acid", "gene", "cell", "antibody"],
      stages: ["target_validation", "hit", "lead", "non_clinical"],
      ticketBand: "200m_1b",
      regions: ["japan", "north_america"],
      summaryJa: "大学発の創薬ベンチャーに創業期から投資します。新規モダリティを重視。",
      summaryEn: "Invests in university drug-discovery start-ups from founding; new modalities first.",
    },
  },
  {
    nameJa: "東京バイオベンチャーズ",
    nameEn: "Tokyo Bio Ventures",
    profile: {
      areas: { chapters: [], prefixes: [] },
      modalities: ["small_molecule", "peptide", "nucleic_acid"],
      stages: ["target_validation", "hit", "lead"],
      ticketBand: "50m_200m",
      regions: ["japan"],
      summaryJa: "シード期に特化。疾患領域は問いません。",
      summaryEn: "Seed-stage specialist, any disease area.",
    },
  },
  {
    nameJa: "関西イノベーションファンド",
    nameEn: "Kansai Innovation Fund",
    profile: {
      areas: { chapters: ["I", "X", "XI"], prefixes: [] },
      modalities: ["vaccine", "microbiome", "exosome"],
      stages: ["lead", "non_clinical", "ind_enabling", "phase1"],
      ticketBand: "200m_1b",
      regions: ["japan", "asia"],
      summaryJa: "関西圏の感染症・呼吸器・消化器の新規モダリティに投資。",
      summaryEn:
        "Backs new modalities in infectious, respiratory and digestive disease in the Kansai region.",
    },
  },
];

interface MentorDemo {
  email: string;
  displayName: string;
  /** English name of the organisation the mentor belongs to */
  organisation: string;
  existing?: boolean;
  profile: MentorProfileInput;
}

const MENTORS: MentorDemo[] = [
  {
    email: "mentor@core-hospital.example",
    displayName: "渡辺 隆",
    organisation: "Central Core Clinical Research Hospital",
    existing: true,
    profile: {
      expertise: ["clinical_development", "regulatory"],
      modalities: ["antibody", "small_molecule", "cell"],
      areas: { chapters: ["II"], prefixes: [] },
      maxActiveSeeds: 4,
      bioJa: "臨床研究中核病院で医師主導治験を 15 年担当。元 審査員。",
      bioEn:
        "Fifteen years running investigator-initiated trials at a core clinical research hospital; former reviewer.",
    },
  },
  {
    email: "mentor.tox@ncam.example",
    displayName: "松本 恵子",
    organisation: "National Centre for Advanced Medicine",
    profile: {
      expertise: ["toxicology", "cmc"],
      modalities: ["nucleic_acid", "peptide", "small_molecule"],
      maxActiveSeeds: 3,
      bioJa: "製薬企業で GLP 毒性試験と核酸医薬の CMC を担当。",
      bioEn: "Led GLP toxicology and oligonucleotide CMC in industry.",
    },
  },
  {
    email: "mentor.ip@funder.example",
    displayName: "井上 大輔",
    organisation: "Medical R&D Funding Agency (demo)",
    profile: {
      expertise: ["ip", "business"],
      modalities: [],
      maxActiveSeeds: 5,
      bioJa: "創薬支援ネットワークのコーディネーター。知財戦略と導出交渉を支援。",
      bioEn: "Drug Discovery Support Network coordinator: IP strategy and licensing negotiations.",
    },
  },
  {
    email: "mentor.cmc@core-hospital.example",
    displayName: "木村 彩",
    organisation: "Central Core Clinical Research Hospital",
    profile: {
      expertise: ["cmc", "regulatory"],
      modalities: ["cell", "gene", "antibody"],
      areas: { chapters: [], prefixes: ["G20", "C83"] },
      maxActiveSeeds: 2,
      bioJa: "再生医療等製品の製造（GCTP）と薬事相談。",
      bioEn: "Manufacturing of regenerative products (GCTP) and regulatory consultations.",
    },
  },
];

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const daysBetween = (a: string, b: string) =>
  Math.round((new Date(`${b}T00:00:00Z`).getTime() - new Date(`${a}T00:00:00Z`).getTime()) / 86_400_000);

/** Declared profile = franchise with the noise of a hand-typed form. */
function declaredProfile(f: Franchise, r: Rng): CompanyProfileInput {
  const chapters = [...f.chapters];
  const prefixes = [...f.prefixes];
  const areaCount = chapters.length + prefixes.length;
  if (areaCount > 1 && r.chance(0.35)) {
    const i = r.int(0, areaCount - 1);
    if (i < chapters.length) chapters.splice(i, 1);
    else prefixes.splice(i - chapters.length, 1);
  }
  // an area the company hopes to enter but has never done a deal in
  if (r.chance(0.4))
    chapters.push((["III", "IV", "IX", "XIV", "X", "XIII"] as const)[r.int(0, 5)] as Icd10Chapter);
  const modalities = [...f.modalities];
  if (modalities.length > 1 && r.chance(0.25)) modalities.splice(r.int(0, modalities.length - 1), 1);
  let [lo, hi] = [stageIndex(f.stages[0]), stageIndex(f.stages[1])];
  if (r.chance(0.4)) lo = Math.max(0, lo + (r.chance(0.5) ? -1 : 1));
  if (r.chance(0.4)) hi = Math.min(STAGES.length - 1, Math.max(lo, hi + (r.chance(0.5) ? -1 : 1)));
  return {
    areas: { chapters, prefixes },
    modalities,
    stages: STAGES.slice(lo, hi + 1),
    dealTypes: f.dealTypes,
    regions: f.regions,
    budgetBand: f.budgetBand,
    summaryJa: f.summaryJa,
    summaryEn: f.summaryEn,
  };
}

const inArea = (icd10: string, areas: Pick<AreaInterests, "chapters" | "prefixes">) =>
  areas.prefixes.some((p) => icd10.startsWith(p))
    ? 1
    : areas.chapters.includes(chapterOf(icd10) as Icd10Chapter)
      ? 0.7
      : 0;

const FAMILIES: Modality[][] = [
  ["antibody", "adc", "ri_antibody"],
  ["nucleic_acid", "gene"],
  ["cell", "exosome"],
  ["small_molecule", "peptide"],
];

/** How likely a company is to license a seed, from its franchise (not its declared profile). */
function affinity(f: Franchise, seed: { icd10: string; modality: Modality }, stage: Stage): number {
  const area = inArea(seed.icd10, f);
  const modality = f.modalities.includes(seed.modality)
    ? 1
    : f.modalities.some((m) => FAMILIES.some((fam) => fam.includes(m) && fam.includes(seed.modality)))
      ? 0.4
      : 0;
  const i = stageIndex(stage);
  const inStage = i >= stageIndex(f.stages[0]) && i <= stageIndex(f.stages[1]) ? 1 : 0.3;
  return Math.exp(3 * (area + 0.7 * modality + 0.5 * inStage));
}

export interface MatchingDemo {
  companies: number;
  investors: number;
  mentors: number;
  /** licence deals and funding rounds added to the pipeline's history */
  deals: number;
  feedback: number;
  outreach: number;
}

async function insertOutcome(
  db: MatchingDb,
  seedId: string,
  o: {
    kind: "licence_deal" | "funding_round";
    occurredOn: string;
    amountJpy: number;
    partner: string;
    note: string;
  },
) {
  // the pipeline's own outcome insert is internal to it; this is the same row and the same audit entry
  await db.transaction().execute(async (trx) => {
    const row = {
      id: randomUUID(),
      seed_id: seedId,
      kind: o.kind,
      occurred_on: o.occurredOn,
      amount_jpy: o.amountJpy,
      partner_organisation_id: o.partner,
      note: o.note,
    };
    await trx.insertInto("outcomes").values(row).execute();
    await appendAudit(trx, {
      actor: SYSTEM,
      action: "outcome.create",
      entityType: "outcome",
      entityId: row.id,
      after: row,
      detail: { seedId },
    });
  });
}

async function account(db: MatchingDb, email: string): Promise<Account> {
  const a = await findAccountByEmail(storeDb(db), email);
  if (!a) throw new Error(`demo account ${email} is missing: load the store's demo first`);
  return a;
}

/**
 * Partnering profiles for a demo instance, on top of the store's and the pipeline's demo: 20 companies
 * (the 4 of the pipeline demo and 16 more) with franchises, 3 investors, 4 mentors (3 new accounts with the
 * demo password), licence deals and funding rounds over the past years that follow the companies'
 * franchises (about one in five goes to a company outside its franchise, as opportunistic deals do), a
 * programme weight setting for GAPFREE, answers to proposed matches, a running mentorship and outreach
 * in every state. Runs once: a store with partner profiles, or one that is not a demo instance, is left alone.
 */
export async function seedMatchingDemo(db: MatchingDb, today: string): Promise<MatchingDemo> {
  const none: MatchingDemo = { companies: 0, investors: 0, mentors: 0, deals: 0, feedback: 0, outreach: 0 };
  if (!(await isDemoInstance(storeDb(db)))) return none;
  if (
    await db.selectFrom("partnering_partner_profiles").select("organisation_id").limit(1).executeTakeFirst()
  )
    return none;
  const seeds = await db
    .selectFrom("seeds")
    .select(["id", "organisation_id", "icd10", "modality", "stage", "title_en"])
    // by title, not id: ids are random, and every load must tell the same story
    .orderBy("title_en")
    .execute();
  if (seeds.length === 0)
    throw new Error("load the pipeline demo (seedPipelineDemo) before the matching demo");
  const r = new Rng(20_210_323, 9); // the CIN registry guidance's date
  const admin = await account(db, "admin@funder.example");
  const orgs = await db.selectFrom("organisations").select(["id", "name_en", "kind"]).execute();
  const orgId = async (nameJa: string, nameEn: string, kind: "company" | "investor") => {
    const found = orgs.find((o) => o.name_en === nameEn);
    if (found) return found.id;
    return (await createOrganisation(storeDb(db), SYSTEM, { nameJa, nameEn, kind })).id;
  };
  const demo: MatchingDemo = { ...none };

  const companyIds = new Map<string, string>();
  for (const f of COMPANIES) {
    const id = await orgId(f.nameJa, f.nameEn, "company");
    companyIds.set(f.key, id);
    await saveCompanyProfile(db, admin, id, declaredProfile(f, r));
    demo.companies++;
  }
  const investorIds: string[] = [];
  for (const i of INVESTORS) {
    const id = await orgId(i.nameJa, i.nameEn, "investor");
    investorIds.push(id);
    await saveInvestorProfile(db, admin, id, i.profile);
    demo.investors++;
  }
  for (const m of MENTORS) {
    let mentor = await findAccountByEmail(storeDb(db), m.email);
    if (!mentor) {
      const org = orgs.find((o) => o.name_en === m.organisation);
      if (!org) throw new Error(`demo organisation ${m.organisation} is missing`);
      await createAccount(storeDb(db), SYSTEM, {
        organisationId: org.id,
        email: m.email,
        displayName: m.displayName,
        password: DEMO_PASSWORD,
        roles: ["mentor"],
      });
      mentor = await account(db, m.email);
    }
    await saveMentorProfile(db, admin, mentor.id, m.profile);
    demo.mentors++;
  }

  // history: licence deals that follow the franchises, on seeds past hit that have none yet
  const licensed = new Set(
    (await db.selectFrom("outcomes").select("seed_id").where("kind", "=", "licence_deal").execute()).map(
      (o) => o.seed_id,
    ),
  );
  const history = await db
    .selectFrom("seed_stage_history")
    .select(["seed_id", "stage", "entered_on"])
    .execute();
  const ordered = seeds;
  for (const seed of ordered) {
    if (licensed.has(seed.id) || stageIndex(seed.stage as Stage) < stageIndex("lead") || !r.chance(0.6))
      continue;
    const path = history
      .filter((h) => h.seed_id === seed.id)
      .sort((a, b) => a.entered_on.localeCompare(b.entered_on));
    const since =
      path.find((h) => stageIndex(h.stage as Stage) >= stageIndex("hit"))?.entered_on ?? path[0]?.entered_on;
    if (!since) continue;
    const span = daysBetween(since, addDays(today, -30));
    if (span <= 0) continue;
    const on = addDays(since, r.int(0, span));
    const stageThen = (path.filter((h) => h.entered_on <= on).pop()?.stage ?? seed.stage) as Stage;
    const facts = { icd10: seed.icd10, modality: seed.modality as Modality };
    const opportunistic = r.chance(0.2);
    const weights = COMPANIES.map((f) => (opportunistic ? 1 : affinity(f, facts, stageThen)));
    const partner = COMPANIES[r.pick(weights)] as Franchise;
    await insertOutcome(db, seed.id, {
      kind: "licence_deal",
      occurredOn: on,
      amountJpy: r.int(2, 30) * 100_000_000,
      partner: companyIds.get(partner.key) as string,
      note: "導出 / licence",
    });
    demo.deals++;
  }
  // a few funding rounds led by the demo investors, in their areas
  const early = ordered.filter((s) => stageIndex(s.stage as Stage) <= stageIndex("non_clinical"));
  for (const [n, seed] of early.slice(0, 6).entries()) {
    const investor = INVESTORS[n % INVESTORS.length] as InvestorDemo;
    const fits = investor.profile.modalities?.includes(seed.modality as Modality);
    if (!fits) continue;
    await insertOutcome(db, seed.id, {
      kind: "funding_round",
      occurredOn: addDays(today, -r.int(100, 1500)),
      amountJpy: r.int(1, 8) * 100_000_000,
      partner: investorIds[n % INVESTORS.length] as string,
      note: "シリーズ A / series A",
    });
    demo.deals++;
  }

  // GAPFREE consortia look for partners in the consortium's disease area first
  await setMatchWeights(db, admin, "gapfree", {
    area: 4,
    modality: 1.5,
    stage: 1.5,
    readiness: 1,
    pastDeals: 1,
    unmetNeed: 1.5,
    expertise: 3,
    capacity: 1,
  });

  // answers to proposed matches, from both sides
  const researcher = await account(db, "researcher@toto-u.example");
  const bd = await account(db, "bd@sakura-pharma.example");
  const vc = await account(db, "partner@mirai-capital.example");
  const watanabe = await account(db, "mentor@core-hospital.example");
  const sakura = bd.organisation.id;
  const mirai = vc.organisation.id;
  const toto = ordered.filter((s) => s.organisation_id === researcher.organisation.id);
  const others = ordered.filter((s) => s.organisation_id !== researcher.organisation.id);
  const answers: Parameters<typeof recordFeedback>[2][] = [
    {
      seedId: others[0]?.id as string,
      party: { kind: "company", id: sakura },
      decision: "accept",
      reasonCode: "strategic_fit",
    },
    {
      seedId: others[1]?.id as string,
      party: { kind: "company", id: sakura },
      decision: "decline",
      reasonCode: "area_outside_focus",
      reasonText: "当社の重点領域外です。 / Outside our focus areas.",
    },
    {
      seedId: others[2]?.id as string,
      party: { kind: "company", id: sakura },
      decision: "decline",
      reasonCode: "insufficient_evidence",
      reasonText: "in vivo データの再現を待ちます。 / We wait for the in-vivo data to be reproduced.",
    },
    {
      seedId: others[3]?.id as string,
      party: { kind: "company", id: sakura },
      decision: "not_now",
      reasonCode: "timing",
    },
    {
      seedId: others[4]?.id as string,
      party: { kind: "investor", id: mirai },
      decision: "decline",
      reasonCode: "too_late",
    },
    {
      seedId: others[5]?.id as string,
      party: { kind: "investor", id: mirai },
      decision: "decline",
      reasonCode: "budget",
    },
  ];
  for (const a of answers) {
    await recordFeedback(db, a.party.kind === "investor" ? vc : bd, a, { today });
    demo.feedback++;
  }
  const companyForToto = companyIds.get("hikari") as string;
  const mentored = toto[0];
  if (mentored) {
    await recordFeedback(
      db,
      researcher,
      {
        seedId: mentored.id,
        party: { kind: "company", id: companyForToto },
        decision: "decline",
        reasonCode: "competing_asset",
      },
      { today },
    );
    // the owner asks for the mentor and the mentor agrees: a running mentorship
    for (const who of [researcher, watanabe])
      await recordFeedback(
        db,
        who,
        {
          seedId: mentored.id,
          party: { kind: "mentor", id: watanabe.id },
          decision: "accept",
          reasonCode: "strategic_fit",
        },
        { today },
      );
    demo.feedback += 3;
  }

  // outreach in every state, to Toto seeds the sender holds no grant on
  const grants = await db.selectFrom("access_grants").select(["seed_id", "organisation_id"]).execute();
  const free = (org: string) =>
    toto.filter((s) => !grants.some((g) => g.seed_id === s.id && g.organisation_id === org));
  const sakuraFree = free(sakura);
  const miraiFree = free(mirai);
  const send = async (who: Account, seedId: string | undefined, dealType: DealType, message: string) => {
    if (!seedId) return undefined;
    demo.outreach++;
    return sendOutreach(db, who, { seedId, dealType, message }, today);
  };
  await send(
    bd,
    sakuraFree[0]?.id,
    "licence",
    "公開概要を拝見しました。導出についてお話を伺えますか。 / We read the public summary and would like to discuss a licence.",
  );
  const granted = await send(
    vc,
    miraiFree[0]?.id,
    "research_collaboration",
    "創業に向けた資金計画についてご相談したいです。 / We would like to discuss funding a spin-out.",
  );
  if (granted)
    await decideOutreach(
      db,
      researcher,
      granted.id,
      { decision: "accept", nda: { reference: "NDA-2026-M01", expiresOn: addDays(today, 365) } },
      today,
    );
  const pending = await send(
    bd,
    sakuraFree[1]?.id,
    "option",
    "オプション契約の可能性を検討しています。 / We are considering an option agreement.",
  );
  if (pending)
    await decideOutreach(
      db,
      researcher,
      pending.id,
      { decision: "accept", note: "NDA を準備中です。" },
      today,
    );
  const declined = await send(
    vc,
    miraiFree[1]?.id,
    "licence",
    "投資をご検討ください。 / Please consider our investment.",
  );
  if (declined)
    await decideOutreach(
      db,
      researcher,
      declined.id,
      { decision: "decline", note: "現在は企業との共同研究を優先しています。" },
      today,
    );
  const withdrawn = await send(
    bd,
    sakuraFree[2]?.id,
    "co_development",
    "共同開発のご提案です。 / A co-development proposal.",
  );
  if (withdrawn) await withdrawOutreach(db, bd, withdrawn.id, today);
  return demo;
}
