import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type AccessGrant,
  declineAccess,
  grantAccess,
  listMyGrants,
  listSeedGrants,
  requestAccess,
  revokeAccess,
  type SeedView,
  type User,
} from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import { Badge, type BadgeTone } from "../../components/Badge.tsx";
import { FormErrors, FormField } from "../../components/FormField.tsx";
import { Empty, ErrorAlert } from "../../components/Status.tsx";
import { enumLabel, isPartner, organisationName } from "../../display.ts";
import { formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useAsync } from "../../useAsync.ts";
import { useSubmit } from "../../useSubmit.ts";
import type { GrantStatus } from "../../vocabulary.ts";

const STATUS_TONE: Record<GrantStatus, BadgeTone> = {
  requested: "info",
  active: "success",
  declined: "neutral",
  revoked: "danger",
  expired: "warning",
};

export function GrantStatusBadge({ status }: { status: GrantStatus }) {
  const { t } = useTranslation();
  return (
    <Badge tone={STATUS_TONE[status] ?? "neutral"} testId="grant-status">
      {enumLabel(t, "grantStatus", status)}
    </Badge>
  );
}

interface AccessTabProps {
  view: SeedView;
  user: User;
}

/** Owners decide on requests; companies and investors ask for access; others are told who may. */
export function AccessTab({ view, user }: AccessTabProps) {
  const { t } = useTranslation();
  if (view.access === "owner") return <OwnerGrants seedId={view.seed.id} />;
  if (isPartner(user.roles)) return <PartnerAccess view={view} />;
  return (
    <p className="notice-box" data-testid="access-info">
      {t("access.othersInfo")}
    </p>
  );
}

function OwnerGrants({ seedId }: { seedId: string }) {
  const { t } = useTranslation();
  const load = useCallback(() => listSeedGrants(seedId), [seedId]);
  const { state, setData } = useAsync(load);

  return (
    <section aria-labelledby="access-owner-title">
      <h2 id="access-owner-title" className="section-title">
        {t("access.ownerTitle")}
      </h2>
      <p className="muted small">{t("access.ownerIntro")}</p>
      <AsyncView state={state}>
        {(grants) =>
          grants.length === 0 ? (
            <Empty testId="grants-empty">{t("access.noRequests")}</Empty>
          ) : (
            <ul className="card-list" data-testid="grant-list">
              {grants.map((grant) => (
                <GrantItem
                  key={grant.id}
                  grant={grant}
                  onChanged={(updated) => setData(grants.map((g) => (g.id === updated.id ? updated : g)))}
                />
              ))}
            </ul>
          )
        }
      </AsyncView>
    </section>
  );
}

function GrantItem({ grant, onChanged }: { grant: AccessGrant; onChanged: (grant: AccessGrant) => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [approving, setApproving] = useState(false);
  const { submitting, error, run } = useSubmit();

  async function act(action: () => Promise<AccessGrant>) {
    const updated = await run(action);
    if (updated) onChanged(updated);
  }

  return (
    <li className="card grant" data-testid="grant-item" data-grant-id={grant.id} data-status={grant.status}>
      <div className="grant-head">
        <h3 className="subsection-title">{organisationName(grant.organisation, lang)}</h3>
        <GrantStatusBadge status={grant.status} />
      </div>
      <dl className="facts">
        <div>
          <dt>{t("access.requestedOn")}</dt>
          <dd>{formatDate(grant.createdAt, lang)}</dd>
        </div>
        {grant.ndaReference && (
          <div>
            <dt>{t("access.nda")}</dt>
            <dd>{grant.ndaReference}</dd>
          </div>
        )}
        {grant.expiresOn && (
          <div>
            <dt>{t("access.expiresOn")}</dt>
            <dd>{formatDate(grant.expiresOn, lang)}</dd>
          </div>
        )}
        {grant.decidedAt && (
          <div>
            <dt>{t("access.decidedOn")}</dt>
            <dd>{formatDate(grant.decidedAt, lang)}</dd>
          </div>
        )}
      </dl>
      <blockquote className="request-message">{grant.requestMessage}</blockquote>
      {error !== null && !approving && <ErrorAlert error={error} />}
      {grant.status === "requested" && !approving && (
        <div className="form-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => setApproving(true)}
            disabled={submitting}
            data-testid={`grant-approve-${grant.id}`}
          >
            {t("access.grant")}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => void act(() => declineAccess(grant.id))}
            disabled={submitting}
            data-testid={`grant-decline-${grant.id}`}
          >
            {t("access.decline")}
          </button>
        </div>
      )}
      {grant.status === "requested" && approving && (
        <GrantForm
          grantId={grant.id}
          onCancel={() => setApproving(false)}
          onGranted={(updated) => {
            setApproving(false);
            onChanged(updated);
          }}
        />
      )}
      {grant.status === "active" && (
        <div className="form-actions">
          <button
            type="button"
            className="button button-danger"
            onClick={() => void act(() => revokeAccess(grant.id))}
            disabled={submitting}
            data-testid={`grant-revoke-${grant.id}`}
          >
            {t("access.revoke")}
          </button>
        </div>
      )}
    </li>
  );
}

