import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { User } from "../../../api.ts";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { Badge } from "../../../components/Badge.tsx";
import { FormErrors, FormField } from "../../../components/FormField.tsx";
import { Empty, ErrorAlert } from "../../../components/Status.tsx";
import { enumLabel, organisationName, pick, seedTitle } from "../../../display.ts";
import { formatDate } from "../../../format.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { hrefs } from "../../../router.ts";
import { useAsync } from "../../../useAsync.ts";
import { useSubmit } from "../../../useSubmit.ts";
import { GrantStatusBadge } from "../../seed/AccessTab.tsx";
import { decideOutreach, listOutreach, type Outreach, withdrawOutreach } from "./api.ts";
import { OutreachStatusBadge, termLabel } from "./shared.tsx";

const has = (user: User, ...roles: string[]) => roles.some((r) => user.roles.includes(r));

/** Outreach sent (companies, investors) and received on the organisation's seeds (researchers, TLO). */
export function OutreachTab({ user, params }: { user: User; params: URLSearchParams }) {
  const { t } = useTranslation();
  const load = useCallback(() => listOutreach(), []);
  const { state, setData } = useAsync(load);
  const highlight = params.get("id");
  const sends = has(user, "company", "investor");
  const owns = has(user, "researcher", "tlo", "admin");
  return (
    <AsyncView state={state}>
      {(data) => {
        const replace = (o: Outreach) =>
          setData({
            sent: data.sent.map((x) => (x.id === o.id ? o : x)),
            received: data.received.map((x) => (x.id === o.id ? o : x)),
          });
        return (
          <div className="stack">
            {sends && (
              <section aria-labelledby="outreach-sent-title" data-testid="outreach-sent-list">
                <h2 id="outreach-sent-title" className="section-title">
                  {t("partnering.matching.outreach.sentTitle")}
                </h2>
                <p className="muted small">{t("partnering.matching.outreach.sentIntro")}</p>
                {data.sent.length === 0 ? (
                  <Empty testId="outreach-sent-empty">
                    {t("partnering.matching.outreach.noneSent")}{" "}
                    <a href={hrefs.partnering("matches")}>{t("partnering.matching.outreach.toMatches")}</a>
                  </Empty>
                ) : (
                  <ul className="card-list">
                    {data.sent.map((o) => (
                      <OutreachItem
                        key={o.id}
                        outreach={o}
                        side="sent"
                        highlight={o.id === highlight}
                        onChanged={replace}
                      />
                    ))}
                  </ul>
                )}
              </section>
            )}
            {owns && (
              <section aria-labelledby="outreach-received-title" data-testid="outreach-received-list">
                <h2 id="outreach-received-title" className="section-title">
                  {t("partnering.matching.outreach.receivedTitle")}
                </h2>
                <p className="muted small">{t("partnering.matching.outreach.receivedIntro")}</p>
                {data.received.length === 0 ? (
                  <Empty testId="outreach-received-empty">
                    {t("partnering.matching.outreach.noneReceived")}
                  </Empty>
                ) : (
                  <ul className="card-list">
                    {data.received.map((o) => (
                      <OutreachItem
                        key={o.id}
                        outreach={o}
                        side="received"
                        highlight={o.id === highlight}
                        onChanged={replace}
                        canDecide={
                          has(user, "researcher", "tlo") && o.teaser.organisation.id === user.organisation.id
                        }
                      />
                    ))}
                  </ul>
                )}
              </section>
            )}
          </div>
        );
      }}
    </AsyncView>
  );
}

interface OutreachItemProps {
  outreach: Outreach;
  side: "sent" | "received";
  highlight: boolean;
  canDecide?: boolean;
  onChanged: (o: Outreach) => void;
}

