/** What a notification is about; each kind has its own fixed, public-only template (notices.ts). */
export const NOTIFICATION_KINDS = [
  "desk_case_assigned",
  "desk_case_unassigned",
  "desk_slot_booked",
  "desk_followup_due",
  "desk_case_closed",
  "consortium_terms_published",
  "outreach_received",
  "outreach_decided",
  "forum_reply",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Where the e-mail copy of a notification stands. `not_configured`: the instance has no SMTP URL, so
 * only the in-app notification exists; `failed` keeps the error and can be retried.
 */
export const EMAIL_STATUSES = ["pending", "sent", "failed", "not_configured"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
