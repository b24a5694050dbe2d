/**
 * The consultation desk, Open Hours and notifications over HTTP. The shapes follow
 * @kakehashi/partnering's desk and notification functions (dates arrive as ISO strings); they are
 * declared here rather than imported so that no server code reaches the browser bundle (only the plain
 * lists come from @kakehashi/partnering/terms).
 */
import type { CaseOutcome, CaseStatus, DeskTopic, SlotMode, Urgency } from "@kakehashi/partnering/terms";
import { queryString, requestJson } from "../../../api.ts";
import type { Stage } from "../../../vocabulary.ts";

const P = "/api/partnering";

export type { CaseOutcome, CaseStatus, DeskTopic, SlotMode, Urgency } from "@kakehashi/partnering/terms";
/** The desk's topics, urgencies, case states, outcomes and slot modes, as the server validates them. */
export {
  CASE_OUTCOMES,
  CASE_STATUSES,
  DESK_TOPICS,
  SLOT_MODES,
  URGENCIES,
} from "@kakehashi/partnering/terms";
export type CaseAccess = "admin" | "expert" | "requester";

/** Mirrors @kakehashi/partnering's desk/access.ts, to show each role its part of the desk. */
export const REQUESTER_ROLES = ["researcher", "tlo", "company", "investor"];
const has = (roles: readonly string[], wanted: readonly string[]) => wanted.some((r) => roles.includes(r));
export const canRequestConsultation = (roles: readonly string[]) => has(roles, REQUESTER_ROLES);
export const isDeskExpert = (roles: readonly string[]) => roles.includes("mentor");
export const isDeskAdmin = (roles: readonly string[]) => roles.includes("admin");
export const canViewDeskMetrics = (roles: readonly string[]) =>
  has(roles, ["admin", "funder", "analyst", "mentor"]);
export const canListCases = (roles: readonly string[]) =>
  canRequestConsultation(roles) || isDeskExpert(roles) || isDeskAdmin(roles);

export interface Person {
  id: string;
  name: string;
}

export interface FollowUp {
  id: string;
  title: string;
  dueOn: string;
  done: boolean;
  doneAt: string | null;
  overdue: boolean;
}

export interface CaseBooking {
  id: string;
  slotId: string;
  startsAt: string;
  endsAt: string;
  mode: SlotMode;
  expert: Person;
}

export interface CaseNote {
  id: string;
  author: Person;
  body: string;
  createdAt: string;
}

export interface DeskCaseSummary {
  id: string;
  topic: DeskTopic;
  stage: Stage;
  urgency: Urgency;
  status: CaseStatus;
  requester: { id: string; name: string; organisation: { id: string; nameJa: string; nameEn: string } };
  expert: Person | null;
  createdAt: string;
  closedAt: string | null;
  outcome: CaseOutcome | null;
  overdueFollowUps: number;
}

export interface TriageExplanation {
  ja: string;
  en: string;
  candidates: { expertId: string; name: string; openCases: number; capacity: number }[];
  rule: "least_loaded" | "booked_slot" | "manual" | "none_available";
}

export interface DeskCase extends DeskCaseSummary {
  access: CaseAccess;
  description: string;
  seed: { id: string; titleJa: string; titleEn: string } | null;
  triage: TriageExplanation;
  assignedAt: string | null;
  firstResponseAt: string | null;
  outcomeNote: string | null;
  satisfaction: number | null;
  satisfactionComment: string | null;
  followUps: FollowUp[];
  bookings: CaseBooking[];
  /** null unless the caller is the assigned expert or a desk admin */
  notes: CaseNote[] | null;
}

/** A desk expert as GET /desk/experts lists them (openCases only for desk admins and the expert). */
export interface DeskExpert {
  userId: string;
  name: string;
  organisation: { id: string; nameJa: string; nameEn: string };
  topics: DeskTopic[];
  capacity: number;
  active: boolean;
  openCases: number | null;
}

export interface CaseIntakeInput {
  topic: DeskTopic | "";
  stage: Stage | "";
  urgency: Urgency;
  description: string;
  seedId?: string | null;
}

export interface OpenHoursSlot {
  id: string;
  expert: { id: string; name: string; topics: DeskTopic[] };
  startsAt: string;
  endsAt: string;
  mode: SlotMode;
  booking: { id: string; caseId: string } | null;
  cancelled: boolean;
}

export interface SlotInput {
  startsAt: string;
  endsAt: string;
  mode: SlotMode;
}

export interface DeskMetrics {
  cases: number;
  open: number;
  closed: number;
  byTopic: Record<DeskTopic, number>;
  medianHoursToFirstResponse: number | null;
  responded: number;
  resolutionRate: number | null;
  resolved: number;
  satisfactionMean: number | null;
  rated: number;
}

export interface Notification {
  id: string;
  kind: string;
  titleJa: string;
  titleEn: string;
  bodyJa: string;
  bodyEn: string;
  /** a path inside the application, e.g. /desk/cases/<id> or /consortia/<id> */
  link: string;
  read: boolean;
  readAt: string | null;
  createdAt: string;
}

