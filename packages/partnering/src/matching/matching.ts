import { forbidden, notFound } from "@kakehashi/core";
import {
  type GrantHolding,
  type ReadinessAssessment,
  seedAccess,
  seedReadiness,
  todayIso,
} from "@kakehashi/pipeline";
import { type Account, getOrganisation } from "@kakehashi/store";
import { actorOf, canMatchForOrganisation, canMatchForSeed } from "./access.ts";
import {
  loadMentorProfiles,
  loadPartnerProfiles,
  type MentorProfile,
  type StoredPartnerProfile,
} from "./profiles.ts";
import { type MatchingDb, pipelineView, storeDb } from "./schema.ts";
import {
  areaFit,
  capacityFit,
  combine,
  expertiseFit,
  type MatchScore,
  modalityFit,
  neededExpertise,
  type PastDeal,
  pastDealsFit,
  type ReadinessView,
  readinessFit,
  stageFit,
  type UnmetNeedLookup,
  unmetNeedFit,
} from "./scoring.ts";
import { loadTeasers, type SeedTeaser } from "./teaser.ts";
import { chapterOf } from "./vocabulary.ts";
import { loadWeightTable, type MatchWeights, resolveWeights, type StoredWeights } from "./weights.ts";

export interface MatchOptions {
  /** the drug-lag monitor's view of an indication; the server builds it on @kakehashi/lag's indicationLag */
  unmetNeed?: UnmetNeedLookup;
  /** the date grants, deals and mentorships are judged at (YYYY-MM-DD) */
  today?: string;
  /** how many to return per list */
  limit?: number;
}

export interface RankedPartner extends MatchScore {
  rank: number;
  kind: "company" | "investor";
  party: { id: string; nameJa: string; nameEn: string };
}

export interface RankedMentor extends MatchScore {
  rank: number;
  kind: "mentor";
  party: {
    id: string;
    nameJa: string;
    nameEn: string;
    organisation: { id: string; nameJa: string; nameEn: string };
  };
  /** false when the mentor has no free slot (and does not already follow the seed) */
  available: boolean;
}

export interface SeedMatches {
  seed: SeedTeaser;
  weights: StoredWeights;
  /** whether the asker may see the seed's evidence readiness (owners, and partners with an active grant) */
  readinessVisible: boolean;
  companies: RankedPartner[];
  investors: RankedPartner[];
  mentors: RankedMentor[];
}

export interface RankedSeed extends MatchScore {
  rank: number;
  seed: SeedTeaser;
  readinessVisible: boolean;
}

export interface OrganisationMatches {
  organisation: { id: string; nameJa: string; nameEn: string; kind: "company" | "investor" };
  seeds: RankedSeed[];
  /** seeds considered (all registered seeds of other organisations) */
  considered: number;
}

/** Licence deals (companies) and funding rounds (investors) with a named partner, from the pipeline's outcomes. */
export async function loadPastDeals(db: MatchingDb): Promise<{ company: PastDeal[]; investor: PastDeal[] }> {
  const rows = await db
    .selectFrom("outcomes as d")
    .innerJoin("seeds as s", "s.id", "d.seed_id")
    .select(["d.seed_id", "d.partner_organisation_id", "d.kind", "d.occurred_on", "s.icd10"])
    .where("d.kind", "in", ["licence_deal", "funding_round"])
    .where("d.partner_organisation_id", "is not", null)
    .orderBy("d.occurred_on")
    .execute();
  const toDeal = (r: (typeof rows)[number]): PastDeal => ({
    seedId: r.seed_id,
    partnerId: r.partner_organisation_id as string,
    chapter: chapterOf(r.icd10),
    occurredOn: r.occurred_on,
  });
  return {
    company: rows.filter((r) => r.kind === "licence_deal").map(toDeal),
    investor: rows.filter((r) => r.kind === "funding_round").map(toDeal),
  };
}

/** The readiness summary matching uses: the next gate's requirements, met and missing. */
export function readinessViewOf(a: ReadinessAssessment): ReadinessView {
  const gate = a.gates.find((g) => g.gate === a.nextGate);
  if (!a.nextGate || !gate)
    return { visible: true, nextGate: a.nextGate, satisfied: 0, total: 0, missing: [] };
  const missing = gate.requirements.filter((r) => !r.satisfied);
  return {
    visible: true,
    nextGate: a.nextGate,
    satisfied: gate.requirements.length - missing.length,
    total: gate.requirements.length,
    missing: missing.map((r) => ({ requirement: r.requirement, labelJa: r.labelJa, labelEn: r.labelEn })),
  };
}

