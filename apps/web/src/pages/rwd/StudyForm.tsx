import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  ApiError,
  type CohortDefinition,
  type EndAnchor,
  type FieldError,
  type RwdStudy,
  runRwdStudy,
  type StudyAdjustment,
  type StudyRequest,
} from "../../api.ts";
import { FormErrors, FormField } from "../../components/FormField.tsx";
import { FieldErrorText } from "../../components/Status.tsx";
import { EXAMPLE_STUDY } from "../../rwdExamples.ts";
import { useSubmit } from "../../useSubmit.ts";

const COHORTS = ["target", "comparator", "outcome"] as const;
type Cohort = (typeof COHORTS)[number];

const ANCHORS: readonly EndAnchor[] = ["cohort_start", "cohort_end"];

/** The adjustment presets offered; the server's study spec takes any of these shapes. */
const ADJUSTMENTS = {
  match: { type: "match", maxRatio: 1, caliper: 0.2 },
  stratify: { type: "stratify", strata: 5 },
  none: { type: "none" },
} as const satisfies Record<string, StudyAdjustment>;
type Adjustment = keyof typeof ADJUSTMENTS;

interface Draft {
  name: string;
  target: string;
  comparator: string;
  outcome: string;
  tarStart: string;
  tarEnd: string;
  tarAnchor: EndAnchor;
  removePriorOutcome: boolean;
  adjustment: Adjustment;
}

const INITIAL: Draft = {
  name: EXAMPLE_STUDY.name,
  target: EXAMPLE_STUDY.target,
  comparator: EXAMPLE_STUDY.comparator,
  outcome: EXAMPLE_STUDY.outcome,
  tarStart: String(EXAMPLE_STUDY.timeAtRisk.startDays),
  tarEnd: String(EXAMPLE_STUDY.timeAtRisk.endDays),
  tarAnchor: EXAMPLE_STUDY.timeAtRisk.endAnchor === "cohort_end" ? "cohort_end" : "cohort_start",
  removePriorOutcome: EXAMPLE_STUDY.removePriorOutcome,
  adjustment: "match",
};

/** The form control a server field path belongs to (`target.entry.conceptSetId` → `target`). */
function controlOf(field: string): keyof Draft | undefined {
  const [head, second, third] = field.split(".");
  if (head === "name") return "name";
  if (head === "target" || head === "comparator" || head === "outcome") return head;
  if (head !== "design") return undefined;
  if (second === "timeAtRisk")
    return third === "endDays" ? "tarEnd" : third === "endAnchor" ? "tarAnchor" : "tarStart";
  if (second === "adjustment") return "adjustment";
  if (second === "removePriorOutcome") return "removePriorOutcome";
  return undefined;
}

/** The part of a cohort's field path inside its definition (`target.entry.conceptSetId` → `entry.conceptSetId`). */
const innerPath = (field: string) => field.split(".").slice(1).join(".");

type ParsedCohorts =
  | { ok: true; cohorts: Record<Cohort, CohortDefinition> }
  | { ok: false; errors: FieldError[] };

/** Parses the three JSON text areas; the errors name the cohort whose text is not one JSON object. */
function parseCohorts(draft: Draft, message: (reason: string) => string, notObject: string): ParsedCohorts {
  const errors: FieldError[] = [];
  const cohorts: Partial<Record<Cohort, CohortDefinition>> = {};
  for (const cohort of COHORTS) {
    try {
      const value: unknown = JSON.parse(draft[cohort]);
      if (value === null || typeof value !== "object" || Array.isArray(value))
        errors.push({ field: cohort, message: notObject });
      else cohorts[cohort] = value as CohortDefinition;
    } catch (error) {
      errors.push({
        field: cohort,
        message: message(error instanceof Error ? error.message : String(error)),
      });
    }
  }
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, cohorts: cohorts as Record<Cohort, CohortDefinition> };
}

/** Days as typed: a number, or left out (the server's default) when empty. */
const days = (value: string) => (value.trim() === "" ? undefined : Number(value));