/** One year from today, the usual NDA term, as the expiry date's starting value. */
function inOneYear(): string {
  const date = new Date();
  date.setFullYear(date.getFullYear() + 1);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

interface GrantFormProps {
  grantId: string;
  onCancel: () => void;
  onGranted: (grant: AccessGrant) => void;
}

function GrantForm({ grantId, onCancel, onGranted }: GrantFormProps) {
  const { t } = useTranslation();
  const ids = useId();
  const [ndaReference, setNdaReference] = useState("");
  const [expiresOn, setExpiresOn] = useState(inOneYear);
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = (field: string) => `${ids}-${field}`;
  const fieldLabel = (field: string) =>
    field === "ndaReference" ? t("access.nda") : field === "expiresOn" ? t("access.expiresOn") : undefined;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const updated = await run(() => grantAccess(grantId, ndaReference, expiresOn));
    if (updated) onGranted(updated);
  }

  return (
    <form className="form grant-form" onSubmit={handleSubmit} noValidate data-testid="grant-form">
      <p className="muted small">{t("access.grantIntro")}</p>
      {error !== null && (
        <FormErrors testId="grant-errors" error={error} fieldLabel={fieldLabel} inputId={inputId} />
      )}
      <div className="form-grid">
        <FormField
          id={inputId("ndaReference")}
          label={t("access.nda")}
          required
          error={fieldErrors.ndaReference}
        >
          {(control) => (
            <input
              {...control}
              name="ndaReference"
              value={ndaReference}
              maxLength={200}
              placeholder="NDA-2025-001"
              onChange={(event) => setNdaReference(event.target.value)}
              data-testid="grant-nda"
            />
          )}
        </FormField>
        <FormField
          id={inputId("expiresOn")}
          label={t("access.expiresOn")}
          required
          error={fieldErrors.expiresOn}
        >
          {(control) => (
            <input
              {...control}
              type="date"
              name="expiresOn"
              value={expiresOn}
              onChange={(event) => setExpiresOn(event.target.value)}
              data-testid="grant-expires"
            />
          )}
        </FormField>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid="grant-submit"
        >
          {submitting ? t("form.saving") : t("access.confirmGrant")}
        </button>
        <button
          type="button"
          className="button"
          onClick={onCancel}
          disabled={submitting}
          data-testid="grant-cancel"
        >
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}

function PartnerAccess({ view }: { view: SeedView }) {
  const { t } = useTranslation();
  const seedId = view.seed.id;
  const load = useCallback(
    async () => (await listMyGrants()).held.filter((g) => g.seedId === seedId),
    [seedId],
  );
  const { state, setData } = useAsync(load);

  return (
    <section aria-labelledby="access-partner-title">
      <h2 id="access-partner-title" className="section-title">
        {t("access.partnerTitle")}
      </h2>
      <AsyncView state={state}>
        {(held) => {
          // newest first, as the server lists them
          const latest = held[0];
          const open = latest && (latest.status === "requested" || latest.status === "active");
          return (
            <div className="stack">
              {latest && <RequestStatus grant={latest} />}
              {!open && view.access !== "grant" && (
                <RequestForm
                  seedId={seedId}
                  again={latest !== undefined}
                  onRequested={(grant) => setData([grant, ...held])}
                />
              )}
              {held.length > 1 && <GrantHistory grants={held.slice(1)} />}
            </div>
          );
        }}
      </AsyncView>
    </section>
  );
}

function RequestStatus({ grant }: { grant: AccessGrant }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <div
      className={`notice-box status-${grant.status}`}
      role="status"
      data-testid="request-status"
      data-status={grant.status}
    >
      <p>
        <GrantStatusBadge status={grant.status} />{" "}
        {t(`access.partnerStatus.${grant.status}`, {
          date: formatDate(grant.expiresOn, lang),
          nda: grant.ndaReference ?? "",
        })}
      </p>
      <p className="muted small">
        {t("access.requestedOn")}: {formatDate(grant.createdAt, lang)}
      </p>
    </div>
  );
}

function GrantHistory({ grants }: { grants: AccessGrant[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <details className="history">
      <summary>{t("access.history")}</summary>
      <ul>
        {grants.map((g) => (
          <li key={g.id}>
            {formatDate(g.createdAt, lang)} — {enumLabel(t, "grantStatus", g.status)}
          </li>
        ))}
      </ul>
    </details>
  );
}

function RequestForm({
  seedId,
  again,
  onRequested,
}: {
  seedId: string;
  again: boolean;
  onRequested: (grant: AccessGrant) => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const [message, setMessage] = useState("");
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = (field: string) => `${ids}-${field}`;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const grant = await run(() => requestAccess(seedId, message));
    if (grant) {
      setMessage("");
      onRequested(grant);
    }
  }

  return (
    <form className="form card" onSubmit={handleSubmit} noValidate data-testid="request-form">
      <p>{again ? t("access.requestAgain") : t("access.requestIntro")}</p>
      {error !== null && (
        <FormErrors
          testId="request-errors"
          error={error}
          fieldLabel={(field) => (field === "message" ? t("access.message") : undefined)}
          inputId={inputId}
        />
      )}
      <FormField id={inputId("message")} label={t("access.message")} required error={fieldErrors.message}>
        {(control) => (
          <textarea
            {...control}
            name="message"
            rows={4}
            maxLength={2000}
            value={message}
            placeholder={t("access.messagePlaceholder")}
            onChange={(event) => setMessage(event.target.value)}
            data-testid="request-message"
          />
        )}
      </FormField>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid="request-access"
        >
          {submitting ? t("form.sending") : t("access.request")}
        </button>
      </div>
    </form>
  );
}
