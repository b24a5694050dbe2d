import type { Database } from "@kakehashi/store";
import type { Kysely } from "kysely";
import { demoAccount } from "../desk/demo.ts";
import { acceptTerms, addJointProject, addSpecimens, createConsortium, publishTerms } from "./consortia.ts";
import { consortiumDb } from "./schema.ts";
import type { MemberRole } from "./terms.ts";

const NAME_EN = "GAPFREE Neurology Consortium (demo)";

/**
 * One GAPFREE-style consortium on diseases of the nervous system (ICD-10 chapter G): the demo university
 * leads it, the research organisations that own neurology seeds in the pipeline demo, two companies, the
 * core hospital as clinical site and the regulator as observer take part. It holds a specimen catalogue
 * (counts only), version 1 of the data-sharing terms (accepted by the lead and Sakura) and a joint
 * project on the lead's neuromuscular seeds. Runs once.
 */
export async function seedConsortiumDemo(
  store: Kysely<Database>,
  today: string,
): Promise<{ consortia: number; members: number; specimens: number }> {
  const db = consortiumDb(store);
  if ((await db.selectFrom("partnering_consortia").select("id").limit(1).execute()).length)
    return { consortia: 0, members: 0, specimens: 0 };
  const funder = await demoAccount(store, "po@funder.example");
  const researcher = await demoAccount(store, "researcher@toto-u.example");
  const company = await demoAccount(store, "bd@sakura-pharma.example");
  const orgs = await db.selectFrom("organisations").select(["id", "name_en", "kind"]).execute();
  const byName = (en: string) => orgs.find((o) => o.name_en === en)?.id;
  const members = new Map<string, MemberRole>([[researcher.organisation.id, "lead"]]);
  const neuroSeeds = await db
    .selectFrom("seeds")
    .innerJoin("organisations as o", "o.id", "seeds.organisation_id")
    .select(["seeds.id", "seeds.organisation_id", "seeds.icd10", "o.kind"])
    .where("seeds.icd10", "like", "G%")
    .orderBy("seeds.created_at")
    .execute();
  for (const s of neuroSeeds)
    if (!members.has(s.organisation_id))
      members.set(s.organisation_id, s.kind === "hospital" ? "clinical_site" : "academic");
  for (const [name, role] of [
    ["Sakura Pharmaceutical Co.", "industry"],
    ["Fuji Biopharma Inc.", "industry"],
    ["Central Core Clinical Research Hospital", "clinical_site"],
    ["Drug Review Centre (demo)", "observer"],
  ] as const) {
    const id = byName(name);
    if (id && !members.has(id)) members.set(id, role);
  }
  const consortium = await createConsortium(store, funder, {
    nameJa: "GAPFREE 神経疾患コンソーシアム（デモ）",
    nameEn: NAME_EN,
    icd10Area: "G",
    publicDescriptionJa:
      "神経・筋疾患（ICD-10 第 VI 章）を対象に、複数の大学と企業が臨床検体と臨床情報を共有し、バイオマーカーと新規モダリティの開発を進める産学官コンソーシアムです。検体カタログは件数のみを公開し、個人情報は扱いません。",
    publicDescriptionEn:
      "An academia–industry–government consortium on neurological and neuromuscular diseases (ICD-10 chapter VI): several universities and companies share clinical specimens and clinical information to develop biomarkers and new modalities. The specimen catalogue shows counts only; no personal data is held.",
    members: [...members].map(([organisationId, role]) => ({ organisationId, role })),
  });
  await publishTerms(store, researcher, consortium.id, {
    textJa:
      "第 1 条（目的）共有検体は、本コンソーシアムの共同研究の目的に限り利用する。\n第 2 条（個人情報）検体提供機関は、匿名化した上で件数と臨床情報の有無のみをカタログに登録する。\n第 3 条（二次利用）同意文書の範囲を超える利用は、倫理審査委員会の承認を要する。\n第 4 条（成果）共同研究の成果の帰属は、別途締結する共同研究契約による。",
    textEn:
      "Art. 1 (Purpose) Shared specimens are used only for the consortium's joint research.\nArt. 2 (Personal data) Contributors anonymise specimens and list only counts and whether clinical information exists.\nArt. 3 (Secondary use) Use beyond the scope of the consent requires ethics committee approval.\nArt. 4 (Results) Ownership of results follows the joint research agreement concluded separately.",
  });
  await acceptTerms(store, researcher, consortium.id, 1);
  await acceptTerms(store, company, consortium.id, 1);
  const lines = [
    {
      specimenType: "csf",
      icd10: "G30.9",
      count: 412,
      clinicalData: { diagnosis: true, disease_stage: true, imaging: true, outcome_follow_up: true },
      collectedFromYear: 2016,
      collectedToYear: 2025,
    },
    {
      specimenType: "plasma",
      icd10: "G30.9",
      count: 1280,
      clinicalData: { diagnosis: true, disease_stage: true, lab_values: true, genomic_profile: true },
      collectedFromYear: 2015,
      collectedToYear: 2025,
    },
    {
      specimenType: "plasma",
      icd10: "G20",
      count: 860,
      clinicalData: { diagnosis: true, disease_stage: true, treatment_history: true },
      collectedFromYear: 2017,
      collectedToYear: 2025,
    },
    {
      specimenType: "tissue_frozen",
      icd10: "G71.0",
      count: 64,
      clinicalData: { diagnosis: true, genomic_profile: true, outcome_follow_up: true },
      collectedFromYear: 2012,
      collectedToYear: 2024,
    },
    {
      specimenType: "dna",
      icd10: "G12.0",
      count: 138,
      clinicalData: { diagnosis: true, genomic_profile: true, treatment_history: true },
      collectedFromYear: 2014,
      collectedToYear: 2025,
    },
    {
      specimenType: "pbmc",
      icd10: "G71.0",
      count: 95,
      clinicalData: { diagnosis: true, lab_values: true },
      collectedFromYear: 2019,
      collectedToYear: 2025,
    },
  ];
  await addSpecimens(store, researcher, consortium.id, { specimens: lines });
  const leadSeeds = neuroSeeds
    .filter((s) => s.organisation_id === researcher.organisation.id)
    .map((s) => s.id);
  if (leadSeeds.length)
    await addJointProject(store, company, consortium.id, {
      titleJa: "筋疾患検体を用いたエクソンスキッピング核酸の応答バイオマーカー探索",
      titleEn: "Response biomarkers for exon-skipping oligonucleotides from neuromuscular specimens",
      startedOn: today,
      seedIds: leadSeeds.slice(0, 3),
    });
  return { consortia: 1, members: members.size, specimens: lines.reduce((n, l) => n + l.count, 0) };
}

export const DEMO_CONSORTIUM_NAME_EN = NAME_EN;
