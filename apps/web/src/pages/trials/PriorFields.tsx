import { useTranslation } from "react-i18next";
import type { RwdStudy, TauDistribution, TrialEndpoint } from "../../api.ts";
import { Empty } from "../../components/Status.tsx";
import { formatCount } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { hrefs } from "../../router.ts";
import {
  type Arm,
  DATA_COLUMNS,
  EXTERNAL_METHODS,
  type ExternalMethod,
  type ExternalSource,
  MIXTURE_COLUMNS,
  type MixtureRow,
  newMixtureRow,
  newStudyRow,
  type PriorChoice,
  type PriorDraft,
  RWD_ARMS,
  STUDY_COLUMNS,
  type StudyRow,
  TAU_DISTRIBUTIONS,
} from "./draft.ts";
import { CellErrors, CellInput, TextField, useWizard, WizardField } from "./fields.tsx";
import { controlLabel } from "./labels.ts";

const MAX_ROWS = { studies: 100, components: 10 };

interface PriorFieldsProps {
  arm: Arm;
  prior: PriorDraft;
  endpoint: TrialEndpoint;
  choices: readonly PriorChoice[];
  /** the RWD studies the user may borrow external controls from; null when RWD is not open to them */
  rwdStudies: RwdStudy[] | null;
  onChange: (prior: PriorDraft) => void;
  /** the control arm offers the ankylosing-spondylitis MAP example */
  onLoadExample?: () => void;
}

/** One arm's prior: where it comes from, and that source's inputs. */
export function PriorFields({
  arm,
  prior,
  endpoint,
  choices,
  rwdStudies,
  onChange,
  onLoadExample,
}: PriorFieldsProps) {
  const { t } = useTranslation();
  const base = `${arm}.prior`;
  const set = <K extends keyof PriorDraft>(name: K, value: PriorDraft[K]) =>
    onChange({ ...prior, [name]: value });
  // a design started from a saved one keeps its source even where this arm does not offer it
  const options = choices.includes(prior.type) ? choices : [...choices, prior.type];

  return (
    <fieldset className="fieldset prior-fields span-all" data-testid={`prior-${arm}`}>
      <legend>{t(`trials.prior.${arm}`)}</legend>
      <WizardField field={base} label={t("trials.prior.source")} hint={t(`trials.prior.hints.${prior.type}`)}>
        {(control) => (
          <select
            {...control}
            value={prior.type}
            onChange={(event) => set("type", event.target.value as PriorChoice)}
            data-testid={`prior-${arm}-type`}
          >
            {options.map((choice) => (
              <option key={choice} value={choice}>
                {t(`trials.prior.types.${choice}`)}
              </option>
            ))}
          </select>
        )}
      </WizardField>

      {prior.type === "weakly-informative" && endpoint !== "binary" && (
        <TextField
          field={`${base}.mean`}
          label={t("trials.prior.mean")}
          hint={t("trials.prior.meanHint")}
          numeric
          value={prior.mean}
          onChange={(value) => set("mean", value)}
          testId={`prior-${arm}-mean`}
        />
      )}
      {prior.type === "map" && (
        <MapFields arm={arm} prior={prior} endpoint={endpoint} set={set} onLoadExample={onLoadExample} />
      )}
      {prior.type === "external" && (
        <ExternalFields arm={arm} prior={prior} endpoint={endpoint} set={set} rwdStudies={rwdStudies} />
      )}
      {prior.type === "mixture" && (
        <MixtureFields
          arm={arm}
          rows={prior.components}
          endpoint={endpoint}
          onChange={(rows) => set("components", rows)}
        />
      )}
    </fieldset>
  );
}

type Setter = <K extends keyof PriorDraft>(name: K, value: PriorDraft[K]) => void;

interface MapFieldsProps {
  arm: Arm;
  prior: PriorDraft;
  endpoint: TrialEndpoint;
  set: Setter;
  onLoadExample?: () => void;
}

