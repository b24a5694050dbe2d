/** Consultation topics of the desk (MEDISO's fields of advice). */
export const DESK_TOPICS = ["ip", "regulatory", "business", "funding", "overseas"] as const;
export type DeskTopic = (typeof DESK_TOPICS)[number];

export const URGENCIES = ["low", "normal", "high", "urgent"] as const;
export type Urgency = (typeof URGENCIES)[number];

/** new: no expert yet (none free for the topic); assigned: triaged; in_progress: the expert responded. */
export const CASE_STATUSES = ["new", "assigned", "in_progress", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_OUTCOMES = ["resolved", "referred", "not_resolved", "withdrawn"] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const SLOT_MODES = ["online", "onsite"] as const;
export type SlotMode = (typeof SLOT_MODES)[number];

export const TOPIC_LABELS: Record<DeskTopic, { ja: string; en: string }> = {
  ip: { ja: "知財", en: "IP" },
  regulatory: { ja: "薬事・規制", en: "regulatory" },
  business: { ja: "事業化", en: "business" },
  funding: { ja: "資金調達", en: "funding" },
  overseas: { ja: "海外展開", en: "overseas expansion" },
};

export const URGENCY_LABELS: Record<Urgency, { ja: string; en: string }> = {
  low: { ja: "低", en: "low" },
  normal: { ja: "通常", en: "normal" },
  high: { ja: "高", en: "high" },
  urgent: { ja: "至急", en: "urgent" },
};