function toRequest(draft: Draft, cohorts: Record<Cohort, CohortDefinition>): StudyRequest {
  return {
    name: draft.name,
    ...cohorts,
    design: {
      timeAtRisk: {
        startDays: days(draft.tarStart),
        endDays: days(draft.tarEnd),
        endAnchor: draft.tarAnchor,
      },
      removePriorOutcome: draft.removePriorOutcome,
      adjustment: ADJUSTMENTS[draft.adjustment],
    },
  };
}

interface StudyFormProps {
  source: string;
  onRun: (study: RwdStudy) => void;
}

/** The study's name, its three cohorts as JSON and its design; the server validates and runs it. */
export function StudyForm({ source, onRun }: StudyFormProps) {
  const { t } = useTranslation();
  const ids = useId();
  const [draft, setDraft] = useState<Draft>(INITIAL);
  const [jsonErrors, setJsonErrors] = useState<FieldError[]>([]);
  // each rejected attempt shows (and focuses) the JSON summary afresh
  const [attempt, setAttempt] = useState(0);
  const { submitting, error, run, clearError } = useSubmit();

  const inputId = (field: string) => `${ids}-${controlOf(field) ?? field}`;
  const label = (control: keyof Draft) => t(`rwd.form.${control}`);
  const fieldLabel = (field: string) => {
    const control = controlOf(field);
    if (!control) return undefined;
    const inner = (COHORTS as readonly string[]).includes(control) ? innerPath(field) : "";
    return inner ? `${label(control)} › ${inner}` : label(control);
  };
  const set = <K extends keyof Draft>(name: K, value: Draft[K]) =>
    setDraft((prev) => ({ ...prev, [name]: value }));

  // The first error the server (or the JSON check) reported for a control, shown under it.
  const errorOf = (control: keyof Draft): FieldError | undefined => {
    const local = jsonErrors.find((e) => e.field === control);
    if (local) return local;
    const serverErrors = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
    const found = serverErrors.find((e) => controlOf(e.field) === control);
    if (!found) return undefined;
    const inner = (COHORTS as readonly string[]).includes(control) ? innerPath(found.field) : "";
    return inner ? { ...found, message: `${inner}: ${found.message}` } : found;
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseCohorts(
      draft,
      (reason) => t("rwd.form.jsonError", { message: reason }),
      t("rwd.form.notObject"),
    );
    if (!parsed.ok) {
      clearError();
      setJsonErrors(parsed.errors);
      setAttempt((n) => n + 1);
      return;
    }
    setJsonErrors([]);
    const study = await run(() => runRwdStudy(source, toRequest(draft, parsed.cohorts)));
    if (study) onRun(study);
  }

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="section-title">
        {t("rwd.form.title")}
      </h2>
      <p className="muted small">{t("rwd.form.intro")}</p>

      {jsonErrors.length > 0 && <JsonErrors key={attempt} errors={jsonErrors} inputId={inputId} />}
      {error !== null && (
        <FormErrors testId="study-errors" error={error} fieldLabel={fieldLabel} inputId={inputId} />
      )}

      <form
        className="form"
        onSubmit={handleSubmit}
        noValidate
        aria-busy={submitting}
        data-testid="study-form"
      >
        <FormField id={inputId("name")} label={label("name")} required error={errorOf("name")}>
          {(control) => (
            <input
              {...control}
              name="name"
              value={draft.name}
              maxLength={200}
              required
              onChange={(event) => set("name", event.target.value)}
              data-testid="study-name"
            />
          )}
        </FormField>

        <fieldset className="fieldset form-grid cohort-grid">
          <legend>{t("rwd.form.cohorts")}</legend>
          {COHORTS.map((cohort) => (
            <FormField
              key={cohort}
              id={inputId(cohort)}
              label={label(cohort)}
              required
              error={errorOf(cohort)}
            >
              {(control) => (
                <textarea
                  {...control}
                  name={cohort}
                  className="code-input"
                  rows={14}
                  wrap="off"
                  spellCheck={false}
                  autoCapitalize="off"
                  autoComplete="off"
                  value={draft[cohort]}
                  onChange={(event) => set(cohort, event.target.value)}
                  data-testid={`study-${cohort}`}
                />
              )}
            </FormField>
          ))}
        </fieldset>

        <DesignFields draft={draft} set={set} inputId={inputId} errorOf={errorOf} />

        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting || !source}
            data-testid="study-run"
          >
            {submitting ? t("rwd.form.running") : t("rwd.form.submit")}
          </button>
          {!source && <span className="muted small">{t("rwd.form.noSource")}</span>}
        </div>
        {submitting && <Running />}
      </form>
    </section>
  );
}

