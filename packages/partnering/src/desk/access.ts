import type { Actor } from "@kakehashi/core";

/**
 * Who may do what at the consultation desk.
 * - Requesters: researchers, TLO staff, company (venture) and investor users ask for advice for their
 *   organisation; colleagues in the same organisation with those roles follow the same cases.
 * - Experts: mentor-role users who declared desk topics; they see the cases assigned to them.
 * - Desk admins: platform admins, who see and assign every case.
 * Case notes are the expert's working notes and stay confidential to the assigned expert and desk
 * admins: the requester's organisation sees the case, its follow-ups, bookings and outcome, never the
 * notes.
 */
export const REQUESTER_ROLES = ["researcher", "tlo", "company", "investor"] as const;

export const canRequestConsultation = (actor: Actor) => REQUESTER_ROLES.some((r) => actor.roles.includes(r));
export const canActAsExpert = (actor: Actor) => actor.roles.includes("mentor");
export const isDeskAdmin = (actor: Actor) => actor.roles.includes("admin");
/** Desk metrics are aggregates (no case contents) for those who run or steer the desk. */
export const canViewDeskMetrics = (actor: Actor) =>
  (["admin", "funder", "analyst", "mentor"] as const).some((r) => actor.roles.includes(r));

export type CaseAccess = "admin" | "expert" | "requester";

export function caseAccess(
  actor: Actor,
  c: { organisationId: string; expertId: string | null },
): CaseAccess | null {
  if (isDeskAdmin(actor)) return "admin";
  if (c.expertId !== null && c.expertId === actor.userId && canActAsExpert(actor)) return "expert";
  if (actor.organisationId === c.organisationId && canRequestConsultation(actor)) return "requester";
  return null;
}

export const canReadCaseNotes = (access: CaseAccess | null) => access === "admin" || access === "expert";
/** Notes, follow-ups, assignment changes and closing are the desk's side of the case. */
export const canWorkOnCase = canReadCaseNotes;
