import { randomUUID } from "node:crypto";
import { type Actor, conflict, fieldIssue, forbidden, notFound, validationError } from "@kakehashi/core";
import { canEditSeed, IsoDate, todayIso } from "@kakehashi/pipeline";
import { type Account, appendAudit } from "@kakehashi/store";
import type { Selectable, Transaction } from "kysely";
import { z } from "zod";
import { actorOf, canAnswerForParty, isProgrammeStaff } from "./access.ts";
import {
  activeMentorsOf,
  loadPastDeals,
  type MatchOptions,
  readinessFor,
  scoreMentor,
  scorePartner,
} from "./matching.ts";
import { loadMentorProfiles, loadPartnerProfiles } from "./profiles.ts";
import { type MatchFeedbackTable, type MatchingDatabase, type MatchingDb, parseJson } from "./schema.ts";
import type { FeatureScore, MatchScore } from "./scoring.ts";
import { loadTeasers, type SeedTeaser } from "./teaser.ts";
import { parseInput } from "./validate.ts";
import {
  ACCEPT_REASONS,
  DECLINE_REASONS,
  FEEDBACK_REASONS,
  type FeedbackDecision,
  FeedbackDecision as FeedbackDecisionSchema,
  type FeedbackReason,
  PartyKind,
} from "./vocabulary.ts";
import { loadWeightTable, type MatchFeature, resolveWeights } from "./weights.ts";

/** An answer to a proposed match: the decision, a reason code from the fixed list and, if wanted, words. */
export const FeedbackInput = z
  .strictObject({
    seedId: z.uuid(),
    party: z.strictObject({ kind: PartyKind, id: z.uuid() }),
    decision: FeedbackDecisionSchema,
    reasonCode: z.enum(FEEDBACK_REASONS),
    reasonText: z.string().trim().max(2000).default(""),
  })
  .superRefine((f, ctx) => {
    const allowed: readonly string[] = f.decision === "accept" ? ACCEPT_REASONS : DECLINE_REASONS;
    if (!allowed.includes(f.reasonCode)) {
      const message = {
        ja: `「${f.reasonCode}」は${f.decision === "accept" ? "受諾" : "辞退・保留"}の理由には使えません。`,
        en: `"${f.reasonCode}" is not a reason for ${f.decision === "accept" ? "an accept" : "a decline or not now"}.`,
      };
      const fix = {
        ja: `次のいずれかを使ってください: ${allowed.join(", ")}`,
        en: `Use one of: ${allowed.join(", ")}`,
      };
      ctx.addIssue({
        code: "custom",
        path: ["reasonCode"],
        message: message.en,
        params: { message, fix },
        input: f.reasonCode,
      });
    }
    if (f.reasonCode === "other" && f.reasonText === "") {
      const message = {
        ja: "理由が「その他」のときは内容を書いてください。",
        en: "Describe the reason when it is “other”.",
      };
      const fix = { ja: "reasonText に理由を入力してください。", en: "Put the reason in reasonText." };
      ctx.addIssue({
        code: "custom",
        path: ["reasonText"],
        message: message.en,
        params: { message, fix },
        input: "",
      });
    }
  });
export type FeedbackInput = z.input<typeof FeedbackInput>;

export interface MatchFeedback {
  id: string;
  seedId: string;
  party: { kind: z.infer<typeof PartyKind>; id: string };
  side: "seed" | "party";
  decision: FeedbackDecision;
  reasonCode: FeedbackReason;
  /** null where the caller may see the code but not the other side's own words */
  reasonText: string | null;
  score: number | null;
  features: FeatureScore[];
  createdAt: Date;
}

export interface FeedbackResult {
  feedback: MatchFeedback;
  /** set when this answer completed a mentor match (both the seed's owner and the mentor accepted) */
  mentorshipId: string | null;
}