/** Historical trials (an editable table), the prior of τ and the robust weight. */
function MapFields({ arm, prior, endpoint, set, onLoadExample }: MapFieldsProps) {
  const { t } = useTranslation();
  const { inputId } = useWizard();
  const base = `${arm}.prior`;
  const columns = STUDY_COLUMNS[endpoint];
  const rows = prior.studies;
  const setRow = (index: number, patch: Partial<StudyRow>) =>
    set(
      "studies",
      rows.map((row, i) => (i === index ? { ...row, ...patch } : row)),
    );
  const cellFields = rows.flatMap((_, i) => [
    ...columns.map((c) => `${base}.studies.${i}.${c}`),
    `${base}.studies.${i}.study`,
  ]);

  return (
    <div className="prior-source">
      <div className="table-head">
        <h4 className="small-title" id={`${inputId(`${base}.studies`)}-title`}>
          {t("trials.map.studies")}
        </h4>
        {onLoadExample && (
          <button
            type="button"
            className="button button-small"
            onClick={onLoadExample}
            data-testid={`prior-${arm}-as-example`}
          >
            {t("trials.map.loadExample")}
          </button>
        )}
      </div>
      <p className="muted small">{t(`trials.map.studiesHint.${endpoint}`)}</p>
      <div className="table-wrap">
        <table
          className="table editable-table"
          id={inputId(`${base}.studies`)}
          tabIndex={-1}
          aria-labelledby={`${inputId(`${base}.studies`)}-title`}
          data-testid={`prior-${arm}-studies`}
        >
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">{t("trials.columns.study")}</th>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {t(`trials.columns.${c}`)}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">{t("trials.form.remove")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const label = (c: string) =>
                `${t("trials.map.study", { n: i + 1 })} › ${t(`trials.columns.${c}`)}`;
              return (
                <tr key={row.key} data-testid="study-row">
                  <td className="num">{i + 1}</td>
                  <td>
                    <CellInput
                      field={`${base}.studies.${i}.study`}
                      label={label("study")}
                      numeric={false}
                      value={row.study}
                      onChange={(study) => setRow(i, { study })}
                    />
                  </td>
                  {columns.map((c, j) => (
                    <td key={c}>
                      <CellInput
                        field={`${base}.studies.${i}.${c}`}
                        label={label(c)}
                        value={j === 0 ? row.a : row.b}
                        onChange={(value) => setRow(i, j === 0 ? { a: value } : { b: value })}
                        testId={`study-${c}`}
                      />
                    </td>
                  ))}
                  <td>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={rows.length <= 1}
                      onClick={() =>
                        set(
                          "studies",
                          rows.filter((_, k) => k !== i),
                        )
                      }
                      aria-label={t("trials.map.removeStudy", { n: i + 1 })}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <CellErrors
        fields={[`${base}.studies`, ...cellFields]}
        labelOf={(field) => controlLabel(t, field, endpoint)}
      />
      <div className="form-actions">
        <button
          type="button"
          className="button button-small"
          disabled={rows.length >= MAX_ROWS.studies}
          onClick={() => set("studies", [...rows, newStudyRow()])}
          data-testid={`prior-${arm}-add-study`}
        >
          {t("trials.map.addStudy")}
        </button>
      </div>

      <div className="form-grid form-grid-4">
        <WizardField field={`${base}.tauPrior.distribution`} label={t("trials.map.tauDistribution")}>
          {(control) => (
            <select
              {...control}
              value={prior.tauDistribution}
              onChange={(event) => set("tauDistribution", event.target.value as TauDistribution)}
              data-testid={`prior-${arm}-tau-distribution`}
            >
              {TAU_DISTRIBUTIONS.map((d) => (
                <option key={d} value={d}>
                  {t(`trials.map.tauDistributions.${d}`)}
                </option>
              ))}
            </select>
          )}
        </WizardField>
        <TextField
          field={`${base}.tauPrior.scale`}
          label={t("trials.map.tauScale")}
          hint={t(`trials.map.tauScaleHint.${endpoint}`)}
          numeric
          value={prior.tauScale}
          onChange={(value) => set("tauScale", value)}
          testId={`prior-${arm}-tau-scale`}
        />
        <TextField
          field={`${base}.robustWeight`}
          label={t("trials.map.robustWeight")}
          hint={t("trials.map.robustWeightHint")}
          numeric
          value={prior.robustWeight}
          onChange={(value) => set("robustWeight", value)}
          testId={`prior-${arm}-robust-weight`}
        />
      </div>
    </div>
  );
}

interface ExternalFieldsProps {
  arm: Arm;
  prior: PriorDraft;
  endpoint: TrialEndpoint;
  set: Setter;
  rwdStudies: RwdStudy[] | null;
}

/** External controls: a real-world-data study's arm (the server reads its counts) or a summary typed in. */
function ExternalFields({ arm, prior, endpoint, set, rwdStudies }: ExternalFieldsProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const base = `${arm}.prior`;
  const sources: ExternalSource[] = rwdStudies ? ["rwd", "manual"] : ["manual"];
  const source: ExternalSource = rwdStudies ? prior.externalSource : "manual";
  const chosen = rwdStudies?.find((s) => s.id === prior.rwdStudyId);
  const [colA, colB] = DATA_COLUMNS[endpoint];

  return (
    <div className="prior-source form-grid">
      <div className="field span-all" role="radiogroup" aria-label={t("trials.external.from")}>
        <span className="field-label">{t("trials.external.from")}</span>
        <div className="radio-row">
          {sources.map((s) => (
            <label key={s} className="radio">
              <input
                type="radio"
                name={`${arm}-external-source`}
                value={s}
                checked={source === s}
                onChange={() => set("externalSource", s)}
                data-testid={`prior-${arm}-external-${s}`}
              />
              {t(`trials.external.sources.${s}`)}
            </label>
          ))}
        </div>
        {!rwdStudies && <p className="field-hint">{t("trials.external.noRwdAccess")}</p>}
      </div>

      {source === "rwd" && rwdStudies && rwdStudies.length === 0 && (
        <div className="span-all">
          <Empty testId={`prior-${arm}-no-rwd-studies`}>
            {t("trials.external.noStudies")} <a href={hrefs.rwd()}>{t("trials.external.openRwd")}</a>
          </Empty>
        </div>
      )}
      {source === "rwd" && rwdStudies && rwdStudies.length > 0 && (
        <>
          <WizardField
            field={`${base}.rwdStudyId`}
            label={t("trials.external.study")}
            required
            className="span-all"
          >
            {(control) => (
              <select
                {...control}
                value={prior.rwdStudyId}
                onChange={(event) => set("rwdStudyId", event.target.value)}
                data-testid={`prior-${arm}-rwd-study`}
              >
                <option value="">{t("form.choose")}</option>
                {rwdStudies.map((study) => (
                  <option key={study.id} value={study.id}>
                    {t("trials.external.studyOption", {
                      name: study.request.name,
                      source: study.sourceName,
                      snapshot: study.snapshotId.slice(0, 12),
                      subjects: formatCount(study.result.arms.comparator.subjects, lang),
                      events: formatCount(study.result.arms.comparator.events, lang),
                    })}
                  </option>
                ))}
              </select>
            )}
          </WizardField>
          <WizardField field={`${base}.rwdArm`} label={t("trials.external.arm")}>
            {(control) => (
              <select
                {...control}
                value={prior.rwdArm}
                onChange={(event) => set("rwdArm", event.target.value as PriorDraft["rwdArm"])}
                data-testid={`prior-${arm}-rwd-arm`}
              >
                {RWD_ARMS.map((a) => (
                  <option key={a} value={a}>
                    {t(`trials.external.arms.${a}`)}
                  </option>
                ))}
              </select>
            )}
          </WizardField>
          {chosen && <RwdStudyArms study={chosen} />}
        </>
      )}
      {source === "manual" && (
        <>
          <TextField
            field={`${base}.data.${colA}`}
            label={t(`trials.columns.${colA}`)}
            required
            numeric
            value={prior.dataA}
            onChange={(value) => set("dataA", value)}
            testId={`prior-${arm}-data-${colA}`}
          />
          <TextField
            field={`${base}.data.${colB}`}
            label={t(`trials.columns.${colB}`)}
            required
            numeric
            value={prior.dataB}
            onChange={(value) => set("dataB", value)}
            testId={`prior-${arm}-data-${colB}`}
          />
        </>
      )}

      <WizardField field={`${base}.method`} label={t("trials.external.method")}>
        {(control) => (
          <select
            {...control}
            value={prior.method}
            onChange={(event) => set("method", event.target.value as ExternalMethod)}
            data-testid={`prior-${arm}-method`}
          >
            {EXTERNAL_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`trials.external.methods.${m}`)}
              </option>
            ))}
          </select>
        )}
      </WizardField>
      {prior.method === "power-prior" ? (
        <TextField
          field={`${base}.method.a0`}
          label={t("trials.external.a0")}
          hint={t("trials.external.a0Hint")}
          required
          numeric
          value={prior.a0}
          onChange={(value) => set("a0", value)}
          testId={`prior-${arm}-a0`}
        />
      ) : (
        <TextField
          field={`${base}.method.weight`}
          label={t("trials.external.weight")}
          hint={t("trials.external.weightHint")}
          required
          numeric
          value={prior.weight}
          onChange={(value) => set("weight", value)}
          testId={`prior-${arm}-weight`}
        />
      )}
      <TextField
        field={`${base}.description`}
        label={t("trials.external.description")}
        className="span-all"
        maxLength={500}
        value={prior.description}
        onChange={(value) => set("description", value)}
        testId={`prior-${arm}-description`}
      />
    </div>
  );
}

