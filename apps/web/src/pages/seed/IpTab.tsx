import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  addIpFamily,
  type DeadlineWarning,
  getSeedIp,
  type IpDeadline,
  type IpFamily,
  type IpFamilyBody,
  type SeedIp,
  type SeedView,
  type User,
} from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import { Badge, type BadgeTone } from "../../components/Badge.tsx";
import { EnumSelect } from "../../components/EnumSelect.tsx";
import { FormErrors, FormField } from "../../components/FormField.tsx";
import { Empty } from "../../components/Status.tsx";
import { enumLabel, isPartner, pick } from "../../display.ts";
import { formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useAsync } from "../../useAsync.ts";
import { useSubmit } from "../../useSubmit.ts";

const WARNING_TONE: Record<DeadlineWarning, BadgeTone> = {
  overdue: "danger",
  due_30: "danger",
  due_90: "warning",
};

interface IpTabProps {
  view: SeedView;
  user: User;
}

export function IpTab({ view, user }: IpTabProps) {
  const seedId = view.seed.id;
  const load = useCallback(() => getSeedIp(seedId), [seedId]);
  const { state, setData } = useAsync(load);

  return (
    <AsyncView state={state} locked={{ seedId, canRequest: isPartner(user.roles) }}>
      {(ip) => (
        <div className="stack">
          <IpOverview ip={ip} />
          {view.access === "owner" && <IpFamilyForm seedId={seedId} onAdded={setData} />}
        </div>
      )}
    </AsyncView>
  );
}

function IpOverview({ ip }: { ip: SeedIp }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const warnings = ip.families.flatMap((f) => f.deadlines).filter((d) => d.warning !== null && !d.met);

  return (
    <>
      {ip.disclosure && (
        <div
          className="alert alert-warning"
          role="note"
          data-testid="disclosure-flag"
          data-code={ip.disclosure.code}
        >
          <p>
            <strong>{t("ip.disclosure")}: </strong>
            {pick(ip.disclosure.ja, ip.disclosure.en, lang)}
          </p>
        </div>
      )}
      {warnings.length > 0 && (
        <p className="alert alert-warning" data-testid="ip-warnings">
          {t("ip.warningCount", { count: warnings.length })}
        </p>
      )}
      {ip.families.length === 0 ? (
        <Empty testId="ip-empty">{t("ip.empty")}</Empty>
      ) : (
        ip.families.map((family) => <IpFamilyCard key={family.id} family={family} />)
      )}
    </>
  );
}

