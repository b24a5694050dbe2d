import { type FormEvent, type ReactNode, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  ApiError,
  type BayesianTwoArmEvaluation,
  evaluateTrialDesign,
  type RwdStudy,
  type StoredTrialDesign,
  saveTrialDesign,
  type TrialDesignRequest,
  type TrialEndpoint,
} from "../../api.ts";
import { FormErrors } from "../../components/FormField.tsx";
import {
  type Arm,
  controlKeys,
  controlOf,
  type Draft,
  defaultDelta,
  ENDPOINTS,
  effectValues,
  gridValues,
  MAX_CRITERIA,
  newCriterion,
  PRIOR_CHOICES,
  type PriorDraft,
  TREATMENT_PRIOR_CHOICES,
  toRequest,
  withAsExample,
  withEndpoint,
} from "./draft.ts";
import { CellErrors, CellInput, TextField, type Wizard, WizardContext, WizardField } from "./fields.tsx";
import { controlLabel } from "./labels.ts";
import { PriorFields } from "./PriorFields.tsx";

interface DesignFormProps {
  initial: Draft;
  /** the RWD studies external controls may come from; null when RWD is not open to the user */
  rwdStudies: RwdStudy[] | null;
  onEvaluated: (spec: TrialDesignRequest, evaluation: BayesianTwoArmEvaluation) => void;
  onSaved: (design: StoredTrialDesign) => void;
}

type Action = "evaluate" | "save";

/**
 * The design wizard: four steps on one page (endpoint and sizes, priors, success rule, scenarios), each
 * with a one-line summary. "Evaluate" asks the server for the operating characteristics without keeping
 * anything; "Save" keeps the design for the organisation.
 */
export function DesignForm({ initial, rwdStudies, onEvaluated, onSaved }: DesignFormProps) {
  const { t } = useTranslation();
  const ids = useId();
  const [draft, setDraft] = useState<Draft>(initial);
  const [action, setAction] = useState<Action>("evaluate");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const keys = useMemo(() => controlKeys(draft), [draft]);
  const wizard = useMemo<Wizard>(() => {
    const serverErrors = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
    return {
      inputId: (key) => `${ids}-${key}`,
      errorOf: (key) => serverErrors.find((e) => controlOf(e.field, keys) === key),
    };
  }, [error, ids, keys]);
  const fieldLabel = (field: string) => {
    const key = controlOf(field, keys);
    return key ? controlLabel(t, key, draft.endpoint) : undefined;
  };
  const inputIdOf = (field: string) => wizard.inputId(controlOf(field, keys) ?? field);

  const set = <K extends keyof Draft>(name: K, value: Draft[K]) =>
    setDraft((prev) => ({ ...prev, [name]: value }));
  const setPrior = (arm: Arm) => (prior: PriorDraft) => setDraft((prev) => ({ ...prev, [arm]: prior }));

  async function submit(which: Action) {
    setAction(which);
    setSubmitting(true);
    setError(null);
    const body = toRequest(draft);
    try {
      if (which === "save") onSaved(await saveTrialDesign(body));
      else onEvaluated(body, await evaluateTrialDesign(body));
    } catch (err) {
      setError(err);
    } finally {
      setSubmitting(false);
    }
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit("evaluate");
  }

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="section-title">
        {t("trials.form.heading")}
      </h2>
      <p className="muted small">{t("trials.form.intro")}</p>

      {error !== null && (
        <FormErrors testId="design-errors" error={error} fieldLabel={fieldLabel} inputId={inputIdOf} />
      )}

      <WizardContext.Provider value={wizard}>
        <form
          className="form wizard"
          onSubmit={handleSubmit}
          noValidate
          aria-busy={submitting}
          data-testid="design-form"
        >
          <Step n={1} title={t("trials.steps.endpoint")} summary={<EndpointSummary draft={draft} />}>
            <TextField
              field="title"
              label={t("trials.endpoint.title")}
              required
              maxLength={200}
              className="span-all"
              value={draft.title}
              onChange={(value) => set("title", value)}
              testId="design-title"
            />
            <WizardField field="endpoint" label={t("trials.endpoint.endpoint")}>
              {(control) => (
                <select
                  {...control}
                  value={draft.endpoint}
                  onChange={(event) =>
                    setDraft((prev) => withEndpoint(prev, event.target.value as TrialEndpoint))
                  }
                  data-testid="design-endpoint"
                >
                  {ENDPOINTS.map((endpoint) => (
                    <option key={endpoint} value={endpoint}>
                      {t(`trials.endpoint.types.${endpoint}`)}
                    </option>
                  ))}
                </select>
              )}
            </WizardField>
            {draft.endpoint === "normal" && (
              <TextField
                field="sigma"
                label={t("trials.endpoint.sigma")}
                hint={t("trials.endpoint.sigmaHint")}
                required
                numeric
                value={draft.sigma}
                onChange={(value) => set("sigma", value)}
                testId="design-sigma"
              />
            )}
            <TextField
              field="treatment.n"
              label={t("trials.endpoint.n.treatment")}
              required
              numeric
              value={draft.nTreatment}
              onChange={(value) => set("nTreatment", value)}
              testId="design-n-treatment"
            />
            <TextField
              field="control.n"
              label={t("trials.endpoint.n.control")}
              required
              numeric
              value={draft.nControl}
              onChange={(value) => set("nControl", value)}
              testId="design-n-control"
            />
          </Step>

          <Step
            n={2}
            title={t("trials.steps.priors")}
            summary={<PriorsSummary draft={draft} rwdStudies={rwdStudies} />}
          >
            <p className="muted small span-all">{t("trials.prior.intro")}</p>
            <PriorFields
              arm="control"
              prior={draft.control}
              endpoint={draft.endpoint}
              choices={PRIOR_CHOICES}
              rwdStudies={rwdStudies}
              onChange={setPrior("control")}
              onLoadExample={() => setDraft(withAsExample)}
            />
            <PriorFields
              arm="treatment"
              prior={draft.treatment}
              endpoint={draft.endpoint}
              choices={TREATMENT_PRIOR_CHOICES}
              rwdStudies={rwdStudies}
              onChange={setPrior("treatment")}
            />
          </Step>

          <Step n={3} title={t("trials.steps.rule")} summary={<RuleSummary draft={draft} />}>
            <RuleFields draft={draft} onChange={(rule) => set("rule", rule)} />
          </Step>

          <Step n={4} title={t("trials.steps.scenarios")} summary={<ScenarioSummary draft={draft} />}>
            <ScenarioFields draft={draft} set={set} />
          </Step>

          <div className="form-actions">
            <button
              type="submit"
              className="button button-primary"
              disabled={submitting}
              data-testid="design-evaluate"
            >
              {submitting && action === "evaluate" ? t("trials.form.evaluating") : t("trials.form.evaluate")}
            </button>
            <button
              type="button"
              className="button"
              disabled={submitting}
              onClick={() => void submit("save")}
              data-testid="design-save"
            >
              {submitting && action === "save" ? t("form.saving") : t("trials.form.save")}
            </button>
            <span className="muted small">{t("trials.form.actionsHint")}</span>
          </div>
          {submitting && (
            <p className="status busy" role="status" data-testid="design-running">
              <span className="spinner" aria-hidden="true" />
              {t("trials.form.runningHint")}
            </p>
          )}
        </form>
      </WizardContext.Provider>
    </section>
  );
}

