/**
 * The features a match score is made of, each a value in 0..1 with the reason for it in ja and en.
 * Pure functions: the matcher loads the facts, these say how well a seed and a party fit and why.
 */
import {
  type EvidenceKind,
  type Modality,
  READINESS_RULES_V1,
  type Stage,
  stageIndex,
} from "@kakehashi/pipeline";
import {
  type Bilingual,
  EXPERTISE_LABELS,
  FEATURE_LABELS,
  listOf,
  MODALITY_LABELS,
  STAGE_LABELS,
} from "./messages.ts";
import {
  type AreaInterests,
  chapterLabel,
  chapterOf,
  type Expertise,
  type Icd10Chapter,
} from "./vocabulary.ts";
import type { MatchFeature, MatchWeights } from "./weights.ts";

export interface FeatureScore {
  feature: MatchFeature;
  label: Bilingual;
  /** 0..1, or null when the feature cannot be judged for this asker (not visible, no data): left out of the score */
  value: number | null;
  weight: number;
  /** weight × value as a share of the score (0 when the value is null) */
  contribution: number;
  reason: Bilingual;
}

export interface MatchScore {
  /** weighted mean of the judged features, 0..1 */
  score: number;
  features: FeatureScore[];
}

type Judged = { value: number | null; reason: Bilingual };

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Weighted mean over the features that could be judged; a feature with no value neither helps nor hurts. */
export function combine(judged: Partial<Record<MatchFeature, Judged>>, weights: MatchWeights): MatchScore {
  const entries = Object.entries(judged) as [MatchFeature, Judged][];
  const denominator = entries.reduce((s, [f, j]) => s + (j.value === null ? 0 : weights[f]), 0);
  const features = entries.map(([feature, j]) => ({
    feature,
    label: FEATURE_LABELS[feature],
    value: j.value === null ? null : round3(j.value),
    weight: weights[feature],
    contribution:
      j.value === null || denominator === 0 ? 0 : round3((weights[feature] * j.value) / denominator),
    reason: j.reason,
  }));
  // from the unrounded values: the rounded contributions are for reading, not for adding up
  const score =
    denominator === 0 ? 0 : entries.reduce((s, [f, j]) => s + weights[f] * (j.value ?? 0), 0) / denominator;
  return { score: round3(score), features };
}

const chapterText = (c: Icd10Chapter): Bilingual => {
  const l = chapterLabel(c);
  return { ja: `第${c}章（${l.ja}）`, en: `chapter ${c} (${l.en})` };
};

/** Disease area: the seed's ICD-10 code against the party's chapters and code prefixes. */
export function areaFit(icd10: string, areas: AreaInterests): Judged {
  const code = icd10.trim().toUpperCase();
  const chapter = chapterOf(code);
  if (areas.chapters.length === 0 && areas.prefixes.length === 0)
    return {
      value: 0.5,
      reason: {
        ja: "疾患領域の希望が登録されていないため、中立（0.5）として扱います。",
        en: "No disease areas are declared, so the area counts as neutral (0.5).",
      },
    };
  const prefix = areas.prefixes.filter((p) => code.startsWith(p)).sort((a, b) => b.length - a.length)[0];
  if (prefix !== undefined && prefix.length >= 3)
    return {
      value: 1,
      reason: {
        ja: `${code} は関心のあるコード ${prefix} に含まれます。`,
        en: `${code} falls under the declared code ${prefix}.`,
      },
    };
  if (chapter && areas.chapters.includes(chapter)) {
    const c = chapterText(chapter);
    return {
      value: 0.75,
      reason: {
        ja: `${code} は関心領域の${c.ja}に含まれます。`,
        en: `${code} is in ${c.en}, a declared area.`,
      },
    };
  }
  if (prefix !== undefined)
    return {
      value: 0.75,
      reason: {
        ja: `${code} は関心のある ${prefix} 群（広い範囲）に含まれます。`,
        en: `${code} falls under the broad declared group ${prefix}.`,
      },
    };
  const sameChapter = chapter
    ? areas.prefixes.filter((p) => chapterOf(p.length >= 3 ? p : `${p}00`) === chapter)
    : [];
  if (chapter && sameChapter.length > 0) {
    const c = chapterText(chapter);
    return {
      value: 0.35,
      reason: {
        ja: `${code} は関心のあるコード（${sameChapter.join("、")}）と同じ${c.ja}ですが、コードは一致しません。`,
        en: `${code} is in the same ${c.en} as the declared codes (${sameChapter.join(", ")}), but not under them.`,
      },
    };
  }
  const declared = [
    ...areas.chapters.map((c) => chapterText(c)),
    ...areas.prefixes.map((p) => ({ ja: p, en: p })),
  ];
  const list = listOf(declared);
  return {
    value: 0,
    reason: {
      ja: `${code}${chapter ? `（${chapterText(chapter).ja}）` : ""}は関心領域（${list.ja}）の外です。`,
      en: `${code}${chapter ? ` (${chapterText(chapter).en})` : ""} is outside the declared areas (${list.en}).`,
    },
  };
}

