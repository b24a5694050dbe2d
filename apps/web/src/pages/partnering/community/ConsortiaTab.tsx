import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { listOrganisations, type Organisation, type User } from "../../../api.ts";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { Badge } from "../../../components/Badge.tsx";
import { FormErrors, FormField } from "../../../components/FormField.tsx";
import { Empty } from "../../../components/Status.tsx";
import { organisationName, pick } from "../../../display.ts";
import { formatNumber } from "../../../format.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { hrefs, navigate } from "../../../router.ts";
import { useAsync } from "../../../useAsync.ts";
import { useSubmit } from "../../../useSubmit.ts";
import {
  type Consortium,
  type ConsortiumInput,
  createConsortium,
  getConsortium,
  isSteward,
  listConsortia,
  MEMBER_ROLES,
  type MemberRole,
} from "./api.ts";
import "./community.css";
import { memberRoleLabel } from "./labels.ts";

const P = "partnering.community";

/** Each consortium with its members, catalogue and projects (members and admins see the figures). */
async function loadConsortia(): Promise<Consortium[]> {
  const cards = await listConsortia();
  return Promise.all(cards.map((card) => getConsortium(card.id)));
}

/** The consortia (GAPFREE-style): a list, and a form for the programme's stewards to found one. */
export function ConsortiaTab({ user }: { user: User }) {
  const { t } = useTranslation();
  const { state, reload } = useAsync(loadConsortia);
  const [creating, setCreating] = useState(false);
  const steward = isSteward(user.roles);

  return (
    <div className="stack" data-testid="consortia-tab">
      <p className="muted">{t(`${P}.consortia.intro`)}</p>
      <AsyncView state={state}>{(consortia) => <ConsortiaTable consortia={consortia} />}</AsyncView>
      {steward && !creating && (
        <div className="form-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => setCreating(true)}
            data-testid="consortium-create-open"
          >
            {t(`${P}.consortia.create`)}
          </button>
        </div>
      )}
      {steward && creating && (
        <CreateConsortium
          onCancel={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            reload();
            navigate(hrefs.consortium(created.id));
          }}
        />
      )}
    </div>
  );
}

