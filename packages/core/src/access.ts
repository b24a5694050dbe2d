import type { Role } from "./roles.ts";

/** Who is asking: the identity every access decision is made on. */
export interface Actor {
  userId: string;
  organisationId: string;
  roles: readonly Role[];
}

export const isAdmin = (actor: Actor) => actor.roles.includes("admin");

/** An organisation's member list and private profile are for its own members and platform admins. */
export function canReadOrganisationPrivate(actor: Actor, organisationId: string): boolean {
  return isAdmin(actor) || actor.organisationId === organisationId;
}

export const canManageOrganisations = isAdmin;
export const canManageUsers = isAdmin;
/** The audit trail reveals who did what everywhere: admins only. */
export const canReadAudit = isAdmin;
