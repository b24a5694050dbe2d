import type { TriageExplanation } from "./schema.ts";
import { type DeskTopic, TOPIC_LABELS } from "./terms.ts";

export interface ExpertCandidate {
  expertId: string;
  name: string;
  /** cases assigned to the expert and not closed */
  openCases: number;
  /** most open cases the expert takes at once */
  capacity: number;
}

export interface TriageDecision {
  expertId: string | null;
  explanation: TriageExplanation;
}

const others = (cs: readonly ExpertCandidate[]) =>
  cs.map((c) => `${c.name} (${c.openCases}/${c.capacity})`).join(", ");

/**
 * Picks the expert for a new case: among the experts who declared the topic and are below their
 * capacity, the one with the fewest open cases; a tie goes to the one with more room left, then by
 * name, so the same situation always gives the same answer. The explanation says who was considered,
 * with their load, and why the choice fell as it did.
 */
export function chooseExpert(topic: DeskTopic, candidates: readonly ExpertCandidate[]): TriageDecision {
  const label = TOPIC_LABELS[topic];
  const sorted = [...candidates].sort(
    (a, b) =>
      a.openCases - b.openCases ||
      b.capacity - b.openCases - (a.capacity - a.openCases) ||
      a.name.localeCompare(b.name) ||
      a.expertId.localeCompare(b.expertId),
  );
  const free = sorted.filter((c) => c.openCases < c.capacity);
  const full = sorted.filter((c) => c.openCases >= c.capacity);
  const chosen = free[0];
  if (!chosen) {
    const why =
      candidates.length === 0
        ? {
            ja: `分野「${label.ja}」を担当する専門家が登録されていません。`,
            en: `No expert has declared the topic "${label.en}".`,
          }
        : candidates.length === 1
          ? {
              ja: `分野「${label.ja}」の専門家 ${others(full)} は上限に達しています。`,
              en: `The only expert for "${label.en}", ${others(full)}, is at capacity.`,
            }
          : {
              ja: `分野「${label.ja}」の専門家 ${candidates.length} 名は全員が上限に達しています（${others(full)}）。`,
              en: `All ${candidates.length} experts for "${label.en}" are at capacity (${others(full)}).`,
            };
    return {
      expertId: null,
      explanation: {
        ja: `${why.ja}事務局が担当を割り当てます。`,
        en: `${why.en} The desk will assign an expert.`,
        candidates: sorted.map(({ expertId, name, openCases, capacity }) => ({
          expertId,
          name,
          openCases,
          capacity,
        })),
        rule: "none_available",
      },
    };
  }
  const rest = sorted.filter((c) => c !== chosen);
  const tied = free.filter((c) => c !== chosen && c.openCases === chosen.openCases);
  const tieJa = tied.length
    ? ` 進行中の案件数が同じ候補がいたため、受け入れ余地の大きい方を選びました。`
    : "";
  const tieEn = tied.length ? " Others had as few open cases; the one with more room left was chosen." : "";
  const load = {
    ja: `（${chosen.openCases} 件／上限 ${chosen.capacity} 件）`,
    en: `(${chosen.openCases} of ${chosen.capacity})`,
  };
  if (candidates.length === 1)
    return {
      expertId: chosen.expertId,
      explanation: {
        ja: `分野「${label.ja}」を担当する専門家は ${chosen.name} だけで、受け入れ余地があるため割り当てました${load.ja}。`,
        en: `${chosen.name} is the only expert for "${label.en}" and has room (${chosen.openCases} of ${chosen.capacity} open cases), so was assigned.`,
        candidates: [
          {
            expertId: chosen.expertId,
            name: chosen.name,
            openCases: chosen.openCases,
            capacity: chosen.capacity,
          },
        ],
        rule: "least_loaded",
      },
    };
  return {
    expertId: chosen.expertId,
    explanation: {
      ja:
        `分野「${label.ja}」の専門家 ${candidates.length} 名のうち、進行中の案件が最も少ない ${chosen.name}` +
        `${load.ja}に割り当てました。${tieJa}` +
        (rest.length ? ` ほかの候補: ${others(rest)}。` : ""),
      en:
        `Of ${candidates.length} experts for "${label.en}", ${chosen.name} has the fewest open cases ` +
        `${load.en} and was assigned.${tieEn}` +
        (rest.length ? ` Other candidates: ${others(rest)}.` : ""),
      candidates: sorted.map(({ expertId, name, openCases, capacity }) => ({
        expertId,
        name,
        openCases,
        capacity,
      })),
      rule: "least_loaded",
    },
  };
}
