/**
 * A seed's indication against the existing medicines: which approved medicines treat the same disease,
 * and how many of them reached Japan. The ICD-10 code is looked up in a table of disease words as the
 * approval lists write them (EMA therapeutic areas are MeSH terms; FDA and PMDA write indications in
 * prose); a code the table does not know falls back to its chapter's ATC main group, which is broader.
 */

import { summarise } from "./analyses/quantile.ts";
import { ATC_LEVEL1, type LocalText } from "./atc.ts";
import type { Medicine } from "./medicines.ts";
import { type MedicineSummary, type MonitorState, medicineSummary } from "./monitor.ts";

/**
 * Disease words by ICD-10 prefix (the longest prefix wins). Words are matched case-insensitively inside
 * the indication texts, so they are chosen to be specific ("pancreatic cancer", not "pancrea").
 */
export const INDICATION_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  A41: ["sepsis", "septic shock", "bloodstream infection", "bacteremia"],
  A97: ["dengue"],
  B18: ["chronic hepatitis"],
  "B18.1": ["hepatitis b"],
  "B18.2": ["hepatitis c"],
  B20: ["hiv"],
  C16: [
    "gastric cancer",
    "stomach neoplasms",
    "gastric or gastroesophageal",
    "gastric adenocarcinoma",
    "stomach cancer",
  ],
  C18: ["colorectal", "colon cancer", "colonic neoplasms"],
  C22: ["hepatocellular", "liver neoplasms", "liver cancer"],
  "C22.1": ["cholangiocarcinoma", "biliary tract", "bile duct"],
  C25: [
    "pancreatic cancer",
    "pancreatic adenocarcinoma",
    "pancreatic carcinoma",
    "pancreatic neoplasms",
    "pancreatic ductal",
  ],
  C34: [
    "lung cancer",
    "non-small cell lung",
    "non-small-cell lung",
    "small cell lung",
    "lung neoplasms",
    "nsclc",
  ],
  C43: ["melanoma"],
  C50: ["breast cancer", "breast neoplasms"],
  C56: ["ovarian cancer", "ovarian neoplasms"],
  C61: ["prostate cancer", "prostatic neoplasms", "prostate carcinoma"],
  C64: ["renal cell carcinoma", "kidney neoplasms"],
  C67: ["urothelial", "bladder cancer", "urinary bladder neoplasms"],
  C83: ["lymphoma"],
  "C83.3": ["diffuse large b-cell", "lymphoma, large b-cell", "dlbcl"],
  C90: ["multiple myeloma"],
  C91: ["lymphocytic leukemia", "lymphoblastic leukemia", "lymphoid leukemia"],
  C92: ["myeloid leukemia", "myelogenous leukemia"],
  D66: ["hemophilia a", "haemophilia a"],
  D67: ["hemophilia b", "haemophilia b"],
  E10: ["type 1 diabetes", "diabetes mellitus, type 1"],
  E11: ["type 2 diabetes", "diabetes mellitus, type 2", "type ii diabetes"],
  E70: ["phenylketonuria"],
  E74: ["glycogen storage", "pompe"],
  E75: ["fabry", "gaucher"],
  E76: ["mucopolysaccharidosis"],
  E78: ["hypercholesterol", "hyperlipid", "dyslipid"],
  E85: ["amyloidosis"],
  "E85.1": ["transthyretin", "amyloidosis"],
  F20: ["schizophrenia"],
  F32: ["depressive disorder", "major depressive", "depression"],
  G12: ["spinal muscular atrophy", "amyotrophic lateral sclerosis"],
  "G12.0": ["spinal muscular atrophy"],
  "G12.2": ["amyotrophic lateral sclerosis"],
  G20: ["parkinson"],
  G30: ["alzheimer"],
  G35: ["multiple sclerosis"],
  G40: ["epilepsy", "seizures"],
  G43: ["migraine"],
  G62: ["polyneuropathy", "neuropathy"],
  G71: ["muscular dystrophy", "duchenne"],
  "G71.0": ["muscular dystrophy", "duchenne"],
  I10: ["hypertension"],
  I50: ["heart failure"],
  J21: ["respiratory syncytial", "bronchiolitis"],
  J45: ["asthma"],
  "J84.1": ["idiopathic pulmonary fibrosis", "pulmonary fibrosis"],
  K50: ["crohn"],
  K51: ["ulcerative colitis", "colitis, ulcerative"],
  L20: ["atopic dermatitis", "dermatitis, atopic"],
  L40: ["psoriasis"],
  M05: ["rheumatoid arthritis", "arthritis, rheumatoid"],
  M06: ["rheumatoid arthritis", "arthritis, rheumatoid"],
  M45: ["ankylosing spondylitis", "spondylitis, ankylosing", "axial spondyloarthritis"],
  N18: ["chronic kidney disease", "renal insufficiency, chronic"],
  U07: ["covid-19", "sars-cov-2", "coronavirus"],
};

