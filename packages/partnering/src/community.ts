/**
 * The community side of partnering (issue 9): the consultation desk (MEDISO-style), GAPFREE-style
 * consortia, the forum, and the in-app and e-mail notifications they send.
 */
import type { Database } from "@kakehashi/store";
import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import * as m0007 from "./communityMigration.ts";
import { seedConsortiumDemo } from "./consortia/demo.ts";
import { seedDeskDemo } from "./desk/demo.ts";
import { seedForumDemo } from "./forum/demo.ts";
import * as m0008 from "./noticeKindsMigration.ts";

export const communityMigrations: Record<string, Migration> = {
  "0007_partnering_community": m0007,
  "0008_partnering_notice_kinds": m0008,
};

export {
  acceptTerms,
  addJointProject,
  addSpecimens,
  type ConsortiumCard,
  type ConsortiumDetail,
  ConsortiumInput,
  type ConsortiumMember,
  type ConsortiumView,
  canCreateConsortium,
  canReadConsortium,
  createConsortium,
  getConsortium,
  Icd10Area,
  type JointProject,
  listConsortia,
  MemberInput,
  membershipOf,
  ProjectBody,
  publishTerms,
  type SpecimenEntry,
  setMember,
  TermsBody,
} from "./consortia/consortia.ts";
export { DEMO_CONSORTIUM_NAME_EN, seedConsortiumDemo } from "./consortia/demo.ts";
export {
  personalDataIssues,
  type Specimen,
  SpecimenInput,
  SpecimensBody,
  validateSpecimens,
} from "./consortia/specimens.ts";
export * from "./consortia/terms.ts";
export {
  type CaseAccess,
  canRequestConsultation,
  canViewDeskMetrics,
  caseAccess,
  REQUESTER_ROLES,
} from "./desk/access.ts";
export {
  acknowledgeCase,
  addCaseNote,
  addFollowUp,
  assignCase,
  type CaseBooking,
  CaseIntake,
  type CaseNote,
  type CaseQuery,
  CloseBody,
  closeCase,
  completeFollowUp,
  type DeskCase,
  type DeskCaseSummary,
  type FollowUp,
  FollowUpBody,
  getCase,
  listCases,
  NoteBody,
  RatingBody,
  rateCase,
  submitCase,
} from "./desk/cases.ts";
export { seedDeskDemo } from "./desk/demo.ts";
export { type DeskExpert, declareExpert, ExpertDeclaration, listExperts } from "./desk/experts.ts";
export { notifyDueFollowUps } from "./desk/followups.ts";
export { type CaseFacts, computeDeskMetrics, type DeskMetrics, deskMetrics } from "./desk/metrics.ts";
export { type FollowUpReminders, startFollowUpReminders } from "./desk/reminders.ts";
export type { TriageExplanation } from "./desk/schema.ts";
export {
  BookingBody,
  bookSlot,
  cancelBooking,
  listMySlots,
  listOpenSlots,
  type OpenHoursSlot,
  publishSlots,
  SlotInput,
  SlotsBody,
} from "./desk/slots.ts";
export * from "./desk/terms.ts";
export { chooseExpert, type ExpertCandidate, type TriageDecision } from "./desk/triage.ts";
export { seedForumDemo } from "./forum/demo.ts";
export {
  addPost,
  canUseForum,
  createThread,
  exportMinutes,
  type ForumAuthor,
  type ForumPost,
  type ForumThread,
  getThread,
  listThreads,
  PostBody,
  ThreadInput,
  type ThreadMinutes,
  type ThreadSummary,
} from "./forum/forum.ts";
export * from "./forum/terms.ts";
export type { CommunityOptions } from "./notifications/context.ts";
export {
  createSmtpMailer,
  DEFAULT_MAIL_FROM,
  type Mailer,
  mailerFromEnv,
  type OutgoingEmail,
  renderEmail,
  type SmtpMailerOptions,
} from "./notifications/mailer.ts";
export {
  COMMUNITY_PROBLEM_CODES,
  CommunityError,
  type CommunityProblemCode,
  communityProblemText,
} from "./notifications/messages.ts";
export { formatJst, type PublicNotice } from "./notifications/notices.ts";
export {
  type DeliveryReport,
  deliverEmails,
  emailDeliveryReport,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type Notification,
  type NotificationQuery,
  retryFailedEmails,
} from "./notifications/notifications.ts";
export * from "./notifications/terms.ts";

/**
 * The community demo on top of the store's demo accounts and the pipeline demo: desk experts, slots and
 * cases, one consortium, two forum threads. Each part runs once, so a second call adds nothing.
 */
export async function seedCommunityDemo(
  store: Kysely<Database>,
  today: string,
): Promise<{
  cases: number;
  slots: number;
  consortia: number;
  specimens: number;
  threads: number;
  posts: number;
}> {
  const desk = await seedDeskDemo(store, today);
  const consortia = await seedConsortiumDemo(store, today);
  const forum = await seedForumDemo(store, today);
  return {
    cases: desk.cases,
    slots: desk.slots,
    consortia: consortia.consortia,
    specimens: consortia.specimens,
    threads: forum.threads,
    posts: forum.posts,
  };
}
