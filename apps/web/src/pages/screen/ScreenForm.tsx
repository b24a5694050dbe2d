import { type FormEvent, type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  ApiError,
  type CompoundLibrary,
  createScreenRun,
  type FieldError,
  type TargetStructure,
} from "../../api.ts";
import { type ControlProps, FormErrors, FormField } from "../../components/FormField.tsx";
import { Empty, FieldErrorText } from "../../components/Status.tsx";
import { formatNumber } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { hrefs, navigate } from "../../router.ts";
import { useSubmit } from "../../useSubmit.ts";
import {
  type Control,
  controlOf,
  type Draft,
  FUSIONS,
  type Fusion,
  initialDraft,
  queryLineOf,
  queryLines,
  RANGE_PROPERTIES,
  type RangeProperty,
  toRequest,
  watchList,
  withMproExample,
  withTarget,
} from "./draft.ts";

interface ScreenFormProps {
  libraries: CompoundLibrary[];
  targets: TargetStructure[];
}

/**
 * A new screen: the library, the compounds to follow, the drug-likeness filters, the known actives of the
 * similarity stage and, optionally, docking into a target structure. The server queues it; the run's page
 * follows its progress.
 */
export function ScreenForm({ libraries, targets }: ScreenFormProps) {
  const { t } = useTranslation();
  const ids = useId();
  const lang = currentLanguage();
  const [draft, setDraft] = useState<Draft>(() => initialDraft(libraries, targets));
  const { submitting, error, run } = useSubmit();

  const inputId = (control: string) => `${ids}-${control}`;
  const set = <K extends keyof Draft>(name: K, value: Draft[K]) =>
    setDraft((prev) => ({ ...prev, [name]: value }));
  const serverErrors = error instanceof ApiError ? (error.problem?.errors ?? []) : [];

  const label = (control: Control): string => t(`screen.form.fields.${control}`);
  const fieldLabel = (field: string) => {
    const control = controlOf(field);
    if (!control) return undefined;
    const line = queryLineOf(field, draft);
    return line === undefined ? label(control) : t("screen.form.queryLine", { line });
  };
  const inputIdOf = (field: string) => inputId(controlOf(field) ?? field);
  /** The first error the server reported for a control, shown under it. */
  const errorOf = (control: Control): FieldError | undefined => {
    const found = serverErrors.find((e) => controlOf(e.field) === control);
    if (!found) return undefined;
    const line = queryLineOf(found.field, draft);
    return line === undefined
      ? found
      : { ...found, message: `${t("screen.form.queryLine", { line })}: ${found.message}` };
  };

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const created = await run(() => createScreenRun(toRequest(draft)));
    if (created) navigate(hrefs.screenRun(created.id));
  }

  const target = targets.find((x) => x.id === draft.target);
  const queries = queryLines(draft.queries).length;
  const watched = watchList(draft.watch).length;

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="section-title">
        {t("screen.form.title")}
      </h2>
      <p className="muted small">{t("screen.form.intro")}</p>
      <div className="form-actions">
        <button
          type="button"
          className="button button-small"
          onClick={() => setDraft((prev) => withMproExample(prev, libraries, targets))}
          data-testid="screen-load-example"
        >
          {t("screen.form.loadExample")}
        </button>
        <span className="muted small">{t("screen.form.exampleHint")}</span>
      </div>

      {error !== null && (
        <FormErrors testId="screen-errors" error={error} fieldLabel={fieldLabel} inputId={inputIdOf} />
      )}

      <form
        className="form"
        onSubmit={handleSubmit}
        noValidate
        aria-busy={submitting}
        data-testid="screen-form"
      >
        <fieldset className="fieldset form-grid">
          <legend>{t("screen.form.general")}</legend>
          <Field control="name" required className="span-all" {...{ inputId, label, errorOf }}>
            {(props) => (
              <input
                {...props}
                value={draft.name}
                maxLength={200}
                required
                autoComplete="off"
                onChange={(event) => set("name", event.target.value)}
                data-testid="screen-name"
              />
            )}
          </Field>
          {libraries.length === 0 ? (
            <Empty testId="screen-no-libraries">
              {t("screen.form.noLibraries")}{" "}
              <a href={hrefs.screen("catalogue")}>{t("screen.form.toCatalogue")}</a>
            </Empty>
          ) : (
            <Field
              control="library"
              required
              className="span-all"
              hint={t("screen.form.libraryHint")}
              {...{ inputId, label, errorOf }}
            >
              {(props) => (
                <select
                  {...props}
                  value={draft.library}
                  onChange={(event) => set("library", event.target.value)}
                  data-testid="screen-library"
                >
                  {libraries.map((library) => (
                    <option key={library.id} value={library.id}>
                      {t(
                        library.organisationId === null
                          ? "screen.form.libraryShared"
                          : "screen.form.libraryOwn",
                        {
                          name: library.name,
                          n: formatNumber(library.molecules, lang),
                        },
                      )}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field
            control="watch"
            className="span-all"
            hint={t("screen.form.watchHint", { n: watched })}
            {...{ inputId, label, errorOf }}
          >
            {(props) => (
              <textarea
                {...props}
                rows={2}
                spellCheck={false}
                value={draft.watch}
                onChange={(event) => set("watch", event.target.value)}
                data-testid="screen-watch"
              />
            )}
          </Field>
        </fieldset>

        <fieldset className="fieldset form-grid">
          <legend>{t("screen.form.filters")}</legend>
          <p className="muted small span-all">{t("screen.form.filtersIntro")}</p>
          <Checkbox
            id={inputId("filters.lipinski")}
            checked={draft.lipinski}
            onChange={(v) => set("lipinski", v)}
            label={label("filters.lipinski")}
            error={errorOf("filters.lipinski")}
            testId="screen-lipinski"
          />
          <Checkbox
            id={inputId("filters.veber")}
            checked={draft.veber}
            onChange={(v) => set("veber", v)}
            label={label("filters.veber")}
            error={errorOf("filters.veber")}
            testId="screen-veber"
          />
          <Checkbox
            id={inputId("filters.excludeAlerts")}
            checked={draft.excludeAlerts}
            onChange={(v) => set("excludeAlerts", v)}
            label={label("filters.excludeAlerts")}
            error={errorOf("filters.excludeAlerts")}
            testId="screen-exclude-alerts"
          />
          <div className="span-all range-grid">
            {RANGE_PROPERTIES.map((property) => (
              <RangeFields
                key={property}
                property={property}
                value={draft.ranges[property]}
                onChange={(range) => set("ranges", { ...draft.ranges, [property]: range })}
                id={inputId(`filters.properties.${property}`)}
                error={errorOf(`filters.properties.${property}`)}
              />
            ))}
          </div>
        </fieldset>

        <fieldset className="fieldset form-grid">
          <legend>{t("screen.form.similarity")}</legend>
          <div className="field field-checkbox span-all">
            <input
              id={inputId("useSimilarity")}
              type="checkbox"
              checked={draft.useSimilarity}
              onChange={(event) => set("useSimilarity", event.target.checked)}
              data-testid="screen-use-similarity"
            />
            <label htmlFor={inputId("useSimilarity")}>{t("screen.form.useSimilarity")}</label>
          </div>
          {draft.useSimilarity && (
            <>
              <Field
                control="similarity.queries"
                required
                className="span-all"
                hint={t("screen.form.queriesHint", { n: queries })}
                {...{ inputId, label, errorOf }}
              >
                {(props) => (
                  <textarea
                    {...props}
                    className="code-input"
                    rows={6}
                    wrap="off"
                    spellCheck={false}
                    autoCapitalize="off"
                    autoComplete="off"
                    value={draft.queries}
                    onChange={(event) => set("queries", event.target.value)}
                    data-testid="screen-queries"
                  />
                )}
              </Field>
              <Field control="similarity.fusion" {...{ inputId, label, errorOf }}>
                {(props) => (
                  <select
                    {...props}
                    value={draft.fusion}
                    onChange={(event) => set("fusion", event.target.value as Fusion)}
                    data-testid="screen-fusion"
                  >
                    {FUSIONS.map((fusion) => (
                      <option key={fusion} value={fusion}>
                        {t(`screen.form.fusions.${fusion}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <NumberField
                control="similarity.topK"
                value={draft.topK}
                onChange={(v) => set("topK", v)}
                hint={t("screen.form.topKHint")}
                testId="screen-topk"
                {...{ inputId, label, errorOf }}
              />
              <NumberField
                control="similarity.threshold"
                value={draft.threshold}
                onChange={(v) => set("threshold", v)}
                hint={t("screen.form.thresholdHint")}
                testId="screen-threshold"
                {...{ inputId, label, errorOf }}
              />
            </>
          )}
        </fieldset>

        <fieldset className="fieldset form-grid">
          <legend>{t("screen.form.docking")}</legend>
          <div className="field field-checkbox span-all">
            <input
              id={inputId("useDocking")}
              type="checkbox"
              checked={draft.useDocking}
              disabled={targets.length === 0}
              onChange={(event) => set("useDocking", event.target.checked)}
              data-testid="screen-use-docking"
            />
            <label htmlFor={inputId("useDocking")}>{t("screen.form.useDocking")}</label>
          </div>
          {targets.length === 0 && (
            <p className="muted small span-all" data-testid="screen-no-targets">
              {t("screen.form.noTargets")}{" "}
              <a href={hrefs.screen("catalogue")}>{t("screen.form.toCatalogue")}</a>
            </p>
          )}
          {draft.useDocking && targets.length > 0 && (
            <>
              <Field control="docking.receptor" required {...{ inputId, label, errorOf }}>
                {(props) => (
                  <select
                    {...props}
                    value={draft.target}
                    onChange={(event) => setDraft((prev) => withTarget(prev, targets, event.target.value))}
                    data-testid="screen-target"
                  >
                    {targets.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.organisationId === null ? t("screen.form.targetShared", { name: x.name }) : x.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field control="docking.chain" {...{ inputId, label, errorOf }}>
                {(props) => (
                  <select
                    {...props}
                    value={draft.chain}
                    onChange={(event) => set("chain", event.target.value)}
                    data-testid="screen-chain"
                  >
                    <option value="">{t("screen.form.allChains")}</option>
                    {(target?.chains ?? []).map((chain) => (
                      <option key={chain} value={chain}>
                        {chain}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                control="docking.box"
                hint={
                  target?.defaultLigand
                    ? t("screen.form.boxHintDefault", { ligand: target.defaultLigand.join(", ") })
                    : t("screen.form.boxHintNone")
                }
                {...{ inputId, label, errorOf }}
              >
                {(props) => (
                  <input
                    {...props}
                    list={`${ids}-hetero`}
                    autoComplete="off"
                    spellCheck={false}
                    placeholder={target?.defaultLigand?.join(", ") ?? ""}
                    value={draft.boxLigand}
                    onChange={(event) => set("boxLigand", event.target.value)}
                    data-testid="screen-box"
                  />
                )}
              </Field>
              <datalist id={`${ids}-hetero`}>
                {(target?.heteroGroups ?? []).map((group) => (
                  <option key={group} value={group} />
                ))}
              </datalist>
              <NumberField
                control="docking.topN"
                value={draft.topN}
                onChange={(v) => set("topN", v)}
                hint={t("screen.form.topNHint")}
                testId="screen-topn"
                {...{ inputId, label, errorOf }}
              />
              <NumberField
                control="docking.exhaustiveness"
                value={draft.exhaustiveness}
                onChange={(v) => set("exhaustiveness", v)}
                hint={t("screen.form.exhaustivenessHint")}
                testId="screen-exhaustiveness"
                {...{ inputId, label, errorOf }}
              />
              <NumberField
                control="docking.seed"
                value={draft.seed}
                onChange={(v) => set("seed", v)}
                testId="screen-seed"
                {...{ inputId, label, errorOf }}
              />
              <NumberField
                control="docking.scoreThreshold"
                value={draft.scoreThreshold}
                onChange={(v) => set("scoreThreshold", v)}
                hint={t("screen.form.scoreThresholdHint")}
                testId="screen-score-threshold"
                {...{ inputId, label, errorOf }}
              />
              <Checkbox
                id={inputId("docking.dockWatched")}
                checked={draft.dockWatched}
                onChange={(v) => set("dockWatched", v)}
                label={label("docking.dockWatched")}
                error={errorOf("docking.dockWatched")}
                testId="screen-dock-watched"
              />
            </>
          )}
        </fieldset>

        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting || libraries.length === 0}
            data-testid="screen-submit"
          >
            {submitting ? t("screen.form.submitting") : t("screen.form.submit")}
          </button>
          <span className="muted small">{t("screen.form.submitHint")}</span>
        </div>
      </form>
    </section>
  );
}

interface FieldProps {
  control: Control;
  inputId: (control: string) => string;
  label: (control: Control) => string;
  errorOf: (control: Control) => FieldError | undefined;
  hint?: string;
  required?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled control tied to an API field path, with the server's error for it. */
function Field({ control, inputId, label, errorOf, hint, required, className, children }: FieldProps) {
  return (
    <FormField
      id={inputId(control)}
      label={label(control)}
      hint={hint}
      required={required}
      error={errorOf(control)}
      className={className}
    >
      {children}
    </FormField>
  );
}

function NumberField({
  value,
  onChange,
  testId,
  ...field
}: Omit<FieldProps, "children"> & { value: string; onChange: (value: string) => void; testId: string }) {
  return (
    <Field {...field}>
      {(props) => (
        <input
          {...props}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          data-testid={testId}
        />
      )}
    </Field>
  );
}

interface CheckboxProps {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  error: FieldError | undefined;
  testId: string;
}

function Checkbox({ id, checked, onChange, label, error, testId }: CheckboxProps) {
  return (
    <div className="field field-checkbox span-all">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.checked)}
        data-testid={testId}
      />
      <label htmlFor={id}>{label}</label>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <FieldErrorText error={error} />
        </p>
      )}
    </div>
  );
}

interface RangeFieldsProps {
  property: RangeProperty;
  value: { min: string; max: string };
  onChange: (value: { min: string; max: string }) => void;
  /** the element id of the minimum (the maximum's is `${id}-max`) */
  id: string;
  error: FieldError | undefined;
}

/** A property range: minimum and maximum, either left empty for no bound. */
function RangeFields({ property, value, onChange, id, error }: RangeFieldsProps) {
  const { t } = useTranslation();
  const name = t(`screen.form.properties.${property}`);
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset className="range" data-testid={`screen-range-${property}`}>
      <legend>{name}</legend>
      <div className="range-inputs">
        <input
          id={id}
          className="range-input"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          aria-label={t("screen.form.rangeMin", { name })}
          aria-invalid={error ? true : undefined}
          aria-describedby={errorId}
          placeholder={t("screen.form.min")}
          value={value.min}
          onChange={(event) => onChange({ ...value, min: event.target.value })}
          data-testid={`screen-${property}-min`}
        />
        <span aria-hidden="true">–</span>
        <input
          id={`${id}-max`}
          className="range-input"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          aria-label={t("screen.form.rangeMax", { name })}
          aria-invalid={error ? true : undefined}
          aria-describedby={errorId}
          placeholder={t("screen.form.max")}
          value={value.max}
          onChange={(event) => onChange({ ...value, max: event.target.value })}
          data-testid={`screen-${property}-max`}
        />
      </div>
      {error && (
        <p className="field-error" id={errorId}>
          <FieldErrorText error={error} />
        </p>
      )}
    </fieldset>
  );
}