async function grantsByOrganisation(db: MatchingDb, seedId: string): Promise<GrantHolding[]> {
  const rows = await db
    .selectFrom("access_grants")
    .select(["organisation_id", "status", "expires_on"])
    .where("seed_id", "=", seedId)
    .execute();
  return rows.map((g) => ({ organisationId: g.organisation_id, status: g.status, expiresOn: g.expires_on }));
}

/**
 * What the asker may know of a seed's readiness. The pipeline decides (seedAccess: owners, or a partner
 * whose organisation holds an active grant) and seedReadiness reads it, auditing the confidential view.
 */
export async function readinessFor(
  db: MatchingDb,
  account: Account,
  seed: SeedTeaser,
  today: string,
  grants?: GrantHolding[],
): Promise<ReadinessView> {
  const access = seedAccess(
    actorOf(account),
    { organisationId: seed.organisation.id },
    grants ?? (await grantsByOrganisation(db, seed.id)),
    today,
  );
  if (access === "public") return { visible: false };
  return readinessViewOf(await seedReadiness(pipelineView(db), account, seed.id, today));
}

/** Scores one company or investor for one seed. */
export function scorePartner(
  seed: Pick<SeedTeaser, "id" | "icd10" | "modality" | "stage">,
  partner: StoredPartnerProfile,
  deals: readonly PastDeal[],
  readiness: ReadinessView,
  weights: MatchWeights,
  unmetNeed: UnmetNeedLookup | undefined,
  today: string,
): MatchScore {
  const chapter = chapterOf(seed.icd10);
  const own = deals.filter(
    (d) => d.partnerId === partner.organisation.id && d.seedId !== seed.id && d.occurredOn <= today,
  );
  return combine(
    {
      area: areaFit(seed.icd10, partner.interests.areas),
      modality: modalityFit(seed.modality, partner.interests.modalities),
      stage: stageFit(seed.stage, partner.interests.stages),
      readiness: readinessFit(readiness),
      pastDeals: pastDealsFit(partner.kind, chapter, own),
      unmetNeed: unmetNeedFit(seed.icd10, unmetNeed),
    },
    weights,
  );
}

/** Scores one mentor for one seed. */
export function scoreMentor(
  seed: Pick<SeedTeaser, "icd10" | "modality" | "stage">,
  mentor: MentorProfile,
  alreadyOnSeed: boolean,
  readiness: ReadinessView,
  weights: MatchWeights,
): MatchScore & { available: boolean } {
  const score = combine(
    {
      expertise: expertiseFit(neededExpertise(seed.stage, readiness), mentor.expertise),
      area: areaFit(seed.icd10, mentor.areas),
      modality: modalityFit(seed.modality, mentor.modalities),
      capacity: capacityFit(mentor.maxActiveSeeds, mentor.activeSeeds, alreadyOnSeed),
    },
    weights,
  );
  return { ...score, available: alreadyOnSeed || mentor.activeSeeds < mentor.maxActiveSeeds };
}

/** Higher score first; equal scores by name, so a list reads the same every time. */
const byScore =
  <T extends MatchScore>(name: (x: T) => string) =>
  (a: T, b: T) =>
    b.score - a.score || name(a).localeCompare(name(b));

export async function activeMentorsOf(db: MatchingDb, seedId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("partnering_mentorships")
    .select("mentor_user_id")
    .where("seed_id", "=", seedId)
    .where("ended_on", "is", null)
    .execute();
  return new Set(rows.map((r) => r.mentor_user_id));
}

/**
 * Ranked companies, investors and mentors for a seed, each score explained feature by feature. For the
 * seed's owners and programme staff; readiness counts only where the asker may see it.
 */