/** ICD-10 chapters (by first letter, with the ranges that split a letter) and their ATC main group. */
function chapterArea(icd10: string): string | null {
  const letter = icd10.charAt(0);
  const number = Number(icd10.slice(1, 3));
  if (letter === "A" || letter === "B") return "J";
  if (letter === "C" || (letter === "D" && number < 50)) return "L";
  if (letter === "D") return "B";
  if (letter === "E") return "A";
  if (letter === "F" || letter === "G") return "N";
  if (letter === "H") return "S";
  if (letter === "I") return "C";
  if (letter === "J") return "R";
  if (letter === "K") return "A";
  if (letter === "L") return "D";
  if (letter === "M") return "M";
  if (letter === "N") return "G";
  if (letter === "U" && icd10.startsWith("U07")) return "J";
  return null;
}

export interface IndicationLag {
  icd10: string;
  basis: "keywords" | "therapeutic-area";
  keywords: string[];
  area: { code: string; label: LocalText } | null;
  summary: { n: number; approvedJp: number; notApprovedJp: number; medianLagMonths: number | null };
  /** newest first US/EU approval first, at most `limit` */
  medicines: MedicineSummary[];
}

export function keywordsFor(icd10: string): string[] {
  const code = icd10.trim().toUpperCase();
  for (let n = code.length; n >= 3; n--) {
    const words = INDICATION_KEYWORDS[code.slice(0, n)];
    if (words) return [...words];
  }
  return [];
}

/** The existing medicines for an ICD-10 indication, with how many reached Japan and their median lag. */
export function indicationLag(state: MonitorState, icd10: string, limit = 100): IndicationLag {
  const keywords = keywordsFor(icd10);
  const areaCode = chapterArea(icd10.trim().toUpperCase());
  let medicines: Medicine[];
  if (keywords.length) {
    medicines = state.load.medicines.filter((m) => {
      const text = state.indicationText.get(m.id) ?? "";
      return keywords.some((k) => text.includes(k));
    });
  } else {
    medicines = areaCode ? state.load.medicines.filter((m) => m.therapeuticArea.code === areaCode) : [];
  }
  // the lag and loss questions are about medicines first approved abroad
  medicines = medicines
    .filter((m) => m.firstUsEu !== null)
    .sort((a, b) => (b.firstUsEu?.date ?? "").localeCompare(a.firstUsEu?.date ?? ""));
  const lags = medicines.flatMap((m) => (m.lagMonths === null ? [] : [m.lagMonths]));
  const approvedJp = medicines.filter((m) => m.jpStatus === "approved-jp").length;
  return {
    icd10,
    basis: keywords.length ? "keywords" : "therapeutic-area",
    keywords,
    area: areaCode ? { code: areaCode, label: ATC_LEVEL1[areaCode] as LocalText } : null,
    summary: {
      n: medicines.length,
      approvedJp,
      notApprovedJp: medicines.length - approvedJp,
      medianLagMonths: summarise(lags).median,
    },
    medicines: medicines.slice(0, limit).map(medicineSummary),
  };
}