interface DesignFieldsProps {
  draft: Draft;
  set: <K extends keyof Draft>(name: K, value: Draft[K]) => void;
  inputId: (field: string) => string;
  errorOf: (control: keyof Draft) => FieldError | undefined;
}

/** Time at risk, prior outcomes and the adjustment preset. */
function DesignFields({ draft, set, inputId, errorOf }: DesignFieldsProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset form-grid">
      <legend>{t("rwd.form.design")}</legend>
      <FormField
        id={inputId("tarStart")}
        label={t("rwd.form.tarStart")}
        hint={t("rwd.form.tarHint")}
        error={errorOf("tarStart")}
      >
        {(control) => (
          <input
            {...control}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={draft.tarStart}
            onChange={(event) => set("tarStart", event.target.value)}
            data-testid="study-tar-start"
          />
        )}
      </FormField>
      <FormField id={inputId("tarEnd")} label={t("rwd.form.tarEnd")} error={errorOf("tarEnd")}>
        {(control) => (
          <input
            {...control}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={draft.tarEnd}
            onChange={(event) => set("tarEnd", event.target.value)}
            data-testid="study-tar-end"
          />
        )}
      </FormField>
      <FormField id={inputId("tarAnchor")} label={t("rwd.form.tarAnchor")} error={errorOf("tarAnchor")}>
        {(control) => (
          <select
            {...control}
            value={draft.tarAnchor}
            onChange={(event) => set("tarAnchor", event.target.value as EndAnchor)}
            data-testid="study-tar-anchor"
          >
            {ANCHORS.map((anchor) => (
              <option key={anchor} value={anchor}>
                {t(`rwd.form.anchors.${anchor}`)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField
        id={inputId("adjustment")}
        label={t("rwd.form.adjustment")}
        error={errorOf("adjustment")}
        className="span-all adjustment-field"
      >
        {(control) => (
          <select
            {...control}
            value={draft.adjustment}
            onChange={(event) => set("adjustment", event.target.value as Adjustment)}
            data-testid="study-adjustment"
          >
            {(Object.keys(ADJUSTMENTS) as Adjustment[]).map((adjustment) => (
              <option key={adjustment} value={adjustment}>
                {t(`rwd.form.adjustments.${adjustment}`)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <div className="field field-checkbox span-all">
        <input
          id={inputId("removePriorOutcome")}
          type="checkbox"
          checked={draft.removePriorOutcome}
          onChange={(event) => set("removePriorOutcome", event.target.checked)}
          data-testid="study-remove-prior"
        />
        <label htmlFor={inputId("removePriorOutcome")}>{t("rwd.form.removePriorOutcome")}</label>
      </div>
    </fieldset>
  );
}

/** The busy state while the server runs the study (seconds). */
function Running() {
  const { t } = useTranslation();
  return (
    <p className="status busy" role="status" data-testid="study-running">
      <span className="spinner" aria-hidden="true" />
      {t("rwd.form.runningHint")}
    </p>
  );
}

interface JsonErrorsProps {
  errors: FieldError[];
  inputId: (field: string) => string;
}

/** The summary of cohort texts that are not JSON, found before anything is sent (click to go to one). */
function JsonErrors({ errors, inputId }: JsonErrorsProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.focus();
  }, []);

  return (
    <div className="alert" role="alert" data-testid="study-errors" tabIndex={-1} ref={ref}>
      <p>{t("rwd.form.invalidJson")}</p>
      <ul>
        {errors.map((item) => (
          <li key={item.field}>
            <button
              type="button"
              className="link-button"
              onClick={() => document.getElementById(inputId(item.field))?.focus()}
            >
              <FieldErrorText error={item} label={t(`rwd.form.${item.field}`)} />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
