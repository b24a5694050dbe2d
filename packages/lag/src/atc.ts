/** ATC level 1 (anatomical main groups, WHO), the grouping used for therapeutic areas. */
export interface LocalText {
  ja: string;
  en: string;
}

export const ATC_LEVEL1: Readonly<Record<string, LocalText>> = {
  A: { ja: "消化管と代謝", en: "Alimentary tract and metabolism" },
  B: { ja: "血液と造血器官", en: "Blood and blood forming organs" },
  C: { ja: "循環器系", en: "Cardiovascular system" },
  D: { ja: "皮膚科用薬", en: "Dermatologicals" },
  G: { ja: "泌尿生殖器系と性ホルモン", en: "Genito-urinary system and sex hormones" },
  H: {
    ja: "全身用ホルモン製剤（性ホルモンとインスリンを除く）",
    en: "Systemic hormonal preparations, excluding sex hormones and insulins",
  },
  J: { ja: "全身用抗感染症薬", en: "Antiinfectives for systemic use" },
  L: { ja: "抗悪性腫瘍薬と免疫調節薬", en: "Antineoplastic and immunomodulating agents" },
  M: { ja: "筋骨格系", en: "Musculo-skeletal system" },
  N: { ja: "神経系", en: "Nervous system" },
  P: { ja: "抗寄生虫薬・殺虫剤・忌避剤", en: "Antiparasitic products, insecticides and repellents" },
  R: { ja: "呼吸器系", en: "Respiratory system" },
  S: { ja: "感覚器", en: "Sensory organs" },
  V: { ja: "その他", en: "Various" },
};

export const UNCLASSIFIED = "unclassified";
export const UNCLASSIFIED_TEXT: LocalText = { ja: "分類なし", en: "Unclassified" };

/** The level-1 letter of an ATC code ("L01XC07" → "L"), or null if it is not an ATC code. */
export function atcLevel1(code: string | null | undefined): string | null {
  const letter = code?.trim().charAt(0).toUpperCase() ?? "";
  return letter in ATC_LEVEL1 ? letter : null;
}
