import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { createSeed, type SeedInput } from "../api.ts";
import { EnumSelect } from "../components/EnumSelect.tsx";
import { type ControlProps, FormErrors, FormField } from "../components/FormField.tsx";
import { hrefs, navigate } from "../router.ts";
import { usePageHeading } from "../usePageHeading.ts";
import { useSubmit } from "../useSubmit.ts";
import type { EnumNamespace } from "../vocabulary.ts";

/** The form's fields, named exactly as the API's SeedInput; the order is the form's order. */
const FIELDS = [
  "titleJa",
  "titleEn",
  "targetSymbol",
  "targetUniprot",
  "modality",
  "stage",
  "stageSince",
  "programme",
  "icd10",
  "indication",
  "publicSummaryJa",
  "publicSummaryEn",
  "publicSince",
  "confidentialDetails",
] as const;
type Field = (typeof FIELDS)[number];
type Draft = Record<Field, string>;

const REQUIRED = new Set<Field>([
  "titleJa",
  "titleEn",
  "modality",
  "stage",
  "icd10",
  "indication",
  "publicSummaryJa",
  "publicSummaryEn",
]);
const OPTIONAL_NULLABLE: Field[] = ["targetSymbol", "targetUniprot", "publicSince"];

const SELECTS: Partial<Record<Field, EnumNamespace>> = {
  modality: "modality",
  stage: "stage",
  programme: "programme",
};
const TEXTAREAS = new Set<Field>(["publicSummaryJa", "publicSummaryEn", "confidentialDetails"]);
const DATES = new Set<Field>(["stageSince", "publicSince"]);
const MAX_LENGTH: Partial<Record<Field, number>> = {
  titleJa: 200,
  titleEn: 200,
  targetSymbol: 20,
  targetUniprot: 10,
  icd10: 8,
  indication: 300,
  publicSummaryJa: 4000,
  publicSummaryEn: 4000,
  confidentialDetails: 20000,
};
const LANG_OF: Partial<Record<Field, string>> = {
  titleJa: "ja",
  titleEn: "en",
  publicSummaryJa: "ja",
  publicSummaryEn: "en",
};

const EMPTY: Draft = Object.fromEntries(FIELDS.map((f) => [f, f === "programme" ? "other" : ""])) as Draft;

/**
 * The body to send: empty optional fields left out (or null), required texts sent as typed and an
 * unchosen required select left out, so that the server answers "required" rather than listing values.
 */
function toInput(draft: Draft): SeedInput {
  const body: Record<string, string | null> = {};
  for (const field of FIELDS) {
    const value = draft[field].trim();
    if (value !== "" || (REQUIRED.has(field) && !SELECTS[field])) body[field] = value;
    else if (OPTIONAL_NULLABLE.includes(field)) body[field] = null;
  }
  return body as unknown as SeedInput;
}

export function NewSeed() {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const headingRef = usePageHeading(t("newSeed.title"));
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const { submitting, error, fieldErrors, run } = useSubmit();

  const inputId = (field: string) => `${ids}-${field}`;
  const fieldLabel = (field: string) =>
    (FIELDS as readonly string[]).includes(field) ? t(`newSeed.fields.${field}`) : undefined;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const created = await run(() => createSeed(toInput(draft)));
    if (created) navigate(hrefs.seed(created.id));
  }

  function control(field: Field, props: ControlProps) {
    const common = {
      ...props,
      name: field,
      value: draft[field],
      required: REQUIRED.has(field),
      "data-testid": `field-${field}`,
    };
    const namespace = SELECTS[field];
    if (namespace)
      return (
        <EnumSelect
          {...common}
          namespace={namespace}
          onChange={(value) => setDraft((prev) => ({ ...prev, [field]: value }))}
          emptyLabel={REQUIRED.has(field) ? t("form.choose") : undefined}
        />
      );
    const onChange = (event: { target: { value: string } }) =>
      setDraft((prev) => ({ ...prev, [field]: event.target.value }));
    if (TEXTAREAS.has(field))
      return (
        <textarea
          {...common}
          rows={field === "confidentialDetails" ? 6 : 4}
          maxLength={MAX_LENGTH[field]}
          lang={LANG_OF[field]}
          onChange={onChange}
        />
      );
    return (
      <input
        {...common}
        type={DATES.has(field) ? "date" : "text"}
        maxLength={MAX_LENGTH[field]}
        lang={LANG_OF[field]}
        spellCheck={field === "icd10" || field.startsWith("target") ? false : undefined}
        onChange={onChange}
      />
    );
  }

  const field = (name: Field, className?: string) => (
    <FormField
      key={name}
      id={inputId(name)}
      label={t(`newSeed.fields.${name}`)}
      hint={hintOf(name)}
      required={REQUIRED.has(name)}
      error={fieldErrors[name]}
      className={className}
    >
      {(props) => control(name, props)}
    </FormField>
  );

  function hintOf(name: Field): string | undefined {
    const key = `newSeed.hints.${name}`;
    return i18n.exists(key) ? t(key) : undefined;
  }

  return (
    <div className="page">
      <h1 className="page-title" ref={headingRef} tabIndex={-1}>
        {t("newSeed.title")}
      </h1>
      <p className="muted lead">{t("newSeed.intro")}</p>

      {error !== null && <FormErrors error={error} fieldLabel={fieldLabel} inputId={inputId} />}

      <form
        className="card form"
        onSubmit={handleSubmit}
        noValidate
        data-testid="new-seed-form"
        aria-busy={submitting}
      >
        <fieldset className="fieldset form-grid">
          <legend>{t("newSeed.sections.identity")}</legend>
          {field("titleJa")}
          {field("titleEn")}
          {field("targetSymbol")}
          {field("targetUniprot")}
          {field("modality")}
          {field("programme")}
        </fieldset>
        <fieldset className="fieldset form-grid">
          <legend>{t("newSeed.sections.development")}</legend>
          {field("stage")}
          {field("stageSince")}
          {field("icd10")}
          {field("indication")}
        </fieldset>
        <fieldset className="fieldset form-grid">
          <legend>{t("newSeed.sections.public")}</legend>
          {field("publicSummaryJa", "span-2")}
          {field("publicSummaryEn", "span-2")}
          {field("publicSince")}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t("newSeed.sections.confidential")}</legend>
          {field("confidentialDetails")}
        </fieldset>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting}
            data-testid="new-seed-submit"
          >
            {submitting ? t("form.saving") : t("newSeed.submit")}
          </button>
          <a className="button" href={hrefs.seeds()}>
            {t("form.cancel")}
          </a>
        </div>
      </form>
    </div>
  );
}