/** The match of one seed and one party as the answering side sees it (its readiness visibility). */
async function scoreOnePair(
  db: MatchingDb,
  account: Account,
  seed: SeedTeaser,
  party: { kind: z.infer<typeof PartyKind>; id: string },
  options: MatchOptions,
  today: string,
): Promise<MatchScore> {
  const weights = resolveWeights(await loadWeightTable(db), seed.programme).weights;
  const readiness = await readinessFor(db, account, seed, today);
  if (party.kind === "mentor") {
    const [mentor] = await loadMentorProfiles(db, party.id);
    if (!mentor) throw notFound(`mentor profile of user ${party.id}`);
    const onSeed = await activeMentorsOf(db, seed.id);
    return scoreMentor(seed, mentor, onSeed.has(party.id), readiness, weights);
  }
  const profile = (await loadPartnerProfiles(db, party.kind)).find((p) => p.organisation.id === party.id);
  if (!profile) throw notFound(`${party.kind} profile of organisation ${party.id}`);
  const deals = (await loadPastDeals(db))[party.kind];
  return scorePartner(seed, profile, deals, readiness, weights, options.unmetNeed, today);
}

async function latestDecision(
  trx: Transaction<MatchingDatabase>,
  seedId: string,
  mentorUserId: string,
  side: "seed" | "party",
): Promise<string | undefined> {
  const row = await trx
    .selectFrom("partnering_match_feedback")
    .select("decision")
    .where("seed_id", "=", seedId)
    .where("party_kind", "=", "mentor")
    .where("party_id", "=", mentorUserId)
    .where("side", "=", side)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.decision;
}

/** Starts a mentorship inside the caller's transaction, refusing when the mentor has no free slot. */
async function startMentorship(
  trx: Transaction<MatchingDatabase>,
  account: Account,
  seedId: string,
  mentorUserId: string,
  today: string,
): Promise<string | null> {
  // the profile row lock makes two accepts for the same mentor count the load one after the other
  const profile = await trx
    .selectFrom("partnering_mentor_profiles")
    .select("max_active_seeds")
    .where("user_id", "=", mentorUserId)
    .forUpdate()
    .executeTakeFirst();
  if (!profile) throw notFound(`mentor profile of user ${mentorUserId}`);
  const active = await trx
    .selectFrom("partnering_mentorships")
    .select(["seed_id"])
    .where("mentor_user_id", "=", mentorUserId)
    .where("ended_on", "is", null)
    .execute();
  if (active.some((a) => a.seed_id === seedId)) return null;
  if (active.length >= profile.max_active_seeds)
    throw validationError([
      fieldIssue(
        ["party", "id"],
        {
          ja: `このメンターは担当上限（${profile.max_active_seeds} 件）に達しています。`,
          en: `This mentor is at capacity (${active.length} of ${profile.max_active_seeds} seeds).`,
        },
        {
          ja: "別のメンターを選ぶか、メンターが担当を終えるか上限を上げるのを待ってください。",
          en: "Choose another mentor, or wait until the mentor ends a mentorship or raises the maximum.",
        },
        mentorUserId,
      ),
    ]);
  const id = randomUUID();
  const row = {
    id,
    mentor_user_id: mentorUserId,
    seed_id: seedId,
    started_on: today,
    created_by: account.id,
  };
  await trx.insertInto("partnering_mentorships").values(row).execute();
  await appendAudit(trx, {
    actor: { id: account.id, label: account.email },
    action: "partnering.mentorship.start",
    entityType: "mentorship",
    entityId: id,
    after: row,
    detail: { seedId, mentorUserId },
  });
  return id;
}

const toFeedback = (r: Selectable<MatchFeedbackTable>, showText: boolean): MatchFeedback => ({
  id: r.id,
  seedId: r.seed_id,
  party: { kind: r.party_kind as MatchFeedback["party"]["kind"], id: r.party_id },
  side: r.side as "seed" | "party",
  decision: r.decision as FeedbackDecision,
  reasonCode: r.reason_code as FeedbackReason,
  reasonText: showText ? r.reason_text : null,
  score: r.score,
  features: parseJson(r.features) as FeatureScore[],
  createdAt: r.created_at,
});

/**
 * Records an accept, decline or "not now" on a proposed match, by the seed's owner (side "seed") or by the
 * proposed party (side "party"), with the match as that side saw it; audited in the same transaction.
 * A mentor match becomes a mentorship once both sides have accepted.
 */
