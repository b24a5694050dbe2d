import type { Actor } from "@kakehashi/core";

/**
 * Who runs in-silico screens: researchers and TLOs looking for a seed's first hits or a repurposing
 * candidate, companies' discovery teams, analysts and admins. Investors, funders, regulators and mentors
 * read screens only once they are attached to a seed, under the seed's own rules.
 */
export const canScreen = (actor: Actor) =>
  (["researcher", "tlo", "company", "analyst", "admin"] as const).some((r) => actor.roles.includes(r));

/**
 * A library, target or run belongs to its organisation (a company's compound collection is a trade
 * secret); shared entries (no organisation) are the platform's reference sets, readable by every screener.
 */
export const canReadScreenEntry = (actor: Actor, entry: { organisationId: string | null }) =>
  canScreen(actor) &&
  (entry.organisationId === null ||
    actor.roles.includes("admin") ||
    actor.organisationId === entry.organisationId);