function OutreachItem({ outreach: o, side, highlight, canDecide = false, onChanged }: OutreachItemProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [mode, setMode] = useState<"accept" | "decline" | null>(null);
  const withdraw = useSubmit();
  const s = o.teaser;
  return (
    <li
      className={highlight ? "card outreach-item outreach-highlight" : "card outreach-item"}
      data-testid={`outreach-${side}`}
      data-outreach-id={o.id}
      data-seed-id={o.seedId}
      data-status={o.status}
    >
      <div className="grant-head">
        <h3 className="subsection-title">
          <a href={hrefs.seed(o.seedId)}>{seedTitle(s, lang)}</a>
        </h3>
        <span className="outreach-badges">
          <OutreachStatusBadge status={o.status} />
          {o.grant && (
            <span className="small">
              {t("partnering.matching.outreach.grant")} <GrantStatusBadge status={o.grant.status} />
            </span>
          )}
        </span>
      </div>
      <dl className="facts">
        <div>
          <dt>
            {side === "sent" ? t("partnering.matching.outreach.to") : t("partnering.matching.outreach.from")}
          </dt>
          <dd data-testid="outreach-party">
            {organisationName(side === "sent" ? s.organisation : o.from.organisation, lang)}
          </dd>
        </div>
        <div>
          <dt>{t("partnering.matching.outreachForm.dealType")}</dt>
          <dd>{termLabel(t, "dealType", o.dealType)}</dd>
        </div>
        <div>
          <dt>{t("partnering.matching.outreach.sentOn")}</dt>
          <dd>{formatDate(o.createdAt, lang)}</dd>
        </div>
        {o.decidedAt && (
          <div>
            <dt>{t("partnering.matching.outreach.decidedOn")}</dt>
            <dd>{formatDate(o.decidedAt, lang)}</dd>
          </div>
        )}
      </dl>
      <details className="outreach-teaser" data-testid="outreach-teaser">
        <summary>{t("partnering.matching.outreach.teaser")}</summary>
        <p className="seed-meta">
          <Badge tone="info">{enumLabel(t, "stage", s.stage)}</Badge>
          <Badge>{enumLabel(t, "modality", s.modality)}</Badge>
          <span className="muted small">ICD-10 {s.icd10}</span>
        </p>
        <p className="small">{pick(s.publicSummaryJa, s.publicSummaryEn, lang)}</p>
      </details>
      <blockquote className="request-message" data-testid="outreach-message-text">
        {o.message}
      </blockquote>
      {o.decisionNote && (
        <p className="small">
          <strong>{t("partnering.matching.outreach.note")}: </strong>
          {o.decisionNote}
        </p>
      )}
      {o.status === "accepted" && (
        <p className="small" data-testid="outreach-access-link">
          <a href={hrefs.seed(o.seedId, side === "sent" ? "summary" : "access")}>
            {side === "sent"
              ? t("partnering.matching.outreach.openSeed")
              : t("partnering.matching.outreach.openAccess")}
          </a>
          {o.grant?.status === "requested" && (
            <span className="muted"> — {t("partnering.matching.outreach.ndaPending")}</span>
          )}
        </p>
      )}
      {withdraw.error !== null && <ErrorAlert error={withdraw.error} />}
      {side === "sent" && o.status === "sent" && (
        <div className="form-actions">
          <button
            type="button"
            className="button button-small"
            disabled={withdraw.submitting}
            onClick={async () => {
              const updated = await withdraw.run(() => withdrawOutreach(o.id));
              if (updated) onChanged(updated);
            }}
            data-testid="outreach-withdraw"
          >
            {t("partnering.matching.outreach.withdraw")}
          </button>
        </div>
      )}
      {side === "received" && o.status === "sent" && canDecide && mode === null && (
        <div className="form-actions">
          <button
            type="button"
            className="button button-primary button-small"
            onClick={() => setMode("accept")}
            data-testid="outreach-accept"
          >
            {t("partnering.matching.outreach.accept")}
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => setMode("decline")}
            data-testid="outreach-decline"
          >
            {t("partnering.matching.outreach.decline")}
          </button>
        </div>
      )}
      {mode && (
        <DecisionForm
          outreachId={o.id}
          decision={mode}
          onCancel={() => setMode(null)}
          onDone={(updated) => {
            setMode(null);
            onChanged(updated);
          }}
        />
      )}
    </li>
  );
}

/** One year from today, the usual NDA term. */
function inOneYear(): string {
  const date = new Date();
  date.setFullYear(date.getFullYear() + 1);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

interface DecisionFormProps {
  outreachId: string;
  decision: "accept" | "decline";
  onCancel: () => void;
  onDone: (o: Outreach) => void;
}

function DecisionForm({ outreachId, decision, onCancel, onDone }: DecisionFormProps) {
  const { t } = useTranslation();
  const ids = useId();
  const [note, setNote] = useState("");
  const [reference, setReference] = useState("");
  const [expiresOn, setExpiresOn] = useState(inOneYear);
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = (field: string) => `${ids}-${field}`;
  const labels: Record<string, string> = {
    note: t("partnering.matching.outreach.note"),
    "nda.reference": t("partnering.matching.outreach.ndaReference"),
    "nda.expiresOn": t("partnering.matching.outreach.expiresOn"),
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const updated = await run(() =>
      decideOutreach(
        outreachId,
        decision === "decline"
          ? { decision, note }
          : reference.trim() === ""
            ? { decision, note }
            : { decision, note, nda: { reference, expiresOn } },
      ),
    );
    if (updated) onDone(updated);
  }

  return (
    <form className="form grant-form" onSubmit={submit} noValidate data-testid={`outreach-${decision}-form`}>
      <p className="muted small">
        {decision === "accept"
          ? t("partnering.matching.outreach.acceptIntro")
          : t("partnering.matching.outreach.declineIntro")}
      </p>
      {error !== null && (
        <FormErrors
          testId="outreach-decision-errors"
          error={error}
          fieldLabel={(f) => labels[f]}
          inputId={inputId}
        />
      )}
      <div className="form-grid">
        {decision === "accept" && (
          <>
            <FormField
              id={inputId("nda.reference")}
              label={labels["nda.reference"] as string}
              hint={t("partnering.matching.outreach.ndaHint")}
              error={fieldErrors["nda.reference"]}
            >
              {(control) => (
                <input
                  {...control}
                  value={reference}
                  onChange={(e) => setReference(e.target.value)}
                  data-testid="outreach-nda"
                />
              )}
            </FormField>
            <FormField
              id={inputId("nda.expiresOn")}
              label={labels["nda.expiresOn"] as string}
              error={fieldErrors["nda.expiresOn"]}
            >
              {(control) => (
                <input
                  {...control}
                  type="date"
                  value={expiresOn}
                  onChange={(e) => setExpiresOn(e.target.value)}
                  data-testid="outreach-expires"
                />
              )}
            </FormField>
          </>
        )}
        <FormField
          id={inputId("note")}
          label={labels.note as string}
          error={fieldErrors.note}
          className="span-2"
        >
          {(control) => (
            <textarea
              {...control}
              rows={2}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              data-testid="outreach-note"
            />
          )}
        </FormField>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className={decision === "accept" ? "button button-primary" : "button button-danger"}
          disabled={submitting}
          data-testid="outreach-decision-submit"
        >
          {submitting
            ? t("form.sending")
            : decision === "accept"
              ? t("partnering.matching.outreach.confirmAccept")
              : t("partnering.matching.outreach.confirmDecline")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}