/** Modalities that share platform, know-how or manufacturing: a partner of one may take the other. */
const MODALITY_FAMILIES: Modality[][] = [
  ["antibody", "adc", "ri_antibody"],
  ["nucleic_acid", "gene"],
  ["cell", "exosome"],
  ["small_molecule", "peptide"],
];

export function modalityFit(modality: Modality, wanted: readonly Modality[]): Judged {
  const m = MODALITY_LABELS[modality];
  if (wanted.length === 0)
    return {
      value: 0.5,
      reason: {
        ja: "モダリティの希望が登録されていないため、中立（0.5）として扱います。",
        en: "No modalities are declared, so the modality counts as neutral (0.5).",
      },
    };
  if (wanted.includes(modality))
    return {
      value: 1,
      reason: { ja: `${m.ja}は関心のあるモダリティです。`, en: `${m.en} is a declared modality.` },
    };
  const family = MODALITY_FAMILIES.find((f) => f.includes(modality)) ?? [];
  const related = wanted.filter((w) => family.includes(w));
  if (related.length > 0) {
    const r = listOf(related.map((x) => MODALITY_LABELS[x]));
    return {
      value: 0.5,
      reason: {
        ja: `${m.ja}は関心のある${r.ja}と技術基盤が近いモダリティです。`,
        en: `${m.en} is close to the declared ${r.en} (shared platform).`,
      },
    };
  }
  const all = listOf(wanted.map((x) => MODALITY_LABELS[x]));
  return {
    value: 0,
    reason: {
      ja: `${m.ja}は関心のあるモダリティ（${all.ja}）の外です。`,
      en: `${m.en} is not among the declared modalities (${all.en}).`,
    },
  };
}

/** Stage: 1 inside the wanted stages, 0.35 less for every stage away from the nearest one. */
export function stageFit(stage: Stage, wanted: readonly Stage[]): Judged {
  const s = STAGE_LABELS[stage];
  if (wanted.length === 0)
    return {
      value: 0.5,
      reason: {
        ja: "開発段階の希望が登録されていないため、中立（0.5）として扱います。",
        en: "No stages are declared, so the stage counts as neutral (0.5).",
      },
    };
  if (wanted.includes(stage))
    return {
      value: 1,
      reason: { ja: `${s.ja}は関心のある開発段階です。`, en: `${s.en} is a declared stage.` },
    };
  const here = stageIndex(stage);
  const nearest = [...wanted].sort(
    (a, b) =>
      Math.abs(stageIndex(a) - here) - Math.abs(stageIndex(b) - here) || stageIndex(a) - stageIndex(b),
  )[0] as Stage;
  const d = Math.abs(stageIndex(nearest) - here);
  const n = STAGE_LABELS[nearest];
  const early = here < stageIndex(nearest);
  return {
    value: Math.max(0, 1 - 0.35 * d),
    reason: early
      ? {
          ja: `${s.ja}は関心のある最も近い段階（${n.ja}）より ${d} 段階手前です。`,
          en: `${s.en} is ${d} stage${d === 1 ? "" : "s"} before the nearest declared stage (${n.en}).`,
        }
      : {
          ja: `${s.ja}は関心のある最も近い段階（${n.ja}）より ${d} 段階先です。`,
          en: `${s.en} is ${d} stage${d === 1 ? "" : "s"} beyond the nearest declared stage (${n.en}).`,
        },
  };
}

/** The seed's readiness for its next gate, as far as the asker may see it (confidential evidence). */
export type ReadinessView =
  | { visible: false }
  | {
      visible: true;
      nextGate: Stage | null;
      satisfied: number;
      total: number;
      /** requirements of the next gate not yet met */
      missing: { requirement: string; labelJa: string; labelEn: string }[];
    };

