import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { User } from "../../../api.ts";
import { Badge } from "../../../components/Badge.tsx";
import { FormErrors, FormField } from "../../../components/FormField.tsx";
import { Empty, ErrorAlert, Loading } from "../../../components/Status.tsx";
import { enumLabel, organisationName, pick, seedTitle } from "../../../display.ts";
import { formatDate, formatDateTime, todayIso } from "../../../format.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { hrefs } from "../../../router.ts";
import { useAsync } from "../../../useAsync.ts";
import { usePageHeading } from "../../../usePageHeading.ts";
import { useSubmit } from "../../../useSubmit.ts";
import {
  acknowledgeDeskCase,
  addDeskFollowUp,
  addDeskNote,
  assignDeskCase,
  CASE_OUTCOMES,
  type CaseBooking,
  type CaseOutcome,
  cancelDeskBooking,
  closeDeskCase,
  completeDeskFollowUp,
  type DeskCase,
  type DeskExpert,
  type FollowUp,
  getDeskCase,
  listDeskExperts,
  rateDeskCase,
} from "./api.ts";
import {
  formatSlotTime,
  modeLabel,
  outcomeLabel,
  ProblemAlert,
  StatusBadge,
  topicLabel,
  UrgencyBadge,
} from "./labels.tsx";
import "./desk.css";

/**
 * One consultation case. Everyone who may see it sees its header, question, bookings, follow-ups and
 * outcome; the assigned expert and desk admins also work on it (acknowledge, confidential notes,
 * follow-ups, close); the requester's side rates it once it is closed. The server leaves the notes out
 * for the requester (notes: null), so they cannot appear here for them.
 */
export function DeskCaseView({ id, user: _user }: { id: string; user: User }) {
  const { t } = useTranslation();
  const load = useCallback(() => getDeskCase(id), [id]);
  const { state, reload, setData } = useAsync(load);
  const data = state.status === "ready" ? state.data : null;
  const title = data ? t("partnering.desk.case.title", { topic: topicLabel(t, data.topic) }) : null;
  const headingRef = usePageHeading(
    state.status === "error" ? t("partnering.desk.case.titleUnknown") : title,
  );

  return (
    <div className="stack desk" data-testid="desk-case">
      <h1 className="page-title" ref={headingRef} tabIndex={-1}>
        {title ?? t("partnering.desk.case.titleUnknown")}
      </h1>
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <ErrorAlert error={state.error} />}
      {data && <CaseBody data={data} onChanged={setData} onReload={reload} />}
    </div>
  );
}