function ConsortiaTable({ consortia }: { consortia: Consortium[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (consortia.length === 0) return <Empty testId="consortia-empty">{t(`${P}.consortia.empty`)}</Empty>;
  const membersOnly = t(`${P}.consortia.membersOnly`);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="consortia-table">
        <caption className="visually-hidden">{t(`${P}.consortia.caption`)}</caption>
        <thead>
          <tr>
            <th scope="col">{t(`${P}.consortia.name`)}</th>
            <th scope="col">{t(`${P}.consortia.area`)}</th>
            <th scope="col">{t(`${P}.consortia.myRole`)}</th>
            <th scope="col" className="num">
              {t(`${P}.consortia.members`)}
            </th>
            <th scope="col" className="num">
              {t(`${P}.consortia.specimens`)}
            </th>
            <th scope="col" className="num">
              {t(`${P}.consortia.projects`)}
            </th>
          </tr>
        </thead>
        <tbody>
          {consortia.map((c) => (
            <tr key={c.id} data-testid="consortium-row" data-consortium-id={c.id}>
              <td>
                <a href={hrefs.consortium(c.id)} data-testid="consortium-link">
                  {pick(c.nameJa, c.nameEn, lang)}
                </a>
                <p className="muted small community-clamp">
                  {pick(c.publicDescriptionJa, c.publicDescriptionEn, lang)}
                </p>
              </td>
              <td className="nowrap">ICD-10 {c.icd10Area}</td>
              <td>
                {c.membership ? (
                  <Badge tone="info">{memberRoleLabel(t, c.membership)}</Badge>
                ) : (
                  <span className="muted">{t(`${P}.consortia.notMember`)}</span>
                )}
              </td>
              <td className="num" data-testid="consortium-members-count">
                {c.detail ? formatNumber(c.detail.members.length, lang) : <span title={membersOnly}>—</span>}
              </td>
              <td className="num" data-testid="consortium-specimens-total">
                {c.detail ? (
                  formatNumber(c.detail.totals.specimens, lang)
                ) : (
                  <span title={membersOnly}>—</span>
                )}
              </td>
              <td className="num" data-testid="consortium-projects-count">
                {c.detail ? formatNumber(c.detail.projects.length, lang) : <span title={membersOnly}>—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const emptyInput = (): ConsortiumInput => ({
  nameJa: "",
  nameEn: "",
  icd10Area: "",
  publicDescriptionJa: "",
  publicDescriptionEn: "",
  members: [{ organisationId: "", role: "lead" }],
});

const TEXT_FIELDS = ["nameJa", "nameEn", "icd10Area", "publicDescriptionJa", "publicDescriptionEn"] as const;

function CreateConsortium({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (created: Consortium) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const ids = useId();
  const organisations = useAsync(useCallback(() => listOrganisations(), []));
  const [input, setInput] = useState<ConsortiumInput>(emptyInput);
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = (field: string) => `${ids}-${field.replace(/\./g, "-")}`;
  const fieldLabel = (field: string): string | undefined => {
    if ((TEXT_FIELDS as readonly string[]).includes(field)) return t(`${P}.create.${field}`);
    const m = /^members(?:\.(\d+)\.(organisationId|role))?$/.exec(field);
    if (!m) return undefined;
    if (m[1] === undefined) return t(`${P}.create.members`);
    return `${t(`${P}.create.member`, { n: Number(m[1]) + 1 })} · ${t(`${P}.create.${m[2]}`)}`;
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const created = await run(() => createConsortium(input));
    if (created) onCreated(created);
  }

  const setMember = (i: number, patch: Partial<ConsortiumInput["members"][number]>) =>
    setInput((prev) => ({
      ...prev,
      members: prev.members.map((m, j) => (j === i ? { ...m, ...patch } : m)),
    }));

  return (
    <form className="card form" onSubmit={handleSubmit} noValidate data-testid="consortium-create-form">
      <h2 className="subsection-title">{t(`${P}.create.title`)}</h2>
      <p className="muted small">{t(`${P}.create.intro`)}</p>
      {error !== null && (
        <FormErrors
          testId="consortium-create-errors"
          error={error}
          fieldLabel={fieldLabel}
          inputId={inputId}
        />
      )}
      <div className="form-grid">
        {TEXT_FIELDS.map((field) => (
          <FormField
            key={field}
            id={inputId(field)}
            label={t(`${P}.create.${field}`)}
            required
            hint={field === "icd10Area" ? t(`${P}.create.icd10AreaHint`) : undefined}
            error={fieldErrors[field]}
            className={field.startsWith("publicDescription") ? "span-2" : undefined}
          >
            {(control) =>
              field.startsWith("publicDescription") ? (
                <textarea
                  {...control}
                  rows={3}
                  value={input[field]}
                  onChange={(e) => setInput((prev) => ({ ...prev, [field]: e.target.value }))}
                  data-testid={`consortium-${field}`}
                />
              ) : (
                <input
                  {...control}
                  value={input[field]}
                  onChange={(e) => setInput((prev) => ({ ...prev, [field]: e.target.value }))}
                  data-testid={`consortium-${field}`}
                />
              )
            }
          </FormField>
        ))}
      </div>
      <fieldset className="fieldset">
        <legend>{t(`${P}.create.members`)}</legend>
        {fieldErrors.members && <p className="field-error">{fieldErrors.members.message}</p>}
        <AsyncView state={organisations.state}>
          {(orgs: Organisation[]) => (
            <div className="stack community-member-rows">
              {input.members.map((m, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until submitted
                <div className="form-grid" key={i} data-testid="consortium-member-row">
                  <FormField
                    id={inputId(`members.${i}.organisationId`)}
                    label={t(`${P}.create.organisationId`)}
                    required
                    error={fieldErrors[`members.${i}.organisationId`]}
                  >
                    {(control) => (
                      <select
                        {...control}
                        value={m.organisationId}
                        onChange={(e) => setMember(i, { organisationId: e.target.value })}
                        data-testid="consortium-member-organisation"
                      >
                        <option value="">{t("form.choose")}</option>
                        {orgs.map((o) => (
                          <option key={o.id} value={o.id}>
                            {organisationName(o, lang)}
                          </option>
                        ))}
                      </select>
                    )}
                  </FormField>
                  <FormField
                    id={inputId(`members.${i}.role`)}
                    label={t(`${P}.create.role`)}
                    required
                    error={fieldErrors[`members.${i}.role`]}
                  >
                    {(control) => (
                      <select
                        {...control}
                        value={m.role}
                        onChange={(e) => setMember(i, { role: e.target.value as MemberRole })}
                        data-testid="consortium-member-role"
                      >
                        {MEMBER_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {memberRoleLabel(t, r)}
                          </option>
                        ))}
                      </select>
                    )}
                  </FormField>
                  {input.members.length > 1 && (
                    <div className="field community-row-action">
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() =>
                          setInput((prev) => ({ ...prev, members: prev.members.filter((_, j) => j !== i) }))
                        }
                      >
                        {t(`${P}.create.removeMember`)}
                      </button>
                    </div>
                  )}
                </div>
              ))}
              <div>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() =>
                    setInput((prev) => ({
                      ...prev,
                      members: [...prev.members, { organisationId: "", role: "academic" }],
                    }))
                  }
                  data-testid="consortium-member-add-row"
                >
                  {t(`${P}.create.addMember`)}
                </button>
              </div>
            </div>
          )}
        </AsyncView>
      </fieldset>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid="consortium-create-submit"
        >
          {submitting ? t("form.saving") : t(`${P}.create.submit`)}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={submitting}>
          {t("form.cancel")}
        </button>
      </div>
    </form>
  );
}