export async function recordFeedback(
  db: MatchingDb,
  account: Account,
  input: FeedbackInput,
  options: MatchOptions = {},
): Promise<FeedbackResult> {
  const f = parseInput(FeedbackInput, input);
  const today = options.today ?? todayIso();
  const [seed] = await loadTeasers(db, f.seedId);
  if (!seed) throw notFound(`seed ${f.seedId}`);
  const actor = actorOf(account);
  const side = canEditSeed(actor, { organisationId: seed.organisation.id })
    ? "seed"
    : canAnswerForParty(actor, f.party)
      ? "party"
      : null;
  if (!side) throw forbidden("partnering.feedback");
  const match = await scoreOnePair(db, account, seed, f.party, options, today);
  const id = randomUUID();
  let mentorshipId: string | null = null;
  await db.transaction().execute(async (trx) => {
    // both sides of a mentor match take the mentor's row lock first, so the second accept sees the first
    if (f.party.kind === "mentor")
      await trx
        .selectFrom("partnering_mentor_profiles")
        .select("user_id")
        .where("user_id", "=", f.party.id)
        .forUpdate()
        .execute();
    const row = {
      id,
      seed_id: seed.id,
      party_kind: f.party.kind,
      party_id: f.party.id,
      side,
      decision: f.decision,
      reason_code: f.reasonCode,
      reason_text: f.reasonText,
      score: match.score,
      features: JSON.stringify(match.features),
      decided_by: account.id,
    };
    await trx.insertInto("partnering_match_feedback").values(row).execute();
    await appendAudit(trx, {
      actor: { id: account.id, label: account.email },
      action: `partnering.feedback.${f.decision}`,
      entityType: "match_feedback",
      entityId: id,
      after: { ...row, features: match.features },
      detail: { seedId: seed.id, party: f.party, side, reasonCode: f.reasonCode },
    });
    if (f.party.kind === "mentor" && f.decision === "accept") {
      const other = await latestDecision(trx, seed.id, f.party.id, side === "seed" ? "party" : "seed");
      if (other === "accept") mentorshipId = await startMentorship(trx, account, seed.id, f.party.id, today);
    }
  });
  const stored = await db
    .selectFrom("partnering_match_feedback")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return { feedback: toFeedback(stored, true), mentorshipId };
}

/**
 * Answers on one seed's matches: programme staff see all; the seed's owners see every answer on their
 * seed but the other side's own words only as a code; a party sees its own answers.
 */