interface StepProps {
  n: number;
  title: string;
  summary: ReactNode;
  children: ReactNode;
}

/** One step of the wizard: a fieldset with a numbered legend and the step's summary line under it. */
function Step({ n, title, summary, children }: StepProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset wizard-step" data-testid={`design-step-${n}`}>
      <legend>
        <span className="step-number">{t("trials.steps.number", { n })}</span> {title}
      </legend>
      <div className="form-grid">{children}</div>
      <p className="step-summary" data-testid={`design-step-${n}-summary`}>
        <span className="visually-hidden">{t("trials.steps.summary")}: </span>
        {summary}
      </p>
    </fieldset>
  );
}

function RuleFields({ draft, onChange }: { draft: Draft; onChange: (rule: Draft["rule"]) => void }) {
  const { t } = useTranslation();
  const rows = draft.rule;
  const setRow = (index: number, patch: Partial<Draft["rule"][number]>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const fields = rows.flatMap((_, i) => [`rule.${i}.delta`, `rule.${i}.probability`]);

  return (
    <div className="span-all">
      <p className="muted small">{t("trials.rule.intro")}</p>
      <ol className="criteria" data-testid="design-criteria">
        {rows.map((row, i) => (
          <li key={row.key} className="criterion" data-testid="design-criterion">
            <span className="criterion-text">
              P(θ<sub>T</sub> − θ<sub>C</sub> &gt;
            </span>
            <CellInput
              field={`rule.${i}.delta`}
              label={controlLabel(t, `rule.${i}.delta`, draft.endpoint)}
              value={row.delta}
              onChange={(delta) => setRow(i, { delta })}
              testId="criterion-delta"
            />
            <span className="criterion-text">) &gt;</span>
            <CellInput
              field={`rule.${i}.probability`}
              label={controlLabel(t, `rule.${i}.probability`, draft.endpoint)}
              value={row.probability}
              onChange={(probability) => setRow(i, { probability })}
              testId="criterion-probability"
            />
            {i > 0 && (
              <button
                type="button"
                className="button button-small"
                onClick={() => onChange(rows.filter((_, k) => k !== i))}
                data-testid="criterion-remove"
              >
                {t("trials.rule.remove")}
              </button>
            )}
          </li>
        ))}
      </ol>
      <CellErrors fields={fields} labelOf={(field) => controlLabel(t, field, draft.endpoint)} />
      {rows.length < MAX_CRITERIA && (
        <div className="form-actions">
          <button
            type="button"
            className="button button-small"
            onClick={() => onChange([...rows, newCriterion("0.5", defaultDelta(draft.endpoint))])}
            data-testid="criterion-add"
          >
            {t("trials.rule.add")}
          </button>
          <span className="muted small">{t("trials.rule.addHint")}</span>
        </div>
      )}
    </div>
  );
}

interface ScenarioFieldsProps {
  draft: Draft;
  set: <K extends keyof Draft>(name: K, value: Draft[K]) => void;
}

function ScenarioFields({ draft, set }: ScenarioFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <fieldset className="fieldset span-all">
        <legend>{t(`trials.scenarios.controlLegend.${draft.endpoint}`)}</legend>
        <div className="form-grid form-grid-4">
          <TextField
            field="scenarios.control"
            label={t("trials.scenarios.from")}
            numeric
            value={draft.gridFrom}
            onChange={(value) => set("gridFrom", value)}
            testId="grid-from"
          />
          <GridInput
            label={t("trials.scenarios.to")}
            value={draft.gridTo}
            onChange={(v) => set("gridTo", v)}
            testId="grid-to"
          />
          <GridInput
            label={t("trials.scenarios.points")}
            value={draft.gridPoints}
            onChange={(v) => set("gridPoints", v)}
            testId="grid-points"
          />
        </div>
        <p className="field-hint">{t("trials.scenarios.gridHint")}</p>
      </fieldset>
      <TextField
        field="scenarios.effects"
        label={t("trials.scenarios.effects")}
        hint={t("trials.scenarios.effectsHint")}
        className="span-all"
        value={draft.effects}
        onChange={(value) => set("effects", value)}
        testId="design-effects"
      />
    </>
  );
}

