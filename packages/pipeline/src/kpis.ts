import { daysBetween } from "./ipDeadlines.ts";
import {
  type Modality,
  type OutcomeKind,
  PROGRAMMES,
  type Programme,
  STAGES,
  type Stage,
  stageIndex,
} from "./vocabulary.ts";

export interface KpiInput {
  seeds: { id: string; programme: Programme; organisationId: string; modality: Modality; stage: Stage }[];
  stageHistory: { seedId: string; stage: Stage; enteredOn: string }[];
  outcomes: { seedId: string; kind: OutcomeKind; date: string; amountJpy: number | null }[];
  agreements: { seedId: string; companyMoneyJpy: number; inKindJpy: number | null; signedOn: string }[];
}

export interface KpiFilter {
  programme?: Programme;
  /** Inclusive; applies to outcome dates, agreement signedOn and stage enteredOn. */
  from?: string;
  /** Inclusive; applies to outcome dates, agreement signedOn and stage enteredOn. */
  to?: string;
}

/**
 * Definitions shown on the funder dashboard. Every figure counts only seeds in scope (the programme filter),
 * and records of seeds that are not in the input are ignored, because they cannot be given a programme.
 * "Year" is the Japanese fiscal year (年度, April to March) in which the event fell, as AMED and the
 * ministries report: 2021-03-31 belongs to FY2020.
 */
export interface Kpis {
  /** Seeds in scope (シーズ数). A date range does not narrow it: a seed record carries no date. */
  seeds: number;
  /**
   * Licence deals (導出) per programme and fiscal year: outcomes of kind licence_deal dated within the range,
   * sorted by programme (in the order ACT-M, Support Network, GAPFREE, CIN, other) then year; combinations with
   * no deal are left out.
   */
  dealsByProgrammeYear: { programme: Programme; year: number; deals: number }[];
  /**
   * Patent outcomes dated within the range: filed = applications filed (出願), granted = patents granted
   * (登録); byYear splits both by fiscal year, ascending, leaving out years with neither.
   */
  patents: { filed: number; granted: number; byYear: { year: number; filed: number; granted: number }[] };
  /**
   * Company money (企業からの資金) of agreements signed within the range, per project: a project is a seed with
   * at least one such agreement, and its amount is the sum of those agreements' company money. totalJpy sums
   * all projects; meanJpy = totalJpy / projects; medianJpy is the middle project amount (the mean of the two
   * middle ones when the count is even); both null when there is no project.
   */
  companyMoney: { projects: number; totalJpy: number; meanJpy: number | null; medianJpy: number | null };
  /**
   * In-kind resources (現物出資: staff, compounds, equipment) valued in yen, from agreements signed within the
   * range: projects = seeds whose agreements value them above zero; unvalued (null) contributions count as none.
   */
  inKind: { projects: number; totalJpy: number };
  /** Funding rounds (資金調達) dated within the range: how many, and the sum of their stated amounts (unstated counts 0). */
  fundingRounds: { count: number; totalJpy: number };
  /** Approvals (承認) dated within the range. */
  approvals: number;
  /**
   * Seeds that reached each stage: a seed reached a stage when its current stage or any stage-history entry is
   * at or beyond it, so a seed registered at lead counts for every earlier stage too. With a date range only
   * history entries dated within it count (progress made in the period) and the undated current stage does
   * not. conversion = reached / reached at the previous stage; null for the first stage or when the previous
   * stage was reached by none.
   */
  funnel: { stage: Stage; reached: number; conversion: number | null }[];
  /**
   * Median days spent in each stage, from consecutive stage-history entries of each seed (entry into the next
   * recorded stage minus entry into this one; repeated entries of the same stage extend one stay). The stage a
   * seed is in now has not ended and does not count. With a date range, a stay counts when it ended within the
   * range. n = number of stays measured; medianDays null when n = 0.
   */
  timeInStage: { stage: Stage; medianDays: number | null; n: number }[];
}

