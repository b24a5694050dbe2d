import { randomUUID } from "node:crypto";
import {
  type AuditActor,
  appendAudit,
  createOrganisation,
  type Database,
  DEMO_ACCOUNTS,
} from "@kakehashi/store";
import type { Kysely, Transaction } from "kysely";
import { insertEvidence } from "./evidence.ts";
import { insertIpFamily } from "./ip.ts";
import { addMonths } from "./ipDeadlines.ts";
import { insertOutcome } from "./outcomes.ts";
import { READINESS_RULES_V1 } from "./readiness.ts";
import { insertAgreement, insertMilestone } from "./roadmap.ts";
import type { PipelineDatabase, PipelineDb } from "./schema.ts";
import { insertSeed } from "./seeds.ts";
import {
  type EvidenceKind,
  type IntegrityLevel,
  type Modality,
  type Programme,
  STAGES,
  type Stage,
  stageIndex,
} from "./vocabulary.ts";

const SYSTEM: AuditActor = { id: null, label: "system:demo-seed" };

/** Deterministic pseudo-random numbers (mulberry32), so every demo instance tells the same story. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    chance: (p: number) => next() < p,
  };
}

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

interface Template {
  ja: string;
  en: string;
  target: string | null;
  uniprot: string | null;
  modality: Modality;
  icd10: string;
  indicationJa: string;
  indicationEn: string;
}

// Realistic targets, modalities and indications; the seeds themselves are fictional.
const TEMPLATES: Template[] = [
  {
    ja: "KRAS G12D 選択的阻害低分子",
    en: "Selective KRAS G12D small-molecule inhibitor",
    target: "KRAS",
    uniprot: "P01116",
    modality: "small_molecule",
    icd10: "C25.9",
    indicationJa: "膵がん",
    indicationEn: "pancreatic cancer",
  },
  {
    ja: "PCSK9 を標的とする siRNA",
    en: "siRNA targeting PCSK9",
    target: "PCSK9",
    uniprot: "Q8NBP7",
    modality: "nucleic_acid",
    icd10: "E78.0",
    indicationJa: "家族性高コレステロール血症",
    indicationEn: "familial hypercholesterolaemia",
  },
  {
    ja: "TTR アンチセンス核酸",
    en: "TTR antisense oligonucleotide",
    target: "TTR",
    uniprot: "P02766",
    modality: "nucleic_acid",
    icd10: "E85.1",
    indicationJa: "トランスサイレチン型アミロイドーシス",
    indicationEn: "transthyretin amyloidosis",
  },
  {
    ja: "HER2 標的抗体薬物複合体",
    en: "HER2-directed antibody–drug conjugate",
    target: "ERBB2",
    uniprot: "P04626",
    modality: "adc",
    icd10: "C16.9",
    indicationJa: "HER2 陽性胃がん",
    indicationEn: "HER2-positive gastric cancer",
  },
  {
    ja: "CD19 CAR-T 細胞療法",
    en: "CD19 CAR-T cell therapy",
    target: "CD19",
    uniprot: "P15391",
    modality: "cell",
    icd10: "C83.3",
    indicationJa: "びまん性大細胞型 B 細胞リンパ腫",
    indicationEn: "diffuse large B-cell lymphoma",
  },
  {
    ja: "ジストロフィン エクソン 44 スキッピング核酸",
    en: "Dystrophin exon 44 skipping oligonucleotide",
    target: "DMD",
    uniprot: "P11532",
    modality: "nucleic_acid",
    icd10: "G71.0",
    indicationJa: "デュシェンヌ型筋ジストロフィー",
    indicationEn: "Duchenne muscular dystrophy",
  },
  {
    ja: "IL-6 受容体ヒト化抗体",
    en: "Humanised anti-IL-6 receptor antibody",
    target: "IL6R",
    uniprot: "P08887",
    modality: "antibody",
    icd10: "M05.9",
    indicationJa: "関節リウマチ",
    indicationEn: "rheumatoid arthritis",
  },
  {
    ja: "SARS-CoV-2 メインプロテアーゼ阻害薬",
    en: "SARS-CoV-2 main protease inhibitor",
    target: null,
    uniprot: "P0DTD1",
    modality: "small_molecule",
    icd10: "U07.1",
    indicationJa: "COVID-19",
    indicationEn: "COVID-19",
  },
  {
    ja: "PD-L1 結合環状ペプチド",
    en: "PD-L1-binding macrocyclic peptide",
    target: "CD274",
    uniprot: "Q9NZQ7",
    modality: "peptide",
    icd10: "C34.9",
    indicationJa: "非小細胞肺がん",
    indicationEn: "non-small cell lung cancer",
  },
  {
    ja: "経口 GLP-1 受容体作動性ペプチド",
    en: "Oral GLP-1 receptor agonist peptide",
    target: "GLP1R",
    uniprot: "P43220",
    modality: "peptide",
    icd10: "E11.9",
    indicationJa: "2 型糖尿病",
    indicationEn: "type 2 diabetes",
  },
  {
    ja: "SMN2 スプライシング修飾低分子",
    en: "SMN2 splicing modifier",
    target: "SMN2",
    uniprot: "Q16637",
    modality: "small_molecule",
    icd10: "G12.0",
    indicationJa: "脊髄性筋萎縮症",
    indicationEn: "spinal muscular atrophy",
  },
  {
    ja: "AAV9 ベクターによる GAA 遺伝子治療",
    en: "AAV9 GAA gene therapy",
    target: "GAA",
    uniprot: "P10253",
    modality: "gene",
    icd10: "E74.0",
    indicationJa: "ポンペ病",
    indicationEn: "Pompe disease",
  },
  {
    ja: "iPS 細胞由来ドパミン神経前駆細胞",
    en: "iPSC-derived dopaminergic progenitor cells",
    target: null,
    uniprot: null,
    modality: "cell",
    icd10: "G20",
    indicationJa: "パーキンソン病",
    indicationEn: "Parkinson's disease",
  },
  {
    ja: "腸内細菌 11 菌株カクテル",
    en: "Defined 11-strain gut bacterial consortium",
    target: null,
    uniprot: null,
    modality: "microbiome",
    icd10: "K51.9",
    indicationJa: "潰瘍性大腸炎",
    indicationEn: "ulcerative colitis",
  },
  {
    ja: "間葉系幹細胞由来エクソソーム製剤",
    en: "Mesenchymal stem cell-derived exosomes",
    target: null,
    uniprot: null,
    modality: "exosome",
    icd10: "J84.1",
    indicationJa: "特発性肺線維症",
    indicationEn: "idiopathic pulmonary fibrosis",
  },
  {
    ja: "RS ウイルス融合前 F タンパク質 mRNA ワクチン",
    en: "RSV prefusion F mRNA vaccine",
    target: null,
    uniprot: "P03420",
    modality: "vaccine",
    icd10: "J21.0",
    indicationJa: "RS ウイルス感染症（高齢者）",
    indicationEn: "RSV infection in older adults",
  },
  {
    ja: "177Lu 標識 PSMA 抗体",
    en: "177Lu-labelled anti-PSMA antibody",
    target: "FOLH1",
    uniprot: "Q04609",
    modality: "ri_antibody",
    icd10: "C61",
    indicationJa: "転移性去勢抵抗性前立腺がん",
    indicationEn: "metastatic castration-resistant prostate cancer",
  },
  {
    ja: "プロトフィブリル型 Aβ 抗体",
    en: "Anti-protofibril amyloid-β antibody",
    target: "APP",
    uniprot: "P05067",
    modality: "antibody",
    icd10: "G30.9",
    indicationJa: "アルツハイマー病",
    indicationEn: "Alzheimer's disease",
  },
  {
    ja: "NaV1.7 選択的阻害低分子",
    en: "Selective NaV1.7 blocker",
    target: "SCN9A",
    uniprot: "Q15858",
    modality: "small_molecule",
    icd10: "G62.9",
    indicationJa: "神経障害性疼痛",
    indicationEn: "neuropathic pain",
  },
  {
    ja: "FGFR2 融合遺伝子阻害薬",
    en: "FGFR2 fusion inhibitor",
    target: "FGFR2",
    uniprot: "P21802",
    modality: "small_molecule",
    icd10: "C22.1",
    indicationJa: "肝内胆管がん",
    indicationEn: "intrahepatic cholangiocarcinoma",
  },
  {
    ja: "TSLP 中和抗体",
    en: "Anti-TSLP neutralising antibody",
    target: "TSLP",
    uniprot: "Q969D9",
    modality: "antibody",
    icd10: "J45.9",
    indicationJa: "重症喘息",
    indicationEn: "severe asthma",
  },
  {
    ja: "Claudin 18.2 標的 ADC",
    en: "Claudin 18.2-targeted ADC",
    target: "CLDN18",
    uniprot: "P56856",
    modality: "adc",
    icd10: "C16.9",
    indicationJa: "胃がん",
    indicationEn: "gastric cancer",
  },
  {
    ja: "HBV cccDNA 分解核酸医薬",
    en: "HBV cccDNA-silencing oligonucleotide",
    target: null,
    uniprot: null,
    modality: "nucleic_acid",
    icd10: "B18.1",
    indicationJa: "慢性 B 型肝炎",
    indicationEn: "chronic hepatitis B",
  },
  {
    ja: "LpxC 阻害抗菌薬",
    en: "LpxC inhibitor antibiotic",
    target: null,
    uniprot: null,
    modality: "small_molecule",
    icd10: "A41.5",
    indicationJa: "グラム陰性菌敗血症",
    indicationEn: "Gram-negative sepsis",
  },
  {
    ja: "フェニルケトン尿症の PAH 遺伝子治療",
    en: "PAH gene therapy for phenylketonuria",
    target: "PAH",
    uniprot: "P00439",
    modality: "gene",
    icd10: "E70.0",
    indicationJa: "フェニルケトン尿症",
    indicationEn: "phenylketonuria",
  },
  {
    ja: "デング熱 4 価サブユニットワクチン",
    en: "Tetravalent dengue subunit vaccine",
    target: null,
    uniprot: null,
    modality: "vaccine",
    icd10: "A97.9",
    indicationJa: "デング熱",
    indicationEn: "dengue",
  },
];

const EXTRA_ORGANISATIONS = [
  { key: "saikai", nameJa: "西海大学", nameEn: "Saikai University", kind: "university" as const },
  { key: "hokushin", nameJa: "北辰大学", nameEn: "Hokushin University", kind: "university" as const },
  {
    key: "centre",
    nameJa: "国立先端医療研究センター",
    nameEn: "National Centre for Advanced Medicine",
    kind: "hospital" as const,
  },
  {
    key: "kansai",
    nameJa: "関西医科学大学",
    nameEn: "Kansai University of Medical Sciences",
    kind: "university" as const,
  },
  { key: "minato", nameJa: "湊大学", nameEn: "Minato University", kind: "university" as const },
  {
    key: "morinomiya",
    nameJa: "森ノ宮薬科大学",
    nameEn: "Morinomiya University of Pharmacy",
    kind: "university" as const,
  },
  {
    key: "asahigaoka",
    nameJa: "旭ケ丘医科大学",
    nameEn: "Asahigaoka Medical University",
    kind: "university" as const,
  },
  {
    key: "molmed",
    nameJa: "分子医科学研究所",
    nameEn: "Institute for Molecular Medicine",
    kind: "university" as const,
  },
  {
    key: "nishikyushu",
    nameJa: "西九州がんセンター",
    nameEn: "Nishi-Kyushu Cancer Centre",
    kind: "hospital" as const,
  },
  {
    key: "fuji",
    nameJa: "富士バイオファーマ株式会社",
    nameEn: "Fuji Biopharma Inc.",
    kind: "company" as const,
  },
  { key: "aoba", nameJa: "青葉ケミカル株式会社", nameEn: "Aoba Chemical Co.", kind: "company" as const },
  {
    key: "hikari",
    nameJa: "ひかり創薬株式会社",
    nameEn: "Hikari Therapeutics K.K.",
    kind: "company" as const,
  },
];

const PERFORMERS = [
  "創薬化学研究室",
  "薬理学講座",
  "橋渡し研究支援拠点",
  "CRO（受託）",
  "共同研究先企業",
  "Dept. of Pharmacology",
  "Translational Research Centre",
];

const KIND_TITLES: Record<EvidenceKind, [string, string]> = {
  target_validation: [
    "ノックダウン／ノックアウトによる標的検証",
    "Target validation by knock-down / knock-out",
  ],
  in_vitro_efficacy: ["細胞系での有効性（IC50・EC50）", "In-vitro efficacy (IC50 / EC50)"],
  in_vivo_efficacy: ["疾患モデル動物での薬効", "Efficacy in an animal disease model"],
  pk_adme: ["薬物動態・ADME", "Pharmacokinetics / ADME"],
  off_target: ["オフターゲット評価", "Off-target assessment"],
  safety_pharmacology: ["安全性薬理試験", "Safety pharmacology study"],
  toxicology: ["反復投与毒性試験", "Repeat-dose toxicology study"],
  cmc_plan: ["CMC・製造計画", "CMC / manufacturing plan"],
  biomarker: ["バイオマーカー探索", "Biomarker study"],
  clinical: ["臨床試験の結果", "Clinical trial results"],
  other: ["その他の試験", "Other study"],
};

const PROGRAMME_WEIGHTS: Programme[] = [
  "support_network",
  "support_network",
  "gapfree",
  "cin",
  "other",
  "other",
];

/** Current stages, skewed to the early stages as real academic portfolios are. */
const STAGE_MIX: Stage[] = [
  "target_discovery",
  "target_validation",
  "target_validation",
  "hit",
  "hit",
  "hit",
  "lead",
  "lead",
  "lead",
  "non_clinical",
  "non_clinical",
  "ind_enabling",
  "phase1",
  "phase1",
  "phase2",
  "phase3",
  "filed",
  "approved",
];