/** "To" and "points" of the control grid: their errors come back on the grid (`scenarios.control`). */
function GridInput({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// One-line summaries of the steps

function EndpointSummary({ draft }: { draft: Draft }) {
  const { t } = useTranslation();
  const parts = [
    t(`trials.endpoint.types.${draft.endpoint}`),
    t("trials.summary.sizes", { treatment: draft.nTreatment || "?", control: draft.nControl || "?" }),
  ];
  if (draft.endpoint === "normal") parts.push(t("trials.summary.sigma", { sigma: draft.sigma || "?" }));
  return <>{parts.join(" · ")}</>;
}

function PriorsSummary({ draft, rwdStudies }: { draft: Draft; rwdStudies: RwdStudy[] | null }) {
  const { t } = useTranslation();
  const describe = (prior: PriorDraft): string => {
    switch (prior.type) {
      case "weakly-informative":
        return t("trials.summary.prior.weak");
      case "mixture":
        return t("trials.summary.prior.mixture", { n: prior.components.length });
      case "map":
        return t("trials.summary.prior.map", {
          n: prior.studies.filter((s) => s.a.trim() !== "" || s.b.trim() !== "").length,
          weight: prior.robustWeight || "?",
        });
      case "external": {
        const method =
          prior.method === "power-prior"
            ? t("trials.summary.method.powerPrior", { a0: prior.a0 || "?" })
            : t("trials.summary.method.robustMixture", { weight: prior.weight || "?" });
        if (rwdStudies && prior.externalSource === "rwd") {
          const study = rwdStudies.find((s) => s.id === prior.rwdStudyId);
          return t("trials.summary.prior.externalRwd", {
            study: study?.request.name ?? "?",
            arm: t(`trials.external.arms.${prior.rwdArm}`),
            method,
          });
        }
        return t("trials.summary.prior.externalManual", { method });
      }
    }
  };
  return (
    <>
      {t("trials.summary.priors", { control: describe(draft.control), treatment: describe(draft.treatment) })}
    </>
  );
}

function RuleSummary({ draft }: { draft: Draft }) {
  const { t } = useTranslation();
  const criteria = draft.rule.map((c) =>
    t("trials.summary.criterion", { delta: c.delta || "0", probability: c.probability || "?" }),
  );
  return <>{criteria.join(t("trials.summary.and"))}</>;
}

function ScenarioSummary({ draft }: { draft: Draft }) {
  const { t } = useTranslation();
  const grid = gridValues(draft.gridFrom, draft.gridTo, draft.gridPoints);
  const effects = effectValues(draft.effects);
  return (
    <>
      {grid.length < 2
        ? t("trials.summary.noGrid")
        : t("trials.summary.grid", {
            n: grid.length,
            from: grid[0],
            to: grid[grid.length - 1],
          })}
      {" · "}
      {t("trials.summary.effects", { effects: effects.join(", ") })}
    </>
  );
}
