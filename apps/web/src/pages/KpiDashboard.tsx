import type { PlotOptions } from "@observablehq/plot";
import { type ReactNode, useCallback, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { getKpis, type Kpis } from "../api.ts";
import { AsyncView } from "../components/AsyncView.tsx";
import { EnumSelect } from "../components/EnumSelect.tsx";
import { PlotChart, type PlotLibrary } from "../components/PlotChart.tsx";
import { Empty } from "../components/Status.tsx";
import { enumLabel } from "../display.ts";
import { formatJpy, formatNumber, formatPercent } from "../format.ts";
import { currentLanguage } from "../i18n/index.ts";
import { useAsync } from "../useAsync.ts";
import { usePageHeading } from "../usePageHeading.ts";
import { PROGRAMMES, STAGES } from "../vocabulary.ts";

/** One colour per programme (ACT-M, support network, GAPFREE, CIN, other). */
const PROGRAMME_COLOURS = ["#2e3a87", "#d98b00", "#2f8f6b", "#b0417a", "#8a8fa3"];
const BAR_COLOUR = "#3a48a0";

export function KpiDashboard() {
  const { t } = useTranslation();
  const ids = useId();
  const headingRef = usePageHeading(t("kpis.title"));
  const [programme, setProgramme] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");

  const load = useCallback(() => getKpis({ programme, from, to }), [programme, from, to]);
  const { state, pending } = useAsync(load);

  return (
    <div className="page" data-testid="kpi-dashboard">
      <h1 className="page-title" ref={headingRef} tabIndex={-1}>
        {t("kpis.title")}
      </h1>
      <p className="muted lead">{t("kpis.intro")}</p>

      <form
        className="card filters"
        aria-label={t("kpis.filters")}
        onSubmit={(event) => event.preventDefault()}
      >
        <div className="field">
          <label htmlFor={`${ids}-programme`}>{t("seed.fields.programme")}</label>
          <EnumSelect
            id={`${ids}-programme`}
            namespace="programme"
            value={programme}
            onChange={setProgramme}
            emptyLabel={t("kpis.allProgrammes")}
            data-testid="kpi-programme"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-from`}>{t("kpis.from")}</label>
          <input
            id={`${ids}-from`}
            type="date"
            value={from}
            max={to || undefined}
            onChange={(event) => setFrom(event.target.value)}
            data-testid="kpi-from"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>{t("kpis.to")}</label>
          <input
            id={`${ids}-to`}
            type="date"
            value={to}
            min={from || undefined}
            onChange={(event) => setTo(event.target.value)}
            data-testid="kpi-to"
          />
        </div>
        <p className="muted small filters-note">{t("kpis.rangeNote")}</p>
      </form>

      <AsyncView state={state}>
        {(kpis) => (
          <div className="stack" aria-busy={pending}>
            <Headlines kpis={kpis} />
            <DealsChart kpis={kpis} />
            <FunnelChart kpis={kpis} />
            <TimeInStageChart kpis={kpis} />
          </div>
        )}
      </AsyncView>
    </div>
  );
}

function Headlines({ kpis }: { kpis: Kpis }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const deals = kpis.dealsByProgrammeYear.reduce((sum, row) => sum + row.deals, 0);
  const money = (value: number | null) => (value === null ? "—" : formatJpy(value, lang));
  const items: { id: string; value: string }[] = [
    { id: "seeds", value: formatNumber(kpis.seeds, lang) },
    { id: "deals", value: formatNumber(deals, lang) },
    { id: "patentsFiled", value: formatNumber(kpis.patents.filed, lang) },
    { id: "patentsGranted", value: formatNumber(kpis.patents.granted, lang) },
    { id: "companyMoneyProjects", value: formatNumber(kpis.companyMoney.projects, lang) },
    { id: "companyMoneyMean", value: money(kpis.companyMoney.meanJpy) },
    { id: "companyMoneyMedian", value: money(kpis.companyMoney.medianJpy) },
    { id: "approvals", value: formatNumber(kpis.approvals, lang) },
  ];

  return (
    <section aria-labelledby="kpi-headlines">
      <h2 id="kpi-headlines" className="section-title">
        {t("kpis.headlines")}
      </h2>
      <ul className="kpi-grid">
        {items.map((item) => (
          <li key={item.id} className="card kpi" data-testid={`kpi-${item.id}`}>
            <p className="kpi-label">{t(`kpis.items.${item.id}.label`)}</p>
            <p className="kpi-value" data-testid={`kpi-${item.id}-value`}>
              {item.value}
            </p>
            <p className="kpi-definition">{t(`kpis.items.${item.id}.definition`)}</p>
          </li>
        ))}
      </ul>
      <p className="muted small" data-testid="kpi-money-totals">
        {t("kpis.moneyTotals", {
          total: formatJpy(kpis.companyMoney.totalJpy, lang),
          inKind: formatJpy(kpis.inKind.totalJpy, lang),
          inKindProjects: kpis.inKind.projects,
          rounds: kpis.fundingRounds.count,
          roundsTotal: formatJpy(kpis.fundingRounds.totalJpy, lang),
        })}
      </p>
    </section>
  );
}

interface ChartSectionProps {
  id: string;
  title: string;
  definition: string;
  empty: boolean;
  chart: () => ReactNode;
  table: ReactNode;
}

/** A chart with its KPI definition as caption, and the same numbers as a table for screen readers. */
function ChartSection({ id, title, definition, empty, chart, table }: ChartSectionProps) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`} className="section-title">
        {title}
      </h2>
      <p className="kpi-definition">{definition}</p>
      {empty ? (
        <Empty>{t("kpis.noData")}</Empty>
      ) : (
        <>
          {chart()}
          <details className="data-table">
            <summary>{t("kpis.showData")}</summary>
            <div className="table-wrap">{table}</div>
          </details>
        </>
      )}
    </section>
  );
}

