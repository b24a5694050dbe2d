import { forbidden } from "@kakehashi/core";
import { Programme } from "@kakehashi/pipeline";
import type { Account } from "@kakehashi/store";
import { appendAudit } from "@kakehashi/store";
import { z } from "zod";
import { actorOf, canSetMatchWeights } from "./access.ts";
import { type MatchingDb, parseJson } from "./schema.ts";
import { parseInput } from "./validate.ts";

export { MATCH_FEATURES, type MatchFeature, MENTOR_FEATURES, PARTNER_FEATURES } from "./terms.ts";

import { MATCH_FEATURES, type MatchFeature, MENTOR_FEATURES, PARTNER_FEATURES } from "./terms.ts";

export type MatchWeights = Record<MatchFeature, number>;

/**
 * Defaults: the disease area decides most partnerships (a company in-licenses inside its franchise),
 * modality and stage next (platform and risk appetite); evidence, track record and unmet need refine.
 */
export const DEFAULT_WEIGHTS: MatchWeights = {
  area: 3,
  modality: 2,
  stage: 2,
  readiness: 1,
  pastDeals: 1.5,
  unmetNeed: 1,
  expertise: 3,
  capacity: 1,
};

const Weight = z.number().min(0).max(100);
const sumOf = (w: MatchWeights, features: readonly MatchFeature[]) => features.reduce((s, f) => s + w[f], 0);

/** A weight set: each weight 0..100, and for each kind of party at least one weight above zero. */
export const MatchWeightsInput = z
  .strictObject(
    Object.fromEntries(MATCH_FEATURES.map((f) => [f, Weight])) as Record<MatchFeature, typeof Weight>,
  )
  .superRefine((w, ctx) => {
    for (const [features, ja, en] of [
      [PARTNER_FEATURES, "企業・投資家", "companies and investors"],
      [MENTOR_FEATURES, "メンター", "mentors"],
    ] as const)
      if (sumOf(w, features) <= 0) {
        // the same bilingual shape as core's fieldIssue, so the field error reads in the asker's language
        const message = {
          ja: `${ja}の重み（${features.join(", ")}）の合計が 0 です。`,
          en: `The weights used for ${en} (${features.join(", ")}) add up to 0.`,
        };
        const fix = {
          ja: "少なくとも一つを 0 より大きくしてください。",
          en: "Make at least one of them greater than 0.",
        };
        ctx.addIssue({ code: "custom", path: [], message: message.en, params: { message, fix }, input: w });
      }
  });

export const WeightsScope = z.union([z.literal("*"), Programme]);
export type WeightsScope = z.infer<typeof WeightsScope>;

export interface StoredWeights {
  /** "*" for the platform setting, else the programme the weights apply to */
  programme: WeightsScope;
  /** default: nothing stored; platform: the "*" row; programme: the programme's own row */
  source: "default" | "platform" | "programme";
  weights: MatchWeights;
}

/** Every stored weight row, so one matching run reads the table once. */
export async function loadWeightTable(db: MatchingDb): Promise<Map<string, MatchWeights>> {
  const rows = await db.selectFrom("partnering_match_weights").select(["programme", "weights"]).execute();
  return new Map(rows.map((r) => [r.programme, MatchWeightsInput.parse(parseJson(r.weights))]));
}

/** The weights for a seed's programme: its own, else the platform's, else the defaults. */
export function resolveWeights(table: Map<string, MatchWeights>, programme: WeightsScope): StoredWeights {
  const own = programme === "*" ? undefined : table.get(programme);
  if (own) return { programme, source: "programme", weights: own };
  const platform = table.get("*");
  if (platform) return { programme, source: "platform", weights: platform };
  return { programme, source: "default", weights: { ...DEFAULT_WEIGHTS } };
}

/** Weights explain every score, so any signed-in user may read them. */
export async function getMatchWeights(
  db: MatchingDb,
  _account: Account,
  programme: WeightsScope = "*",
): Promise<StoredWeights> {
  return resolveWeights(await loadWeightTable(db), parseInput(WeightsScope, programme));
}

export async function setMatchWeights(
  db: MatchingDb,
  account: Account,
  programme: WeightsScope,
  input: unknown,
): Promise<StoredWeights> {
  if (!canSetMatchWeights(actorOf(account))) throw forbidden("partnering.weights.set");
  const scope = parseInput(WeightsScope, programme);
  const weights = parseInput(MatchWeightsInput, input);
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("partnering_match_weights")
      .select("weights")
      .where("programme", "=", scope)
      .forUpdate()
      .executeTakeFirst();
    const json = JSON.stringify(weights);
    await trx
      .insertInto("partnering_match_weights")
      .values({ programme: scope, weights: json, updated_by: account.id })
      .onConflict((oc) =>
        oc.column("programme").doUpdateSet({ weights: json, updated_by: account.id, updated_at: new Date() }),
      )
      .execute();
    await appendAudit(trx, {
      actor: { id: account.id, label: account.email },
      action: "partnering.weights.set",
      entityType: "match_weights",
      entityId: scope,
      before: before ? parseJson(before.weights) : null,
      after: weights,
    });
  });
  return resolveWeights(await loadWeightTable(db), scope);
}

/** Drops a programme's (or the platform's) own weights, so the next level up applies again. */
export async function resetMatchWeights(
  db: MatchingDb,
  account: Account,
  programme: WeightsScope,
): Promise<StoredWeights> {
  if (!canSetMatchWeights(actorOf(account))) throw forbidden("partnering.weights.set");
  const scope = parseInput(WeightsScope, programme);
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .deleteFrom("partnering_match_weights")
      .where("programme", "=", scope)
      .returning("weights")
      .executeTakeFirst();
    await appendAudit(trx, {
      actor: { id: account.id, label: account.email },
      action: "partnering.weights.reset",
      entityType: "match_weights",
      entityId: scope,
      before: before ? parseJson(before.weights) : null,
    });
  });
  return resolveWeights(await loadWeightTable(db), scope);
}