function IpFamilyCard({ family }: { family: IpFamily }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const headingId = useId();

  return (
    <section className="card" aria-labelledby={headingId} data-testid="ip-family">
      <h2 id={headingId} className="section-title">
        {family.title}
      </h2>
      <p className="muted">
        {t("ip.priorityDate")}: {formatDate(family.priorityDate, lang)}
      </p>

      <h3 className="subsection-title">{t("ip.applications")}</h3>
      {family.applications.length === 0 ? (
        <Empty>{t("ip.noApplications")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("ip.fields.office")}</th>
                <th scope="col">{t("ip.fields.number")}</th>
                <th scope="col">{t("ip.fields.filedOn")}</th>
                <th scope="col">{t("ip.fields.status")}</th>
              </tr>
            </thead>
            <tbody>
              {family.applications.map((app) => (
                <tr key={app.id ?? `${app.office}-${app.number ?? ""}`} data-testid="ip-application">
                  <td>{enumLabel(t, "ipOffice", app.office)}</td>
                  <td>{app.number || "—"}</td>
                  <td>{app.filedOn ? formatDate(app.filedOn, lang) : "—"}</td>
                  <td>{enumLabel(t, "ipStatus", app.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3 className="subsection-title">{t("ip.deadlines")}</h3>
      {family.deadlines.length === 0 ? (
        <Empty>{t("ip.noDeadlines")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="ip-deadlines">
            <thead>
              <tr>
                <th scope="col">{t("ip.deadline")}</th>
                <th scope="col">{t("ip.fields.office")}</th>
                <th scope="col">{t("ip.dueDate")}</th>
                <th scope="col" className="num">
                  {t("ip.daysLeft")}
                </th>
                <th scope="col">{t("ip.state")}</th>
              </tr>
            </thead>
            <tbody>
              {family.deadlines.map((d) => (
                <DeadlineRow key={`${d.kind}-${d.office ?? ""}-${d.dueDate}`} deadline={d} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DeadlineRow({ deadline: d }: { deadline: IpDeadline }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const warning = d.met ? null : d.warning;
  return (
    <tr
      className={warning ? `deadline-${warning}` : undefined}
      data-testid="ip-deadline"
      data-warning={warning ?? "none"}
      data-met={d.met}
    >
      <td>{pick(d.labelJa, d.labelEn, lang)}</td>
      <td>{d.office ? enumLabel(t, "ipOffice", d.office) : "—"}</td>
      <td className="nowrap">{formatDate(d.dueDate, lang)}</td>
      <td className="num nowrap">
        {d.met
          ? "—"
          : d.daysLeft < 0
            ? t("ip.overdueBy", { count: -d.daysLeft })
            : t("ip.daysLeftValue", { count: d.daysLeft })}
      </td>
      <td>
        {d.met ? (
          <Badge tone="success">{t("ip.met")}</Badge>
        ) : d.lapsed ? (
          <Badge testId="deadline-lapsed">{t("ip.lapsed")}</Badge>
        ) : warning ? (
          <Badge tone={WARNING_TONE[warning]} testId="deadline-warning">
            {warning === "overdue" ? "⚠ " : ""}
            {t(`ip.warning.${warning}`)}
          </Badge>
        ) : (
          <Badge>{t("ip.open")}</Badge>
        )}
      </td>
    </tr>
  );
}

type AppDraft = { key: number; office: string; status: string; filedOn: string; number: string };
let nextAppKey = 0;
const emptyApp = (): AppDraft => ({
  key: nextAppKey++,
  office: "JP",
  status: "filed",
  filedOn: "",
  number: "",
});

function IpFamilyForm({ seedId, onAdded }: { seedId: string; onAdded: (ip: SeedIp) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [title, setTitle] = useState("");
  const [priorityDate, setPriorityDate] = useState("");
  const [apps, setApps] = useState<AppDraft[]>(() => [emptyApp()]);
  const { submitting, error, fieldErrors, run } = useSubmit();

  const inputId = (field: string) => `${ids}-${field.replaceAll(".", "-")}`;
  const fieldLabel = (field: string): string | undefined => {
    if (field === "title") return t("ip.fields.title");
    if (field === "priorityDate") return t("ip.priorityDate");
    const match = /^applications\.(\d+)\.(office|status|filedOn|number)$/.exec(field);
    if (match) return `${t("ip.application", { n: Number(match[1]) + 1 })} — ${t(`ip.fields.${match[2]}`)}`;
    return undefined;
  };

  const updateApp = (index: number, patch: Partial<AppDraft>) =>
    setApps((prev) => prev.map((app, i) => (i === index ? { ...app, ...patch } : app)));

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = {
      title,
      priorityDate,
      applications: apps.map((a) => ({
        office: a.office,
        status: a.status,
        filedOn: a.filedOn || null,
        number: a.number.trim() || null,
      })),
    } as IpFamilyBody;
    const result = await run(() => addIpFamily(seedId, body));
    if (result) {
      onAdded(result);
      setTitle("");
      setPriorityDate("");
      setApps([emptyApp()]);
    }
  }

  return (
    <section className="card" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`} className="section-title">
        {t("ip.add")}
      </h2>
      {error !== null && (
        <FormErrors testId="ip-errors" error={error} fieldLabel={fieldLabel} inputId={inputId} />
      )}
      <form className="form" onSubmit={handleSubmit} noValidate data-testid="ip-form">
        <div className="form-grid">
          <FormField id={inputId("title")} label={t("ip.fields.title")} required error={fieldErrors.title}>
            {(control) => (
              <input
                {...control}
                name="title"
                value={title}
                maxLength={300}
                onChange={(event) => setTitle(event.target.value)}
                data-testid="ip-field-title"
              />
            )}
          </FormField>
          <FormField
            id={inputId("priorityDate")}
            label={t("ip.priorityDate")}
            required
            error={fieldErrors.priorityDate}
          >
            {(control) => (
              <input
                {...control}
                type="date"
                name="priorityDate"
                value={priorityDate}
                onChange={(event) => setPriorityDate(event.target.value)}
                data-testid="ip-field-priorityDate"
              />
            )}
          </FormField>
        </div>
        {apps.map((app, index) => (
          <fieldset
            key={app.key}
            className="fieldset form-grid form-grid-4"
            data-testid="ip-application-fields"
          >
            <legend>{t("ip.application", { n: index + 1 })}</legend>
            <FormField
              id={inputId(`applications.${index}.office`)}
              label={t("ip.fields.office")}
              required
              error={fieldErrors[`applications.${index}.office`]}
            >
              {(control) => (
                <EnumSelect
                  {...control}
                  namespace="ipOffice"
                  value={app.office}
                  onChange={(value) => updateApp(index, { office: value })}
                  data-testid={`ip-field-office-${index}`}
                />
              )}
            </FormField>
            <FormField
              id={inputId(`applications.${index}.status`)}
              label={t("ip.fields.status")}
              required
              error={fieldErrors[`applications.${index}.status`]}
            >
              {(control) => (
                <EnumSelect
                  {...control}
                  namespace="ipStatus"
                  value={app.status}
                  onChange={(value) => updateApp(index, { status: value })}
                  data-testid={`ip-field-status-${index}`}
                />
              )}
            </FormField>
            <FormField
              id={inputId(`applications.${index}.filedOn`)}
              label={t("ip.fields.filedOn")}
              error={fieldErrors[`applications.${index}.filedOn`]}
            >
              {(control) => (
                <input
                  {...control}
                  type="date"
                  value={app.filedOn}
                  onChange={(event) => updateApp(index, { filedOn: event.target.value })}
                  data-testid={`ip-field-filedOn-${index}`}
                />
              )}
            </FormField>
            <FormField
              id={inputId(`applications.${index}.number`)}
              label={t("ip.fields.number")}
              error={fieldErrors[`applications.${index}.number`]}
            >
              {(control) => (
                <input
                  {...control}
                  value={app.number}
                  maxLength={50}
                  onChange={(event) => updateApp(index, { number: event.target.value })}
                  data-testid={`ip-field-number-${index}`}
                />
              )}
            </FormField>
            <div className="form-actions span-all">
              <button
                type="button"
                className="button button-small"
                onClick={() => setApps((prev) => prev.filter((_, i) => i !== index))}
              >
                {t("ip.removeApplication", { n: index + 1 })}
              </button>
            </div>
          </fieldset>
        ))}
        <div className="form-actions">
          <button
            type="button"
            className="button"
            onClick={() => setApps((prev) => [...prev, emptyApp()])}
            data-testid="ip-add-application"
          >
            {t("ip.addApplication")}
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting}
            data-testid="ip-submit"
          >
            {submitting ? t("form.saving") : t("ip.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