function DealsChart({ kpis }: { kpis: Kpis }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const rows = kpis.dealsByProgrammeYear;
  const years = useMemo(() => [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b), [rows]);
  // the tallest stacked bar, so that the axis shows whole deals only
  const maxDeals = useMemo(() => {
    const perYear = new Map<number, number>();
    for (const r of rows) perYear.set(r.year, (perYear.get(r.year) ?? 0) + r.deals);
    return Math.max(1, ...perYear.values());
  }, [rows]);

  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => ({
      width: Math.max(available, 480),
      height: 300,
      marginLeft: 48,
      style: { fontSize: "12px", fontFamily: "inherit" },
      x: {
        type: "band",
        domain: years,
        label: t("kpis.year"),
        tickFormat: (year: number) => t("kpis.fiscalYear", { year }),
      },
      y: { grid: true, label: t("kpis.dealsAxis"), ticks: Math.min(maxDeals, 10), tickFormat: "d" },
      color: {
        domain: [...PROGRAMMES],
        range: PROGRAMME_COLOURS,
        legend: true,
        tickFormat: (p: string) => enumLabel(t, "programme", p),
      },
      marks: [
        Plot.barY(rows, {
          x: "year",
          y: "deals",
          fill: "programme",
          title: (r: Kpis["dealsByProgrammeYear"][number]) =>
            `${t("kpis.fiscalYear", { year: r.year })} ${enumLabel(t, "programme", r.programme)}: ${r.deals}`,
        }),
        Plot.ruleY([0]),
      ],
    }),
    [rows, years, maxDeals, t],
  );

  return (
    <ChartSection
      id="chart-deals"
      title={t("kpis.charts.deals.title")}
      definition={t("kpis.charts.deals.definition")}
      empty={rows.length === 0}
      chart={() => <PlotChart build={build} label={t("kpis.charts.deals.title")} />}
      table={
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("kpis.year")}</th>
              <th scope="col">{t("seed.fields.programme")}</th>
              <th scope="col" className="num">
                {t("kpis.dealsAxis")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.year}-${r.programme}`}>
                <td>{t("kpis.fiscalYear", { year: r.year })}</td>
                <td>{enumLabel(t, "programme", r.programme)}</td>
                <td className="num">{formatNumber(r.deals, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

const stageOrder = (rows: { stage: string }[]) =>
  STAGES.filter((stage) => rows.some((r) => r.stage === stage)) as string[];

function FunnelChart({ kpis }: { kpis: Kpis }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const rows = kpis.funnel;

  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => {
      const label = (r: Kpis["funnel"][number]) =>
        r.conversion === null ? String(r.reached) : `${r.reached}  (${formatPercent(r.conversion, lang)})`;
      return {
        width: Math.max(available, 480),
        height: 40 + rows.length * 30,
        marginLeft: 180,
        marginRight: 110,
        style: { fontSize: "12px", fontFamily: "inherit" },
        x: { grid: true, label: t("kpis.seedsAxis") },
        y: { domain: stageOrder(rows), label: null, tickFormat: (s: string) => enumLabel(t, "stage", s) },
        marks: [
          Plot.barX(rows, { x: "reached", y: "stage", fill: BAR_COLOUR, inset: 3 }),
          Plot.text(rows, { x: "reached", y: "stage", text: label, dx: 6, textAnchor: "start" }),
          Plot.ruleX([0]),
        ],
      };
    },
    [rows, t, lang],
  );

  return (
    <ChartSection
      id="chart-funnel"
      title={t("kpis.charts.funnel.title")}
      definition={t("kpis.charts.funnel.definition")}
      empty={rows.length === 0}
      chart={() => <PlotChart build={build} label={t("kpis.charts.funnel.title")} />}
      table={
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("seed.fields.stage")}</th>
              <th scope="col" className="num">
                {t("kpis.reached")}
              </th>
              <th scope="col" className="num">
                {t("kpis.conversion")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.stage} data-testid="funnel-row">
                <td>{enumLabel(t, "stage", r.stage)}</td>
                <td className="num">{formatNumber(r.reached, lang)}</td>
                <td className="num">{r.conversion === null ? "—" : formatPercent(r.conversion, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function TimeInStageChart({ kpis }: { kpis: Kpis }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const rows = kpis.timeInStage;
  const measured = useMemo(() => rows.filter((r) => r.medianDays !== null), [rows]);

  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => ({
      width: Math.max(available, 480),
      height: 40 + measured.length * 30,
      marginLeft: 180,
      marginRight: 110,
      style: { fontSize: "12px", fontFamily: "inherit" },
      x: { grid: true, label: t("kpis.daysAxis") },
      y: { domain: stageOrder(measured), label: null, tickFormat: (s: string) => enumLabel(t, "stage", s) },
      marks: [
        Plot.barX(measured, { x: "medianDays", y: "stage", fill: "#2f8f6b", inset: 3 }),
        Plot.text(measured, {
          x: "medianDays",
          y: "stage",
          text: (r: Kpis["timeInStage"][number]) =>
            t("kpis.daysLabel", { days: formatNumber(r.medianDays ?? 0, lang), n: r.n }),
          dx: 6,
          textAnchor: "start",
        }),
        Plot.ruleX([0]),
      ],
    }),
    [measured, t, lang],
  );

  return (
    <ChartSection
      id="chart-time-in-stage"
      title={t("kpis.charts.timeInStage.title")}
      definition={t("kpis.charts.timeInStage.definition")}
      empty={measured.length === 0}
      chart={() => <PlotChart build={build} label={t("kpis.charts.timeInStage.title")} />}
      table={
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("seed.fields.stage")}</th>
              <th scope="col" className="num">
                {t("kpis.medianDays")}
              </th>
              <th scope="col" className="num">
                {t("kpis.n")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.stage}>
                <td>{enumLabel(t, "stage", r.stage)}</td>
                <td className="num">{r.medianDays === null ? "—" : formatNumber(r.medianDays, lang)}</td>
                <td className="num">{formatNumber(r.n, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
