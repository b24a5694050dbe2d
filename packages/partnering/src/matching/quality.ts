import { forbidden } from "@kakehashi/core";
import { IsoDate, type Stage } from "@kakehashi/pipeline";
import type { Account } from "@kakehashi/store";
import { actorOf, canEvaluateMatching } from "./access.ts";
import { loadPastDeals, scorePartner } from "./matching.ts";
import { loadPartnerProfiles } from "./profiles.ts";
import type { MatchingDb } from "./schema.ts";
import { loadTeasers } from "./teaser.ts";
import { parseInput } from "./validate.ts";
import { loadWeightTable, resolveWeights } from "./weights.ts";

/**
 * Where the true partner landed in one ranking. Ties are honest: a partner tied with others occupies
 * positions `from`..`to`, and each of them is equally likely under a random order among the tied.
 */
export interface RankPosition {
  from: number;
  to: number;
}

export interface RankingQuality {
  /** held-out deals ranked */
  n: number;
  k: number;
  /** candidates in each ranking (companies with a profile) */
  candidates: number;
  /** share of deals whose partner is in the top k (expected over ties) */
  recallAtK: number;
  /** mean reciprocal rank of the partner (expected over ties); a partner not ranked counts 0 */
  mrr: number;
  /** the same figures for a uniformly random order of the candidates */
  randomRecallAtK: number;
  randomMrr: number;
}

const harmonic = (n: number) => {
  let h = 0;
  for (let i = 1; i <= n; i++) h += 1 / i;
  return h;
};

/** Recall@k and MRR of a set of rankings, with what a random order would score on the same candidates. */
export function rankingQuality(
  positions: readonly (RankPosition | null)[],
  candidates: number,
  k = 10,
): RankingQuality {
  let recall = 0;
  let rr = 0;
  for (const p of positions) {
    if (!p) continue;
    const width = p.to - p.from + 1;
    recall += Math.max(0, Math.min(k, p.to) - p.from + 1) / width;
    for (let r = p.from; r <= p.to; r++) rr += 1 / r / width;
  }
  const n = positions.length;
  return {
    n,
    k,
    candidates,
    recallAtK: n === 0 ? 0 : recall / n,
    mrr: n === 0 ? 0 : rr / n,
    randomRecallAtK: candidates === 0 ? 0 : Math.min(1, k / candidates),
    randomMrr: candidates === 0 ? 0 : harmonic(candidates) / candidates,
  };
}

/** Where `target` falls among `scores` (higher first), as the range of tied positions. */
export function positionOf(scores: ReadonlyMap<string, number>, target: string): RankPosition | null {
  const mine = scores.get(target);
  if (mine === undefined) return null;
  let above = 0;
  let tied = 0;
  for (const [id, s] of scores) {
    if (s > mine) above++;
    else if (s === mine && id !== target) tied++;
  }
  return { from: above + 1, to: above + 1 + tied };
}

export interface HeldOutDeal {
  seedId: string;
  partnerId: string;
  occurredOn: string;
  /** the seed's stage on the day of the deal, from its stage history */
  stageThen: Stage;
  position: RankPosition | null;
}

export interface HeldOutEvaluation extends RankingQuality {
  window: { from: string; to: string };
  /** held-out deals whose partner has no profile: they cannot be ranked and count as misses */
  partnerWithoutProfile: number;
  deals: HeldOutDeal[];
}

/**
 * Ranking quality against held-out history: every licence deal in [from, to] is hidden, and for each one
 * the companies are ranked for its seed with what was known before the window (the seed's public fields,
 * its stage on the deal's day, and licence deals before `from`). Readiness and unmet need are left out:
 * they are the same for every company of one seed, so they cannot change a ranking. Profiles are read as
 * they are now, which is the one input not dated.
 */
export async function evaluateHeldOutDeals(
  db: MatchingDb,
  account: Account,
  window: { from: string; to: string },
  k = 10,
): Promise<HeldOutEvaluation> {
  if (!canEvaluateMatching(actorOf(account))) throw forbidden("partnering.match.evaluate");
  const from = parseInput(IsoDate, window.from);
  const to = parseInput(IsoDate, window.to);
  const companies = await loadPartnerProfiles(db, "company");
  const teasers = new Map((await loadTeasers(db)).map((t) => [t.id, t]));
  const allDeals = (await loadPastDeals(db)).company;
  const known = allDeals.filter((d) => d.occurredOn < from);
  const heldOut = allDeals.filter((d) => d.occurredOn >= from && d.occurredOn <= to);
  const history = await db
    .selectFrom("seed_stage_history")
    .select(["seed_id", "stage", "entered_on"])
    .orderBy("entered_on")
    .execute();
  const table = await loadWeightTable(db);
  const deals: HeldOutDeal[] = [];
  let withoutProfile = 0;
  for (const deal of heldOut) {
    const seed = teasers.get(deal.seedId);
    if (!seed) continue;
    const path = history.filter((h) => h.seed_id === seed.id);
    const stageThen = ((path.filter((h) => h.entered_on <= deal.occurredOn).pop() ?? path[0])?.stage ??
      seed.stage) as Stage;
    const weights = resolveWeights(table, seed.programme).weights;
    const scores = new Map(
      companies
        .filter((c) => c.organisation.id !== seed.organisation.id)
        .map((c) => [
          c.organisation.id,
          scorePartner(
            { ...seed, stage: stageThen },
            c,
            known,
            { visible: false },
            // readiness and unmet need would add the same amount for every company of this seed
            { ...weights, readiness: 0, unmetNeed: 0 },
            undefined,
            deal.occurredOn,
          ).score,
        ]),
    );
    const position = positionOf(scores, deal.partnerId);
    if (!position) withoutProfile++;
    deals.push({
      seedId: seed.id,
      partnerId: deal.partnerId,
      occurredOn: deal.occurredOn,
      stageThen,
      position,
    });
  }
  return {
    window: { from, to },
    partnerWithoutProfile: withoutProfile,
    deals,
    ...rankingQuality(
      deals.map((d) => d.position),
      companies.length,
      k,
    ),
  };
}
