import type { Actor } from "@kakehashi/core";
import { canEditSeed } from "@kakehashi/pipeline";
import type { Account } from "@kakehashi/store";
import type { PartyKind } from "./vocabulary.ts";

export const actorOf = (a: Account): Actor => ({
  userId: a.id,
  organisationId: a.organisation.id,
  roles: a.roles,
});

const has = (actor: Actor, ...roles: Actor["roles"][number][]) => roles.some((r) => actor.roles.includes(r));

/** Programme staff steer matching across organisations: admins and the funder's programme officers. */
export const isProgrammeStaff = (actor: Actor) => has(actor, "admin", "funder");

/**
 * A company's profile is kept by the organisation's users in the company role (an investor's by those in
 * the investor role) and by admins; nobody else, not even another partner, edits it.
 */
export const canEditPartnerProfile = (actor: Actor, org: { id: string; kind: "company" | "investor" }) =>
  has(actor, "admin") || (actor.organisationId === org.id && has(actor, org.kind));

/** Budget and ticket bands are negotiating positions: their own organisation and admins see them. */
export const canSeePartnerBands = (actor: Actor, organisationId: string) =>
  has(actor, "admin") || actor.organisationId === organisationId;

/** A mentor keeps their own profile; admins may correct it. */
export const canEditMentorProfile = (actor: Actor, mentorUserId: string) =>
  has(actor, "admin") || (actor.userId === mentorUserId && has(actor, "mentor"));

/** Weights are a programme setting: admins and funders change them. */
export const canSetMatchWeights = (actor: Actor) => isProgrammeStaff(actor);

/** Partners for a seed: its owners (researchers and TLO of its organisation) and programme staff. */
export const canMatchForSeed = (actor: Actor, seed: { organisationId: string }) =>
  canEditSeed(actor, seed) || isProgrammeStaff(actor);

/** Seeds for a company or investor: its own users in that role, and programme staff on its behalf. */
export const canMatchForOrganisation = (actor: Actor, org: { id: string; kind: "company" | "investor" }) =>
  (actor.organisationId === org.id && has(actor, org.kind)) || isProgrammeStaff(actor);

/** Ranking quality over all held-out deals reads every organisation's deals: programme staff and analysts. */
export const canEvaluateMatching = (actor: Actor) => has(actor, "admin", "funder", "analyst");

/** Who may answer a proposed match for the party's side: that company's or investor's users, or the mentor. */
export function canAnswerForParty(actor: Actor, party: { kind: PartyKind; id: string }): boolean {
  if (party.kind === "mentor") return actor.userId === party.id && has(actor, "mentor");
  return actor.organisationId === party.id && has(actor, party.kind);
}
