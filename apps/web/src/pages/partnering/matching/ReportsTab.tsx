import { type FormEvent, useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import type { User } from "../../../api.ts";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { EnumSelect } from "../../../components/EnumSelect.tsx";
import { FormErrors, FormField } from "../../../components/FormField.tsx";
import { Empty } from "../../../components/Status.tsx";
import { organisationName, seedTitle } from "../../../display.ts";
import { formatDecimal, formatPercent, todayIso } from "../../../format.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { hrefs } from "../../../router.ts";
import { useAsync } from "../../../useAsync.ts";
import { useSubmit } from "../../../useSubmit.ts";
import {
  type FeedbackReason,
  getRankingQuality,
  getUnmatchedReport,
  getWeights,
  MATCH_FEATURES,
  type MatchFeature,
  type StoredWeights,
  setWeights,
  type UnmatchedReport,
} from "./api.ts";
import { termLabel } from "./shared.tsx";

const has = (user: User, ...roles: string[]) => roles.some((r) => user.roles.includes(r));

/** Why seeds went unmatched, how good the ranking is on held-out deals, and the weights behind it. */
export function ReportsTab({ user }: { user: User }) {
  const { t } = useTranslation();
  const staff = has(user, "admin", "funder");
  return (
    <div className="stack">
      {staff || has(user, "researcher", "tlo") ? (
        <UnmatchedSection own={!staff} />
      ) : (
        <p className="notice-box" data-testid="unmatched-info">
          {t("partnering.matching.reports.unmatchedNotForYou")}
        </p>
      )}
      {has(user, "admin", "funder", "analyst") && <RankingQualitySection />}
      <WeightsSection editable={staff} />
    </div>
  );
}

/** Rows of the unmatched table shown before "show all". */
const UNMATCHED_SHOWN = 15;

const sortedCounts = <K extends string>(counts: Partial<Record<K, number>>) =>
  (Object.entries(counts) as [K, number][]).sort((a, b) => b[1] - a[1]);

function UnmatchedSection({ own }: { own: boolean }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const load = useCallback(() => getUnmatchedReport(), []);
  const { state } = useAsync(load);
  const [all, setAll] = useState(false);
  return (
    <section aria-labelledby="unmatched-title" data-testid="unmatched-report">
      <h2 id="unmatched-title" className="section-title">
        {t("partnering.matching.reports.unmatchedTitle")}
      </h2>
      <p className="muted small">
        {t(
          own
            ? "partnering.matching.reports.unmatchedIntroOwn"
            : "partnering.matching.reports.unmatchedIntro",
        )}
      </p>
      <AsyncView state={state}>
        {(r: UnmatchedReport) => (
          <div className="stack">
            <p data-testid="unmatched-summary">
              {t("partnering.matching.reports.unmatchedSummary", { unmatched: r.unmatched, seeds: r.seeds })}
            </p>
            <div className="chart-pair">
              <div>
                <h3 className="subsection-title">{t("partnering.matching.reports.declineReasons")}</h3>
                {sortedCounts(r.declinedReasons).length === 0 ? (
                  <Empty>{t("partnering.matching.reports.noDeclines")}</Empty>
                ) : (
                  <ul className="plain-list report-bars" data-testid="unmatched-reasons">
                    {sortedCounts<FeedbackReason>(r.declinedReasons).map(([code, n]) => (
                      <CountBar
                        key={code}
                        label={termLabel(t, "reason", code)}
                        n={n}
                        max={r.unmatched || 1}
                      />
                    ))}
                  </ul>
                )}
              </div>
              <div>
                <h3 className="subsection-title">{t("partnering.matching.reports.weakestFeatures")}</h3>
                <ul className="plain-list report-bars" data-testid="unmatched-weakest">
                  {sortedCounts<MatchFeature>(r.weakestFeatureCounts).map(([f, n]) => (
                    <CountBar key={f} label={termLabel(t, "feature", f)} n={n} max={r.unmatched || 1} />
                  ))}
                </ul>
              </div>
            </div>
            {r.items.length === 0 ? (
              <Empty>{t("partnering.matching.reports.allMatched")}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="unmatched-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("partnering.matching.reports.seed")}</th>
                      <th scope="col">{t("partnering.matching.reports.declined")}</th>
                      <th scope="col" className="num">
                        {t("partnering.matching.reports.notNow")}
                      </th>
                      <th scope="col">{t("partnering.matching.reports.weakest")}</th>
                      <th scope="col">{t("partnering.matching.reports.basis")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(all ? r.items : r.items.slice(0, UNMATCHED_SHOWN)).map((item) => (
                      <tr key={item.seed.id} data-testid="unmatched-row">
                        <th scope="row">
                          <a href={hrefs.seed(item.seed.id)}>{seedTitle(item.seed, lang)}</a>
                          <div className="muted small">{organisationName(item.seed.organisation, lang)}</div>
                        </th>
                        <td>
                          {sortedCounts<FeedbackReason>(item.declined)
                            .map(([code, n]) => `${termLabel(t, "reason", code)} × ${n}`)
                            .join(t("partnering.matching.listSeparator")) || "—"}
                        </td>
                        <td className="num">{item.notNow}</td>
                        <td>
                          {item.weakestFeatures
                            .slice(0, 2)
                            .map(
                              (f) =>
                                `${termLabel(t, "feature", f.feature)} (${formatPercent(f.meanValue, lang)})`,
                            )
                            .join(t("partnering.matching.listSeparator"))}
                        </td>
                        <td className="small">{termLabel(t, "basis", item.basis)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {r.items.length > UNMATCHED_SHOWN && (
              <p>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => setAll(!all)}
                  data-testid="unmatched-all"
                >
                  {all
                    ? t("partnering.matching.reports.showFewer")
                    : t("partnering.matching.reports.showAll", { n: r.items.length })}
                </button>
              </p>
            )}
          </div>
        )}
      </AsyncView>
    </section>
  );
}

function CountBar({ label, n, max }: { label: string; n: number; max: number }) {
  return (
    <li className="report-bar">
      <span className="report-bar-label">{label}</span>
      <span className="report-bar-track" aria-hidden="true">
        <span className="report-bar-fill" style={{ width: `${Math.min(1, n / max) * 100}%` }} />
      </span>
      <span className="report-bar-value">{n}</span>
    </li>
  );
}

function RankingQualitySection() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [query, setQuery] = useState({ from: "2015-01-01", to: todayIso(), k: 10 });
  const [draft, setDraft] = useState({ from: query.from, to: query.to, k: String(query.k) });
  const load = useCallback(() => getRankingQuality(query.from, query.to, query.k), [query]);
  const { state } = useAsync(load);
  return (
    <section aria-labelledby="quality-title" data-testid="ranking-quality">
      <h2 id="quality-title" className="section-title">
        {t("partnering.matching.reports.qualityTitle")}
      </h2>
      <p className="muted small">{t("partnering.matching.reports.qualityIntro")}</p>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ from: draft.from, to: draft.to, k: Number(draft.k) || 10 });
        }}
      >
        <div className="field">
          <label htmlFor="quality-from">{t("partnering.matching.reports.from")}</label>
          <input
            id="quality-from"
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="quality-to">{t("partnering.matching.reports.to")}</label>
          <input
            id="quality-to"
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="quality-k">k</label>
          <input
            id="quality-k"
            type="number"
            min={1}
            max={100}
            value={draft.k}
            onChange={(e) => setDraft({ ...draft, k: e.target.value })}
          />
        </div>
        <div className="filters-actions">
          <button type="submit" className="button" data-testid="quality-run">
            {t("partnering.matching.reports.run")}
          </button>
        </div>
      </form>
      <AsyncView state={state}>
        {(q) => (
          <div className="stack">
            <div className="kpi-grid">
              <div className="kpi" data-testid="quality-recall">
                <span className="kpi-label">{t("partnering.matching.reports.recallAtK", { k: q.k })}</span>
                <span className="kpi-value">{formatPercent(q.recallAtK, lang)}</span>
                <span className="muted small">
                  {t("partnering.matching.reports.random", { value: formatPercent(q.randomRecallAtK, lang) })}
                </span>
              </div>
              <div className="kpi" data-testid="quality-mrr">
                <span className="kpi-label">{t("partnering.matching.reports.mrr")}</span>
                <span className="kpi-value">{formatDecimal(q.mrr, 3, lang)}</span>
                <span className="muted small">
                  {t("partnering.matching.reports.random", { value: formatDecimal(q.randomMrr, 3, lang) })}
                </span>
              </div>
              <div className="kpi">
                <span className="kpi-label">{t("partnering.matching.reports.deals")}</span>
                <span className="kpi-value">{q.n}</span>
                <span className="muted small">
                  {t("partnering.matching.reports.candidates", {
                    n: q.candidates,
                    missing: q.partnerWithoutProfile,
                  })}
                </span>
              </div>
            </div>
            <ul
              className="plain-list report-bars"
              aria-label={t("partnering.matching.reports.recallAtK", { k: q.k })}
            >
              <CompareBar label={t("partnering.matching.reports.matcher")} value={q.recallAtK} />
              <CompareBar label={t("partnering.matching.reports.randomOrder")} value={q.randomRecallAtK} />
            </ul>
            <p className="notice-box" data-testid="quality-meaning">
              {q.n === 0
                ? t("partnering.matching.reports.noDeals")
                : t("partnering.matching.reports.meaning", {
                    k: q.k,
                    recall: formatPercent(q.recallAtK, lang),
                    random: formatPercent(q.randomRecallAtK, lang),
                    n: q.n,
                    candidates: q.candidates,
                    lift:
                      q.randomRecallAtK > 0 ? formatDecimal(q.recallAtK / q.randomRecallAtK, 1, lang) : "—",
                  })}
            </p>
          </div>
        )}
      </AsyncView>
    </section>
  );
}

function CompareBar({ label, value }: { label: string; value: number }) {
  const lang = currentLanguage();
  return (
    <li className="report-bar">
      <span className="report-bar-label">{label}</span>
      <span className="report-bar-track" aria-hidden="true">
        <span className="report-bar-fill" style={{ width: `${Math.min(1, value) * 100}%` }} />
      </span>
      <span className="report-bar-value">{formatPercent(value, lang)}</span>
    </li>
  );
}

function WeightsSection({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const [programme, setProgramme] = useState("*");
  const load = useCallback(() => getWeights(programme), [programme]);
  const { state, setData } = useAsync(load);
  return (
    <section aria-labelledby="weights-title" data-testid="weights">
      <h2 id="weights-title" className="section-title">
        {t("partnering.matching.weights.title")}
      </h2>
      <p className="muted small">
        {t(editable ? "partnering.matching.weights.introEdit" : "partnering.matching.weights.introRead")}
      </p>
      <div className="field match-picker">
        <label htmlFor="weights-programme">{t("partnering.matching.weights.programme")}</label>
        <EnumSelect
          id="weights-programme"
          namespace="programme"
          value={programme === "*" ? "" : programme}
          emptyLabel={t("partnering.matching.weights.platform")}
          onChange={(v) => setProgramme(v || "*")}
          data-testid="weights-programme"
        />
      </div>
      <AsyncView state={state}>
        {(w) => (
          <WeightsForm
            key={`${w.programme}:${JSON.stringify(w.weights)}`}
            stored={w}
            editable={editable}
            onSaved={setData}
          />
        )}
      </AsyncView>
    </section>
  );
}

function WeightsForm({
  stored,
  editable,
  onSaved,
}: {
  stored: StoredWeights;
  editable: boolean;
  onSaved: (w: StoredWeights) => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(
    () =>
      Object.fromEntries(MATCH_FEATURES.map((f) => [f, String(stored.weights[f])])) as Record<
        MatchFeature,
        string
      >,
  );
  const [saved, setSaved] = useState(false);
  const { submitting, error, fieldErrors, run } = useSubmit();
  const label = (f: string) =>
    (MATCH_FEATURES as readonly string[]).includes(f) ? termLabel(t, "feature", f) : undefined;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const weights = Object.fromEntries(MATCH_FEATURES.map((f) => [f, Number(values[f])])) as Record<
      MatchFeature,
      number
    >;
    const result = await run(() => setWeights(stored.programme, weights));
    if (result) {
      setSaved(true);
      onSaved(result);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="weights-form">
      <p className="small" data-testid="weights-source">
        {t("partnering.matching.weights.source", { source: termLabel(t, "weightsSource", stored.source) })}
      </p>
      {error !== null && (
        <FormErrors testId="weights-errors" error={error} fieldLabel={label} inputId={(f) => `weight-${f}`} />
      )}
      <div className="form-grid form-grid-4">
        {MATCH_FEATURES.map((f) => (
          <FormField
            key={f}
            id={`weight-${f}`}
            label={termLabel(t, "feature", f)}
            hint={termLabel(t, "featureUse", f)}
            error={fieldErrors[f]}
          >
            {(control) => (
              <input
                {...control}
                type="number"
                min={0}
                max={100}
                step={0.5}
                readOnly={!editable}
                value={values[f]}
                onChange={(e) => {
                  setSaved(false);
                  setValues({ ...values, [f]: e.target.value });
                }}
                data-testid={`weight-${f}`}
              />
            )}
          </FormField>
        ))}
      </div>
      {editable && (
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting}
            data-testid="weights-save"
          >
            {submitting ? t("form.saving") : t("partnering.matching.weights.save")}
          </button>
        </div>
      )}
      {saved && (
        <p className="success" role="status" data-testid="weights-saved">
          {t("partnering.matching.weights.saved")}
        </p>
      )}
    </form>
  );
}