/** The released counts of the chosen RWD study's arms, as the server will read them. */
function RwdStudyArms({ study }: { study: RwdStudy }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const arms = [
    ["target", study.result.arms.target],
    ["comparator", study.result.arms.comparator],
  ] as const;
  return (
    <div className="span-all">
      <p className="muted small">
        {t("trials.external.studyMeta", { source: study.sourceName, snapshot: study.snapshotId })}
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="rwd-study-arms">
          <thead>
            <tr>
              <th scope="col">{t("trials.external.arm")}</th>
              <th scope="col" className="num">
                {t("rwd.result.subjects")}
              </th>
              <th scope="col" className="num">
                {t("rwd.result.events")}
              </th>
            </tr>
          </thead>
          <tbody>
            {arms.map(([key, a]) => (
              <tr key={key}>
                <th scope="row">{t(`trials.external.arms.${key}`)}</th>
                <td className="num">{formatCount(a.subjects, lang)}</td>
                <td className="num">{formatCount(a.events, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

interface MixtureFieldsProps {
  arm: Arm;
  rows: MixtureRow[];
  endpoint: TrialEndpoint;
  onChange: (rows: MixtureRow[]) => void;
}

/** A mixture given outright: rows of [weight, a, b] or [weight, mean, sd]. */
function MixtureFields({ arm, rows, endpoint, onChange }: MixtureFieldsProps) {
  const { t } = useTranslation();
  const { inputId } = useWizard();
  const base = `${arm}.prior.components`;
  const columns = MIXTURE_COLUMNS[endpoint];
  const keys = ["w", "a", "b"] as const;
  const setCell = (index: number, j: number, value: string) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, [keys[j] ?? "w"]: value } : row)));

  return (
    <div className="prior-source">
      <h4 className="small-title" id={`${inputId(base)}-title`}>
        {t("trials.prior.components")}
      </h4>
      <p className="muted small">{t(`trials.prior.componentsHint.${endpoint}`)}</p>
      <div className="table-wrap">
        <table
          className="table editable-table"
          id={inputId(base)}
          tabIndex={-1}
          aria-labelledby={`${inputId(base)}-title`}
          data-testid={`prior-${arm}-components`}
        >
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {t(`trials.columns.${c}`)}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">{t("trials.form.remove")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.key}>
                <td className="num">{i + 1}</td>
                {columns.map((c, j) => (
                  <td key={c}>
                    <CellInput
                      field={`${base}.${i}.${j}`}
                      label={`${t("trials.prior.component", { n: i + 1 })} › ${t(`trials.columns.${c}`)}`}
                      value={row[keys[j] ?? "w"]}
                      onChange={(value) => setCell(i, j, value)}
                    />
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={rows.length <= 1}
                    onClick={() => onChange(rows.filter((_, k) => k !== i))}
                    aria-label={t("trials.prior.removeComponent", { n: i + 1 })}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CellErrors
        fields={[base, ...rows.flatMap((_, i) => [0, 1, 2].map((j) => `${base}.${i}.${j}`))]}
        labelOf={(field) => controlLabel(t, field, endpoint)}
      />
      <div className="form-actions">
        <button
          type="button"
          className="button button-small"
          disabled={rows.length >= MAX_ROWS.components}
          onClick={() => onChange([...rows, newMixtureRow(endpoint)])}
        >
          {t("trials.prior.addComponent")}
        </button>
      </div>
    </div>
  );
}
