import type { Actor } from "@kakehashi/core";

/**
 * How much of a seed a caller may see. Owners (members of the seed's organisation) see everything;
 * a company or investor sees the confidential part only while its organisation holds an active,
 * unexpired confidentiality grant (NDA); everyone else sees the public summary.
 */
export type SeedAccess = "owner" | "grant" | "public";

export interface GrantHolding {
  organisationId: string;
  status: string;
  expiresOn: string | null;
}

export const todayIso = (now: Date = new Date()) => now.toISOString().slice(0, 10);

export function isGrantActive(grant: GrantHolding, today: string): boolean {
  return grant.status === "active" && (grant.expiresOn === null || grant.expiresOn >= today);
}

const isOwnerMember = (actor: Actor, seedOrganisationId: string) =>
  actor.organisationId === seedOrganisationId &&
  (actor.roles.includes("researcher") || actor.roles.includes("tlo"));

export function seedAccess(
  actor: Actor,
  seed: { organisationId: string },
  grants: readonly GrantHolding[],
  today: string,
): SeedAccess {
  if (isOwnerMember(actor, seed.organisationId)) return "owner";
  const partner = actor.roles.includes("company") || actor.roles.includes("investor");
  if (partner && grants.some((g) => g.organisationId === actor.organisationId && isGrantActive(g, today)))
    return "grant";
  return "public";
}

export const canSeeConfidential = (access: SeedAccess) => access !== "public";

/** Researchers and TLO staff register seeds for their own organisation. */
export const canCreateSeed = (actor: Actor) =>
  actor.roles.includes("researcher") || actor.roles.includes("tlo");

/** Only the owning organisation's researchers and TLO change a seed, its evidence, IP and grants. */
export const canEditSeed = (actor: Actor, seed: { organisationId: string }) =>
  isOwnerMember(actor, seed.organisationId);

/** Companies and investors ask for confidential access to other organisations' seeds. */
export const canRequestAccess = (actor: Actor, seed: { organisationId: string }) =>
  (actor.roles.includes("company") || actor.roles.includes("investor")) &&
  actor.organisationId !== seed.organisationId;

/** Programme KPIs are aggregates for those who steer or study the programme. */
export const canViewKpis = (actor: Actor) =>
  ["funder", "admin", "regulator", "analyst"].some((r) => actor.roles.includes(r as Actor["roles"][number]));