export interface NotificationList {
  notifications: Notification[];
  unread: number;
}

const casePath = (id: string, rest = "") => `${P}/desk/cases/${encodeURIComponent(id)}${rest}`;

export const listDeskCases = (query: { status?: string; topic?: string } = {}) =>
  requestJson<DeskCaseSummary[]>(`${P}/desk/cases${queryString(query)}`);

export const submitDeskCase = (input: CaseIntakeInput) =>
  requestJson<DeskCase>(`${P}/desk/cases`, {
    method: "POST",
    body: {
      // an unchosen topic or stage goes as missing, so the server names the field
      ...(input.topic ? { topic: input.topic } : {}),
      ...(input.stage ? { stage: input.stage } : {}),
      urgency: input.urgency,
      description: input.description,
      ...(input.seedId ? { seedId: input.seedId } : {}),
    },
  });

export const getDeskCase = (id: string) => requestJson<DeskCase>(casePath(id));

export const acknowledgeDeskCase = (id: string) =>
  requestJson<DeskCase>(casePath(id, "/acknowledge"), { method: "POST" });

export const addDeskNote = (id: string, body: string) =>
  requestJson<CaseNote>(casePath(id, "/notes"), { method: "POST", body: { body } });

export const addDeskFollowUp = (id: string, title: string, dueOn: string) =>
  requestJson<FollowUp>(casePath(id, "/follow-ups"), { method: "POST", body: { title, dueOn } });

/** Marks a follow-up done (the expert, a desk admin or the requester's side); the whole case comes back. */
export const completeDeskFollowUp = (followUpId: string) =>
  requestJson<DeskCase>(`${P}/desk/follow-ups/${encodeURIComponent(followUpId)}/complete`, {
    method: "POST",
  });

/** Cancels an Open Hours booking before its slot starts; the slot is offered again. */
export const cancelDeskBooking = (bookingId: string) =>
  requestJson<DeskCase>(`${P}/desk/bookings/${encodeURIComponent(bookingId)}/cancel`, { method: "POST" });

/** A desk admin assigns (or reassigns) the case to an expert. */
export const assignDeskCase = (id: string, expertId: string) =>
  requestJson<DeskCase>(casePath(id, "/assign"), { method: "POST", body: { expertId } });

export const closeDeskCase = (id: string, outcome: CaseOutcome | "", note: string) =>
  requestJson<DeskCase>(casePath(id, "/close"), {
    method: "POST",
    body: { ...(outcome ? { outcome } : {}), note },
  });

export const rateDeskCase = (id: string, satisfaction: number | null, comment: string) =>
  requestJson<DeskCase>(casePath(id, "/rating"), {
    method: "POST",
    body: { ...(satisfaction === null ? {} : { satisfaction }), comment },
  });

export const listOpenSlots = (query: { topic?: string; expertId?: string } = {}) =>
  requestJson<OpenHoursSlot[]>(`${P}/desk/slots${queryString(query)}`);

export const listMySlots = () => requestJson<OpenHoursSlot[]>(`${P}/desk/slots?mine=true`);

export const publishSlots = (slots: SlotInput[]) =>
  requestJson<OpenHoursSlot[]>(`${P}/desk/slots`, { method: "POST", body: { slots } });

export const bookSlot = (slotId: string, caseId: string) =>
  requestJson<DeskCase>(`${P}/desk/slots/${encodeURIComponent(slotId)}/book`, {
    method: "POST",
    body: { caseId },
  });

export const listDeskExperts = (topic?: DeskTopic) =>
  requestJson<DeskExpert[]>(`${P}/desk/experts${queryString({ topic })}`);

export const getDeskMetrics = () => requestJson<DeskMetrics>(`${P}/desk/metrics`);

export const listNotifications = (query: { unread?: boolean; limit?: number } = {}) =>
  requestJson<NotificationList>(
    `${P}/notifications${queryString({ unread: query.unread ? "true" : undefined, limit: query.limit })}`,
  );

export const markNotificationRead = (id: string) =>
  requestJson<Notification>(`${P}/notifications/${encodeURIComponent(id)}/read`, { method: "POST" });

export const markAllNotificationsRead = () =>
  requestJson<{ marked: number }>(`${P}/notifications/read-all`, { method: "POST" });

/**
 * The web UI's address of a notification's link, if it has one: a hash route of the UI ("/#/partnering/…")
 * as it is, or an older server path (/desk/cases/<id>, /consortia/<id>) mapped to its page.
 */
export function notificationHref(
  link: string,
  hrefs: { deskCase: (id: string) => string; consortium: (id: string) => string },
): string | null {
  if (link.startsWith("/#/")) return link.slice(1);
  if (link.startsWith("#/")) return link;
  const desk = /^\/desk\/cases\/([0-9a-f-]{36})$/i.exec(link);
  if (desk?.[1]) return hrefs.deskCase(desk[1]);
  const consortium = /^\/consortia\/([0-9a-f-]{36})$/i.exec(link);
  if (consortium?.[1]) return hrefs.consortium(consortium[1]);
  return null;
}
