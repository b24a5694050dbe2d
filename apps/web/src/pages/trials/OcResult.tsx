import type { PlotOptions } from "@observablehq/plot";
import { useCallback, useId, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { BayesianTwoArmEvaluation, OcPoint, TrialEndpoint } from "../../api.ts";
import { PlotChart, type PlotLibrary } from "../../components/PlotChart.tsx";
import { formatDecimal, formatSignificant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";

const NOMINAL_COLOUR = "#b42318";

interface OcResultProps {
  evaluation: BayesianTwoArmEvaluation;
  endpoint: TrialEndpoint;
  /** the nominal type I error of the first criterion (1 − c), drawn as a rule */
  nominal: number | null;
}

/**
 * Operating characteristics: the probability of success against the true control value, one curve per
 * true effect (effect 0 is the type I error), with the figures as a table.
 */
export function OcResult({ evaluation, endpoint, nominal }: OcResultProps) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  const { oc, maxTypeIError } = evaluation;

  const effects = useMemo(() => [...new Set(oc.map((p) => p.effect))].sort((a, b) => a - b), [oc]);
  const controls = useMemo(() => [...new Set(oc.map((p) => p.control))].sort((a, b) => a - b), [oc]);
  const points = useMemo(() => [...oc].sort((a, b) => a.effect - b.effect || a.control - b.control), [oc]);
  const byCell = useMemo(() => new Map(oc.map((p) => [`${p.effect}|${p.control}`, p.probability])), [oc]);
  const effectLabel = useCallback(
    (effect: number) =>
      effect === 0
        ? t("trials.oc.typeIError")
        : t("trials.oc.effect", { effect: formatSignificant(effect, lang, 3) }),
    [t, lang],
  );

  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => ({
      width: Math.max(available, 480),
      height: 360,
      marginLeft: 56,
      marginRight: 24,
      style: { fontSize: "12px", fontFamily: "inherit" },
      x: { grid: true, label: t(`trials.oc.control.${endpoint}`) },
      y: { grid: true, domain: [0, 1], label: t("trials.oc.probability") },
      color: { domain: effects.map(effectLabel), legend: true },
      marks: [
        ...(nominal === null
          ? []
          : [
              Plot.ruleY([nominal], { stroke: NOMINAL_COLOUR, strokeDasharray: "4 3" }),
              Plot.text([nominal], {
                y: (d: number) => d,
                frameAnchor: "right",
                dy: -8,
                textAnchor: "end",
                fill: NOMINAL_COLOUR,
                text: () => t("trials.oc.nominal", { level: formatDecimal(nominal, 3, lang) }),
              }),
            ]),
        Plot.line(points, {
          x: "control",
          y: "probability",
          z: "effect",
          stroke: (p: OcPoint) => effectLabel(p.effect),
          strokeWidth: 2,
          title: (p: OcPoint) =>
            `${effectLabel(p.effect)} · ${formatSignificant(p.control, lang, 3)}: ${formatDecimal(p.probability, 3, lang)}`,
        }),
        Plot.dot([maxTypeIError], {
          x: "control",
          y: "probability",
          r: 5,
          fill: NOMINAL_COLOUR,
          stroke: "white",
        }),
        Plot.text([maxTypeIError], {
          x: "control",
          y: "probability",
          dy: -12,
          fill: NOMINAL_COLOUR,
          text: () => t("trials.oc.maxLabel", { p: formatDecimal(maxTypeIError.probability, 3, lang) }),
        }),
      ],
    }),
    [points, effects, effectLabel, endpoint, nominal, maxTypeIError, t, lang],
  );

  return (
    <section aria-labelledby={`${id}-title`} data-testid="design-oc">
      <h3 id={`${id}-title`} className="subsection-title">
        {t("trials.oc.title")}
      </h3>
      <p className="muted small">{t("trials.oc.intro")}</p>
      <PlotChart build={build} label={t("trials.oc.chartLabel")} testId="design-oc-chart" />
      <details className="data-table">
        <summary>{t("trials.result.showTable")}</summary>
        <div className="table-wrap">
          <table className="table" data-testid="design-oc-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t(`trials.oc.control.${endpoint}`)}
                </th>
                {effects.map((effect) => (
                  <th key={effect} scope="col" className="num">
                    {effectLabel(effect)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {controls.map((control) => (
                <tr key={control}>
                  <th scope="row" className="num">
                    {formatSignificant(control, lang, 4)}
                  </th>
                  {effects.map((effect) => {
                    const p = byCell.get(`${effect}|${control}`);
                    const isMax = effect === 0 && control === maxTypeIError.control;
                    return (
                      <td
                        key={effect}
                        className={isMax ? "num oc-max" : "num"}
                        data-testid={isMax ? "design-oc-max-cell" : undefined}
                      >
                        {p === undefined ? "—" : formatDecimal(p, 3, lang)}
                        {isMax && (
                          <span className="visually-hidden"> ({t("trials.result.maxTypeIError")})</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

interface BoundaryProps {
  boundary: BayesianTwoArmEvaluation["boundary"];
  endpoint: TrialEndpoint;
}

/** The decision boundary: for each control outcome, the smallest treatment outcome that succeeds. */
export function BoundaryResult({ boundary, endpoint }: BoundaryProps) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();

  return (
    <section aria-labelledby={`${id}-title`} data-testid="design-boundary">
      <h3 id={`${id}-title`} className="subsection-title">
        {t("trials.boundary.title")}
      </h3>
      {boundary.kind === "normal" ? (
        <p data-testid="design-boundary-normal">
          {t("trials.boundary.normal", {
            difference: formatSignificant(boundary.criticalDifference, lang, 4),
          })}
        </p>
      ) : (
        <DiscreteBoundary boundary={boundary} endpoint={endpoint} />
      )}
    </section>
  );
}

type Discrete = Extract<BayesianTwoArmEvaluation["boundary"], { kind: "discrete" }>;

function DiscreteBoundary({ boundary, endpoint }: { boundary: Discrete; endpoint: TrialEndpoint }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const rows = useMemo(
    () =>
      boundary.control.map((control, i) => ({ control, critical: boundary.treatmentCritical[i] ?? null })),
    [boundary],
  );
  const reachable = useMemo(
    () => rows.filter((r): r is { control: number; critical: number } => r.critical !== null),
    [rows],
  );
  const unit = endpoint === "count" ? "count" : "binary";
  const minControl = Math.min(0, ...rows.map((r) => r.control));
  const maxControl = Math.max(1, ...rows.map((r) => r.control));
  const spanCritical = Math.max(
    1,
    Math.max(...reachable.map((r) => r.critical)) - Math.min(...reachable.map((r) => r.critical)),
  );

  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => ({
      width: Math.max(Math.min(available, 720), 400),
      height: 280,
      marginLeft: 56,
      style: { fontSize: "12px", fontFamily: "inherit" },
      // whole patients or events: integer ticks only
      x: {
        grid: true,
        // every control outcome, also those where no treatment outcome succeeds
        domain: [minControl, maxControl],
        label: t(`trials.boundary.control.${unit}`),
        ticks: Math.min(maxControl, 10),
        tickFormat: "d",
      },
      y: {
        grid: true,
        label: t(`trials.boundary.critical.${unit}`),
        ticks: Math.min(spanCritical, 10),
        tickFormat: "d",
      },
      marks: [
        Plot.line(reachable, {
          x: "control",
          y: "critical",
          curve: "step-after",
          stroke: "#1a237e",
          strokeWidth: 2,
        }),
        Plot.dot(reachable, {
          x: "control",
          y: "critical",
          r: 2.5,
          fill: "#1a237e",
          title: (r: { control: number; critical: number }) => `${r.control} → ${r.critical}`,
        }),
      ],
    }),
    [reachable, unit, minControl, maxControl, spanCritical, t],
  );

  return (
    <>
      <p className="muted small">{t(`trials.boundary.intro.${unit}`)}</p>
      {reachable.length > 0 ? (
        <PlotChart build={build} label={t("trials.boundary.title")} testId="design-boundary-chart" />
      ) : (
        <p className="alert alert-warning">{t("trials.boundary.never")}</p>
      )}
      <details className="data-table">
        <summary>{t("trials.result.showTable")}</summary>
        <div className="table-wrap">
          <table className="table" data-testid="design-boundary-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t(`trials.boundary.control.${unit}`)}
                </th>
                <th scope="col" className="num">
                  {t(`trials.boundary.critical.${unit}`)}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.control}>
                  <th scope="row" className="num">
                    {formatSignificant(r.control, lang, 6)}
                  </th>
                  <td className="num">
                    {r.critical === null ? "—" : formatSignificant(r.critical, lang, 6)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small">{t("trials.boundary.none")}</p>
      </details>
    </>
  );
}
