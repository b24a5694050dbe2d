import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, type FieldError, listOrganisations, type User } from "../../../api.ts";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { Badge } from "../../../components/Badge.tsx";
import { FormErrors, FormField } from "../../../components/FormField.tsx";
import { Empty, FieldErrorText } from "../../../components/Status.tsx";
import { enumLabel, organisationName, pick } from "../../../display.ts";
import { formatDate } from "../../../format.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { useAsync } from "../../../useAsync.ts";
import { useSubmit } from "../../../useSubmit.ts";
import { MODALITIES, STAGES } from "../../../vocabulary.ts";
import {
  type AreaInterests,
  BUDGET_BANDS,
  DEAL_TYPES,
  EXPERTISE,
  getMentorProfile,
  getPartnerProfile,
  ICD10_CHAPTERS,
  listPartnerProfiles,
  type MentorProfile,
  type PartnerProfile,
  REGIONS,
  saveCompanyProfile,
  saveInvestorProfile,
  saveMentorProfile,
  TICKET_BANDS,
} from "./api.ts";
import { termLabel } from "./shared.tsx";

const has = (user: User, ...roles: string[]) => roles.some((r) => user.roles.includes(r));

/** One's own partnering profile (company, investor, mentor), and the other partners' profiles, read-only. */
export function ProfileTab({ user }: { user: User }) {
  const kind = user.organisation.kind;
  const partner = has(user, "company", "investor") && (kind === "company" || kind === "investor");
  return (
    <div className="stack">
      {partner && <PartnerProfileEditor orgId={user.organisation.id} kind={kind} />}
      {has(user, "mentor") && <MentorProfileEditor userId={user.id} />}
      {has(user, "admin") && <AdminProfilePicker />}
      <ProfileDirectory ownOrgId={user.organisation.id} />
    </div>
  );
}

/** A profile that does not exist yet is an empty form, not an error. */
async function orNull<T>(load: Promise<T>): Promise<T | null> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

function AdminProfilePicker() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const load = useCallback(() => listOrganisations(), []);
  const { state } = useAsync(load);
  const [orgId, setOrgId] = useState("");
  return (
    <AsyncView state={state}>
      {(orgs) => {
        const partners = orgs.filter((o) => o.kind === "company" || o.kind === "investor");
        const org = partners.find((o) => o.id === orgId);
        return (
          <section className="stack">
            <div className="field match-picker">
              <label htmlFor="profile-org">{t("partnering.matching.profile.adminPick")}</label>
              <select
                id="profile-org"
                value={orgId}
                onChange={(e) => setOrgId(e.target.value)}
                data-testid="profile-org-select"
              >
                <option value="">{t("form.choose")}</option>
                {partners.map((o) => (
                  <option key={o.id} value={o.id}>
                    {organisationName(o, lang)}
                  </option>
                ))}
              </select>
            </div>
            {org && (
              <PartnerProfileEditor key={org.id} orgId={org.id} kind={org.kind as "company" | "investor"} />
            )}
          </section>
        );
      }}
    </AsyncView>
  );
}

/** The first error at a field or below it (areas.prefixes.2 → areas.prefixes). */
function errorAt(errors: Record<string, FieldError>, field: string): FieldError | undefined {
  return errors[field] ?? Object.entries(errors).find(([k]) => k.startsWith(`${field}.`))?.[1];
}

interface CheckGroupProps {
  name: string;
  legend: string;
  values: readonly string[];
  selected: readonly string[];
  label: (value: string) => string;
  onChange: (next: string[]) => void;
  error?: FieldError | undefined;
  required?: boolean;
}

