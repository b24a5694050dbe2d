/** Pieces the matching screens share: labels, the score bar, the "why" list, feedback and outreach forms. */
import "./matching.css";
import type { TFunction } from "i18next";
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Badge, type BadgeTone } from "../../../components/Badge.tsx";
import { FormErrors, FormField } from "../../../components/FormField.tsx";
import { pick } from "../../../display.ts";
import { formatPercent } from "../../../format.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { hrefs } from "../../../router.ts";
import { useSubmit } from "../../../useSubmit.ts";
import {
  ACCEPT_REASONS,
  DEAL_TYPES,
  DECLINE_REASONS,
  type DealType,
  type FeatureScore,
  type FeedbackDecision,
  type FeedbackReason,
  type Outreach,
  type OutreachStatus,
  type PartyKind,
  sendFeedback,
  sendOutreach,
} from "./api.ts";

/** A matching vocabulary value's label: `partnering.matching.<group>.<value>`. */
export const termLabel = (t: TFunction, group: string, value: string) =>
  t(`partnering.matching.${group}.${value}`);

export function ScoreBar({ score, testId }: { score: number; testId?: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const pct = Math.max(0, Math.min(1, score));
  return (
    <span className="match-score" data-testid={testId} data-score={score}>
      <span className="visually-hidden">{t("partnering.matching.score")} </span>
      <span className="match-score-bar" aria-hidden="true">
        <span className="match-score-fill" style={{ width: `${pct * 100}%` }} />
      </span>
      <span className="match-score-value">{formatPercent(pct, lang)}</span>
    </span>
  );
}

/** The explanation of one score, feature by feature, with each feature's share of it. */
export function WhyList({ features }: { features: FeatureScore[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <div className="match-why" data-testid="match-why">
      <table className="table match-why-table">
        <caption className="visually-hidden">{t("partnering.matching.why.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("partnering.matching.why.feature")}</th>
            <th scope="col" className="num">
              {t("partnering.matching.why.value")}
            </th>
            <th scope="col" className="num">
              {t("partnering.matching.why.weight")}
            </th>
            <th scope="col" className="num">
              {t("partnering.matching.why.contribution")}
            </th>
            <th scope="col">{t("partnering.matching.why.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {features.map((f) => (
            <tr key={f.feature} data-testid={`why-${f.feature}`} data-feature={f.feature}>
              <th scope="row">{pick(f.label.ja, f.label.en, lang)}</th>
              <td className="num">
                {f.value === null ? (
                  <Badge tone="neutral">{t("partnering.matching.why.notJudged")}</Badge>
                ) : (
                  formatPercent(f.value, lang)
                )}
              </td>
              <td className="num">{f.weight}</td>
              <td className="num">
                <span className="match-contribution">
                  <span className="match-contribution-fill" style={{ width: `${f.contribution * 100}%` }} />
                </span>
                {formatPercent(f.contribution, lang)}
              </td>
              <td data-testid="why-reason">{pick(f.reason.ja, f.reason.en, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A "why?" toggle that opens the explanation below it. */
export function WhyToggle({ features, testId }: { features: FeatureScore[]; testId?: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <button
        type="button"
        className="button button-small button-ghost"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        data-testid={testId ?? "why-toggle"}
      >
        {open ? t("partnering.matching.why.hide") : t("partnering.matching.why.show")}
      </button>
      {open && (
        <div id={id}>
          <WhyList features={features} />
        </div>
      )}
    </>
  );
}

const OUTREACH_TONE: Record<OutreachStatus, BadgeTone> = {
  sent: "info",
  accepted: "success",
  declined: "neutral",
  withdrawn: "warning",
};

export function OutreachStatusBadge({ status }: { status: OutreachStatus }) {
  const { t } = useTranslation();
  return (
    <Badge tone={OUTREACH_TONE[status]} testId="outreach-status">
      {termLabel(t, "outreachStatus", status)}
    </Badge>
  );
}

interface FeedbackFormProps {
  seedId: string;
  party: { kind: PartyKind; id: string };
  /** where the answer comes from: shown in the confirmation */
  onDone?: (decision: FeedbackDecision) => void;
}

/** Accept / decline / not now on a proposed match, with a reason code and, if wanted, words. */
export function FeedbackForm({ seedId, party, onDone }: FeedbackFormProps) {
  const { t } = useTranslation();
  const ids = useId();
  const [decision, setDecision] = useState<FeedbackDecision | null>(null);
  const [reasonCode, setReasonCode] = useState<FeedbackReason | "">("");
  const [reasonText, setReasonText] = useState("");
  const [done, setDone] = useState<FeedbackDecision | null>(null);
  const { submitting, error, fieldErrors, run } = useSubmit();
  const reasons: readonly string[] = decision === "accept" ? ACCEPT_REASONS : DECLINE_REASONS;
  const inputId = (field: string) => `${ids}-${field}`;
  const fieldLabel = (field: string) =>
    field === "reasonCode"
      ? t("partnering.matching.feedback.reason")
      : field === "reasonText"
        ? t("partnering.matching.feedback.reasonText")
        : field === "decision"
          ? t("partnering.matching.feedback.decision")
          : undefined;

  if (done)
    return (
      <p className="success" role="status" data-testid="feedback-done">
        {t("partnering.matching.feedback.recorded", { decision: termLabel(t, "decision", done) })}
      </p>
    );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!decision) return;
    const result = await run(() => sendFeedback({ seedId, party, decision, reasonCode, reasonText }));
    if (result) {
      setDone(decision);
      onDone?.(decision);
    }
  }

  return (
    <div className="match-feedback" data-testid="feedback">
      <fieldset className="match-decisions">
        <legend className="visually-hidden">{t("partnering.matching.feedback.decision")}</legend>
        {(["accept", "decline", "not_now"] as const).map((d) => (
          <button
            key={d}
            type="button"
            className={decision === d ? "button button-small button-primary" : "button button-small"}
            aria-pressed={decision === d}
            onClick={() => {
              setDecision(d);
              setReasonCode("");
            }}
            data-testid={`feedback-${d}`}
          >
            {termLabel(t, "decision", d)}
          </button>
        ))}
      </fieldset>
      {decision && (
        <form className="form inline-form" onSubmit={submit} noValidate data-testid="feedback-form">
          {error !== null && (
            <FormErrors testId="feedback-errors" error={error} fieldLabel={fieldLabel} inputId={inputId} />
          )}
          <div className="form-grid">
            <FormField
              id={inputId("reasonCode")}
              label={t("partnering.matching.feedback.reason")}
              required
              error={fieldErrors.reasonCode}
            >
              {(control) => (
                <select
                  {...control}
                  value={reasonCode}
                  onChange={(e) => setReasonCode(e.target.value as FeedbackReason)}
                  data-testid="feedback-reason"
                >
                  <option value="">{t("form.choose")}</option>
                  {reasons.map((r) => (
                    <option key={r} value={r}>
                      {termLabel(t, "reason", r)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField
              id={inputId("reasonText")}
              label={t("partnering.matching.feedback.reasonText")}
              error={fieldErrors.reasonText}
            >
              {(control) => (
                <input
                  {...control}
                  value={reasonText}
                  onChange={(e) => setReasonText(e.target.value)}
                  data-testid="feedback-text"
                />
              )}
            </FormField>
          </div>
          <div className="form-actions">
            <button
              type="submit"
              className="button button-primary button-small"
              disabled={submitting}
              data-testid="feedback-submit"
            >
              {submitting ? t("form.sending") : t("partnering.matching.feedback.submit")}
            </button>
            <button type="button" className="button button-small" onClick={() => setDecision(null)}>
              {t("form.cancel")}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** A company's or investor's first approach to a seed's owner: only the public teaser goes out. */
export function OutreachForm({ seedId, onSent }: { seedId: string; onSent?: (o: Outreach) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [dealType, setDealType] = useState<DealType | "">("licence");
  const [message, setMessage] = useState("");
  const [sent, setSent] = useState<Outreach | null>(null);
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = (field: string) => `${ids}-${field}`;
  const fieldLabel = (field: string) =>
    field === "dealType"
      ? t("partnering.matching.outreachForm.dealType")
      : field === "message"
        ? t("partnering.matching.outreachForm.message")
        : undefined;

  if (sent)
    return (
      <p className="success" role="status" data-testid="outreach-sent">
        {t("partnering.matching.outreachForm.sent")}{" "}
        <a href={hrefs.partnering("outreach")}>{t("partnering.matching.outreachForm.seeOutreach")}</a>
      </p>
    );
  if (!open)
    return (
      <button
        type="button"
        className="button button-small button-primary"
        onClick={() => setOpen(true)}
        data-testid="outreach-open"
      >
        {t("partnering.matching.outreachForm.open")}
      </button>
    );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run(() => sendOutreach({ seedId, dealType, message }));
    if (result) {
      setSent(result);
      onSent?.(result);
    }
  }

  return (
    <form className="form match-outreach-form" onSubmit={submit} noValidate data-testid="outreach-form">
      <p className="notice-box small" data-testid="outreach-teaser-note">
        {t("partnering.matching.outreachForm.teaserOnly")}
      </p>
      {error !== null && (
        <FormErrors testId="outreach-errors" error={error} fieldLabel={fieldLabel} inputId={inputId} />
      )}
      <div className="form-grid">
        <FormField
          id={inputId("dealType")}
          label={t("partnering.matching.outreachForm.dealType")}
          required
          error={fieldErrors.dealType}
        >
          {(control) => (
            <select
              {...control}
              value={dealType}
              onChange={(e) => setDealType(e.target.value as DealType)}
              data-testid="outreach-deal-type"
            >
              {DEAL_TYPES.map((d) => (
                <option key={d} value={d}>
                  {termLabel(t, "dealType", d)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id={inputId("message")}
          label={t("partnering.matching.outreachForm.message")}
          required
          error={fieldErrors.message}
          className="span-2"
        >
          {(control) => (
            <textarea
              {...control}
              rows={3}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              data-testid="outreach-message"
            />
          )}
        </FormField>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary button-small"
          disabled={submitting}
          data-testid="outreach-submit"
        >
          {submitting ? t("form.sending") : t("partnering.matching.outreachForm.submit")}
        </button>
        <button type="button" className="button button-small" onClick={() => setOpen(false)}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}
