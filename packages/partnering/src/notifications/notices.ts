import type { CaseOutcome, DeskTopic, SlotMode, Urgency } from "../desk/terms.ts";
import { TOPIC_LABELS, URGENCY_LABELS } from "../desk/terms.ts";
import { DEAL_TYPE_LABELS } from "../matching/messages.ts";
import type { DealType } from "../matching/vocabulary.ts";
import type { NotificationKind } from "./terms.ts";

export interface Bilingual {
  ja: string;
  en: string;
}

/**
 * Everything a notification (in the app and by e-mail) may say. It is made only by the builders below,
 * each from a fixed template and a few public facts (ids, codes, dates, names of desk staff and
 * consortia): none of them accepts a case description, a note, a follow-up's wording, a seed's
 * confidential part or a specimen record, so no notice can carry one.
 */
export interface PublicNotice {
  readonly kind: NotificationKind;
  readonly title: Bilingual;
  readonly body: Bilingual;
  /** a path inside the application (the reader logs in to see the details) */
  readonly link: string;
}

const notice = (kind: NotificationKind, title: Bilingual, body: Bilingual, link: string): PublicNotice =>
  Object.freeze({ kind, title: Object.freeze(title), body: Object.freeze(body), link });

// Links are the web UI's routes (hash routes of one page), so that an e-mail's link opens the record.
const caseLink = (caseId: string) => `/#/partnering/desk/${caseId}`;

/** Japan time, as the desk works in it: 2026-12-01 10:00. */
export function formatJst(at: Date): string {
  return `${at.toLocaleString("sv-SE", { timeZone: "Asia/Tokyo", hour12: false }).slice(0, 16)}`;
}

const OUTCOME_LABELS: Record<CaseOutcome, Bilingual> = {
  resolved: { ja: "解決", en: "resolved" },
  referred: { ja: "他機関へ紹介", en: "referred elsewhere" },
  not_resolved: { ja: "未解決", en: "not resolved" },
  withdrawn: { ja: "取り下げ", en: "withdrawn" },
};

const MODE_LABELS: Record<SlotMode, Bilingual> = {
  online: { ja: "オンライン", en: "online" },
  onsite: { ja: "対面", en: "on site" },
};

export function caseAssignedToExpertNotice(facts: {
  caseId: string;
  topic: DeskTopic;
  urgency: Urgency;
}): PublicNotice {
  const t = TOPIC_LABELS[facts.topic];
  const u = URGENCY_LABELS[facts.urgency];
  return notice(
    "desk_case_assigned",
    { ja: "相談案件が割り当てられました", en: "A consultation case was assigned to you" },
    {
      ja: `相談窓口の案件（分野: ${t.ja}、緊急度: ${u.ja}）の担当になりました。内容はログインしてご確認ください。`,
      en: `You are now the expert for a desk case (topic: ${t.en}, urgency: ${u.en}). Log in to read it.`,
    },
    caseLink(facts.caseId),
  );
}

export function caseAssignedToRequesterNotice(facts: {
  caseId: string;
  topic: DeskTopic;
  expertName: string;
}): PublicNotice {
  const t = TOPIC_LABELS[facts.topic];
  return notice(
    "desk_case_assigned",
    { ja: "ご相談の担当者が決まりました", en: "An expert was assigned to your case" },
    {
      ja: `${t.ja}に関するご相談の担当は ${facts.expertName} です。`,
      en: `${facts.expertName} is the expert for your ${t.en} case.`,
    },
    caseLink(facts.caseId),
  );
}

export function caseUnassignedNotice(facts: { caseId: string; topic: DeskTopic }): PublicNotice {
  const t = TOPIC_LABELS[facts.topic];
  return notice(
    "desk_case_unassigned",
    { ja: "担当者未定の相談があります", en: "A case has no expert" },
    {
      ja: `${t.ja}の相談を受け付けましたが、対応できる専門家に空きがありません。担当を割り当ててください。`,
      en: `A ${t.en} case came in and no expert for the topic has capacity. Please assign one.`,
    },
    caseLink(facts.caseId),
  );
}

export function slotBookedNotice(facts: {
  caseId: string;
  startsAt: Date;
  endsAt: Date;
  mode: SlotMode;
  expertName: string;
  audience: "expert" | "requester";
}): PublicNotice {
  const when = `${formatJst(facts.startsAt)}–${formatJst(facts.endsAt).slice(11)} (JST)`;
  const m = MODE_LABELS[facts.mode];
  return notice(
    "desk_slot_booked",
    facts.audience === "expert"
      ? { ja: "Open Hours の予約が入りました", en: "An Open Hours slot was booked" }
      : { ja: "Open Hours の予約を受け付けました", en: "Your Open Hours booking is confirmed" },
    {
      ja: `${when}（${m.ja}）、担当: ${facts.expertName}。`,
      en: `${when} (${m.en}) with ${facts.expertName}.`,
    },
    caseLink(facts.caseId),
  );
}