async function insertHistory(
  trx: Transaction<PipelineDatabase>,
  seedId: string,
  path: { stage: Stage; enteredOn: string }[],
) {
  // the first entry was written by insertSeed (the starting stage); the rest are the gates passed since
  await trx.deleteFrom("seed_stage_history").where("seed_id", "=", seedId).execute();
  await trx
    .insertInto("seed_stage_history")
    .values(path.map((p) => ({ id: randomUUID(), seed_id: seedId, stage: p.stage, entered_on: p.enteredOn })))
    .execute();
}

/**
 * Loads a demo seed pipeline into a store that has the demo accounts: 64 seeds from 10 research
 * organisations across every modality and stage, with evidence (some of it champion data), IP with
 * live deadlines, ACT-M agreements (23 projects, about JPY 194M company money each and 93 patent filings,
 * as the report cites), roadmaps with late milestones, access grants and outcomes over ten years. Dates are set
 * relative to `today` so deadlines and late flags are meaningful whenever the demo starts.
 */
export async function seedPipelineDemo(db: PipelineDb, today: string): Promise<{ seeds: number }> {
  const already = await db.selectFrom("seeds").select("id").limit(1).execute();
  if (already.length) return { seeds: 0 };
  const r = rng(20200729); // the council's founding date
  const orgs = await db.selectFrom("organisations").select(["id", "name_en", "kind"]).execute();
  const byName = (en: string) => orgs.find((o) => o.name_en === en)?.id;
  for (const o of EXTRA_ORGANISATIONS) {
    if (!byName(o.nameEn))
      orgs.push({
        id: (await createOrganisation(db as unknown as Kysely<Database>, SYSTEM, o)).id,
        name_en: o.nameEn,
        kind: o.kind,
      });
  }
  const research = orgs.filter((o) => o.kind === "university" || o.kind === "hospital");
  const companies = orgs.filter((o) => o.kind === "company");
  const toto = byName("Toto University") as string;
  const sakura = byName("Sakura Pharmaceutical Co.") as string;
  const owner = await db
    .selectFrom("users")
    .select(["id", "email"])
    .where("email", "=", DEMO_ACCOUNTS[0]?.email ?? "")
    .executeTakeFirst();
  const author = owner ?? { id: null as unknown as string, email: SYSTEM.label };

  const N = 64;
  const ACT_M = 23;
  // company money of the ACT-M projects, in JPY millions, adding up to the report's mean of 194M
  let actMoney: number[] = [];
  do {
    actMoney = Array.from({ length: ACT_M - 1 }, () => r.int(90, 300));
    actMoney.push(ACT_M * 194 - actMoney.reduce((a, b) => a + b, 0));
  } while ((actMoney[ACT_M - 1] as number) < 60 || (actMoney[ACT_M - 1] as number) > 350);
  let seeds = 0;
  // ACT-M projects: where their patent filings can start, and whether the JP priority filing is in
  const actProjects: { seedId: string; from: string; filed: number }[] = [];
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < N; i++) {
      const t = TEMPLATES[i % TEMPLATES.length] as Template;
      const variant = Math.floor(i / TEMPLATES.length);
      // Toto University (the demo researcher's) owns the first dozen; the rest go round the others
      const others = research.filter((o) => o.id !== toto);
      const orgId = i < 12 ? toto : (others[(i - 12) % others.length]?.id as string);
      const programme: Programme = i >= 10 && i < 10 + ACT_M ? "act_m" : r.pick(PROGRAMME_WEIGHTS);
      // ACT-M projects had a company partner, so they are at least at the hit stage
      let stage = r.pick(STAGE_MIX);
      if (programme === "act_m" && stageIndex(stage) < stageIndex("hit")) stage = "lead";
      const startIdx = Math.min(stageIndex(stage), r.int(0, 2));
      const totalSpan = (stageIndex(stage) - startIdx + 1) * 420;
      let date = addDays(today, -Math.min(3600, totalSpan + r.int(30, 700)));
      const path: { stage: Stage; enteredOn: string }[] = [];
      for (let s = startIdx; s <= stageIndex(stage); s++) {
        path.push({ stage: STAGES[s] as Stage, enteredOn: date });
        date = addDays(date, r.int(200, 620));
      }
      const stageSince = path[path.length - 1]?.enteredOn ?? today;
      const suffix = variant === 0 ? "" : variant === 1 ? "（第二世代）" : "（改良型）";
      const suffixEn = variant === 0 ? "" : variant === 1 ? " (second generation)" : " (improved)";
      const firstDate = path[0]?.enteredOn ?? today;
      const published = r.chance(0.55) ? addDays(firstDate, r.int(-60, 400)) : null;
      const seedId = await insertSeed(
        trx,
        SYSTEM,
        orgId,
        {
          titleJa: `${t.ja}${suffix}`,
          titleEn: `${t.en}${suffixEn}`,
          targetSymbol: t.target,
          targetUniprot: t.uniprot,
          modality: t.modality,
          icd10: t.icd10,
          indication: `${t.indicationJa} / ${t.indicationEn}`,
          stage,
          stageSince,
          programme,
          publicSummaryJa: `${t.indicationJa}を対象とする${t.ja}${suffix}。${t.target ? `標的は ${t.target}。` : ""}現在の開発段階での主要データは再現性が確認されており、導出・共同開発の相手を探しています。`,
          publicSummaryEn: `${t.en}${suffixEn} for ${t.indicationEn}.${t.target ? ` Target: ${t.target}.` : ""} Key data at the current stage have been reproduced; we are looking for a licensing or co-development partner.`,
          publicSince: published && published <= today ? published : null,
          confidentialDetails: `【非公開】リード化合物／配列の詳細、SAR データ、製造条件、未公開の動物試験データ（社内管理番号 KH-${String(1000 + i)}）。\n[Confidential] Lead structure / sequence, SAR tables, manufacturing conditions, unpublished in-vivo data (internal ref. KH-${String(1000 + i)}).`,
        },
        today,
      );
      await insertHistory(trx, seedId, path);
      seeds++;

      // evidence for each gate passed (and some toward the next one); about 1 seed in 8 leans on champion data
      const champion = r.chance(0.12);
      for (const gate of STAGES.slice(1, stageIndex(stage) + 2)) {
        const rules = READINESS_RULES_V1.filter(
          (x) => x.gate === gate && (x.modality === "*" || x.modality === t.modality),
        );
        const upcoming = stageIndex(gate) > stageIndex(stage);
        for (const rule of rules) {
          if (upcoming && r.chance(0.5)) continue;
          const weak = champion && rule.minIntegrity === "research" && r.chance(0.6);
          const gxp: IntegrityLevel = rule.minIntegrity;
          const performedOn = addDays(
            path.find((p) => p.stage === gate)?.enteredOn ?? stageSince,
            -r.int(20, 150),
          );
          await insertEvidence(trx, author, seedId, {
            kind: rule.evidenceKind,
            title: `${KIND_TITLES[rule.evidenceKind][0]} / ${KIND_TITLES[rule.evidenceKind][1]}`,
            result: weak
              ? "単回の実験で顕著な効果（未再現）。 / Striking effect in a single experiment (not yet reproduced)."
              : "主要評価項目で有意な効果。独立した反復で再現。 / Significant effect on the primary read-out, reproduced in independent runs.",
            performedOn: performedOn > today ? today : performedOn,
            performedBy: r.pick(PERFORMERS),
            replications: weak
              ? 1
              : gxp === "research"
                ? Math.max(rule.minReplications, r.int(2, 4))
                : Math.max(1, rule.minReplications),
            reproducedByOtherLab: weak ? false : rule.requireIndependentLab || r.chance(0.3),
            integrityLevel: gxp,
          });
        }
      }

      // IP: most seeds have a family filed in Japan; older ones went PCT and national phase
      let priorityFiled: string | null = null;
      if (r.chance(0.8)) {
        const priority = addDays(firstDate, r.int(-200, 120));
        const months = (to: string) =>
          (new Date(to).getTime() - new Date(priority).getTime()) / (30.44 * 86400000);
        const age = months(today);
        const apps: {
          office: "JP" | "PCT" | "US" | "EP" | "CN";
          status: "filed" | "published" | "granted";
          filedOn: string;
        }[] = [
          {
            office: "JP",
            status: age > 48 && r.chance(0.6) ? "granted" : age > 18 ? "published" : "filed",
            filedOn: priority,
          },
        ];
        if (age > 12 || r.chance(0.3))
          apps.push({
            office: "PCT",
            status: age > 18 ? "published" : "filed",
            filedOn:
              addMonths(priority, 12) > today
                ? addDays(today, -5)
                : addDays(addMonths(priority, 12), -r.int(3, 20)),
          });
        if (age > 31 && apps.some((a) => a.office === "PCT"))
          for (const office of ["US", "EP", "CN"] as const)
            if (r.chance(0.7))
              apps.push({
                office,
                status: age > 60 && r.chance(0.5) ? "granted" : "published",
                filedOn: addDays(addMonths(priority, office === "EP" ? 31 : 30), -r.int(5, 40)),
              });
        await insertIpFamily(trx, author, seedId, {
          title: `${t.en}: composition and use`,
          priorityDate: priority > today ? today : priority,
          applications: apps.filter((a) => a.filedOn <= today),
        });
        priorityFiled = priority > today ? today : priority;
        await insertOutcome(trx, author, seedId, {
          kind: "patent_filed",
          occurredOn: priorityFiled,
          note: "JP priority application",
        });
        if (apps.some((a) => a.status === "granted"))
          await insertOutcome(trx, author, seedId, {
            kind: "patent_granted",
            occurredOn:
              addMonths(priority, r.int(40, 60)) > today ? today : addMonths(priority, r.int(40, 60)),
            note: "",
          });
      }

      // ACT-M: shared roadmap and agreement with a company, milestones from the agreement on
      if (programme === "act_m") {
        const company = i === 10 ? sakura : (r.pick(companies).id as string);
        const signedOn = path.find((p) => p.stage === "hit")?.enteredOn ?? firstDate;
        actProjects.push({
          seedId,
          from: priorityFiled && priorityFiled < signedOn ? priorityFiled : signedOn,
          filed: priorityFiled ? 1 : 0,
        });
        await insertAgreement(trx, author, seedId, {
          companyOrganisationId: company,
          scheme: "act_m",
          signedOn,
          roleSplit:
            "アカデミア: 標的検証・薬効薬理、企業: 化合物最適化・CMC・非臨床安全性 / Academia: target validation and pharmacology; company: optimisation, CMC, non-clinical safety",
          companyMoneyJpy: (actMoney[i - 10] as number) * 1_000_000,
          inKindDescription:
            "化合物ライブラリ、HTS 設備、毒性試験の実施 / compound library, HTS, toxicology studies",
          inKindJpy: r.int(10, 80) * 1_000_000,
        });
        const titles: [string, string][] = [
          ["標的検証の完了", "target validation complete"],
          ["リード化合物の選定", "lead selection"],
          ["非臨床 POC の取得", "non-clinical proof of concept"],
          ["GLP 毒性試験の完了", "GLP toxicology complete"],
          ["治験届の提出", "clinical trial notification filed"],
        ];
        // the roadmap runs from the recent past into the future, so some milestones are open and a few late
        let start = signedOn > addDays(today, -800) ? signedOn : addDays(today, -r.int(500, 800));
        for (const [n, [ja, en]] of titles.entries()) {
          const due = addDays(start, r.int(150, 330));
          const done = due < today && !(due > addDays(today, -240) && r.chance(0.45));
          const decided = done ? (r.chance(0.85) ? "go" : "no_go") : "pending";
          await insertMilestone(
            trx,
            author,
            seedId,
            {
              title: `${ja} / ${en}`,
              ownerSide: n % 2 === 0 ? "academia" : "company",
              startsOn: start,
              dueOn: due,
              deliverable: "報告書と生データ一式 / report with raw data",
              goCriteria: "事前に合意した基準値を満たすこと / meets the pre-agreed threshold",
            },
            done
              ? {
                  decision: decided,
                  decidedOn: addDays(due, r.int(-20, 20)),
                  completedOn: addDays(due, r.int(-20, 20)),
                }
              : undefined,
          );
          if (decided === "no_go") break;
          start = due;
        }
        if (r.chance(0.35)) {
          const dealOn = addDays(signedOn, r.int(400, 1500));
          if (dealOn <= today)
            await insertOutcome(trx, author, seedId, {
              kind: "licence_deal",
              occurredOn: dealOn,
              amountJpy: r.int(3, 40) * 100_000_000,
              partnerOrganisationId: company,
              note: "導出（オプション行使） / licence (option exercised)",
            });
        }
      } else if (stageIndex(stage) >= stageIndex("lead") && r.chance(0.25)) {
        const dealOn = addDays(stageSince, r.int(30, 300));
        if (dealOn <= today)
          await insertOutcome(trx, author, seedId, {
            kind: "licence_deal",
            occurredOn: dealOn,
            amountJpy: r.int(1, 20) * 100_000_000,
            partnerOrganisationId: r.pick(companies).id as string,
            note: "導出 / licence",
          });
      }
      if (r.chance(0.2))
        await insertOutcome(trx, author, seedId, {
          kind: "funding_round",
          occurredOn:
            addDays(firstDate, r.int(100, 900)) > today ? today : addDays(firstDate, r.int(100, 900)),
          amountJpy: r.int(2, 30) * 100_000_000,
          note: "ベンチャー資金調達 / venture round",
        });
      if (stage === "approved")
        await insertOutcome(trx, author, seedId, {
          kind: "approval",
          occurredOn: stageSince,
          note: "国内承認 / approved in Japan",
        });

      // a few confidentiality grants to Sakura Pharma in every state
      if (orgId === toto && i < 6 && i > 0) {
        const status =
          (["active", "requested", "revoked", "active", "declined"] as const)[i - 1] ?? "requested";
        const expiresOn = i === 4 ? addDays(today, -10) : addDays(today, 180);
        const id = randomUUID();
        await trx
          .insertInto("access_grants")
          .values({
            id,
            seed_id: seedId,
            organisation_id: sakura,
            request_message:
              "導出検討のため詳細データを拝見したく存じます。 / We would like to review the data for a licensing decision.",
            status,
            nda_reference:
              status === "requested" || status === "declined"
                ? null
                : `NDA-2026-${String(i).padStart(3, "0")}`,
            expires_on: status === "active" || status === "revoked" ? expiresOn : null,
            decided_at: status === "requested" ? null : new Date(),
          })
          .execute();
        await appendAudit(trx, {
          actor: SYSTEM,
          action: `grant.${status}`,
          entityType: "access_grant",
          entityId: id,
          detail: { seedId },
        });
      }
    }

    await fileActMPatents(trx, author, actProjects, today);
    await keepDocketCurrent(trx, author, toto, today);
  });
  return { seeds };
}