export async function matchesForSeed(
  db: MatchingDb,
  account: Account,
  seedId: string,
  options: MatchOptions = {},
): Promise<SeedMatches> {
  const today = options.today ?? todayIso();
  const limit = options.limit ?? 10;
  const [seed] = await loadTeasers(db, seedId);
  if (!seed) throw notFound(`seed ${seedId}`);
  if (!canMatchForSeed(actorOf(account), { organisationId: seed.organisation.id }))
    throw forbidden("partnering.match.seed");
  const readiness = await readinessFor(db, account, seed, today);
  const weights = resolveWeights(await loadWeightTable(db), seed.programme);
  const deals = await loadPastDeals(db);
  const partners = (await loadPartnerProfiles(db)).filter((p) => p.organisation.id !== seed.organisation.id);
  const ranked = partners.map((p) => ({
    kind: p.kind,
    party: p.organisation,
    ...scorePartner(seed, p, deals[p.kind], readiness, weights.weights, options.unmetNeed, today),
  }));
  const order = byScore<(typeof ranked)[number]>((x) => x.party.nameEn);
  const top = (kind: "company" | "investor") =>
    ranked
      .filter((r) => r.kind === kind)
      .sort(order)
      .slice(0, limit)
      .map((r, i) => ({ ...r, rank: i + 1 }));
  const onSeed = await activeMentorsOf(db, seed.id);
  const mentors = (await loadMentorProfiles(db))
    // a mentor does not accompany their own organisation's seed (conflict of interest), unless already on it
    .filter((m) => m.mentor.organisation.id !== seed.organisation.id || onSeed.has(m.mentor.userId))
    .map((m) => {
      const s = scoreMentor(seed, m, onSeed.has(m.mentor.userId), readiness, weights.weights);
      return {
        kind: "mentor" as const,
        party: {
          id: m.mentor.userId,
          nameJa: m.mentor.displayName,
          nameEn: m.mentor.displayName,
          organisation: m.mentor.organisation,
        },
        ...s,
      };
    })
    // a mentor with no free slot is listed after those who can take the seed
    .sort(
      (a, b) => Number(b.available) - Number(a.available) || byScore<typeof a>((x) => x.party.nameEn)(a, b),
    )
    .slice(0, limit)
    .map((m, i) => ({ ...m, rank: i + 1 }));
  return {
    seed,
    weights,
    readinessVisible: readiness.visible,
    companies: top("company"),
    investors: top("investor"),
    mentors,
  };
}

/**
 * Ranked seeds for a company or investor, from public summaries; a seed on which the organisation holds
 * an active grant also counts its evidence readiness (read through the pipeline and audited).
 */
export async function seedsForOrganisation(
  db: MatchingDb,
  account: Account,
  organisationId: string,
  options: MatchOptions = {},
): Promise<OrganisationMatches> {
  const today = options.today ?? todayIso();
  const limit = options.limit ?? 20;
  const org = await getOrganisation(storeDb(db), organisationId);
  if (org.kind !== "company" && org.kind !== "investor")
    throw notFound(`partner profile of organisation ${organisationId}`);
  if (!canMatchForOrganisation(actorOf(account), { id: org.id, kind: org.kind }))
    throw forbidden("partnering.match.organisation");
  const profile = (await loadPartnerProfiles(db, org.kind)).find((p) => p.organisation.id === org.id);
  if (!profile) throw notFound(`partner profile of organisation ${organisationId}`);
  const seeds = (await loadTeasers(db)).filter((s) => s.organisation.id !== org.id);
  const grantRows = await db
    .selectFrom("access_grants")
    .select(["seed_id", "organisation_id", "status", "expires_on"])
    .where("organisation_id", "=", account.organisation.id)
    .execute();
  const table = await loadWeightTable(db);
  const deals = (await loadPastDeals(db))[org.kind];
  const scored: Omit<RankedSeed, "rank">[] = [];
  for (const seed of seeds) {
    const grants = grantRows
      .filter((g) => g.seed_id === seed.id)
      .map((g) => ({ organisationId: g.organisation_id, status: g.status, expiresOn: g.expires_on }));
    const readiness = await readinessFor(db, account, seed, today, grants);
    const weights = resolveWeights(table, seed.programme).weights;
    scored.push({
      seed,
      readinessVisible: readiness.visible,
      ...scorePartner(seed, profile, deals, readiness, weights, options.unmetNeed, today),
    });
  }
  return {
    organisation: { id: org.id, nameJa: org.nameJa, nameEn: org.nameEn, kind: org.kind },
    considered: seeds.length,
    seeds: scored
      .sort(byScore((x) => x.seed.titleEn))
      .slice(0, limit)
      .map((s, i) => ({ ...s, rank: i + 1 })),
  };
}