export async function listFeedback(
  db: MatchingDb,
  account: Account,
  seedId: string,
): Promise<MatchFeedback[]> {
  const [seed] = await loadTeasers(db, seedId);
  if (!seed) throw notFound(`seed ${seedId}`);
  const actor = actorOf(account);
  const staff = isProgrammeStaff(actor);
  const owner = canEditSeed(actor, { organisationId: seed.organisation.id });
  const rows = await db
    .selectFrom("partnering_match_feedback")
    .selectAll()
    .where("seed_id", "=", seedId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  if (!staff && !owner && !canAnswerAny(actor)) throw forbidden("partnering.feedback.read");
  const mine = (r: (typeof rows)[number]) =>
    canAnswerForParty(actor, { kind: r.party_kind as MatchFeedback["party"]["kind"], id: r.party_id });
  return rows
    .filter((r) => staff || owner || mine(r))
    .map((r) => toFeedback(r, staff || mine(r) || (owner && r.side === "seed")));
}

const canAnswerAny = (actor: Actor) =>
  (["company", "investor", "mentor"] as const).some((r) => actor.roles.includes(r));

/** Mentorships running now or ended, of a seed or a mentor. */
export interface Mentorship {
  id: string;
  seedId: string;
  mentorUserId: string;
  startedOn: string;
  endedOn: string | null;
}

export async function listMentorships(
  db: MatchingDb,
  account: Account,
  filter: { seedId?: string; mentorUserId?: string },
): Promise<Mentorship[]> {
  const actor = actorOf(account);
  if (filter.seedId) {
    const [seed] = await loadTeasers(db, filter.seedId);
    if (!seed) throw notFound(`seed ${filter.seedId}`);
    if (!isProgrammeStaff(actor) && !canEditSeed(actor, { organisationId: seed.organisation.id }))
      throw forbidden("partnering.mentorship.read");
  } else if (filter.mentorUserId) {
    if (!isProgrammeStaff(actor) && actor.userId !== filter.mentorUserId)
      throw forbidden("partnering.mentorship.read");
  } else if (!isProgrammeStaff(actor)) throw forbidden("partnering.mentorship.read");
  let query = db.selectFrom("partnering_mentorships").selectAll().orderBy("started_on").orderBy("id");
  if (filter.seedId) query = query.where("seed_id", "=", filter.seedId);
  if (filter.mentorUserId) query = query.where("mentor_user_id", "=", filter.mentorUserId);
  return (await query.execute()).map((r) => ({
    id: r.id,
    seedId: r.seed_id,
    mentorUserId: r.mentor_user_id,
    startedOn: r.started_on,
    endedOn: r.ended_on,
  }));
}

/** Ends a mentorship (the seed's owner, the mentor or programme staff), which frees the mentor's slot. */
export async function endMentorship(
  db: MatchingDb,
  account: Account,
  mentorshipId: string,
  endedOn: string = todayIso(),
): Promise<Mentorship> {
  const on = parseInput(IsoDate, endedOn);
  const actor = actorOf(account);
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("partnering_mentorships as m")
      .innerJoin("seeds as s", "s.id", "m.seed_id")
      .selectAll("m")
      .select("s.organisation_id")
      .where("m.id", "=", mentorshipId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound(`mentorship ${mentorshipId}`);
    const allowed =
      isProgrammeStaff(actor) ||
      actor.userId === before.mentor_user_id ||
      canEditSeed(actor, { organisationId: before.organisation_id });
    if (!allowed) throw forbidden("partnering.mentorship.end");
    if (before.ended_on !== null) throw conflict(`end of mentorship ${mentorshipId}`);
    await trx
      .updateTable("partnering_mentorships")
      .set({ ended_on: on })
      .where("id", "=", mentorshipId)
      .execute();
    await appendAudit(trx, {
      actor: { id: account.id, label: account.email },
      action: "partnering.mentorship.end",
      entityType: "mentorship",
      entityId: mentorshipId,
      before: { ...before, organisation_id: undefined },
      after: { endedOn: on },
    });
  });
  const r = await db
    .selectFrom("partnering_mentorships")
    .selectAll()
    .where("id", "=", mentorshipId)
    .executeTakeFirstOrThrow();
  return {
    id: r.id,
    seedId: r.seed_id,
    mentorUserId: r.mentor_user_id,
    startedOn: r.started_on,
    endedOn: r.ended_on,
  };
}

export interface UnmatchedSeed {
  seed: SeedTeaser;
  /** declines and "not now" answers (the latest of each side and party), by reason code */
  declined: Partial<Record<FeedbackReason, number>>;
  notNow: number;
  /** the seed's features from lowest to highest mean value */
  weakestFeatures: { feature: MatchFeature; meanValue: number }[];
  /** where the feature values come from: the answers' own match snapshots, or the current top candidates */
  basis: "feedback" | "candidates";
}

export interface UnmatchedReport {
  seeds: number;
  unmatched: number;
  declinedReasons: Partial<Record<FeedbackReason, number>>;
  /** how many unmatched seeds have each feature as their weakest */
  weakestFeatureCounts: Partial<Record<MatchFeature, number>>;
  items: UnmatchedSeed[];
}

const partnerKinds = new Set(["company", "investor"]);

/**
 * Why seeds went unmatched. A seed is matched when a company or investor match was accepted (the latest
 * answer of either side is an accept) or its owner accepted an outreach. For the others: declines counted
 * by reason, and the features that scored lowest in the declined matches (or, with no answers yet, among
 * the seed's current top candidates). Programme staff see every seed; owners their own seeds.
 */