function CheckGroup({ name, legend, values, selected, label, onChange, error, required }: CheckGroupProps) {
  const { t } = useTranslation();
  const ids = useId();
  return (
    <fieldset
      className="fieldset span-all profile-checks"
      data-testid={`profile-${name}`}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${ids}-error` : undefined}
      id={`profile-field-${name}`}
    >
      <legend>
        {legend}
        {required && <span className="required"> {t("form.required")}</span>}
      </legend>
      <div className="profile-check-list">
        {values.map((v) => (
          <label key={v} className="field-checkbox">
            <input
              type="checkbox"
              value={v}
              checked={selected.includes(v)}
              onChange={(e) =>
                onChange(e.target.checked ? [...selected, v] : selected.filter((x) => x !== v))
              }
            />{" "}
            {label(v)}
          </label>
        ))}
      </div>
      {error && (
        <p className="field-error" id={`${ids}-error`} data-testid={`profile-${name}-error`}>
          <FieldErrorText error={error} />
        </p>
      )}
    </fieldset>
  );
}

const splitCodes = (text: string) =>
  text
    .split(/[,、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function AreaFields({
  areas,
  prefixText,
  onChapters,
  onPrefixes,
  errors,
}: {
  areas: AreaInterests;
  prefixText: string;
  onChapters: (c: string[]) => void;
  onPrefixes: (text: string) => void;
  errors: Record<string, FieldError>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <CheckGroup
        name="chapters"
        legend={t("partnering.matching.profile.chapters")}
        values={ICD10_CHAPTERS}
        selected={areas.chapters}
        label={(c) => `${c}: ${termLabel(t, "chapter", c)}`}
        onChange={onChapters}
        error={errorAt(errors, "areas.chapters")}
      />
      <FormField
        id="profile-field-prefixes"
        label={t("partnering.matching.profile.prefixes")}
        hint={t("partnering.matching.profile.prefixesHint")}
        error={errorAt(errors, "areas.prefixes")}
        className="span-2"
      >
        {(control) => (
          <input
            {...control}
            value={prefixText}
            onChange={(e) => onPrefixes(e.target.value)}
            data-testid="profile-prefixes-input"
          />
        )}
      </FormField>
    </>
  );
}

interface PartnerForm {
  chapters: string[];
  prefixText: string;
  modalities: string[];
  stages: string[];
  dealTypes: string[];
  regions: string[];
  band: string;
  summaryJa: string;
  summaryEn: string;
}

const partnerForm = (p: PartnerProfile | null): PartnerForm => ({
  chapters: p?.areas.chapters ?? [],
  prefixText: (p?.areas.prefixes ?? []).join(", "),
  modalities: p?.modalities ?? [],
  stages: p?.stages ?? [],
  dealTypes: p?.kind === "company" ? p.dealTypes : [],
  regions: p?.regions ?? [],
  band: (p?.kind === "company" ? p.budgetBand : p?.ticketBand) ?? "",
  summaryJa: p?.summaryJa ?? "",
  summaryEn: p?.summaryEn ?? "",
});

function PartnerProfileEditor({ orgId, kind }: { orgId: string; kind: "company" | "investor" }) {
  const { t } = useTranslation();
  const load = useCallback(() => orNull(getPartnerProfile(kind, orgId)), [kind, orgId]);
  const { state } = useAsync(load);
  return (
    <section aria-labelledby="profile-title" data-testid="profile-editor">
      <h2 id="profile-title" className="section-title">
        {t(
          kind === "company"
            ? "partnering.matching.profile.companyTitle"
            : "partnering.matching.profile.investorTitle",
        )}
      </h2>
      <AsyncView state={state}>
        {(profile) => <PartnerProfileForm orgId={orgId} kind={kind} profile={profile} />}
      </AsyncView>
    </section>
  );
}

function PartnerProfileForm({
  orgId,
  kind,
  profile,
}: {
  orgId: string;
  kind: "company" | "investor";
  profile: PartnerProfile | null;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [form, setForm] = useState(() => partnerForm(profile));
  const [saved, setSaved] = useState<PartnerProfile | null>(null);
  const { submitting, error, fieldErrors, run } = useSubmit();
  const set = <K extends keyof PartnerForm>(key: K, value: PartnerForm[K]) => {
    setSaved(null);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const bandField = kind === "company" ? "budgetBand" : "ticketBand";
  const labels: Record<string, string> = {
    areas: t("partnering.matching.profile.chapters"),
    modalities: t("partnering.matching.profile.modalities"),
    stages: t("partnering.matching.profile.stages"),
    dealTypes: t("partnering.matching.profile.dealTypes"),
    regions: t("partnering.matching.profile.regions"),
    budgetBand: t("partnering.matching.profile.budgetBand"),
    ticketBand: t("partnering.matching.profile.ticketBand"),
    summaryJa: t("partnering.matching.profile.summaryJa"),
    summaryEn: t("partnering.matching.profile.summaryEn"),
  };
  const fieldLabel = (field: string) =>
    labels[field] ??
    (field.startsWith("areas.prefixes")
      ? t("partnering.matching.profile.prefixes")
      : labels[field.split(".")[0] ?? ""]);
  const inputId = (field: string) =>
    field.startsWith("areas.prefixes")
      ? "profile-field-prefixes"
      : `profile-field-${field.startsWith("areas") ? "chapters" : (field.split(".")[0] ?? field)}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const common = {
      areas: { chapters: form.chapters, prefixes: splitCodes(form.prefixText) } as AreaInterests,
      modalities: form.modalities,
      stages: form.stages,
      regions: form.regions,
      summaryJa: form.summaryJa,
      summaryEn: form.summaryEn,
    } as Parameters<typeof saveInvestorProfile>[1];
    const result = await run(() =>
      kind === "company"
        ? saveCompanyProfile(orgId, {
            ...common,
            dealTypes: form.dealTypes as never,
            budgetBand: form.band as never,
          })
        : saveInvestorProfile(orgId, { ...common, ticketBand: form.band as never }),
    );
    if (result) setSaved(result);
  }

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="profile-form">
      {profile === null && (
        <p className="notice-box" data-testid="profile-new">
          {t("partnering.matching.profile.none")}
        </p>
      )}
      {error !== null && (
        <FormErrors testId="profile-errors" error={error} fieldLabel={fieldLabel} inputId={inputId} />
      )}
      <div className="form-grid">
        <AreaFields
          areas={{ chapters: form.chapters as AreaInterests["chapters"], prefixes: [] }}
          prefixText={form.prefixText}
          onChapters={(c) => set("chapters", c)}
          onPrefixes={(text) => set("prefixText", text)}
          errors={fieldErrors}
        />
        <CheckGroup
          name="modalities"
          legend={labels.modalities as string}
          values={MODALITIES}
          selected={form.modalities}
          label={(v) => enumLabel(t, "modality", v)}
          onChange={(v) => set("modalities", v)}
          error={errorAt(fieldErrors, "modalities")}
        />
        <CheckGroup
          name="stages"
          legend={labels.stages as string}
          values={STAGES}
          selected={form.stages}
          label={(v) => enumLabel(t, "stage", v)}
          onChange={(v) => set("stages", v)}
          error={errorAt(fieldErrors, "stages")}
        />
        {kind === "company" && (
          <CheckGroup
            name="dealTypes"
            legend={labels.dealTypes as string}
            values={DEAL_TYPES}
            selected={form.dealTypes}
            label={(v) => termLabel(t, "dealType", v)}
            onChange={(v) => set("dealTypes", v)}
            error={errorAt(fieldErrors, "dealTypes")}
            required
          />
        )}
        <CheckGroup
          name="regions"
          legend={labels.regions as string}
          values={REGIONS}
          selected={form.regions}
          label={(v) => termLabel(t, "region", v)}
          onChange={(v) => set("regions", v)}
          error={errorAt(fieldErrors, "regions")}
          required={kind === "company"}
        />
        <FormField
          id={`profile-field-${bandField}`}
          label={labels[bandField] as string}
          hint={t("partnering.matching.profile.bandHint")}
          required
          error={fieldErrors[bandField]}
        >
          {(control) => (
            <select
              {...control}
              value={form.band}
              onChange={(e) => set("band", e.target.value)}
              data-testid="profile-band"
            >
              <option value="">{t("form.choose")}</option>
              {(kind === "company" ? BUDGET_BANDS : TICKET_BANDS).map((b) => (
                <option key={b} value={b}>
                  {termLabel(t, bandField, b)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id="profile-field-summaryJa"
          label={labels.summaryJa as string}
          error={fieldErrors.summaryJa}
          className="span-2"
        >
          {(control) => (
            <textarea
              {...control}
              rows={2}
              lang="ja"
              value={form.summaryJa}
              onChange={(e) => set("summaryJa", e.target.value)}
              data-testid="profile-summary-ja"
            />
          )}
        </FormField>
        <FormField
          id="profile-field-summaryEn"
          label={labels.summaryEn as string}
          error={fieldErrors.summaryEn}
          className="span-2"
        >
          {(control) => (
            <textarea
              {...control}
              rows={2}
              lang="en"
              value={form.summaryEn}
              onChange={(e) => set("summaryEn", e.target.value)}
              data-testid="profile-summary-en"
            />
          )}
        </FormField>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid="profile-save"
        >
          {submitting ? t("form.saving") : t("partnering.matching.profile.save")}
        </button>
      </div>
      {saved && (
        <p className="success" role="status" data-testid="profile-saved">
          {t("partnering.matching.profile.saved", { date: formatDate(saved.updatedAt, lang) })}
        </p>
      )}
    </form>
  );
}

interface MentorForm {
  expertise: string[];
  modalities: string[];
  chapters: string[];
  prefixText: string;
  maxActiveSeeds: string;
  bioJa: string;
  bioEn: string;
}

function MentorProfileEditor({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const load = useCallback(() => orNull(getMentorProfile(userId)), [userId]);
  const { state } = useAsync(load);
  return (
    <section aria-labelledby="mentor-profile-title" data-testid="mentor-profile-editor">
      <h2 id="mentor-profile-title" className="section-title">
        {t("partnering.matching.profile.mentorTitle")}
      </h2>
      <AsyncView state={state}>
        {(profile) => <MentorProfileForm userId={userId} profile={profile} />}
      </AsyncView>
    </section>
  );
}

function MentorProfileForm({ userId, profile }: { userId: string; profile: MentorProfile | null }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [form, setForm] = useState<MentorForm>(() => ({
    expertise: profile?.expertise ?? [],
    modalities: profile?.modalities ?? [],
    chapters: profile?.areas.chapters ?? [],
    prefixText: (profile?.areas.prefixes ?? []).join(", "),
    maxActiveSeeds: String(profile?.maxActiveSeeds ?? 3),
    bioJa: profile?.bioJa ?? "",
    bioEn: profile?.bioEn ?? "",
  }));
  const [saved, setSaved] = useState<MentorProfile | null>(null);
  const { submitting, error, fieldErrors, run } = useSubmit();
  const set = <K extends keyof MentorForm>(key: K, value: MentorForm[K]) => {
    setSaved(null);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const labels: Record<string, string> = {
    expertise: t("partnering.matching.profile.expertise"),
    modalities: t("partnering.matching.profile.modalities"),
    areas: t("partnering.matching.profile.chapters"),
    maxActiveSeeds: t("partnering.matching.profile.maxActiveSeeds"),
    bioJa: t("partnering.matching.profile.bioJa"),
    bioEn: t("partnering.matching.profile.bioEn"),
  };
  const fieldLabel = (field: string) => labels[field.split(".")[0] ?? field];
  const inputId = (field: string) =>
    field.startsWith("areas.prefixes") ? "profile-field-prefixes" : `profile-field-${field.split(".")[0]}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run(() =>
      saveMentorProfile(userId, {
        expertise: form.expertise as never,
        modalities: form.modalities as never,
        areas: { chapters: form.chapters as never, prefixes: splitCodes(form.prefixText) },
        maxActiveSeeds: Number(form.maxActiveSeeds),
        bioJa: form.bioJa,
        bioEn: form.bioEn,
      }),
    );
    if (result) setSaved(result);
  }

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="mentor-profile-form">
      {profile && (
        <p className="muted small" data-testid="mentor-load">
          {t("partnering.matching.profile.mentorLoad", {
            active: profile.activeSeeds,
            max: profile.maxActiveSeeds,
          })}
        </p>
      )}
      {error !== null && (
        <FormErrors testId="profile-errors" error={error} fieldLabel={fieldLabel} inputId={inputId} />
      )}
      <div className="form-grid">
        <CheckGroup
          name="expertise"
          legend={labels.expertise as string}
          values={EXPERTISE}
          selected={form.expertise}
          label={(v) => termLabel(t, "expertise", v)}
          onChange={(v) => set("expertise", v)}
          error={errorAt(fieldErrors, "expertise")}
          required
        />
        <CheckGroup
          name="modalities"
          legend={labels.modalities as string}
          values={MODALITIES}
          selected={form.modalities}
          label={(v) => enumLabel(t, "modality", v)}
          onChange={(v) => set("modalities", v)}
          error={errorAt(fieldErrors, "modalities")}
        />
        <AreaFields
          areas={{ chapters: form.chapters as AreaInterests["chapters"], prefixes: [] }}
          prefixText={form.prefixText}
          onChapters={(c) => set("chapters", c)}
          onPrefixes={(text) => set("prefixText", text)}
          errors={fieldErrors}
        />
        <FormField
          id="profile-field-maxActiveSeeds"
          label={labels.maxActiveSeeds as string}
          required
          error={fieldErrors.maxActiveSeeds}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              max={50}
              value={form.maxActiveSeeds}
              onChange={(e) => set("maxActiveSeeds", e.target.value)}
              data-testid="profile-capacity"
            />
          )}
        </FormField>
        <FormField
          id="profile-field-bioJa"
          label={labels.bioJa as string}
          error={fieldErrors.bioJa}
          className="span-2"
        >
          {(control) => (
            <textarea
              {...control}
              rows={2}
              lang="ja"
              value={form.bioJa}
              onChange={(e) => set("bioJa", e.target.value)}
            />
          )}
        </FormField>
        <FormField
          id="profile-field-bioEn"
          label={labels.bioEn as string}
          error={fieldErrors.bioEn}
          className="span-2"
        >
          {(control) => (
            <textarea
              {...control}
              rows={2}
              lang="en"
              value={form.bioEn}
              onChange={(e) => set("bioEn", e.target.value)}
            />
          )}
        </FormField>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid="profile-save"
        >
          {submitting ? t("form.saving") : t("partnering.matching.profile.save")}
        </button>
      </div>
      {saved && (
        <p className="success" role="status" data-testid="profile-saved">
          {t("partnering.matching.profile.saved", { date: formatDate(saved.updatedAt, lang) })}
        </p>
      )}
    </form>
  );
}

/** Other partners' declared interests: they explain the matches; bands only where the server shows them. */
function ProfileDirectory({ ownOrgId }: { ownOrgId: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const load = useCallback(
    () =>
      Promise.all([listPartnerProfiles("company"), listPartnerProfiles("investor")]).then(([c, i]) => [
        ...c,
        ...i,
      ]),
    [],
  );
  const { state } = useAsync(load);
  return (
    <section aria-labelledby="profile-directory-title" data-testid="profile-directory">
      <h2 id="profile-directory-title" className="section-title">
        {t("partnering.matching.profile.directory")}
      </h2>
      <p className="muted small">{t("partnering.matching.profile.directoryIntro")}</p>
      <AsyncView state={state}>
        {(profiles) =>
          profiles.length === 0 ? (
            <Empty>{t("partnering.matching.profile.directoryEmpty")}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("partnering.matching.profile.organisation")}</th>
                    <th scope="col">{t("partnering.matching.profile.areas")}</th>
                    <th scope="col">{t("partnering.matching.profile.modalities")}</th>
                    <th scope="col">{t("partnering.matching.profile.stages")}</th>
                    <th scope="col">{t("partnering.matching.profile.band")}</th>
                  </tr>
                </thead>
                <tbody>
                  {profiles.map((p) => {
                    const band = p.kind === "company" ? p.budgetBand : p.ticketBand;
                    return (
                      <tr key={p.organisation.id} data-testid="profile-row" data-org-id={p.organisation.id}>
                        <th scope="row">
                          {organisationName(p.organisation, lang)}{" "}
                          <Badge>{termLabel(t, "partyKind", p.kind)}</Badge>
                          {p.organisation.id === ownOrgId && (
                            <Badge tone="info">{t("partnering.matching.profile.own")}</Badge>
                          )}
                          <div className="muted small">{pick(p.summaryJa, p.summaryEn, lang)}</div>
                        </th>
                        <td>{[...p.areas.chapters, ...p.areas.prefixes].join(", ")}</td>
                        <td>
                          {p.modalities
                            .map((m) => enumLabel(t, "modality", m))
                            .join(t("partnering.matching.listSeparator"))}
                        </td>
                        <td>
                          {p.stages
                            .map((s) => enumLabel(t, "stage", s))
                            .join(t("partnering.matching.listSeparator"))}
                        </td>
                        <td data-testid="profile-row-band">
                          {band === null ? (
                            <Badge tone="neutral" title={t("partnering.matching.profile.bandHiddenWhy")}>
                              {t("partnering.matching.profile.bandHidden")}
                            </Badge>
                          ) : (
                            termLabel(t, p.kind === "company" ? "budgetBand" : "ticketBand", band)
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncView>
    </section>
  );
}
