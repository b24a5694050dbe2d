import { z } from "zod";
import rulesV1Json from "./readiness-rules.v1.json" with { type: "json" };
import { EvidenceKind, IntegrityLevel, Modality, STAGES, Stage, stageIndex } from "./vocabulary.ts";

export interface ReadinessRule {
  version: number;
  /** The stage being entered. */
  gate: Stage;
  modality: Modality | "*";
  /** Stable id (snake_case); a modality-specific rule replaces the "*" rule with the same id at the same gate. */
  requirement: string;
  evidenceKind: EvidenceKind;
  minIntegrity: IntegrityLevel;
  minReplications: number;
  requireIndependentLab: boolean;
  labelJa: string;
  labelEn: string;
}

export interface EvidenceForReadiness {
  id: string;
  title: string;
  kind: EvidenceKind;
  integrityLevel: IntegrityLevel;
  replications: number;
  reproducedByOtherLab: boolean;
  performedOn: string;
}

export type ReasonCode =
  | "no_evidence"
  | "champion_data"
  | "integrity_too_low"
  | "too_few_replications"
  | "not_independently_reproduced";

export interface RequirementStatus {
  requirement: string;
  labelJa: string;
  labelEn: string;
  satisfied: boolean;
  /** Ids of the evidence that meets the requirement. */
  satisfiedBy: string[];
  /** Why the closest evidence falls short, or that none exists; empty when satisfied. */
  reasons: { code: ReasonCode; ja: string; en: string }[];
}

export interface GateAssessment {
  gate: Stage;
  /** passed: the seed is already at or beyond this stage. */
  status: "passed" | "ready" | "not_ready";
  requirements: RequirementStatus[];
}

export interface ReadinessAssessment {
  ruleVersion: number;
  stage: Stage;
  modality: Modality;
  nextGate: Stage | null;
  gates: GateAssessment[];
}

export const ReadinessRuleSchema = z.strictObject({
  version: z.number().int().min(1),
  // nothing is entered before the first stage, so it cannot be a gate
  gate: Stage.exclude(["target_discovery"]),
  modality: z.union([Modality, z.literal("*")]),
  requirement: z.string().regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/),
  evidenceKind: EvidenceKind,
  minIntegrity: IntegrityLevel,
  minReplications: z.number().int().min(1),
  requireIndependentLab: z.boolean(),
  labelJa: z.string().trim().min(1),
  labelEn: z.string().trim().min(1),
});

const ruleKey = (r: Pick<ReadinessRule, "version" | "gate" | "modality" | "requirement">) =>
  `${r.version}/${r.gate}/${r.modality}/${r.requirement}`;

/** A rule table as stored: every row valid and (version, gate, modality, requirement) unique, the table's key. */
export const ReadinessRuleSet = z.array(ReadinessRuleSchema).superRefine((rules, ctx) => {
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    const key = ruleKey(rule);
    if (seen.has(key))
      ctx.addIssue({ code: "custom", path: [i], message: `duplicate readiness rule ${key}` });
    seen.add(key);
  });
});

export function parseReadinessRules(data: unknown): ReadinessRule[] {
  return ReadinessRuleSet.parse(data);
}

// a broken rule file must stop the process at start-up, not surface as a wrong assessment later
export const READINESS_RULES_V1: ReadinessRule[] = parseReadinessRules(rulesV1Json);

/**
 * GxP levels are different regimes, not a ladder: a GLP toxicology study is not GMP manufacture, and neither
 * is a GCP trial. Only a research-level requirement accepts evidence of any level.
 */
export function integritySatisfies(actual: IntegrityLevel, required: IntegrityLevel): boolean {
  return required === "research" || actual === required;
}

/**
 * チャンピオンデータ: one best, unreplicated research result. GxP studies are excluded because a GLP
 * toxicology study or a GCP trial is run once by design, under a protocol and quality assurance.
 */
export function isChampionData(e: EvidenceForReadiness): boolean {
  return e.integrityLevel === "research" && e.replications < 2 && !e.reproducedByOtherLab;
}

const KIND_LABELS: Record<EvidenceKind, { ja: string; en: string }> = {
  target_validation: { ja: "標的妥当性検証", en: "target validation" },
  in_vitro_efficacy: { ja: "in vitro 薬効", en: "in vitro efficacy" },
  in_vivo_efficacy: { ja: "in vivo 薬効", en: "in vivo efficacy" },
  pk_adme: { ja: "薬物動態・ADME", en: "PK / ADME" },
  off_target: { ja: "オフターゲット評価", en: "off-target assessment" },
  safety_pharmacology: { ja: "安全性薬理", en: "safety pharmacology" },
  toxicology: { ja: "毒性試験", en: "toxicology" },
  cmc_plan: { ja: "CMC・製造", en: "CMC / manufacturing" },
  biomarker: { ja: "バイオマーカー", en: "biomarker" },
  clinical: { ja: "臨床試験", en: "clinical" },
  other: { ja: "その他", en: "other" },
};

const LEVEL_LABELS: Record<IntegrityLevel, { ja: string; en: string }> = {
  research: { ja: "研究レベル", en: "research-grade" },
  glp: { ja: "GLP 準拠", en: "GLP" },
  gmp: { ja: "GMP 準拠", en: "GMP" },
  gcp: { ja: "GCP 準拠", en: "GCP" },
};

