import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { listOrganisations, listSeeds, type User } from "../../../api.ts";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { Badge } from "../../../components/Badge.tsx";
import { FormErrors, FormField } from "../../../components/FormField.tsx";
import { Empty, ErrorAlert } from "../../../components/Status.tsx";
import { organisationName, pick, seedTitle } from "../../../display.ts";
import { formatDate, formatNumber, todayIso } from "../../../format.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { hrefs } from "../../../router.ts";
import { useAsync } from "../../../useAsync.ts";
import { usePageHeading } from "../../../usePageHeading.ts";
import { useSubmit } from "../../../useSubmit.ts";
import {
  acceptTerms,
  addJointProject,
  addSpecimens,
  CLINICAL_DATA_ITEMS,
  type ClinicalDataItem,
  type Consortium,
  type ConsortiumDetail,
  getConsortium,
  isContributor,
  MEMBER_ROLES,
  type MemberRole,
  publishTerms,
  SPECIMEN_TYPES,
  type SpecimenLine,
  setConsortiumMember,
} from "./api.ts";
import "./community.css";
import { clinicalItemLabel, memberRoleLabel, specimenTypeLabel } from "./labels.ts";

const P = "partnering.community.consortium";

/** One consortium: public card for everyone; members, catalogue, terms and projects for members and admins. */
export function ConsortiumView({ id, user }: { id: string; user: User }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const load = useCallback(() => getConsortium(id), [id]);
  const { state, setData } = useAsync(load);
  const title = state.status === "ready" ? pick(state.data.nameJa, state.data.nameEn, lang) : null;
  const headingRef = usePageHeading(title);

  return (
    <div className="stack" data-testid="consortium-view">
      <AsyncView state={state}>
        {(c) => {
          const admin = user.roles.includes("admin");
          const contributor =
            c.membership !== null && c.membership !== "observer" && isContributor(user.roles);
          const steward = admin || (c.membership === "lead" && isContributor(user.roles));
          return (
            <>
              <header>
                <h1 className="page-title" ref={headingRef} tabIndex={-1} data-testid="consortium-title">
                  {pick(c.nameJa, c.nameEn, lang)}
                </h1>
                <dl className="facts">
                  <div>
                    <dt>{t(`${P}.area`)}</dt>
                    <dd data-testid="consortium-area">ICD-10 {c.icd10Area}</dd>
                  </div>
                  <div>
                    <dt>{t(`${P}.myRole`)}</dt>
                    <dd>
                      {c.membership ? (
                        <Badge tone="info" testId="consortium-membership">
                          {memberRoleLabel(t, c.membership)}
                        </Badge>
                      ) : (
                        t("partnering.community.consortia.notMember")
                      )}
                    </dd>
                  </div>
                  {c.detail && (
                    <div>
                      <dt>{t(`${P}.totalSpecimens`)}</dt>
                      <dd data-testid="consortium-total-specimens">
                        {formatNumber(c.detail.totals.specimens, lang)}
                      </dd>
                    </div>
                  )}
                </dl>
                <p className="prose">{pick(c.publicDescriptionJa, c.publicDescriptionEn, lang)}</p>
              </header>
              {c.detail === null ? (
                <p className="notice-box" data-testid="consortium-members-only">
                  {t(`${P}.membersOnly`)}
                </p>
              ) : (
                <>
                  <Members consortium={c} detail={c.detail} steward={steward} onChanged={setData} />
                  <Catalogue consortium={c} detail={c.detail} contributor={contributor} onChanged={setData} />
                  <Terms consortium={c} detail={c.detail} steward={steward} onChanged={setData} />
                  <Projects consortium={c} detail={c.detail} contributor={contributor} onChanged={setData} />
                </>
              )}
            </>
          );
        }}
      </AsyncView>
    </div>
  );
}

interface SectionProps {
  consortium: Consortium;
  detail: ConsortiumDetail;
  onChanged: (c: Consortium) => void;
}

