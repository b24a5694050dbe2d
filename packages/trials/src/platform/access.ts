import type { Actor } from "@kakehashi/core";

/**
 * Who designs trials: researchers and TLOs planning their seed's first trials, companies' clinical
 * teams, analysts (biostatisticians) and admins. A design is its organisation's working paper until it
 * is attached to a seed, where the seed's own confidentiality rules take over.
 */
export const canDesignTrials = (actor: Actor) =>
  (["researcher", "tlo", "company", "analyst", "admin"] as const).some((r) => actor.roles.includes(r));

/** A saved design is read by its own organisation and by admins. */
export const canReadDesign = (actor: Actor, design: { organisationId: string }) =>
  canDesignTrials(actor) && (actor.roles.includes("admin") || actor.organisationId === design.organisationId);