/** The report's count of patent applications filed by the ACT-M projects. */
export const ACT_M_PATENT_FILINGS = 93;

const LATER_FILINGS: [string, string][] = [
  ["PCT 出願", "PCT application"],
  ["米国移行", "US national phase"],
  ["欧州移行", "EP regional phase"],
  ["改良発明（結晶形）の出願", "improvement application (crystal form)"],
  ["用途発明（適応拡大）の出願", "use application (new indication)"],
  ["製剤発明の出願", "formulation application"],
  ["製造方法の出願", "manufacturing-process application"],
  ["併用療法の出願", "combination-therapy application"],
];

/**
 * The demo researcher's own university gets what a docket and a roadmap look like on a working day: two
 * new inventions whose PCT / foreign-filing year ends within 90 and within 30 days, and an ACT-M milestone
 * that is late. Without them every open deadline of the (randomly dated) demo may lie years back, and
 * the researcher would see neither a warning nor a late flag.
 */
async function keepDocketCurrent(
  trx: Transaction<PipelineDatabase>,
  author: { id: string; email: string },
  organisationId: string,
  today: string,
) {
  const seeds = await trx
    .selectFrom("seeds")
    .select(["id", "title_ja", "title_en", "programme"])
    .where("organisation_id", "=", organisationId)
    .orderBy("created_at")
    .execute();
  const inventions: [number, string, string][] = [
    [-290, "第二世代化合物", "second-generation compounds"],
    [-350, "製剤と投与経路", "formulation and route of administration"],
  ];
  const others = seeds.filter((s) => s.programme !== "act_m");
  for (const [k, [days, ja, en]] of inventions.entries()) {
    const seed = others[k];
    if (!seed) break;
    const priority = addDays(today, days);
    await insertIpFamily(trx, author, seed.id, {
      title: `${seed.title_en}: ${en}（${ja}）`,
      priorityDate: priority,
      applications: [{ office: "JP", status: "filed", filedOn: priority }],
    });
    await insertOutcome(trx, author, seed.id, {
      kind: "patent_filed",
      occurredOn: priority,
      note: `JP 優先権出願（${ja}） / JP priority application (${en})`,
    });
  }
  const shared = seeds.find((s) => s.programme === "act_m");
  if (shared)
    await insertMilestone(trx, author, shared.id, {
      title: "中間報告書の提出 / interim report submitted",
      ownerSide: "academia",
      startsOn: addDays(today, -120),
      dueOn: addDays(today, -12),
      deliverable: "中間報告書 / interim report",
      goCriteria: "合意した評価項目の結果が揃っていること / results of the agreed endpoints in hand",
    });
}

