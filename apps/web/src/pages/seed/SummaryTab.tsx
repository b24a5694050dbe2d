import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { changeStage, listOutcomes, type Outcome, type SeedView } from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import { Badge } from "../../components/Badge.tsx";
import { EnumSelect } from "../../components/EnumSelect.tsx";
import { Empty, ErrorAlert } from "../../components/Status.tsx";
import { enumLabel, organisationName, pick } from "../../display.ts";
import { formatDate, formatJpy, todayIso } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useAsync } from "../../useAsync.ts";

interface SummaryTabProps {
  view: SeedView;
  onSeedChanged: () => void;
}

export function SummaryTab({ view, onSeedChanged }: SummaryTabProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { seed } = view;

  return (
    <div className="stack">
      <section aria-labelledby="summary-public">
        <h2 id="summary-public" className="section-title">
          {t("seed.summary.public")}
        </h2>
        <p className="prose" data-testid="public-summary">
          {pick(seed.publicSummaryJa, seed.publicSummaryEn, lang)}
        </p>
      </section>

      <dl className="facts" data-testid="seed-facts">
        <div>
          <dt>{t("seed.fields.organisation")}</dt>
          <dd>{organisationName(seed.organisation, lang)}</dd>
        </div>
        <div>
          <dt>{t("seed.fields.target")}</dt>
          <dd data-testid="seed-target">
            {seed.targetSymbol || seed.targetUniprot ? (
              <>
                {seed.targetSymbol && <strong>{seed.targetSymbol}</strong>}
                {seed.targetUniprot && (
                  <>
                    {" "}
                    <a
                      href={`https://www.uniprot.org/uniprotkb/${encodeURIComponent(seed.targetUniprot)}`}
                      target="_blank"
                      rel="noreferrer"
                    >
                      UniProt {seed.targetUniprot}
                    </a>
                  </>
                )}
              </>
            ) : (
              <span className="muted">{t("seed.summary.noTarget")}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t("seed.fields.modality")}</dt>
          <dd>{enumLabel(t, "modality", seed.modality)}</dd>
        </div>
        <div>
          <dt>{t("seed.fields.stage")}</dt>
          <dd>{enumLabel(t, "stage", seed.stage)}</dd>
        </div>
        <div>
          <dt>{t("seed.fields.disease")}</dt>
          <dd>
            <code>{seed.icd10}</code> {seed.indication}
          </dd>
        </div>
        <div>
          <dt>{t("seed.fields.programme")}</dt>
          <dd>{enumLabel(t, "programme", seed.programme)}</dd>
        </div>
        <div>
          <dt>{t("seed.fields.publicSince")}</dt>
          <dd>{seed.publicSince ? formatDate(seed.publicSince, lang) : t("seed.summary.notPublished")}</dd>
        </div>
        <div>
          <dt>{t("seed.summary.updatedAt")}</dt>
          <dd>{formatDate(seed.updatedAt, lang)}</dd>
        </div>
      </dl>

      <section aria-labelledby="summary-history">
        <h2 id="summary-history" className="section-title">
          {t("seed.summary.stageHistory")}
        </h2>
        {view.stageHistory.length === 0 ? (
          <Empty>{t("seed.summary.noHistory")}</Empty>
        ) : (
          <ol className="timeline" data-testid="stage-history">
            {view.stageHistory.map((entry) => (
              <li key={`${entry.stage}-${entry.enteredOn}`}>
                <span className="timeline-date">{formatDate(entry.enteredOn, lang)}</span>
                <span>{enumLabel(t, "stage", entry.stage)}</span>
              </li>
            ))}
          </ol>
        )}
        {view.access === "owner" && (
          <StageForm seedId={seed.id} current={seed.stage} onChanged={onSeedChanged} />
        )}
      </section>

      {view.confidential && (
        <section
          className="confidential"
          aria-labelledby="summary-confidential"
          data-testid="confidential-details"
        >
          <h2 id="summary-confidential" className="section-title">
            <Badge tone="warning">{t("seed.summary.confidentialBadge")}</Badge>{" "}
            {t("seed.summary.confidential")}
          </h2>
          <p className="muted small">
            {t(view.access === "owner" ? "seed.summary.confidentialOwner" : "seed.summary.confidentialGrant")}
          </p>
          {view.confidential.details ? (
            <p className="prose">{view.confidential.details}</p>
          ) : (
            <Empty>{t("seed.summary.noConfidential")}</Empty>
          )}
        </section>
      )}

      <Outcomes seedId={seed.id} />
    </div>
  );
}

function Outcomes({ seedId }: { seedId: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const load = useCallback(() => listOutcomes(seedId), [seedId]);
  const { state } = useAsync<Outcome[]>(load);

  return (
    <section aria-labelledby="summary-outcomes" data-testid="outcomes">
      <h2 id="summary-outcomes" className="section-title">
        {t("seed.outcomes.title")}
      </h2>
      <AsyncView state={state}>
        {(outcomes) =>
          outcomes.length === 0 ? (
            <Empty>{t("seed.outcomes.empty")}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("seed.outcomes.kind")}</th>
                    <th scope="col">{t("seed.outcomes.date")}</th>
                    <th scope="col">{t("seed.outcomes.partner")}</th>
                    <th scope="col" className="num">
                      {t("seed.outcomes.amount")}
                    </th>
                    <th scope="col">{t("seed.outcomes.note")}</th>
                  </tr>
                </thead>
                <tbody>
                  {outcomes.map((o) => (
                    <tr key={o.id} data-testid="outcome-row">
                      <td>{enumLabel(t, "outcomeKind", o.kind)}</td>
                      <td>{formatDate(o.occurredOn, lang)}</td>
                      <td>{o.partner ? organisationName(o.partner, lang) : "—"}</td>
                      <td className="num">{o.amountJpy === null ? "—" : formatJpy(o.amountJpy, lang)}</td>
                      <td>{o.note}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncView>
    </section>
  );
}

interface StageFormProps {
  seedId: string;
  current: string;
  onChanged: () => void;
}

/** Owners move the seed to another stage (usually the next gate), with the date it entered it. */
function StageForm({ seedId, current, onChanged }: StageFormProps) {
  const { t } = useTranslation();
  const ids = useId();
  const [stage, setStage] = useState(current);
  const [enteredOn, setEnteredOn] = useState(todayIso());
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      await changeStage(seedId, stage, enteredOn || undefined);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={handleSubmit} data-testid="stage-form" aria-busy={submitting}>
      <div className="field">
        <label htmlFor={`${ids}-stage`}>{t("seed.summary.moveTo")}</label>
        <EnumSelect
          id={`${ids}-stage`}
          namespace="stage"
          value={stage}
          onChange={setStage}
          data-testid="stage-select"
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-date`}>{t("seed.summary.enteredOn")}</label>
        <input
          id={`${ids}-date`}
          type="date"
          value={enteredOn}
          onChange={(event) => setEnteredOn(event.target.value)}
          data-testid="stage-date"
        />
      </div>
      <button
        type="submit"
        className="button"
        disabled={submitting || stage === current}
        data-testid="stage-submit"
      >
        {t("seed.summary.changeStage")}
      </button>
      {error !== null && <ErrorAlert error={error} />}
    </form>
  );
}