export function readinessFit(view: ReadinessView): Judged {
  if (!view.visible)
    return {
      value: null,
      reason: {
        ja: "非公開（エビデンスは秘密保持契約のある相手にのみ開示されます）。スコアには含めていません。",
        en: "Not visible: the evidence is confidential without an active grant (NDA); left out of the score.",
      },
    };
  if (view.nextGate === null || view.total === 0)
    return {
      value: 1,
      reason: { ja: "次の開発段階の要件はありません。", en: "There are no requirements for a further gate." },
    };
  const g = STAGE_LABELS[view.nextGate];
  const missing = listOf(view.missing.map((m) => ({ ja: m.labelJa, en: m.labelEn })));
  return {
    value: view.satisfied / view.total,
    reason:
      view.missing.length === 0
        ? {
            ja: `次の段階（${g.ja}）の要件 ${view.total} 件をすべて満たしています。`,
            en:
              view.total === 1
                ? `The requirement for the next gate (${g.en}) is met.`
                : `All ${view.total} requirements for the next gate (${g.en}) are met.`,
          }
        : {
            ja: `次の段階（${g.ja}）の要件 ${view.total} 件中 ${view.satisfied} 件を満たしています。未充足: ${missing.ja}。`,
            en: `${view.satisfied} of ${view.total} requirements for the next gate (${g.en}) are met; missing: ${missing.en}.`,
          },
  };
}

/** A past deal of a partner: a licence (company) or a funding round (investor), with the seed's chapter. */
export interface PastDeal {
  seedId: string;
  partnerId: string;
  chapter: Icd10Chapter | null;
  occurredOn: string;
}

/** Track record: 1 − 0.5^n for n earlier deals of the party in the seed's ICD-10 chapter. */
export function pastDealsFit(
  kind: "company" | "investor",
  chapter: Icd10Chapter | null,
  deals: readonly PastDeal[],
): Judged {
  const n = chapter ? deals.filter((d) => d.chapter === chapter).length : 0;
  const c = chapter ? chapterText(chapter) : { ja: "この章", en: "this chapter" };
  const what =
    kind === "company"
      ? { ja: "導出（ライセンス）", en: "licence deal" }
      : { ja: "出資", en: "funding round" };
  return {
    value: 1 - 0.5 ** n,
    reason:
      n === 0
        ? { ja: `${c.ja}での${what.ja}の記録はありません。`, en: `No ${what.en} in ${c.en} is on record.` }
        : {
            ja: `${c.ja}での${what.ja}の記録が ${n} 件あります。`,
            en: `${n} ${what.en}${n === 1 ? "" : "s"} in ${c.en} on record.`,
          },
  };
}

/** What the drug-lag monitor knows about an indication (from @kakehashi/lag's indicationLag). */
export interface UnmetNeed {
  /** medicines first approved in the US or EU for the indication */
  n: number;
  /** of those, not approved in Japan (drug loss) */
  notApprovedJp: number;
  medianLagMonths: number | null;
}
export type UnmetNeedLookup = (icd10: string) => UnmetNeed | null;

/** Unmet need in Japan: mostly the share of foreign medicines that never reached Japan, partly the lag. */
export function unmetNeedFit(icd10: string, lookup: UnmetNeedLookup | undefined): Judged {
  if (!lookup)
    return {
      value: null,
      reason: {
        ja: "ドラッグ・ラグのモニターが使えないため、スコアには含めていません。",
        en: "The drug-lag monitor is not available; left out of the score.",
      },
    };
  const need = lookup(icd10);
  if (!need)
    return {
      value: null,
      reason: {
        ja: `${icd10} についてドラッグ・ラグのデータがないため、スコアには含めていません。`,
        en: `The drug-lag monitor has no data for ${icd10}; left out of the score.`,
      },
    };
  if (need.n === 0)
    return {
      value: 0.8,
      reason: {
        ja: "米国・欧州でもこの適応の承認薬がありません。国内外ともに治療の選択肢が乏しい領域です。",
        en: "No medicine for this indication is approved in the US or EU either: the need is open everywhere.",
      },
    };
  const loss = need.notApprovedJp / need.n;
  const lag = need.medianLagMonths === null ? 0 : Math.min(1, Math.max(0, need.medianLagMonths) / 60);
  const lagText =
    need.medianLagMonths === null
      ? { ja: "", en: "" }
      : {
          ja: `、国内承認までの遅れの中央値は ${need.medianLagMonths.toFixed(0)} か月`,
          en: `; median lag ${need.medianLagMonths.toFixed(0)} months`,
        };
  return {
    value: Math.min(1, 0.7 * loss + 0.3 * lag),
    reason: {
      ja: `米国・欧州で承認された ${need.n} 品目のうち ${need.notApprovedJp} 品目が国内未承認${lagText.ja}です。`,
      en: `${need.notApprovedJp} of ${need.n} medicines approved in the US/EU for this indication are not approved in Japan${lagText.en}.`,
    },
  };
}

