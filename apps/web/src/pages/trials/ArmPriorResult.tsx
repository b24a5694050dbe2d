import type { PlotOptions } from "@observablehq/plot";
import { useCallback, useId } from "react";
import { useTranslation } from "react-i18next";
import type { ArmPrior, Mixture, Quantile } from "../../api.ts";
import { Badge } from "../../components/Badge.tsx";
import { PlotChart, type PlotLibrary } from "../../components/PlotChart.tsx";
import { pick } from "../../display.ts";
import { formatDecimal, formatPercent, formatSignificant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import type { Arm } from "./draft.ts";

const ESS_METHODS = ["elir", "moment", "morita"] as const;

/** One arm's prior as the server built it: description, summaries, effective sample size and, for a MAP prior, the model. */
export function ArmPriorResult({ arm, prior }: { arm: Arm; prior: ArmPrior }) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  const essNotes = ESS_METHODS.flatMap((method) => {
    const note = prior.essNotes?.[method];
    return note ? [[method, note] as const] : [];
  });
  return (
    <section className="prior-result" aria-labelledby={`${id}-title`} data-testid={`prior-result-${arm}`}>
      <h3 id={`${id}-title`} className="subsection-title">
        {t(`trials.prior.${arm}`)}
      </h3>
      <p data-testid={`prior-description-${arm}`}>{pick(prior.description.ja, prior.description.en, lang)}</p>
      <dl className="facts">
        <div>
          <dt>{t("trials.result.mean")}</dt>
          <dd>{formatSignificant(prior.mean, lang, 4)}</dd>
        </div>
        <div>
          <dt>{t("trials.result.sd")}</dt>
          <dd>{formatSignificant(prior.sd, lang, 3)}</dd>
        </div>
      </dl>
      <QuantileTable quantiles={prior.quantiles} caption={t("trials.result.quantiles")} />

      <h4 className="small-title">{t("trials.result.ess")}</h4>
      <div className="table-wrap">
        <table className="table" data-testid={`ess-${arm}`}>
          <thead>
            <tr>
              <th scope="col">{t("trials.result.essMethod")}</th>
              <th scope="col" className="num">
                {t("trials.result.essPatients")}
              </th>
            </tr>
          </thead>
          <tbody>
            {ESS_METHODS.map((method) => {
              const value = prior.ess[method];
              return (
                <tr key={method}>
                  <th scope="row">{t(`trials.result.essMethods.${method}`)}</th>
                  <td className="num">
                    {value === null || !Number.isFinite(value) ? "—" : formatDecimal(value, 1, lang)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {essNotes.length > 0 && (
        <ul className="muted small ess-notes" data-testid={`ess-notes-${arm}`}>
          {essNotes.map(([method, note]) => (
            <li key={method}>
              {t("trials.result.essUndefined", { method: t(`trials.result.essMethods.${method}`) })}{" "}
              <span lang="en">{note}</span>
            </li>
          ))}
        </ul>
      )}

      <MixtureTable mixture={prior.mixture} />
      {prior.map && <MapModel map={prior.map} arm={arm} />}
      {prior.external && <ExternalSummary external={prior.external} />}
    </section>
  );
}

function QuantileTable({ quantiles, caption }: { quantiles: Quantile[]; caption: string }) {
  const lang = currentLanguage();
  if (quantiles.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table quantiles">
        <caption className="table-caption">{caption}</caption>
        <thead>
          <tr>
            {quantiles.map((q) => (
              <th key={q.p} scope="col" className="num">
                {formatPercent(q.p, lang)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {quantiles.map((q) => (
              <td key={q.p} className="num">
                {formatSignificant(q.q, lang, 3)}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** The mixture's components, as the server fitted or took them. */
function MixtureTable({ mixture }: { mixture: Mixture }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const rows =
    mixture.family === "normal"
      ? mixture.components.map((c) => [c.w, c.m, c.s])
      : mixture.components.map((c) => [c.w, c.a, c.b]);
  const columns = mixture.family === "normal" ? ["w", "mean", "sd"] : ["w", "a", "b"];
  return (
    <details className="data-table">
      <summary>
        {t("trials.result.mixture", { family: t(`trials.result.families.${mixture.family}`) })}
      </summary>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col" className="num">
                  {t(`trials.columns.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the components have no identity but their order
              <tr key={i}>
                {row.map((value, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                  <td key={j} className="num">
                    {formatSignificant(value, lang, 4)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

type MapModelData = NonNullable<ArmPrior["map"]>;

/** The fitted meta-analytic model: τ, convergence, the mixture candidates by AIC and the shrinkage of each trial. */
function MapModel({ map, arm }: { map: MapModelData; arm: Arm }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <div className="map-model" data-testid={`map-model-${arm}`}>
      <h4 className="small-title">{t("trials.result.map.title")}</h4>
      <p>
        {t("trials.result.map.tau", { mean: formatSignificant(map.tau.mean, lang, 3) })}{" "}
        {map.tau.quantiles.length > 0 && (
          <span className="muted">
            (
            {map.tau.quantiles
              .map((q) => `${formatPercent(q.p, lang)}: ${formatSignificant(q.q, lang, 3)}`)
              .join(t("listSeparator"))}
            )
          </span>
        )}
      </p>

      <p>
        {map.converged ? (
          <Badge tone="success" testId={`map-converged-${arm}`}>
            ✓ {t("trials.result.map.converged")}
          </Badge>
        ) : (
          <Badge tone="danger" testId={`map-not-converged-${arm}`}>
            {t("trials.result.map.notConverged")}
          </Badge>
        )}
      </p>
      <div className="table-wrap">
        <table className="table" data-testid={`map-diagnostics-${arm}`}>
          <caption className="table-caption">{t("trials.result.map.diagnostics")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("trials.result.map.parameter")}</th>
              <th scope="col" className="num">
                R-hat
              </th>
              <th scope="col" className="num">
                {t("trials.result.map.essBulk")}
              </th>
            </tr>
          </thead>
          <tbody>
            {map.diagnostics.map((d) => (
              <tr key={d.parameter}>
                <th scope="row">
                  <code>{d.parameter}</code>
                </th>
                <td className="num">{formatDecimal(d.rhat, 3, lang)}</td>
                <td className="num">{formatDecimal(d.essBulk, 0, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div className="table-wrap">
        <table className="table" data-testid={`map-candidates-${arm}`}>
          <caption className="table-caption">{t("trials.result.map.candidates")}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t("trials.result.map.components")}
              </th>
              <th scope="col" className="num">
                {t("trials.result.map.logLik")}
              </th>
              <th scope="col" className="num">
                AIC
              </th>
              <th scope="col">{t("trials.result.map.chosen")}</th>
            </tr>
          </thead>
          <tbody>
            {map.candidates.map((c) => (
              <tr key={c.components} aria-current={c.chosen ? "true" : undefined}>
                <td className="num">{c.components}</td>
                <td className="num">{formatDecimal(c.logLik, 2, lang)}</td>
                <td className="num">{formatDecimal(c.aic, 2, lang)}</td>
                <td>{c.chosen && <Badge tone="info">✓ {t("trials.result.map.chosenBadge")}</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {map.studies.length > 0 && <Shrinkage studies={map.studies} arm={arm} />}
    </div>
  );
}

/** Each historical trial's estimate after borrowing from the others (a small forest plot). */
function Shrinkage({ studies, arm }: { studies: MapModelData["studies"]; arm: Arm }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => ({
      width: Math.max(Math.min(available, 640), 360),
      height: 40 + studies.length * 26,
      marginLeft: 110,
      style: { fontSize: "12px", fontFamily: "inherit" },
      x: { grid: true, label: t("trials.result.map.shrunken") },
      y: { domain: studies.map((s) => s.study), label: null },
      marks: [
        Plot.ruleY(studies, { y: "study", x1: "lower", x2: "upper", stroke: "#3949ab", strokeWidth: 2 }),
        Plot.dot(studies, {
          x: "mean",
          y: "study",
          fill: "#1a237e",
          r: 4,
          title: (s: MapModelData["studies"][number]) =>
            `${s.study}: ${formatSignificant(s.mean, lang, 3)} (${formatSignificant(s.lower, lang, 3)}–${formatSignificant(s.upper, lang, 3)})`,
        }),
      ],
    }),
    [studies, t, lang],
  );
  return (
    <figure className="figure">
      <figcaption className="small-title">{t("trials.result.map.shrinkage")}</figcaption>
      <PlotChart build={build} label={t("trials.result.map.shrinkage")} testId={`map-shrinkage-${arm}`} />
      <p className="muted small">{t("trials.result.map.shrinkageNote")}</p>
      <details className="data-table">
        <summary>{t("trials.result.showTable")}</summary>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("trials.columns.study")}</th>
                <th scope="col" className="num">
                  {t("trials.result.mean")}
                </th>
                <th scope="col" className="num">
                  {t("trials.result.map.interval")}
                </th>
              </tr>
            </thead>
            <tbody>
              {studies.map((s) => (
                <tr key={s.study}>
                  <th scope="row">{s.study}</th>
                  <td className="num">{formatSignificant(s.mean, lang, 3)}</td>
                  <td className="num nowrap">
                    {formatSignificant(s.lower, lang, 3)}–{formatSignificant(s.upper, lang, 3)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** What was borrowed from external controls, and how. */
function ExternalSummary({ external }: { external: NonNullable<ArmPrior["external"]> }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <div className="external-summary">
      <h4 className="small-title">{t("trials.result.external.title")}</h4>
      <dl className="facts">
        {Object.entries(external.data).map(([key, value]) => (
          <div key={key}>
            <dt>{t(`trials.columns.${key}`, { defaultValue: key })}</dt>
            <dd>{formatSignificant(value, lang, 6)}</dd>
          </div>
        ))}
        <div>
          <dt>{t("trials.external.method")}</dt>
          <dd>{external.method}</dd>
        </div>
        {external.rwdStudyId && (
          <div>
            <dt>{t("trials.external.study")}</dt>
            <dd>
              <code className="snapshot-id">{external.rwdStudyId}</code>
              {external.rwdArm && ` (${t(`trials.external.arms.${external.rwdArm}`)})`}
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}