type Reason = RequirementStatus["reasons"][number];

function shortfalls(rule: ReadinessRule, e: EvidenceForReadiness): Reason[] {
  const out: Reason[] = [];
  const t = e.title;
  if (isChampionData(e)) {
    out.push({
      code: "champion_data",
      ja: `「${t}」は単回・未再現の研究データ（チャンピオンデータ）のため、要件を満たす根拠になりません。反復実験か他施設での再現が必要です。`,
      en: `"${t}" is champion data (a single, unreplicated research result) and cannot meet any requirement; repeat it or have another lab reproduce it.`,
    });
  }
  if (!integritySatisfies(e.integrityLevel, rule.minIntegrity)) {
    const have = LEVEL_LABELS[e.integrityLevel];
    const need = LEVEL_LABELS[rule.minIntegrity];
    out.push({
      code: "integrity_too_low",
      ja: `「${t}」は${have.ja}のデータです。${need.ja}で実施されたデータが必要です。`,
      en: `"${t}" is ${have.en} data; this requirement needs ${need.en} data.`,
    });
  }
  if (e.replications < rule.minReplications) {
    out.push({
      code: "too_few_replications",
      ja: `「${t}」の反復は${e.replications}回です。${rule.minReplications}回以上必要です。`,
      en: `"${t}" has ${e.replications} replication${e.replications === 1 ? "" : "s"}; at least ${rule.minReplications} are needed.`,
    });
  }
  if (rule.requireIndependentLab && !e.reproducedByOtherLab) {
    out.push({
      code: "not_independently_reproduced",
      ja: `「${t}」は他の研究室で再現されていません。独立した施設での再現が必要です。`,
      en: `"${t}" has not been reproduced by another lab; this requirement needs independent reproduction.`,
    });
  }
  return out;
}

function assessRequirement(rule: ReadinessRule, evidence: EvidenceForReadiness[]): RequirementStatus {
  const base = { requirement: rule.requirement, labelJa: rule.labelJa, labelEn: rule.labelEn };
  const candidates = evidence
    .filter((e) => e.kind === rule.evidenceKind)
    .map((e) => ({ e, gaps: shortfalls(rule, e) }));
  const satisfiedBy = candidates.filter((c) => c.gaps.length === 0).map((c) => c.e.id);
  if (satisfiedBy.length > 0) return { ...base, satisfied: true, satisfiedBy, reasons: [] };
  if (candidates.length === 0) {
    const kind = KIND_LABELS[rule.evidenceKind];
    return {
      ...base,
      satisfied: false,
      satisfiedBy: [],
      reasons: [
        {
          code: "no_evidence",
          ja: `該当するエビデンス（${kind.ja}）がまだ登録されていません。`,
          en: `No ${kind.en} evidence has been recorded yet.`,
        },
      ],
    };
  }
  // explain the gap of the evidence nearest to passing (fewest shortfalls, then the most recent)
  const closest = candidates.reduce((best, c) =>
    c.gaps.length < best.gaps.length ||
    (c.gaps.length === best.gaps.length && c.e.performedOn > best.e.performedOn)
      ? c
      : best,
  );
  return { ...base, satisfied: false, satisfiedBy: [], reasons: closest.gaps };
}

/**
 * The rules that bind a seed of this modality, in table order: "*" rows and the modality's own rows, where a
 * modality's row takes the place of the "*" row with the same gate and requirement id.
 */
function rulesFor(rules: ReadinessRule[], modality: Modality): ReadinessRule[] {
  const own = new Map(
    rules.filter((r) => r.modality === modality).map((r) => [`${r.gate}/${r.requirement}`, r]),
  );
  const out: ReadinessRule[] = [];
  const placed = new Set<ReadinessRule>();
  for (const r of rules) {
    const replacement = r.modality === "*" ? own.get(`${r.gate}/${r.requirement}`) : undefined;
    const rule = r.modality === "*" ? (replacement ?? r) : r.modality === modality ? r : undefined;
    if (rule && !placed.has(rule)) {
      placed.add(rule);
      out.push(rule);
    }
  }
  return out;
}

/** Which stage gates a seed's evidence opens, under the newest rule version in `rules`. */
export function assessReadiness(
  seed: { stage: Stage; modality: Modality },
  evidence: EvidenceForReadiness[],
  rules: ReadinessRule[],
): ReadinessAssessment {
  const ruleVersion = rules.reduce((v, r) => Math.max(v, r.version), 0);
  const binding = rulesFor(
    rules.filter((r) => r.version === ruleVersion),
    seed.modality,
  );
  const current = stageIndex(seed.stage);
  const gates: GateAssessment[] = [];
  for (const gate of STAGES.slice(1)) {
    const gateRules = binding.filter((r) => r.gate === gate);
    if (gateRules.length === 0) continue;
    const requirements = gateRules.map((r) => assessRequirement(r, evidence));
    const status =
      stageIndex(gate) <= current ? "passed" : requirements.every((s) => s.satisfied) ? "ready" : "not_ready";
    gates.push({ gate, status, requirements });
  }
  return {
    ruleVersion,
    stage: seed.stage,
    modality: seed.modality,
    nextGate: STAGES[current + 1] ?? null,
    gates,
  };
}
