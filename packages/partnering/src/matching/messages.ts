import type { OrganisationKind } from "@kakehashi/core";
import type { Modality, Stage } from "@kakehashi/pipeline";
import type { BudgetBand, DealType, Expertise, FeedbackReason, Region, TicketBand } from "./vocabulary.ts";

/** A text every user sees, in both languages of the platform. */
export interface Bilingual {
  ja: string;
  en: string;
}

export const MODALITY_LABELS: Record<Modality, Bilingual> = {
  small_molecule: { ja: "低分子", en: "small molecule" },
  peptide: { ja: "中分子（ペプチド）", en: "mid-size molecule (peptide)" },
  nucleic_acid: { ja: "核酸", en: "nucleic acid" },
  antibody: { ja: "抗体", en: "antibody" },
  adc: { ja: "抗体薬物複合体 (ADC)", en: "antibody–drug conjugate (ADC)" },
  ri_antibody: { ja: "RI 抗体", en: "RI antibody" },
  cell: { ja: "細胞", en: "cell therapy" },
  gene: { ja: "遺伝子", en: "gene therapy" },
  microbiome: { ja: "マイクロバイオーム", en: "microbiome" },
  exosome: { ja: "エクソソーム", en: "exosome" },
  vaccine: { ja: "ワクチン", en: "vaccine" },
  other: { ja: "その他", en: "other" },
};

export const STAGE_LABELS: Record<Stage, Bilingual> = {
  target_discovery: { ja: "標的探索", en: "target discovery" },
  target_validation: { ja: "標的検証", en: "target validation" },
  hit: { ja: "ヒット", en: "hit" },
  lead: { ja: "リード", en: "lead" },
  non_clinical: { ja: "非臨床", en: "non-clinical" },
  ind_enabling: { ja: "IND 申請準備（GLP 毒性）", en: "IND-enabling (GLP toxicology)" },
  phase1: { ja: "第I相", en: "phase I" },
  phase2: { ja: "第II相", en: "phase II" },
  phase3: { ja: "第III相", en: "phase III" },
  filed: { ja: "承認申請中", en: "filed for approval" },
  approved: { ja: "承認", en: "approved" },
};

export const EXPERTISE_LABELS: Record<Expertise, Bilingual> = {
  toxicology: { ja: "毒性・安全性", en: "toxicology" },
  cmc: { ja: "CMC・製造", en: "CMC / manufacturing" },
  regulatory: { ja: "薬事・規制", en: "regulatory" },
  ip: { ja: "知財", en: "IP" },
  clinical_development: { ja: "臨床開発", en: "clinical development" },
  business: { ja: "事業開発", en: "business development" },
};

export const DEAL_TYPE_LABELS: Record<DealType, Bilingual> = {
  licence: { ja: "導出（ライセンス）", en: "licence" },
  co_development: { ja: "共同開発", en: "co-development" },
  option: { ja: "オプション契約", en: "option" },
  research_collaboration: { ja: "共同研究", en: "research collaboration" },
};

export const REGION_LABELS: Record<Region, Bilingual> = {
  japan: { ja: "日本", en: "Japan" },
  asia: { ja: "アジア", en: "Asia" },
  north_america: { ja: "北米", en: "North America" },
  europe: { ja: "欧州", en: "Europe" },
  global: { ja: "全世界", en: "worldwide" },
};

export const BUDGET_BAND_LABELS: Record<BudgetBand, Bilingual> = {
  under_100m: { ja: "1 億円未満", en: "under JPY 100M" },
  "100m_500m": { ja: "1〜5 億円", en: "JPY 100M–500M" },
  "500m_2b": { ja: "5〜20 億円", en: "JPY 500M–2B" },
  over_2b: { ja: "20 億円超", en: "over JPY 2B" },
};

export const TICKET_BAND_LABELS: Record<TicketBand, Bilingual> = {
  under_50m: { ja: "5,000 万円未満", en: "under JPY 50M" },
  "50m_200m": { ja: "5,000 万〜2 億円", en: "JPY 50M–200M" },
  "200m_1b": { ja: "2〜10 億円", en: "JPY 200M–1B" },
  over_1b: { ja: "10 億円超", en: "over JPY 1B" },
};

/** Joins labels as a list in each language (、 in Japanese, ", " in English). */
export function listOf(items: readonly Bilingual[]): Bilingual {
  return { ja: items.map((i) => i.ja).join("、"), en: items.map((i) => i.en).join(", ") };
}

export const FEATURE_LABELS = {
  area: { ja: "疾患領域", en: "disease area" },
  modality: { ja: "モダリティ", en: "modality" },
  stage: { ja: "開発段階", en: "stage" },
  readiness: { ja: "エビデンスの準備状況", en: "evidence readiness" },
  pastDeals: { ja: "同領域での導出実績", en: "past deals in the area" },
  unmetNeed: { ja: "国内のアンメットニーズ", en: "unmet need in Japan" },
  expertise: { ja: "専門性", en: "expertise" },
  capacity: { ja: "担当余力", en: "capacity" },
} as const satisfies Record<string, Bilingual>;

export const FEEDBACK_REASON_LABELS: Record<FeedbackReason, Bilingual> = {
  strategic_fit: { ja: "戦略に合致", en: "strategic fit" },
  strong_evidence: { ja: "エビデンスが十分", en: "strong evidence" },
  unmet_need: { ja: "アンメットニーズが大きい", en: "high unmet need" },
  relationship: { ja: "既存の関係", en: "existing relationship" },
  area_outside_focus: { ja: "疾患領域が対象外", en: "disease area outside our focus" },
  modality_outside_focus: { ja: "モダリティが対象外", en: "modality outside our focus" },
  too_early: { ja: "開発段階が早すぎる", en: "too early" },
  too_late: { ja: "開発段階が進みすぎている", en: "too late" },
  insufficient_evidence: {
    ja: "エビデンス不足（再現性・GxP）",
    en: "insufficient evidence (reproducibility, GxP)",
  },
  ip_position: { ja: "知財上の懸念", en: "IP position" },
  budget: { ja: "予算が合わない", en: "budget" },
  no_capacity: { ja: "対応できる体制がない", en: "no capacity" },
  timing: { ja: "時期が合わない", en: "timing" },
  competing_asset: { ja: "競合する自社品目がある", en: "competing asset in our portfolio" },
  other: { ja: "その他", en: "other" },
};

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, Bilingual> = {
  university: { ja: "大学・研究機関", en: "university" },
  company: { ja: "企業", en: "company" },
  investor: { ja: "投資家", en: "investor" },
  funder: { ja: "資金配分機関", en: "funder" },
  regulator: { ja: "規制当局", en: "regulator" },
  hospital: { ja: "病院", en: "hospital" },
};