/** What a seed at each stage most needs from a mentor on its way to the next gate. */
const STAGE_NEEDS: Record<Stage, Expertise[]> = {
  target_discovery: ["ip", "business"],
  target_validation: ["ip", "business"],
  hit: ["ip", "cmc", "business"],
  lead: ["ip", "cmc", "toxicology"],
  non_clinical: ["toxicology", "cmc", "regulatory"],
  ind_enabling: ["toxicology", "cmc", "regulatory", "clinical_development"],
  phase1: ["clinical_development", "regulatory"],
  phase2: ["clinical_development", "regulatory", "business"],
  phase3: ["clinical_development", "regulatory", "business"],
  filed: ["regulatory", "business"],
  approved: ["business"],
};

/** The expertise that closes a missing readiness requirement, by the kind of evidence it asks for. */
const EVIDENCE_NEEDS: Partial<Record<EvidenceKind, Expertise>> = {
  toxicology: "toxicology",
  safety_pharmacology: "toxicology",
  off_target: "toxicology",
  pk_adme: "toxicology",
  cmc_plan: "cmc",
  clinical: "clinical_development",
};

/** Expertise a seed needs now: from its stage (public) and, when visible, from its unmet requirements. */
export function neededExpertise(stage: Stage, readiness: ReadinessView): Expertise[] {
  const needs = new Set(STAGE_NEEDS[stage]);
  if (readiness.visible && readiness.nextGate)
    for (const m of readiness.missing) {
      const rule = READINESS_RULES_V1.find(
        (r) => r.gate === readiness.nextGate && r.requirement === m.requirement,
      );
      const need = rule ? EVIDENCE_NEEDS[rule.evidenceKind] : undefined;
      if (need) needs.add(need);
    }
  return [...needs];
}

export function expertiseFit(needs: readonly Expertise[], expertise: readonly Expertise[]): Judged {
  const covered = needs.filter((n) => expertise.includes(n));
  const missing = needs.filter((n) => !expertise.includes(n));
  const c = listOf(covered.map((x) => EXPERTISE_LABELS[x]));
  const m = listOf(missing.map((x) => EXPERTISE_LABELS[x]));
  if (needs.length === 0)
    return {
      value: 0.5,
      reason: { ja: "必要な専門性を特定できません。", en: "No particular expertise is needed now." },
    };
  return {
    value: covered.length / needs.length,
    reason:
      covered.length === 0
        ? {
            ja: `今必要な専門性（${m.ja}）を持っていません。`,
            en: `Has none of the expertise needed now (${m.en}).`,
          }
        : missing.length === 0
          ? {
              ja: `今必要な専門性（${c.ja}）をすべて持っています。`,
              en: `Has all the expertise needed now (${c.en}).`,
            }
          : {
              ja: `今必要な専門性のうち${c.ja}を持ち、${m.ja}は持っていません。`,
              en: `Has ${c.en}, needed now; lacks ${m.en}.`,
            },
  };
}

/** Capacity: the share of the mentor's seed slots still free (a mentor already on the seed fits fully). */
export function capacityFit(maxActiveSeeds: number, activeSeeds: number, alreadyOnSeed: boolean): Judged {
  if (alreadyOnSeed)
    return { value: 1, reason: { ja: "既にこのシーズを伴走しています。", en: "Already mentors this seed." } };
  const free = Math.max(0, maxActiveSeeds - activeSeeds);
  return {
    value: free / maxActiveSeeds,
    reason:
      free === 0
        ? {
            ja: `担当上限（${maxActiveSeeds} 件）に達しています。`,
            en: `At capacity (${activeSeeds} of ${maxActiveSeeds} seeds).`,
          }
        : {
            ja: `${maxActiveSeeds} 件中 ${activeSeeds} 件を担当中で、あと ${free} 件受けられます。`,
            en: `Follows ${activeSeeds} of at most ${maxActiveSeeds} seeds; ${free} more possible.`,
          },
  };
}