/** Japanese fiscal year (年度) of an ISO date: April to March, named after the year it starts in. */
export function fiscalYear(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= 4 ? year : year - 1;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function computeKpis(input: KpiInput, filter: KpiFilter = {}): Kpis {
  const seeds = input.seeds.filter((s) => filter.programme === undefined || s.programme === filter.programme);
  const programmeOf = new Map(seeds.map((s) => [s.id, s.programme]));
  const inScope = (seedId: string) => programmeOf.has(seedId);
  const dated = filter.from !== undefined || filter.to !== undefined;
  const inRange = (date: string) =>
    (filter.from === undefined || date >= filter.from) && (filter.to === undefined || date <= filter.to);

  const outcomes = input.outcomes.filter((o) => inScope(o.seedId) && inRange(o.date));
  const agreements = input.agreements.filter((a) => inScope(a.seedId) && inRange(a.signedOn));
  const history = input.stageHistory.filter((h) => inScope(h.seedId));
  const count = (kind: OutcomeKind) => outcomes.filter((o) => o.kind === kind).length;

  const deals = new Map<string, { programme: Programme; year: number; deals: number }>();
  for (const o of outcomes) {
    if (o.kind !== "licence_deal") continue;
    const programme = programmeOf.get(o.seedId);
    if (programme === undefined) continue;
    const year = fiscalYear(o.date);
    const key = `${programme}/${year}`;
    const row = deals.get(key) ?? { programme, year, deals: 0 };
    row.deals += 1;
    deals.set(key, row);
  }
  const dealsByProgrammeYear = [...deals.values()].sort(
    (a, b) => PROGRAMMES.indexOf(a.programme) - PROGRAMMES.indexOf(b.programme) || a.year - b.year,
  );

  const patentYears = new Map<number, { year: number; filed: number; granted: number }>();
  for (const o of outcomes) {
    if (o.kind !== "patent_filed" && o.kind !== "patent_granted") continue;
    const year = fiscalYear(o.date);
    const row = patentYears.get(year) ?? { year, filed: 0, granted: 0 };
    if (o.kind === "patent_filed") row.filed += 1;
    else row.granted += 1;
    patentYears.set(year, row);
  }

  const moneyBySeed = new Map<string, number>();
  const inKindBySeed = new Map<string, number>();
  for (const a of agreements) {
    moneyBySeed.set(a.seedId, (moneyBySeed.get(a.seedId) ?? 0) + a.companyMoneyJpy);
    inKindBySeed.set(a.seedId, (inKindBySeed.get(a.seedId) ?? 0) + (a.inKindJpy ?? 0));
  }
  const perProject = [...moneyBySeed.values()];
  const companyTotal = sum(perProject);
  const inKindPerProject = [...inKindBySeed.values()].filter((v) => v > 0);

  const fundingRounds = outcomes.filter((o) => o.kind === "funding_round");

  // furthest stage each seed is known to have reached
  const furthest = new Map<string, number>();
  const reach = (seedId: string, stage: Stage) =>
    furthest.set(seedId, Math.max(furthest.get(seedId) ?? -1, stageIndex(stage)));
  if (!dated) for (const s of seeds) reach(s.id, s.stage);
  for (const h of history) if (inRange(h.enteredOn)) reach(h.seedId, h.stage);
  const furthestStages = [...furthest.values()];
  let previous = 0;
  const funnel = STAGES.map((stage, i) => {
    const reached = furthestStages.filter((f) => f >= i).length;
    const conversion = i === 0 || previous === 0 ? null : reached / previous;
    previous = reached;
    return { stage, reached, conversion };
  });

  const stays = new Map<Stage, number[]>(STAGES.map((s) => [s, []]));
  const bySeed = new Map<string, KpiInput["stageHistory"]>();
  for (const h of history) {
    const list = bySeed.get(h.seedId) ?? [];
    list.push(h);
    bySeed.set(h.seedId, list);
  }
  for (const entries of bySeed.values()) {
    // pairing uses the whole history, so a range cut cannot join two stays that were not consecutive
    const ordered = [...entries].sort((a, b) =>
      a.enteredOn < b.enteredOn
        ? -1
        : a.enteredOn > b.enteredOn
          ? 1
          : stageIndex(a.stage) - stageIndex(b.stage),
    );
    const starts = ordered.filter((h, i) => i === 0 || ordered[i - 1]?.stage !== h.stage);
    starts.forEach((stay, i) => {
      const next = starts[i + 1];
      if (next && inRange(next.enteredOn))
        stays.get(stay.stage)?.push(daysBetween(stay.enteredOn, next.enteredOn));
    });
  }

  return {
    seeds: seeds.length,
    dealsByProgrammeYear,
    patents: {
      filed: count("patent_filed"),
      granted: count("patent_granted"),
      byYear: [...patentYears.values()].sort((a, b) => a.year - b.year),
    },
    companyMoney: {
      projects: perProject.length,
      totalJpy: companyTotal,
      meanJpy: perProject.length === 0 ? null : companyTotal / perProject.length,
      medianJpy: median(perProject),
    },
    inKind: { projects: inKindPerProject.length, totalJpy: sum(inKindPerProject) },
    fundingRounds: { count: fundingRounds.length, totalJpy: sum(fundingRounds.map((o) => o.amountJpy ?? 0)) },
    approvals: count("approval"),
    funnel,
    timeInStage: STAGES.map((stage) => {
      const days = stays.get(stage) ?? [];
      return { stage, medianDays: median(days), n: days.length };
    }),
  };
}
