/** Forum topics: where researchers, companies and the regulator talk early (report area 1 and 3). */
export const FORUM_TOPICS = [
  "regulatory_science",
  "non_clinical",
  "cmc",
  "clinical_development",
  "rwd",
  "new_modality",
  "general",
] as const;
export type ForumTopic = (typeof FORUM_TOPICS)[number];

export const FORUM_TOPIC_LABELS: Record<ForumTopic, { ja: string; en: string }> = {
  regulatory_science: { ja: "レギュラトリーサイエンス", en: "regulatory science" },
  non_clinical: { ja: "非臨床試験", en: "non-clinical studies" },
  cmc: { ja: "CMC・製造", en: "CMC / manufacturing" },
  clinical_development: { ja: "臨床開発", en: "clinical development" },
  rwd: { ja: "リアルワールドデータ", en: "real-world data" },
  new_modality: { ja: "新規モダリティ", en: "new modalities" },
  general: { ja: "一般", en: "general" },
};