export function followUpDueNotice(facts: { caseId: string; dueOn: string; overdue: boolean }): PublicNotice {
  return notice(
    "desk_followup_due",
    facts.overdue
      ? { ja: "フォローアップの期限を過ぎています", en: "A follow-up is overdue" }
      : { ja: "フォローアップの期限が近づいています", en: "A follow-up is due" },
    {
      ja: `相談案件のフォローアップの期限は ${facts.dueOn} です。`,
      en: `A follow-up on a consultation case is due on ${facts.dueOn}.`,
    },
    caseLink(facts.caseId),
  );
}

export function caseClosedNotice(facts: { caseId: string; outcome: CaseOutcome }): PublicNotice {
  const o = OUTCOME_LABELS[facts.outcome];
  return notice(
    "desk_case_closed",
    { ja: "ご相談が終了しました", en: "Your consultation case was closed" },
    {
      ja: `結果: ${o.ja}。満足度（1〜5）の評価にご協力ください。`,
      en: `Outcome: ${o.en}. Please rate your satisfaction (1–5).`,
    },
    caseLink(facts.caseId),
  );
}

export function termsPublishedNotice(facts: {
  consortiumId: string;
  consortiumName: Bilingual;
  version: number;
}): PublicNotice {
  return notice(
    "consortium_terms_published",
    { ja: "データ共有規約が改訂されました", en: "New data-sharing terms" },
    {
      ja: `${facts.consortiumName.ja} のデータ共有規約 第 ${facts.version} 版が公開されました。内容を確認し、同意してください。`,
      en: `Version ${facts.version} of the data-sharing terms of ${facts.consortiumName.en} is published. Please read and accept it.`,
    },
    `/#/partnering/consortia/${facts.consortiumId}`,
  );
}

/**
 * To a seed's owners: a company or investor approached them. Only the seed's public title and the
 * sender's organisation: the sender's message is read in the application.
 */
export function outreachReceivedNotice(facts: {
  seedTitle: Bilingual;
  from: Bilingual;
  dealType: DealType;
}): PublicNotice {
  const deal = DEAL_TYPE_LABELS[facts.dealType];
  return notice(
    "outreach_received",
    { ja: "シーズへのアプローチが届きました", en: "A partner approached your seed" },
    {
      ja: `${facts.from.ja} から「${facts.seedTitle.ja}」について${deal.ja}の打診がありました。ログインして回答してください。`,
      en: `${facts.from.en} approached you about "${facts.seedTitle.en}" (${deal.en}). Log in to answer.`,
    },
    "/#/partnering/outreach",
  );
}

/** To the sender: the owner accepted (the NDA grant flow has started) or declined. */
export function outreachDecidedNotice(facts: {
  seedId: string;
  seedTitle: Bilingual;
  decision: "accept" | "decline";
}): PublicNotice {
  const accepted = facts.decision === "accept";
  return notice(
    "outreach_decided",
    accepted
      ? { ja: "アプローチが受け入れられました", en: "Your outreach was accepted" }
      : { ja: "アプローチは見送られました", en: "Your outreach was declined" },
    accepted
      ? {
          ja: `「${facts.seedTitle.ja}」の保有者がアプローチを受け入れました。秘密保持契約（NDA）による開示の手続きに進みます。`,
          en: `The owner of "${facts.seedTitle.en}" accepted your outreach; access under an NDA follows.`,
        }
      : {
          ja: `「${facts.seedTitle.ja}」の保有者はアプローチを見送りました。`,
          en: `The owner of "${facts.seedTitle.en}" declined your outreach.`,
        },
    accepted ? `/#/seeds/${facts.seedId}/access` : "/#/partnering/outreach",
  );
}

/**
 * To those who took part in a forum thread: someone replied. The topic only — a thread restricted to a
 * consortium may have a title its members keep to themselves, and the reply is read in the application.
 */
export function forumReplyNotice(facts: {
  threadId: string;
  topic: Bilingual;
  byRegulator: boolean;
}): PublicNotice {
  return notice(
    "forum_reply",
    facts.byRegulator
      ? { ja: "規制当局がフォーラムで回答しました", en: "The regulator replied in the forum" }
      : { ja: "フォーラムに返信がありました", en: "A new reply in the forum" },
    {
      ja: `参加しているスレッド（分野: ${facts.topic.ja}）に新しい投稿があります。`,
      en: `A thread you took part in (topic: ${facts.topic.en}) has a new post.`,
    },
    `/#/partnering/forum/${facts.threadId}`,
  );
}