function CaseBody({
  data,
  onChanged,
  onReload,
}: {
  data: DeskCase;
  onChanged: (next: DeskCase) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const worker = data.access === "expert" || data.access === "admin";
  const open = data.status !== "closed";

  return (
    <>
      <section className="card" aria-labelledby="desk-case-facts" data-testid="desk-case-header">
        <h2 id="desk-case-facts" className="visually-hidden">
          {t("partnering.desk.case.facts")}
        </h2>
        <dl className="facts">
          <div>
            <dt>{t("partnering.desk.fields.topic")}</dt>
            <dd data-testid="desk-case-topic">{topicLabel(t, data.topic)}</dd>
          </div>
          <div>
            <dt>{t("partnering.desk.fields.stage")}</dt>
            <dd>{enumLabel(t, "stage", data.stage)}</dd>
          </div>
          <div>
            <dt>{t("partnering.desk.fields.urgency")}</dt>
            <dd>
              <UrgencyBadge urgency={data.urgency} />
            </dd>
          </div>
          <div>
            <dt>{t("partnering.desk.fields.status")}</dt>
            <dd data-testid="desk-case-state" data-status={data.status}>
              <StatusBadge status={data.status} />
            </dd>
          </div>
          <div>
            <dt>{t("partnering.desk.fields.requester")}</dt>
            <dd data-testid="desk-case-requester">
              {organisationName(data.requester.organisation, lang)}
              <span className="muted small desk-block">{data.requester.name}</span>
            </dd>
          </div>
          <div>
            <dt>{t("partnering.desk.fields.expert")}</dt>
            <dd data-testid="desk-case-expert-name">
              {data.expert?.name ?? <span className="muted">{t("partnering.desk.cases.noExpert")}</span>}
            </dd>
          </div>
          <div>
            <dt>{t("partnering.desk.fields.createdAt")}</dt>
            <dd>{formatDateTime(data.createdAt, lang)}</dd>
          </div>
          <div>
            <dt>{t("partnering.desk.fields.firstResponse")}</dt>
            <dd data-testid="desk-case-first-response">
              {data.firstResponseAt ? (
                formatDateTime(data.firstResponseAt, lang)
              ) : (
                <span className="muted">{t("partnering.desk.case.notYet")}</span>
              )}
            </dd>
          </div>
          {data.seed && (
            <div>
              <dt>{t("partnering.desk.fields.seed")}</dt>
              <dd>
                <a href={hrefs.seed(data.seed.id)}>{seedTitle(data.seed, lang)}</a>
              </dd>
            </div>
          )}
        </dl>
        <p className="muted small" data-testid="desk-case-triage">
          {t("partnering.desk.case.triage")}: {pick(data.triage.ja, data.triage.en, lang)}
        </p>
      </section>

      <section aria-labelledby="desk-case-description">
        <h2 id="desk-case-description" className="section-title">
          {t("partnering.desk.case.description")}
        </h2>
        <p className="prose" data-testid="desk-case-description">
          {data.description}
        </p>
      </section>

      {worker && open && <WorkerActions data={data} onChanged={onChanged} />}
      {data.access === "admin" && open && <ReassignForm data={data} onChanged={onChanged} />}

      <Bookings data={data} onChanged={onChanged} />
      <FollowUps data={data} canAdd={worker && open} onAdded={onReload} onChanged={onChanged} />
      {data.notes !== null && <Notes data={data} canAdd={worker && open} onAdded={onReload} />}
      <Outcome data={data} onChanged={onChanged} />
    </>
  );
}

function Bookings({ data, onChanged }: { data: DeskCase; onChanged: (next: DeskCase) => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const now = Date.now();
  return (
    <section aria-labelledby="desk-case-bookings" data-testid="desk-case-bookings">
      <h2 id="desk-case-bookings" className="section-title">
        {t("partnering.desk.case.bookings")}
      </h2>
      {data.bookings.length === 0 ? (
        <Empty testId="desk-case-bookings-empty">
          {t("partnering.desk.case.noBookings")}{" "}
          {data.access === "requester" && data.status !== "closed" && (
            <a href={hrefs.partnering("desk")}>{t("partnering.desk.case.bookOpenHours")}</a>
          )}
        </Empty>
      ) : (
        <ul className="plain-list desk-bookings">
          {data.bookings.map((b) => (
            <li
              key={b.id}
              data-testid="desk-case-booking-item"
              data-booking-id={b.id}
              data-slot-id={b.slotId}
            >
              <span>
                {formatSlotTime(t, b.startsAt, b.endsAt, lang)} — {b.expert.name} ({modeLabel(t, b.mode)})
              </span>
              {new Date(b.startsAt).getTime() > now && <CancelBooking booking={b} onChanged={onChanged} />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Cancelling a booking takes a second, explicit confirmation; the slot is then offered again. */
function CancelBooking({
  booking,
  onChanged,
}: {
  booking: CaseBooking;
  onChanged: (next: DeskCase) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [confirming, setConfirming] = useState(false);
  const { submitting, error, run, clearError } = useSubmit();
  const when = formatSlotTime(t, booking.startsAt, booking.endsAt, lang);

  async function cancel() {
    const next = await run(() => cancelDeskBooking(booking.id));
    if (next) {
      setConfirming(false);
      onChanged(next);
    }
  }

  if (!confirming)
    return (
      <button
        type="button"
        className="button button-small"
        onClick={() => {
          clearError();
          setConfirming(true);
        }}
        aria-label={t("partnering.desk.case.cancelBookingLabel", { when })}
        data-testid="desk-booking-cancel"
      >
        {t("partnering.desk.case.cancelBooking")}
      </button>
    );
  return (
    <div className="notice-box desk-confirm" aria-live="polite" data-testid="desk-booking-cancel-confirm">
      <p>{t("partnering.desk.case.cancelBookingConfirm", { when, expert: booking.expert.name })}</p>
      <div className="form-actions">
        <button
          type="button"
          className="button button-danger button-small"
          onClick={() => void cancel()}
          disabled={submitting}
          data-testid="desk-booking-cancel-yes"
        >
          {submitting ? t("form.sending") : t("partnering.desk.case.cancelBookingYes")}
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() => setConfirming(false)}
          disabled={submitting}
          data-testid="desk-booking-cancel-no"
        >
          {t("partnering.desk.case.cancelBookingNo")}
        </button>
      </div>
      {error !== null && <ProblemAlert error={error} testId="desk-booking-cancel-error" />}
    </div>
  );
}

function FollowUps({
  data,
  canAdd,
  onAdded,
  onChanged,
}: {
  data: DeskCase;
  canAdd: boolean;
  onAdded: () => void;
  onChanged: (next: DeskCase) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  // every side that sees the case may tick off its follow-ups while it is open (the server checks)
  const canComplete = data.status !== "closed" && data.followUps.some((f) => !f.done);
  return (
    <section aria-labelledby="desk-case-followups" data-testid="desk-case-followups">
      <h2 id="desk-case-followups" className="section-title">
        {t("partnering.desk.case.followUps")}
      </h2>
      {data.followUps.length === 0 ? (
        <Empty testId="desk-case-followups-empty">{t("partnering.desk.case.noFollowUps")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("partnering.desk.case.followUpTitle")}</th>
                <th scope="col">{t("partnering.desk.case.dueOn")}</th>
                <th scope="col">{t("partnering.desk.fields.status")}</th>
                {canComplete && <th scope="col">{t("partnering.desk.case.followUpAction")}</th>}
              </tr>
            </thead>
            <tbody>
              {data.followUps.map((f) => (
                <tr
                  key={f.id}
                  className={f.overdue ? "row-late" : undefined}
                  data-testid="desk-followup"
                  data-followup-id={f.id}
                  data-done={f.done ? "true" : "false"}
                  data-overdue={f.overdue ? "true" : "false"}
                >
                  <td>{f.title}</td>
                  <td className="nowrap">{formatDate(f.dueOn, lang)}</td>
                  <td>
                    {f.done ? (
                      <>
                        <Badge tone="success" testId="desk-followup-done">
                          {t("partnering.desk.case.done")}
                        </Badge>
                        {f.doneAt && (
                          <span className="muted small desk-block">
                            {t("partnering.desk.case.doneAt", { date: formatDate(f.doneAt, lang) })}
                          </span>
                        )}
                      </>
                    ) : f.overdue ? (
                      <Badge tone="danger" testId="desk-followup-overdue">
                        {t("partnering.desk.case.overdue")}
                      </Badge>
                    ) : (
                      <Badge tone="info">{t("partnering.desk.case.pending")}</Badge>
                    )}
                  </td>
                  {canComplete && (
                    <td>{!f.done && <CompleteFollowUp followUp={f} onChanged={onChanged} />}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canAdd && <FollowUpForm caseId={data.id} onAdded={onAdded} />}
    </section>
  );
}

function CompleteFollowUp({
  followUp,
  onChanged,
}: {
  followUp: FollowUp;
  onChanged: (next: DeskCase) => void;
}) {
  const { t } = useTranslation();
  const { submitting, error, run } = useSubmit();

  async function complete() {
    const next = await run(() => completeDeskFollowUp(followUp.id));
    if (next) onChanged(next);
  }

  return (
    <>
      <button
        type="button"
        className="button button-small"
        onClick={() => void complete()}
        disabled={submitting}
        aria-label={t("partnering.desk.case.markDoneLabel", { title: followUp.title })}
        data-testid="desk-followup-complete"
      >
        {submitting ? t("form.saving") : t("partnering.desk.case.markDone")}
      </button>
      {error !== null && <ProblemAlert error={error} testId="desk-followup-complete-error" />}
    </>
  );
}

function inDays(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return todayIso(date);
}

function FollowUpForm({ caseId, onAdded }: { caseId: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [title, setTitle] = useState("");
  const [dueOn, setDueOn] = useState(() => inDays(7));
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = (field: string) => `${ids}-${field}`;
  const fieldLabel = (field: string) =>
    field === "title"
      ? t("partnering.desk.case.followUpTitle")
      : field === "dueOn"
        ? t("partnering.desk.case.dueOn")
        : undefined;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const added = await run(() => addDeskFollowUp(caseId, title, dueOn));
    if (added) {
      setTitle("");
      onAdded();
    }
  }

  return (
    <form className="form card" onSubmit={handleSubmit} noValidate data-testid="desk-followup-form">
      <h3 className="subsection-title">{t("partnering.desk.case.addFollowUp")}</h3>
      {error !== null && (
        <FormErrors testId="desk-followup-errors" error={error} fieldLabel={fieldLabel} inputId={inputId} />
      )}
      <div className="form-grid">
        <FormField
          id={inputId("title")}
          label={t("partnering.desk.case.followUpTitle")}
          required
          error={fieldErrors.title}
        >
          {(control) => (
            <input
              {...control}
              value={title}
              maxLength={500}
              onChange={(event) => setTitle(event.target.value)}
              data-testid="desk-followup-title"
            />
          )}
        </FormField>
        <FormField
          id={inputId("dueOn")}
          label={t("partnering.desk.case.dueOn")}
          required
          error={fieldErrors.dueOn}
        >
          {(control) => (
            <input
              {...control}
              type="date"
              value={dueOn}
              onChange={(event) => setDueOn(event.target.value)}
              data-testid="desk-followup-due"
            />
          )}
        </FormField>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={submitting} data-testid="desk-followup-submit">
          {submitting ? t("form.saving") : t("partnering.desk.case.addFollowUp")}
        </button>
      </div>
    </form>
  );
}

/** The expert's confidential notes: only the assigned expert and desk admins ever receive them. */
function Notes({ data, canAdd, onAdded }: { data: DeskCase; canAdd: boolean; onAdded: () => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const ids = useId();
  const [body, setBody] = useState("");
  const { submitting, error, fieldErrors, run } = useSubmit();
  const notes = data.notes ?? [];

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const added = await run(() => addDeskNote(data.id, body));
    if (added) {
      setBody("");
      onAdded();
    }
  }

  return (
    <section className="confidential" aria-labelledby="desk-case-notes" data-testid="desk-case-notes">
      <h2 id="desk-case-notes" className="section-title">
        <Badge tone="warning">{t("partnering.desk.notes.badge")}</Badge> {t("partnering.desk.notes.title")}
      </h2>
      <p className="muted small">{t("partnering.desk.notes.intro")}</p>
      {notes.length === 0 ? (
        <Empty testId="desk-notes-empty">{t("partnering.desk.notes.empty")}</Empty>
      ) : (
        <ul className="plain-list desk-notes">
          {notes.map((n) => (
            <li key={n.id} data-testid="desk-note">
              <p className="muted small">
                {n.author.name} — {formatDateTime(n.createdAt, lang)}
              </p>
              <p className="prose">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
      {canAdd && (
        <form className="form" onSubmit={handleSubmit} noValidate data-testid="desk-note-form">
          {error !== null && !fieldErrors.body && <ErrorAlert error={error} testId="desk-note-errors" />}
          <FormField
            id={`${ids}-body`}
            label={t("partnering.desk.notes.add")}
            hint={t("partnering.desk.notes.hint")}
            required
            error={fieldErrors.body}
          >
            {(control) => (
              <textarea
                {...control}
                rows={3}
                maxLength={20000}
                value={body}
                onChange={(event) => setBody(event.target.value)}
                data-testid="desk-note-body"
              />
            )}
          </FormField>
          <div className="form-actions">
            <button type="submit" className="button" disabled={submitting} data-testid="desk-note-submit">
              {submitting ? t("form.saving") : t("partnering.desk.notes.save")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Acknowledge (the first response) and close with an outcome: the desk's side of an open case. */
function WorkerActions({ data, onChanged }: { data: DeskCase; onChanged: (next: DeskCase) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const ack = useSubmit();
  const close = useSubmit();
  const [outcome, setOutcome] = useState<CaseOutcome | "">("");
  const [note, setNote] = useState("");
  const needsAck = data.firstResponseAt === null || data.status === "assigned";

  async function acknowledge() {
    const next = await ack.run(() => acknowledgeDeskCase(data.id));
    if (next) onChanged(next);
  }

  async function handleClose(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = await close.run(() => closeDeskCase(data.id, outcome, note));
    if (next) onChanged(next);
  }

  return (
    <section className="card" aria-labelledby="desk-case-actions" data-testid="desk-case-actions">
      <h2 id="desk-case-actions" className="section-title">
        {t("partnering.desk.case.actions")}
      </h2>
      {needsAck ? (
        <div className="form-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => void acknowledge()}
            disabled={ack.submitting}
            data-testid="desk-case-acknowledge"
          >
            {t("partnering.desk.case.acknowledge")}
          </button>
          <span className="muted small">{t("partnering.desk.case.acknowledgeHint")}</span>
        </div>
      ) : (
        <p className="muted small" data-testid="desk-case-acknowledged">
          {t("partnering.desk.case.acknowledged")}
        </p>
      )}
      {ack.error !== null && <ProblemAlert error={ack.error} testId="desk-case-ack-error" />}
      <form className="form" onSubmit={handleClose} noValidate data-testid="desk-close-form">
        <h3 className="subsection-title">{t("partnering.desk.case.close")}</h3>
        {close.error !== null && (
          <FormErrors
            testId="desk-close-errors"
            error={close.error}
            fieldLabel={(field) =>
              field === "outcome"
                ? t("partnering.desk.case.outcome")
                : field === "note"
                  ? t("partnering.desk.case.outcomeNote")
                  : undefined
            }
            inputId={(field) => `${ids}-${field}`}
          />
        )}
        <div className="form-grid">
          <FormField
            id={`${ids}-outcome`}
            label={t("partnering.desk.case.outcome")}
            required
            error={close.fieldErrors.outcome}
          >
            {(control) => (
              <select
                {...control}
                value={outcome}
                onChange={(event) => setOutcome(event.target.value as CaseOutcome | "")}
                data-testid="desk-close-outcome"
              >
                <option value="">{t("partnering.desk.intake.choose")}</option>
                {CASE_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {outcomeLabel(t, o)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField
            id={`${ids}-note`}
            label={t("partnering.desk.case.outcomeNote")}
            hint={t("partnering.desk.case.outcomeNoteHint")}
            error={close.fieldErrors.note}
          >
            {(control) => (
              <input
                {...control}
                value={note}
                maxLength={4000}
                onChange={(event) => setNote(event.target.value)}
                data-testid="desk-close-note"
              />
            )}
          </FormField>
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="button"
            disabled={close.submitting}
            data-testid="desk-close-submit"
          >
            {t("partnering.desk.case.closeSubmit")}
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * A desk admin hands the case to another expert: the experts declared for the case's topic first, then
 * the others. The server's refusal (a closed case, someone who is not a desk expert) shows at the form.
 */
function ReassignForm({ data, onChanged }: { data: DeskCase; onChanged: (next: DeskCase) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const caseTopic = data.topic;
  const currentId = data.expert?.id ?? null;
  const { state } = useAsync(listDeskExperts);
  const [expertId, setExpertId] = useState("");
  const { submitting, error, fieldErrors, run } = useSubmit();
  const [done, setDone] = useState<string | null>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const next = await run(() => assignDeskCase(data.id, expertId));
    if (next) {
      setExpertId("");
      setDone(next.expert?.name ?? "");
      onChanged(next);
    }
  }

  const experts = state.status === "ready" ? state.data : [];
  const forTopic = experts.filter((e) => e.topics.includes(caseTopic));
  const others = experts.filter((e) => !e.topics.includes(caseTopic));
  const option = (e: DeskExpert) => (
    <option key={e.userId} value={e.userId} disabled={e.userId === currentId}>
      {e.name}
      {e.topics.length > 0 && ` (${e.topics.map((topic) => topicLabel(t, topic)).join("・")})`}
      {e.openCases !== null &&
        ` — ${t("partnering.desk.assign.load", { open: e.openCases, capacity: e.capacity })}`}
      {e.userId === currentId && ` — ${t("partnering.desk.assign.current")}`}
      {!e.active && ` — ${t("partnering.desk.assign.inactive")}`}
    </option>
  );

  return (
    <section className="card" aria-labelledby="desk-case-assign" data-testid="desk-case-assign">
      <h2 id="desk-case-assign" className="section-title">
        {t("partnering.desk.assign.title")}
      </h2>
      <p className="muted small">{t("partnering.desk.assign.intro")}</p>
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <ErrorAlert error={state.error} testId="desk-assign-load-error" />}
      {done !== null && (
        <p className="notice-box" role="status" data-testid="desk-assign-success">
          {t("partnering.desk.assign.done", { expert: done })}
        </p>
      )}
      {state.status === "ready" && (
        <form className="form" onSubmit={handleSubmit} noValidate data-testid="desk-assign-form">
          {error !== null && (
            <FormErrors
              testId="desk-assign-errors"
              error={error}
              fieldLabel={(field) => (field === "expertId" ? t("partnering.desk.assign.expert") : undefined)}
              inputId={(field) => `${ids}-${field}`}
            />
          )}
          <FormField
            id={`${ids}-expertId`}
            label={t("partnering.desk.assign.expert")}
            required
            error={fieldErrors.expertId}
          >
            {(control) => (
              <select
                {...control}
                value={expertId}
                onChange={(event) => setExpertId(event.target.value)}
                data-testid="desk-assign-expert"
              >
                <option value="">{t("partnering.desk.intake.choose")}</option>
                {forTopic.length > 0 && (
                  <optgroup label={t("partnering.desk.assign.forTopic", { topic: topicLabel(t, caseTopic) })}>
                    {forTopic.map(option)}
                  </optgroup>
                )}
                {others.length > 0 && (
                  <optgroup label={t("partnering.desk.assign.others")}>{others.map(option)}</optgroup>
                )}
              </select>
            )}
          </FormField>
          <div className="form-actions">
            <button
              type="submit"
              className="button"
              disabled={submitting || expertId === ""}
              data-testid="desk-assign-submit"
            >
              {submitting ? t("form.saving") : t("partnering.desk.assign.submit")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** The outcome once closed, and the requester's satisfaction rating (once). */
function Outcome({ data, onChanged }: { data: DeskCase; onChanged: (next: DeskCase) => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (data.status !== "closed") return null;
  return (
    <section aria-labelledby="desk-case-outcome" data-testid="desk-case-outcome">
      <h2 id="desk-case-outcome" className="section-title">
        {t("partnering.desk.case.outcome")}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t("partnering.desk.case.outcome")}</dt>
          <dd data-testid="desk-case-outcome-value">{data.outcome ? outcomeLabel(t, data.outcome) : "—"}</dd>
        </div>
        <div>
          <dt>{t("partnering.desk.case.closedAt")}</dt>
          <dd>{formatDateTime(data.closedAt, lang)}</dd>
        </div>
        {data.satisfaction !== null && (
          <div>
            <dt>{t("partnering.desk.case.satisfaction")}</dt>
            <dd data-testid="desk-case-satisfaction">
              {t("partnering.desk.case.stars", { value: data.satisfaction })}
              {data.satisfactionComment && <span className="desk-block">{data.satisfactionComment}</span>}
            </dd>
          </div>
        )}
      </dl>
      {data.outcomeNote && <p className="prose">{data.outcomeNote}</p>}
      {data.access === "requester" && data.satisfaction === null && (
        <RatingForm caseId={data.id} onRated={onChanged} />
      )}
    </section>
  );
}

function RatingForm({ caseId, onRated }: { caseId: string; onRated: (next: DeskCase) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const { submitting, error, fieldErrors, run } = useSubmit();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = await run(() => rateDeskCase(caseId, score, comment));
    if (next) onRated(next);
  }

  return (
    <form className="form card" onSubmit={handleSubmit} noValidate data-testid="desk-rating-form">
      <h3 className="subsection-title">{t("partnering.desk.case.rateTitle")}</h3>
      {error !== null && (
        <FormErrors
          testId="desk-rating-errors"
          error={error}
          fieldLabel={(field) =>
            field === "satisfaction"
              ? t("partnering.desk.case.satisfaction")
              : field === "comment"
                ? t("partnering.desk.case.comment")
                : undefined
          }
          inputId={(field) => `${ids}-${field}`}
        />
      )}
      <fieldset className="fieldset" aria-invalid={fieldErrors.satisfaction ? true : undefined}>
        <legend>{t("partnering.desk.case.satisfaction")}</legend>
        <div className="radio-row">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n}>
              <input
                type="radio"
                name={`${ids}-satisfaction`}
                id={n === 1 ? `${ids}-satisfaction` : undefined}
                value={n}
                checked={score === n}
                onChange={() => setScore(n)}
                data-testid={`desk-rating-${n}`}
              />{" "}
              {t(`partnering.desk.case.scale.${n}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <FormField id={`${ids}-comment`} label={t("partnering.desk.case.comment")} error={fieldErrors.comment}>
        {(control) => (
          <textarea
            {...control}
            rows={2}
            maxLength={2000}
            value={comment}
            onChange={(event) => setComment(event.target.value)}
            data-testid="desk-rating-comment"
          />
        )}
      </FormField>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid="desk-rating-submit"
        >
          {t("partnering.desk.case.rate")}
        </button>
      </div>
    </form>
  );
}