/**
 * ACT-M projects file more than their first application: PCT and national phases, then improvement, use,
 * formulation and process inventions as the joint work goes on. The filings beyond each project's JP
 * priority application are spread over the projects in proportion to how long each has run, dated
 * between its start and today, so that the programme's filings add up to the report's 93. They use their
 * own random stream, so the rest of the demo is the same as without them.
 */
async function fileActMPatents(
  trx: Transaction<PipelineDatabase>,
  author: { id: string; email: string },
  projects: { seedId: string; from: string; filed: number }[],
  today: string,
) {
  const r = rng(ACT_M_PATENT_FILINGS);
  const daysTo = (from: string) =>
    Math.max(1, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000));
  const extra = projects.map(() => 0);
  let left = ACT_M_PATENT_FILINGS - projects.reduce((n, p) => n + p.filed, 0);
  // every project without a priority filing gets one first, then the rest go by time running
  projects.forEach((p, k) => {
    if (p.filed === 0 && left > 0) {
      extra[k] = 1;
      left--;
    }
  });
  const weights = projects.map((p) => daysTo(p.from));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  for (; left > 0; left--) {
    let x = r.next() * totalWeight;
    let k = 0;
    while (k < weights.length - 1 && x >= (weights[k] as number)) x -= weights[k++] as number;
    extra[k] = (extra[k] as number) + 1;
  }
  for (const [k, p] of projects.entries()) {
    const n = extra[k] as number;
    const span = daysTo(p.from);
    for (let j = 0; j < n; j++) {
      const first = p.filed === 0 && j === 0;
      const [ja, en] = first
        ? (["JP 優先権出願", "JP priority application"] as const)
        : (LATER_FILINGS[(j + k) % LATER_FILINGS.length] as [string, string]);
      const offset = first ? 0 : Math.round(((j + 1) / (n + 1)) * span) + r.int(-20, 20);
      const on = addDays(p.from, Math.min(span, Math.max(0, offset)));
      await insertOutcome(trx, author, p.seedId, {
        kind: "patent_filed",
        occurredOn: on > today ? today : on,
        note: `${ja} / ${en}`,
      });
    }
  }
}
