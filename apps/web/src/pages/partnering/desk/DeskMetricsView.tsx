import type { PlotOptions } from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { PlotChart, type PlotLibrary } from "../../../components/PlotChart.tsx";
import { formatNumber, formatPercent } from "../../../format.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { useAsync } from "../../../useAsync.ts";
import { DESK_TOPICS, type DeskMetrics, getDeskMetrics } from "./api.ts";
import { topicLabel } from "./labels.tsx";

/** Desk metrics (aggregates, no case contents): cases, time to first response, resolution, satisfaction. */
export function DeskMetricsView() {
  const { t } = useTranslation();
  const { state } = useAsync(getDeskMetrics);
  return (
    <section aria-labelledby="desk-metrics-title" data-testid="desk-metrics">
      <h2 id="desk-metrics-title" className="section-title">
        {t("partnering.desk.metrics.title")}
      </h2>
      <AsyncView state={state}>
        {(metrics) => (
          <div className="stack">
            <MetricCards metrics={metrics} />
            <TopicChart metrics={metrics} />
          </div>
        )}
      </AsyncView>
    </section>
  );
}

function MetricCards({ metrics }: { metrics: DeskMetrics }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const none = "—";
  const items: { id: string; value: string; note: string }[] = [
    {
      id: "cases",
      value: formatNumber(metrics.cases, lang),
      note: t("partnering.desk.metrics.casesNote", { open: metrics.open, closed: metrics.closed }),
    },
    {
      id: "firstResponse",
      value:
        metrics.medianHoursToFirstResponse === null
          ? none
          : t("partnering.desk.metrics.hours", {
              value: formatNumber(metrics.medianHoursToFirstResponse, lang),
            }),
      note: t("partnering.desk.metrics.firstResponseNote", { count: metrics.responded }),
    },
    {
      id: "resolution",
      value: metrics.resolutionRate === null ? none : formatPercent(metrics.resolutionRate, lang),
      note: t("partnering.desk.metrics.resolutionNote", { resolved: metrics.resolved }),
    },
    {
      id: "satisfaction",
      value: metrics.satisfactionMean === null ? none : `${formatNumber(metrics.satisfactionMean, lang)} / 5`,
      note: t("partnering.desk.metrics.satisfactionNote", { count: metrics.rated }),
    },
  ];
  return (
    <ul className="kpi-grid">
      {items.map((item) => (
        <li key={item.id} className="card kpi" data-testid={`desk-metric-${item.id}`}>
          <p className="kpi-label">{t(`partnering.desk.metrics.${item.id}`)}</p>
          <p className="kpi-value" data-testid={`desk-metric-${item.id}-value`}>
            {item.value}
          </p>
          <p className="kpi-definition">{item.note}</p>
        </li>
      ))}
    </ul>
  );
}

function TopicChart({ metrics }: { metrics: DeskMetrics }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  // memoised, so the chart is drawn again only when the figures or the language change
  const rows = useMemo(
    () =>
      DESK_TOPICS.map((topic) => ({
        topic,
        label: topicLabel(t, topic),
        cases: metrics.byTopic[topic] ?? 0,
      })),
    [metrics, t],
  );
  const max = Math.max(1, ...rows.map((r) => r.cases));
  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => ({
      width: Math.max(available, 360),
      height: 220,
      marginLeft: 120,
      style: { fontSize: "12px", fontFamily: "inherit" },
      x: {
        grid: true,
        label: t("partnering.desk.metrics.casesAxis"),
        ticks: Math.min(max, 10),
        tickFormat: "d",
      },
      y: { label: null, domain: rows.map((r) => r.label) },
      marks: [
        Plot.barX(rows, {
          x: "cases",
          y: "label",
          fill: "#3949ab",
          title: (r: (typeof rows)[number]) => `${r.label}: ${r.cases}`,
        }),
        Plot.ruleX([0]),
      ],
    }),
    [rows, max, t],
  );
  return (
    <section className="card" aria-labelledby="desk-metrics-topics" data-testid="desk-metrics-topics">
      <h3 id="desk-metrics-topics" className="subsection-title">
        {t("partnering.desk.metrics.byTopic")}
      </h3>
      <PlotChart build={build} label={t("partnering.desk.metrics.byTopic")} testId="desk-metrics-chart" />
      <details className="data-table">
        <summary>{t("partnering.desk.metrics.showData")}</summary>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("partnering.desk.fields.topic")}</th>
                <th scope="col" className="num">
                  {t("partnering.desk.metrics.casesAxis")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.topic}>
                  <td>{r.label}</td>
                  <td className="num">{formatNumber(r.cases, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
