import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { ApiError, NetworkError } from "../../../api.ts";
import { Badge, type BadgeTone } from "../../../components/Badge.tsx";
import type { Language } from "../../../i18n/index.ts";
import type { CaseStatus, DeskTopic, Urgency } from "./api.ts";

/** Labels of the desk's own enumerations (topics, urgencies, states, outcomes, slot modes). */
export const topicLabel = (t: TFunction, topic: string) => t(`partnering.desk.topics.${topic}`);
export const urgencyLabel = (t: TFunction, urgency: string) => t(`partnering.desk.urgencies.${urgency}`);
export const statusLabel = (t: TFunction, status: string) => t(`partnering.desk.statuses.${status}`);
export const outcomeLabel = (t: TFunction, outcome: string) => t(`partnering.desk.outcomes.${outcome}`);
export const modeLabel = (t: TFunction, mode: string) => t(`partnering.desk.modes.${mode}`);

const STATUS_TONE: Record<CaseStatus, BadgeTone> = {
  new: "warning",
  assigned: "info",
  in_progress: "info",
  closed: "success",
};
const URGENCY_TONE: Record<Urgency, BadgeTone> = {
  low: "neutral",
  normal: "neutral",
  high: "warning",
  urgent: "danger",
};

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Badge tone={STATUS_TONE[status] ?? "neutral"} testId="desk-case-status">
      {statusLabel(t, status)}
    </Badge>
  );
}

export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
  const { t } = useTranslation();
  return (
    <Badge tone={URGENCY_TONE[urgency] ?? "neutral"} testId="desk-case-urgency">
      {urgencyLabel(t, urgency)}
    </Badge>
  );
}

export function TopicBadges({ topics }: { topics: DeskTopic[] }) {
  const { t } = useTranslation();
  return (
    <span className="desk-topics">
      {topics.map((topic) => (
        <Badge key={topic} tone="info">
          {topicLabel(t, topic)}
        </Badge>
      ))}
    </span>
  );
}

const TOKYO = "Asia/Tokyo";

/**
 * A slot's day, start and end in Japan time, as the desk works in it and as its notifications say
 * ("Tue, 1 Dec 2026, 14:00–14:45 JST"), whatever the browser's time zone.
 */
export function formatSlotTime(t: TFunction, startsAt: string, endsAt: string, lang: Language): string {
  const locale = lang === "ja" ? "ja-JP" : "en-GB";
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  if (Number.isNaN(start.getTime())) return startsAt;
  const day = new Intl.DateTimeFormat(locale, {
    timeZone: TOKYO,
    year: "numeric",
    month: "short",
    day: "numeric",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(start);
  const until = Number.isNaN(end.getTime())
    ? ""
    : `–${new Intl.DateTimeFormat(locale, { timeZone: TOKYO, hour: "2-digit", minute: "2-digit" }).format(end)}`;
  return t("partnering.desk.slotTime", { time: `${day}${until}` });
}

/**
 * A refused write with the server's own words: the title (e.g. "This Open Hours slot is already
 * booked"), what happened and how to fix it.
 */
export function ProblemAlert({ error, testId }: { error: unknown; testId: string }) {
  const { t } = useTranslation();
  const problem = error instanceof ApiError ? error.problem : null;
  const title =
    problem?.title ??
    (error instanceof NetworkError
      ? t("errors.network")
      : t("errors.unexpected", { status: error instanceof ApiError ? error.status : "?" }));
  return (
    <div className="alert" role="alert" data-testid={testId}>
      <p>
        <strong>{title}</strong>
      </p>
      {problem?.detail && problem.detail !== title && <p>{problem.detail}</p>}
      {problem?.fix && <p className="fix">{problem.fix}</p>}
    </div>
  );
}