export async function unmatchedReport(
  db: MatchingDb,
  account: Account,
  options: MatchOptions & { candidates?: number } = {},
): Promise<UnmatchedReport> {
  const actor = actorOf(account);
  const staff = isProgrammeStaff(actor);
  if (!staff && !actor.roles.includes("researcher") && !actor.roles.includes("tlo"))
    throw forbidden("partnering.report.unmatched");
  const today = options.today ?? todayIso();
  const seeds = (await loadTeasers(db)).filter((s) => staff || s.organisation.id === actor.organisationId);
  const feedback = await db
    .selectFrom("partnering_match_feedback")
    .select([
      "seed_id",
      "party_kind",
      "party_id",
      "side",
      "decision",
      "reason_code",
      "features",
      "created_at",
      "id",
    ])
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  // the latest answer per seed, party and side: a later accept overrides an earlier "not now"
  const latest = new Map<string, (typeof feedback)[number]>();
  for (const f of feedback) latest.set(`${f.seed_id}/${f.party_kind}/${f.party_id}/${f.side}`, f);
  const accepted = new Set(
    [...latest.values()]
      .filter((f) => f.decision === "accept" && partnerKinds.has(f.party_kind))
      .map((f) => f.seed_id),
  );
  const outreach = await db
    .selectFrom("partnering_outreach")
    .select("seed_id")
    .where("status", "=", "accepted")
    .execute();
  for (const o of outreach) accepted.add(o.seed_id);

  const table = await loadWeightTable(db);
  const profiles = await loadPartnerProfiles(db);
  const deals = await loadPastDeals(db);
  const k = options.candidates ?? 5;
  const items: UnmatchedSeed[] = [];
  const declinedReasons: Partial<Record<FeedbackReason, number>> = {};
  const weakestFeatureCounts: Partial<Record<MatchFeature, number>> = {};
  for (const seed of seeds) {
    if (accepted.has(seed.id)) continue;
    const answers = [...latest.values()].filter(
      (f) => f.seed_id === seed.id && partnerKinds.has(f.party_kind) && f.decision !== "accept",
    );
    const declined: Partial<Record<FeedbackReason, number>> = {};
    for (const a of answers.filter((x) => x.decision === "decline")) {
      const code = a.reason_code as FeedbackReason;
      declined[code] = (declined[code] ?? 0) + 1;
      declinedReasons[code] = (declinedReasons[code] ?? 0) + 1;
    }
    let snapshots: FeatureScore[][] = answers.map((a) => parseJson(a.features) as FeatureScore[]);
    let basis: UnmatchedSeed["basis"] = "feedback";
    if (snapshots.length === 0) {
      basis = "candidates";
      // the report reads public summaries only: readiness stays out, as for any asker without a grant
      const weights = resolveWeights(table, seed.programme).weights;
      snapshots = profiles
        .filter((p) => p.organisation.id !== seed.organisation.id)
        .map((p) =>
          scorePartner(seed, p, deals[p.kind], { visible: false }, weights, options.unmetNeed, today),
        )
        .sort((a, b) => b.score - a.score)
        .slice(0, k)
        .map((m) => m.features);
    }
    const sums = new Map<MatchFeature, { total: number; n: number }>();
    for (const features of snapshots)
      for (const f of features)
        if (f.value !== null && f.weight > 0) {
          const s = sums.get(f.feature) ?? { total: 0, n: 0 };
          sums.set(f.feature, { total: s.total + f.value, n: s.n + 1 });
        }
    const weakestFeatures = [...sums.entries()]
      .map(([feature, s]) => ({ feature, meanValue: Math.round((s.total / s.n) * 1000) / 1000 }))
      .sort((a, b) => a.meanValue - b.meanValue || a.feature.localeCompare(b.feature));
    const weakest = weakestFeatures[0];
    if (weakest) weakestFeatureCounts[weakest.feature] = (weakestFeatureCounts[weakest.feature] ?? 0) + 1;
    items.push({
      seed,
      declined,
      notNow: answers.filter((x) => x.decision === "not_now").length,
      weakestFeatures,
      basis,
    });
  }
  const declines = (i: UnmatchedSeed) => Object.values(i.declined).reduce((s, n) => s + (n ?? 0), 0);
  items.sort(
    (a, b) =>
      declines(b) - declines(a) || b.notNow - a.notNow || a.seed.titleEn.localeCompare(b.seed.titleEn),
  );
  return { seeds: seeds.length, unmatched: items.length, declinedReasons, weakestFeatureCounts, items };
}