function Members({ consortium, detail, steward, onChanged }: SectionProps & { steward: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <section className="card" aria-labelledby="consortium-members-title" data-testid="consortium-members">
      <h2 id="consortium-members-title" className="section-title">
        {t(`${P}.members.title`)}
      </h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t(`${P}.members.organisation`)}</th>
              <th scope="col">{t(`${P}.members.role`)}</th>
              <th scope="col">{t(`${P}.members.joinedOn`)}</th>
              <th scope="col">{t(`${P}.members.terms`)}</th>
            </tr>
          </thead>
          <tbody>
            {detail.members.map((m) => (
              <tr key={m.organisation.id} data-testid="member-row" data-role={m.role}>
                <td>{organisationName(m.organisation, lang)}</td>
                <td>
                  <Badge tone={m.role === "lead" ? "success" : m.role === "observer" ? "neutral" : "info"}>
                    {memberRoleLabel(t, m.role)}
                  </Badge>
                </td>
                <td className="nowrap">{formatDate(m.joinedOn, lang)}</td>
                <td>
                  {detail.terms === null
                    ? "—"
                    : m.acceptedCurrentTerms
                      ? t(`${P}.members.accepted`)
                      : t(`${P}.members.notAccepted`)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {steward && <MemberForm consortiumId={consortium.id} onChanged={onChanged} />}
    </section>
  );
}

function MemberForm({
  consortiumId,
  onChanged,
}: {
  consortiumId: string;
  onChanged: (c: Consortium) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const ids = useId();
  const organisations = useAsync(useCallback(() => listOrganisations(), []));
  const [organisationId, setOrganisationId] = useState("");
  const [role, setRole] = useState<MemberRole>("academic");
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = (field: string) => `${ids}-${field}`;
  const fieldLabel = (field: string) =>
    field === "organisationId"
      ? t(`${P}.members.organisation`)
      : field === "role"
        ? t(`${P}.members.role`)
        : undefined;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const updated = await run(() => setConsortiumMember(consortiumId, { organisationId, role }));
    if (updated) {
      setOrganisationId("");
      onChanged(updated);
    }
  }

  return (
    <form className="form" onSubmit={handleSubmit} noValidate data-testid="member-form">
      <h3 className="subsection-title">{t(`${P}.members.add`)}</h3>
      {error !== null && <FormErrors error={error} fieldLabel={fieldLabel} inputId={inputId} />}
      <div className="form-grid">
        <FormField
          id={inputId("organisationId")}
          label={t(`${P}.members.organisation`)}
          required
          error={fieldErrors.organisationId}
        >
          {(control) => (
            <select
              {...control}
              value={organisationId}
              onChange={(e) => setOrganisationId(e.target.value)}
              data-testid="member-organisation"
            >
              <option value="">{t("form.choose")}</option>
              {organisations.state.status === "ready" &&
                organisations.state.data.map((o) => (
                  <option key={o.id} value={o.id}>
                    {organisationName(o, lang)}
                  </option>
                ))}
            </select>
          )}
        </FormField>
        <FormField id={inputId("role")} label={t(`${P}.members.role`)} required error={fieldErrors.role}>
          {(control) => (
            <select
              {...control}
              value={role}
              onChange={(e) => setRole(e.target.value as MemberRole)}
              data-testid="member-role"
            >
              {MEMBER_ROLES.map((r) => (
                <option key={r} value={r}>
                  {memberRoleLabel(t, r)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      {organisations.state.status === "error" && <ErrorAlert error={organisations.state.error} />}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid="member-submit"
        >
          {submitting ? t("form.saving") : t(`${P}.members.submit`)}
        </button>
      </div>
    </form>
  );
}

const yearsOf = (from?: number | null, to?: number | null) =>
  from && to ? `${from}–${to}` : from ? `${from}–` : to ? `–${to}` : "—";

function Catalogue({ consortium, detail, contributor, onChanged }: SectionProps & { contributor: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const types = SPECIMEN_TYPES.filter((type) => detail.totals.byType[type]);
  return (
    <section className="card" aria-labelledby="consortium-catalogue-title" data-testid="specimen-catalogue">
      <h2 id="consortium-catalogue-title" className="section-title">
        {t(`${P}.catalogue.title`)}
      </h2>
      <p className="muted small">{t(`${P}.catalogue.intro`)}</p>
      {detail.specimens.length === 0 ? (
        <Empty testId="specimens-empty">{t(`${P}.catalogue.empty`)}</Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="specimen-table">
              <thead>
                <tr>
                  <th scope="col">{t(`${P}.catalogue.specimenType`)}</th>
                  <th scope="col">ICD-10</th>
                  <th scope="col" className="num">
                    {t(`${P}.catalogue.count`)}
                  </th>
                  <th scope="col">{t(`${P}.catalogue.clinicalData`)}</th>
                  <th scope="col">{t(`${P}.catalogue.collected`)}</th>
                  <th scope="col">{t(`${P}.catalogue.organisation`)}</th>
                </tr>
              </thead>
              <tbody>
                {detail.specimens.map((s) => (
                  <tr
                    key={s.id}
                    data-testid="specimen-row"
                    data-specimen-type={s.specimenType}
                    data-icd10={s.icd10}
                  >
                    <td>{specimenTypeLabel(t, s.specimenType)}</td>
                    <td className="nowrap">{s.icd10}</td>
                    <td className="num" data-testid="specimen-count">
                      {formatNumber(s.count, lang)}
                    </td>
                    <td>
                      <ul className="community-tags">
                        {CLINICAL_DATA_ITEMS.filter((k) => s.clinicalData[k]).map((k) => (
                          <li key={k}>{clinicalItemLabel(t, k)}</li>
                        ))}
                      </ul>
                    </td>
                    <td className="nowrap">{yearsOf(s.collectedFromYear, s.collectedToYear)}</td>
                    <td>{organisationName(s.organisation, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="community-totals">
            <div>
              <h3 className="small-title">{t(`${P}.catalogue.byType`)}</h3>
              <ul className="plain-list" data-testid="specimen-by-type">
                {types.map((type) => (
                  <li key={type} data-specimen-type={type}>
                    {specimenTypeLabel(t, type)}: {formatNumber(detail.totals.byType[type] ?? 0, lang)}
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3 className="small-title">{t(`${P}.catalogue.withClinicalData`)}</h3>
              <ul className="plain-list">
                {CLINICAL_DATA_ITEMS.filter((k) => detail.totals.withClinicalData[k]).map((k) => (
                  <li key={k}>
                    {clinicalItemLabel(t, k)}: {formatNumber(detail.totals.withClinicalData[k], lang)}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </>
      )}
      {contributor && (
        <SpecimenForm
          consortiumId={consortium.id}
          mustAccept={detail.terms !== null && !detail.myOrganisationAccepted}
          onChanged={onChanged}
        />
      )}
    </section>
  );
}

interface LineDraft {
  specimenType: string;
  icd10: string;
  count: string;
  clinicalData: Record<ClinicalDataItem, boolean>;
  collectedFromYear: string;
  collectedToYear: string;
}

const emptyLine = (): LineDraft => ({
  specimenType: "",
  icd10: "",
  count: "",
  clinicalData: Object.fromEntries(CLINICAL_DATA_ITEMS.map((k) => [k, false])) as Record<
    ClinicalDataItem,
    boolean
  >,
  collectedFromYear: "",
  collectedToYear: "",
});

const numberOrText = (value: string): number | string => {
  const trimmed = value.trim();
  return trimmed !== "" && /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
};

function lineOf(d: LineDraft): SpecimenLine {
  return {
    specimenType: d.specimenType,
    icd10: d.icd10,
    count: numberOrText(d.count),
    clinicalData: d.clinicalData,
    ...(d.collectedFromYear.trim() ? { collectedFromYear: numberOrText(d.collectedFromYear) } : {}),
    ...(d.collectedToYear.trim() ? { collectedToYear: numberOrText(d.collectedToYear) } : {}),
  };
}

const YES = new Set(["1", "yes", "y", "true", "○", "◯", "✓", "あり", "有"]);
const NUMERIC = new Set(["count", "collectedFromYear", "collectedToYear"]);

/**
 * Lines of a pasted table (CSV or tab-separated, header row first). Clinical information columns become
 * yes/no items; every other column is sent under its own name, so the server judges it (and refuses
 * anything about a person).
 */
export function parseSpecimenTable(text: string): SpecimenLine[] {
  const rows = text
    .split(/\r?\n/)
    .map((r) => r.trim())
    .filter(Boolean);
  const [head, ...body] = rows;
  if (!head) return [];
  const separator = head.includes("\t") ? "\t" : ",";
  const columns = head.split(separator).map((c) => c.trim());
  return body.map((row) => {
    const cells = row.split(separator).map((c) => c.trim());
    const line: SpecimenLine = {};
    const clinicalData: Partial<Record<ClinicalDataItem, boolean>> = {};
    columns.forEach((column, i) => {
      const value = cells[i] ?? "";
      if ((CLINICAL_DATA_ITEMS as readonly string[]).includes(column))
        clinicalData[column as ClinicalDataItem] = YES.has(value.toLowerCase());
      else if (value !== "") line[column] = NUMERIC.has(column) ? numberOrText(value) : value;
    });
    if (Object.keys(clinicalData).length) line.clinicalData = clinicalData;
    return line;
  });
}

const LINE_FIELDS = ["specimenType", "icd10", "count", "collectedFromYear", "collectedToYear"] as const;

function SpecimenForm({
  consortiumId,
  mustAccept,
  onChanged,
}: {
  consortiumId: string;
  mustAccept: boolean;
  onChanged: (c: Consortium) => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const [mode, setMode] = useState<"line" | "table">("line");
  const [line, setLine] = useState<LineDraft>(emptyLine);
  const [table, setTable] = useState("");
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = (field: string) => {
    const m = /^specimens\.\d+\.(\w+)/.exec(field);
    if (mode === "table") return `${ids}-table`;
    return `${ids}-${m?.[1] ?? field}`;
  };
  const fieldLabel = (field: string): string => {
    const m = /^specimens\.(\d+)(?:\.(.+))?$/.exec(field);
    if (!m) return field;
    const name = m[2] ?? "";
    const known = (LINE_FIELDS as readonly string[]).includes(name) ? t(`${P}.catalogue.${name}`) : name;
    return mode === "table"
      ? `${t(`${P}.catalogue.row`, { n: Number(m[1]) + 1 })}${name ? ` · ${known}` : ""}`
      : known || field;
  };
  // field errors of the single line, for the fields next to their inputs
  const lineError = (name: string) => (mode === "line" ? fieldErrors[`specimens.0.${name}`] : undefined);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const lines = mode === "line" ? [lineOf(line)] : parseSpecimenTable(table);
    const updated = await run(() => addSpecimens(consortiumId, lines));
    if (updated) {
      setLine(emptyLine());
      setTable("");
      onChanged(updated);
    }
  }

  return (
    <form className="form community-subform" onSubmit={handleSubmit} noValidate data-testid="specimen-form">
      <h3 className="subsection-title">{t(`${P}.catalogue.add`)}</h3>
      <p className="muted small">{t(`${P}.catalogue.addIntro`)}</p>
      {mustAccept && (
        <p className="alert alert-warning" data-testid="specimen-accept-first">
          {t(`${P}.catalogue.acceptFirst`)}
        </p>
      )}
      <div className="radio-row" role="radiogroup" aria-label={t(`${P}.catalogue.mode`)}>
        {(["line", "table"] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name={`${ids}-mode`}
              value={m}
              checked={mode === m}
              onChange={() => setMode(m)}
              data-testid={`specimen-mode-${m}`}
            />{" "}
            {t(`${P}.catalogue.modes.${m}`)}
          </label>
        ))}
      </div>
      {error !== null && (
        <FormErrors testId="specimen-errors" error={error} fieldLabel={fieldLabel} inputId={inputId} />
      )}
      {mode === "line" ? (
        <>
          <div className="form-grid">
            <FormField
              id={`${ids}-specimenType`}
              label={t(`${P}.catalogue.specimenType`)}
              required
              error={lineError("specimenType")}
            >
              {(control) => (
                <select
                  {...control}
                  value={line.specimenType}
                  onChange={(e) => setLine({ ...line, specimenType: e.target.value })}
                  data-testid="specimen-type"
                >
                  <option value="">{t("form.choose")}</option>
                  {SPECIMEN_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {specimenTypeLabel(t, type)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField
              id={`${ids}-icd10`}
              label={t(`${P}.catalogue.icd10`)}
              required
              error={lineError("icd10")}
            >
              {(control) => (
                <input
                  {...control}
                  value={line.icd10}
                  placeholder="G30.9"
                  onChange={(e) => setLine({ ...line, icd10: e.target.value })}
                  data-testid="specimen-icd10"
                />
              )}
            </FormField>
            <FormField
              id={`${ids}-count`}
              label={t(`${P}.catalogue.count`)}
              required
              error={lineError("count")}
            >
              {(control) => (
                <input
                  {...control}
                  type="number"
                  min={1}
                  inputMode="numeric"
                  value={line.count}
                  onChange={(e) => setLine({ ...line, count: e.target.value })}
                  data-testid="specimen-count-input"
                />
              )}
            </FormField>
            <FormField
              id={`${ids}-collectedFromYear`}
              label={t(`${P}.catalogue.collectedFromYear`)}
              error={lineError("collectedFromYear")}
            >
              {(control) => (
                <input
                  {...control}
                  type="number"
                  inputMode="numeric"
                  value={line.collectedFromYear}
                  onChange={(e) => setLine({ ...line, collectedFromYear: e.target.value })}
                  data-testid="specimen-from-year"
                />
              )}
            </FormField>
            <FormField
              id={`${ids}-collectedToYear`}
              label={t(`${P}.catalogue.collectedToYear`)}
              error={lineError("collectedToYear")}
            >
              {(control) => (
                <input
                  {...control}
                  type="number"
                  inputMode="numeric"
                  value={line.collectedToYear}
                  onChange={(e) => setLine({ ...line, collectedToYear: e.target.value })}
                  data-testid="specimen-to-year"
                />
              )}
            </FormField>
          </div>
          <fieldset className="fieldset">
            <legend>{t(`${P}.catalogue.clinicalData`)}</legend>
            <div className="community-checks">
              {CLINICAL_DATA_ITEMS.map((k) => (
                <label key={k} className="field-checkbox">
                  <input
                    type="checkbox"
                    checked={line.clinicalData[k]}
                    onChange={(e) =>
                      setLine({ ...line, clinicalData: { ...line.clinicalData, [k]: e.target.checked } })
                    }
                    data-testid={`specimen-clinical-${k}`}
                  />{" "}
                  {clinicalItemLabel(t, k)}
                </label>
              ))}
            </div>
          </fieldset>
        </>
      ) : (
        <FormField
          id={`${ids}-table`}
          label={t(`${P}.catalogue.table`)}
          required
          hint={t(`${P}.catalogue.tableHint`, {
            columns: [...LINE_FIELDS, ...CLINICAL_DATA_ITEMS].join(", "),
          })}
        >
          {(control) => (
            <textarea
              {...control}
              rows={6}
              className="community-mono"
              value={table}
              placeholder={"specimenType,icd10,count,diagnosis,lab_values\nserum,G30.9,120,yes,yes"}
              onChange={(e) => setTable(e.target.value)}
              data-testid="specimen-table-input"
            />
          )}
        </FormField>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid="specimen-submit"
        >
          {submitting ? t("form.saving") : t(`${P}.catalogue.submit`)}
        </button>
      </div>
    </form>
  );
}

function Terms({ consortium, detail, steward, onChanged }: SectionProps & { steward: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { submitting, error, run } = useSubmit();
  const terms = detail.terms;
  const accepted = detail.members.filter((m) => m.acceptedCurrentTerms);

  async function accept(version: number) {
    const updated = await run(() => acceptTerms(consortium.id, version));
    if (updated) onChanged(updated);
  }

  return (
    <section className="card" aria-labelledby="consortium-terms-title" data-testid="consortium-terms">
      <h2 id="consortium-terms-title" className="section-title">
        {t(`${P}.terms.title`)}
      </h2>
      {terms === null ? (
        <Empty testId="terms-empty">{t(`${P}.terms.none`)}</Empty>
      ) : (
        <>
          <dl className="facts">
            <div>
              <dt>{t(`${P}.terms.version`)}</dt>
              <dd data-testid="terms-version">{terms.version}</dd>
            </div>
            <div>
              <dt>{t(`${P}.terms.publishedAt`)}</dt>
              <dd>{formatDate(terms.publishedAt, lang)}</dd>
            </div>
            <div>
              <dt>{t(`${P}.terms.myOrganisation`)}</dt>
              <dd data-testid="terms-my-status">
                {consortium.membership === null
                  ? "—"
                  : detail.myOrganisationAccepted
                    ? t(`${P}.members.accepted`)
                    : t(`${P}.members.notAccepted`)}
              </dd>
            </div>
          </dl>
          <div className="community-terms-text" data-testid="terms-text">
            {pick(terms.textJa, terms.textEn, lang)}
          </div>
          <p className="small">
            <strong>{t(`${P}.terms.acceptedBy`)}: </strong>
            <span data-testid="terms-accepted-by">
              {accepted.length
                ? accepted.map((m) => organisationName(m.organisation, lang)).join(t(`${P}.listSeparator`))
                : t(`${P}.terms.nobody`)}
            </span>
          </p>
          {error !== null && <ErrorAlert error={error} testId="terms-accept-error" />}
          {consortium.membership !== null && !detail.myOrganisationAccepted && (
            <div className="form-actions">
              <button
                type="button"
                className="button button-primary"
                disabled={submitting}
                onClick={() => void accept(terms.version)}
                data-testid="terms-accept"
              >
                {t(`${P}.terms.accept`, { version: terms.version })}
              </button>
            </div>
          )}
        </>
      )}
      {steward && (
        <TermsForm consortiumId={consortium.id} next={(terms?.version ?? 0) + 1} onChanged={onChanged} />
      )}
    </section>
  );
}

function TermsForm({
  consortiumId,
  next,
  onChanged,
}: {
  consortiumId: string;
  next: number;
  onChanged: (c: Consortium) => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [textJa, setTextJa] = useState("");
  const [textEn, setTextEn] = useState("");
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = (field: string) => `${ids}-${field}`;
  const fieldLabel = (field: string) =>
    field === "textJa" || field === "textEn" ? t(`${P}.terms.${field}`) : undefined;

  if (!open)
    return (
      <div className="form-actions">
        <button
          type="button"
          className="button"
          onClick={() => setOpen(true)}
          data-testid="terms-publish-open"
        >
          {t(`${P}.terms.publish`, { version: next })}
        </button>
      </div>
    );

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const updated = await run(() => publishTerms(consortiumId, { textJa, textEn }));
    if (updated) {
      setOpen(false);
      setTextJa("");
      setTextEn("");
      onChanged(updated);
    }
  }

  return (
    <form className="form community-subform" onSubmit={handleSubmit} noValidate data-testid="terms-form">
      <h3 className="subsection-title">{t(`${P}.terms.publish`, { version: next })}</h3>
      <p className="muted small">{t(`${P}.terms.publishIntro`)}</p>
      {error !== null && <FormErrors error={error} fieldLabel={fieldLabel} inputId={inputId} />}
      {(["textJa", "textEn"] as const).map((field) => (
        <FormField
          key={field}
          id={inputId(field)}
          label={t(`${P}.terms.${field}`)}
          required
          error={fieldErrors[field]}
        >
          {(control) => (
            <textarea
              {...control}
              rows={6}
              value={field === "textJa" ? textJa : textEn}
              onChange={(e) => (field === "textJa" ? setTextJa : setTextEn)(e.target.value)}
              data-testid={`terms-${field}`}
            />
          )}
        </FormField>
      ))}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid="terms-submit"
        >
          {submitting ? t("form.saving") : t(`${P}.terms.submit`)}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)} disabled={submitting}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}

function Projects({ consortium, detail, contributor, onChanged }: SectionProps & { contributor: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <section className="card" aria-labelledby="consortium-projects-title" data-testid="consortium-projects">
      <h2 id="consortium-projects-title" className="section-title">
        {t(`${P}.projects.title`)}
      </h2>
      {detail.projects.length === 0 ? (
        <Empty testId="projects-empty">{t(`${P}.projects.empty`)}</Empty>
      ) : (
        <ul className="card-list">
          {detail.projects.map((p) => (
            <li key={p.id} className="card" data-testid="project-item">
              <h3 className="subsection-title">{pick(p.titleJa, p.titleEn, lang)}</h3>
              <p className="muted small">
                {t(`${P}.projects.startedOn`)}: {formatDate(p.startedOn, lang)}
              </p>
              <h4 className="small-title">{t(`${P}.projects.seeds`)}</h4>
              <ul className="plain-list">
                {p.seeds.map((s) => (
                  <li key={s.id}>
                    <a href={hrefs.seed(s.id)} data-testid="project-seed-link">
                      {seedTitle(s, lang)}
                    </a>{" "}
                    <span className="muted small">({s.organisation.nameEn})</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {contributor && <ProjectForm consortium={consortium} detail={detail} onChanged={onChanged} />}
    </section>
  );
}

function ProjectForm({ consortium, detail, onChanged }: SectionProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const ids = useId();
  const memberIds = new Set(
    detail.members.filter((m) => m.role !== "observer").map((m) => m.organisation.id),
  );
  const seeds = useAsync(useCallback(() => listSeeds({ limit: 200 }), []));
  const [titleJa, setTitleJa] = useState("");
  const [titleEn, setTitleEn] = useState("");
  const [startedOn, setStartedOn] = useState(todayIso);
  const [seedIds, setSeedIds] = useState<string[]>([]);
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = (field: string) => `${ids}-${field.startsWith("seedIds") ? "seedIds" : field}`;
  const fieldLabel = (field: string) =>
    ["titleJa", "titleEn", "startedOn"].includes(field)
      ? t(`${P}.projects.${field}`)
      : field.startsWith("seedIds")
        ? t(`${P}.projects.seeds`)
        : undefined;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const updated = await run(() => addJointProject(consortium.id, { titleJa, titleEn, startedOn, seedIds }));
    if (updated) {
      setTitleJa("");
      setTitleEn("");
      setSeedIds([]);
      onChanged(updated);
    }
  }

  const seedError = Object.entries(fieldErrors).find(([k]) => k.startsWith("seedIds"))?.[1];

  return (
    <form className="form community-subform" onSubmit={handleSubmit} noValidate data-testid="project-form">
      <h3 className="subsection-title">{t(`${P}.projects.add`)}</h3>
      {error !== null && <FormErrors error={error} fieldLabel={fieldLabel} inputId={inputId} />}
      <div className="form-grid">
        {(["titleJa", "titleEn"] as const).map((field) => (
          <FormField
            key={field}
            id={inputId(field)}
            label={t(`${P}.projects.${field}`)}
            required
            error={fieldErrors[field]}
          >
            {(control) => (
              <input
                {...control}
                value={field === "titleJa" ? titleJa : titleEn}
                onChange={(e) => (field === "titleJa" ? setTitleJa : setTitleEn)(e.target.value)}
                data-testid={`project-${field}`}
              />
            )}
          </FormField>
        ))}
        <FormField
          id={inputId("startedOn")}
          label={t(`${P}.projects.startedOn`)}
          required
          error={fieldErrors.startedOn}
        >
          {(control) => (
            <input
              {...control}
              type="date"
              value={startedOn}
              onChange={(e) => setStartedOn(e.target.value)}
              data-testid="project-startedOn"
            />
          )}
        </FormField>
      </div>
      <FormField
        id={inputId("seedIds")}
        label={t(`${P}.projects.seeds`)}
        required
        hint={t(`${P}.projects.seedsHint`)}
        error={seedError}
      >
        {(control) => (
          <select
            {...control}
            multiple
            size={6}
            value={seedIds}
            onChange={(e) => setSeedIds([...e.target.selectedOptions].map((o) => o.value))}
            data-testid="project-seeds"
          >
            {seeds.state.status === "ready" &&
              seeds.state.data.items
                .filter((s) => memberIds.has(s.organisation.id))
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {seedTitle(s, lang)} — {organisationName(s.organisation, lang)}
                  </option>
                ))}
          </select>
        )}
      </FormField>
      {seeds.state.status === "error" && <ErrorAlert error={seeds.state.error} />}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid="project-submit"
        >
          {submitting ? t("form.saving") : t(`${P}.projects.submit`)}
        </button>
      </div>
    </form>
  );
}
