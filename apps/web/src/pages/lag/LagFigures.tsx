import type { PlotOptions } from "@observablehq/plot";
import { type ReactNode, useCallback, useId } from "react";
import { useTranslation } from "react-i18next";
import {
  getLagByArea,
  getLagByYear,
  type LagFigure,
  type LagFigureQuery,
  type LagGroup,
  type LagYearBasis,
  lagFigureCsvUrl,
} from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import type { PlotLibrary } from "../../components/PlotChart.tsx";
import { Empty } from "../../components/Status.tsx";
import { formatNumber } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useAsync } from "../../useAsync.ts";
import { FigureSection, PickableChart } from "./Figure.tsx";
import { areaLabel, formatLag, formatMonths, yearAxis } from "./labels.ts";
import type { Selection } from "./MedicinesPanel.tsx";

export const LAG_COLOUR = "#3a48a0";
const IQR_COLOUR = "#8f98cf";
const FONT = { fontSize: "12px", fontFamily: "inherit" };

const BASES: readonly LagYearBasis[] = ["jp-approval", "first-us-eu-approval"];

/** Groups with a median (n > 0), for the marks. */
const measured = (groups: readonly LagGroup[]) =>
  groups.filter((g) => g.median !== null && g.q1 !== null && g.q3 !== null);

interface FigureProps {
  query: LagFigureQuery;
  onSelect: (selection: Selection) => void;
  /** the panel of the medicines picked in this figure, if any */
  panel: (figure: string) => ReactNode;
}

/** Median lag with its interquartile range per year (of the Japanese or of the first US/EU approval). */
export function LagByYear({
  query,
  basis,
  onBasis,
  onSelect,
  panel,
}: FigureProps & { basis: LagYearBasis; onBasis: (basis: LagYearBasis) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const { from, to } = query;
  const load = useCallback(() => getLagByYear({ basis, from, to }), [basis, from, to]);
  const { state, pending } = useAsync(load);
  const definition = state.status === "ready" ? state.data.definition : null;

  const select = (g: LagGroup) =>
    onSelect({
      figure: "by-year",
      title:
        g.group === "all"
          ? t("lag.byYear.overallPanelTitle", { count: g.n })
          : t("lag.byYear.panelTitle", { year: g.group, basis: t(`lag.basis.${basis}`), count: g.n }),
      ids: g.ids,
    });

  return (
    <FigureSection
      testId="lag-by-year"
      title={t("lag.byYear.title")}
      definition={definition}
      csvHref={lagFigureCsvUrl({ analysis: "lag", by: "year", basis }, { from, to })}
      controls={
        <div className="field lag-inline-field">
          <label htmlFor={`${id}-basis`}>{t("lag.byYear.basis")}</label>
          <select
            id={`${id}-basis`}
            value={basis}
            onChange={(event) => onBasis(event.target.value as LagYearBasis)}
            data-testid="lag-basis"
          >
            {BASES.map((b) => (
              <option key={b} value={b}>
                {t(`lag.basis.${b}`)}
              </option>
            ))}
          </select>
        </div>
      }
    >
      <AsyncView state={state}>
        {(figure) =>
          figure.groups.length === 0 ? (
            <Empty testId="lag-by-year-empty">{t("lag.noData")}</Empty>
          ) : (
            <div aria-busy={pending}>
              <div className="lag-figure-body">
                <YearChart figure={figure} basis={basis} onPick={select} />
                <YearTable figure={figure} onPick={select} />
              </div>
              {panel("by-year")}
            </div>
          )
        }
      </AsyncView>
    </FigureSection>
  );
}

function YearChart({
  figure,
  basis,
  onPick,
}: {
  figure: LagFigure;
  basis: LagYearBasis;
  onPick: (g: LagGroup) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => {
      const shown = measured(figure.groups);
      const nOf = new Map(figure.groups.map((g) => [g.group, g.n]));
      const years = yearAxis(
        figure.groups.map((g) => g.group),
        nOf,
        t(`lag.basis.${basis}`),
      );
      return {
        width: Math.max(available, 360),
        height: 240 + years.marginBottom,
        marginLeft: 52,
        marginBottom: years.marginBottom,
        style: FONT,
        x: years.axis,
        y: { grid: true, label: t("lag.axis.lagMonths") },
        marks: [
          Plot.ruleY([0]),
          Plot.ruleX(shown, { x: "group", y1: "q1", y2: "q3", stroke: IQR_COLOUR, strokeWidth: 5 }),
          Plot.dot(shown, { x: "group", y: "median", fill: LAG_COLOUR, r: 4 }),
          Plot.tip(
            shown,
            Plot.pointerX({
              x: "group",
              y: "median",
              title: (g: LagGroup) =>
                t("lag.tip.lag", {
                  group: g.group,
                  n: g.n,
                  median: formatMonths(g.median, lang),
                  q1: formatMonths(g.q1, lang),
                  q3: formatMonths(g.q3, lang),
                }),
            }),
          ),
        ],
      };
    },
    [figure, basis, t, lang],
  );
  return (
    <figure className="figure lag-chart-cell">
      <PickableChart
        build={build}
        label={t("lag.byYear.chartLabel")}
        testId="lag-by-year-chart"
        onPick={onPick}
      />
      <figcaption className="muted small">{t("lag.byYear.caption")}</figcaption>
    </figure>
  );
}

function YearTable({ figure, onPick }: { figure: LagFigure; onPick: (g: LagGroup) => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <div className="table-wrap lag-side-table">
      <table className="table" data-testid="lag-by-year-table">
        <thead>
          <tr>
            <th scope="col">{t("lag.columns.year")}</th>
            <th scope="col" className="num">
              n
            </th>
            <th scope="col" className="num">
              {t("lag.columns.median")}
            </th>
            <th scope="col" className="num">
              Q1
            </th>
            <th scope="col" className="num">
              Q3
            </th>
          </tr>
        </thead>
        <tbody>
          {figure.groups.map((g) => (
            <tr key={g.group} data-testid="lag-year-row" data-year={g.group} data-n={g.n}>
              <th scope="row" className="nowrap">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onPick(g)}
                  data-testid="lag-year"
                >
                  {g.group}
                </button>
              </th>
              <td className="num">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onPick(g)}
                  aria-label={t("lag.showMedicines", { count: g.n, group: g.group })}
                  data-testid="lag-year-n"
                >
                  {formatNumber(g.n, lang)}
                </button>
              </td>
              <td className="num">{formatMonths(g.median, lang)}</td>
              <td className="num">{formatMonths(g.q1, lang)}</td>
              <td className="num">{formatMonths(g.q3, lang)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="lag-year-overall">
            <th scope="row" className="nowrap">
              {t("lag.overall")}
            </th>
            <td className="num">
              <button
                type="button"
                className="link-button"
                onClick={() => onPick(figure.overall)}
                data-testid="lag-year-overall-n"
              >
                {formatNumber(figure.overall.n, lang)}
              </button>
            </td>
            <td className="num">{formatMonths(figure.overall.median, lang)}</td>
            <td className="num">{formatMonths(figure.overall.q1, lang)}</td>
            <td className="num">{formatMonths(figure.overall.q3, lang)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="muted small">{t("lag.monthsNote")}</p>
    </div>
  );
}

/** Median lag with its interquartile range per therapeutic area (ATC level 1). */
export function LagByArea({ query, onSelect, panel }: FigureProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { from, to } = query;
  const load = useCallback(() => getLagByArea({ from, to }), [from, to]);
  const { state, pending } = useAsync(load);
  const definition = state.status === "ready" ? state.data.definition : null;

  const select = (g: LagGroup) =>
    onSelect({
      figure: "by-area",
      title: t("lag.byArea.panelTitle", { area: areaLabel(t, g.group, g.label, lang), count: g.n }),
      ids: g.ids,
    });

  return (
    <FigureSection
      testId="lag-by-area"
      title={t("lag.byArea.title")}
      definition={definition}
      csvHref={lagFigureCsvUrl({ analysis: "lag", by: "area" }, { from, to })}
    >
      <AsyncView state={state}>
        {(figure) =>
          figure.groups.length === 0 ? (
            <Empty testId="lag-by-area-empty">{t("lag.noData")}</Empty>
          ) : (
            <div aria-busy={pending}>
              <div className="lag-figure-body">
                <AreaChart figure={figure} onPick={select} />
                <AreaTable figure={figure} onPick={select} />
              </div>
              {panel("by-area")}
            </div>
          )
        }
      </AsyncView>
    </FigureSection>
  );
}

const shorten = (text: string, max = 26) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function AreaChart({ figure, onPick }: { figure: LagFigure; onPick: (g: LagGroup) => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => {
      const shown = measured(figure.groups);
      const labelOf = new Map(figure.groups.map((g) => [g.group, areaLabel(t, g.group, g.label, lang)]));
      return {
        width: Math.max(available, 360),
        height: 40 + figure.groups.length * 28,
        marginLeft: lang === "ja" ? 210 : 230,
        marginRight: 56,
        style: FONT,
        x: { grid: true, label: t("lag.axis.medianMonths") },
        y: {
          domain: figure.groups.map((g) => g.group),
          label: null,
          tickFormat: (code: string) => shorten(labelOf.get(code) ?? code),
        },
        marks: [
          Plot.barX(shown, { x: "median", y: "group", fill: LAG_COLOUR, fillOpacity: 0.75, inset: 4 }),
          Plot.ruleY(shown, { y: "group", x1: "q1", x2: "q3", stroke: "#1b2260", strokeWidth: 1.5 }),
          Plot.text(figure.groups, {
            x: (g: LagGroup) => Math.max(g.q3 ?? 0, g.median ?? 0, 0),
            y: "group",
            text: (g: LagGroup) => `n=${g.n}`,
            dx: 6,
            textAnchor: "start",
          }),
          Plot.ruleX([0]),
          Plot.tip(
            shown,
            Plot.pointerY({
              x: "median",
              y: "group",
              title: (g: LagGroup) =>
                t("lag.tip.lag", {
                  group: labelOf.get(g.group) ?? g.group,
                  n: g.n,
                  median: formatMonths(g.median, lang),
                  q1: formatMonths(g.q1, lang),
                  q3: formatMonths(g.q3, lang),
                }),
            }),
          ),
        ],
      };
    },
    [figure, t, lang],
  );
  return (
    <figure className="figure lag-chart-cell">
      <PickableChart
        build={build}
        label={t("lag.byArea.chartLabel")}
        testId="lag-by-area-chart"
        onPick={onPick}
      />
      <figcaption className="muted small">{t("lag.byArea.caption")}</figcaption>
    </figure>
  );
}

function AreaTable({ figure, onPick }: { figure: LagFigure; onPick: (g: LagGroup) => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <div className="table-wrap lag-side-table">
      <table className="table" data-testid="lag-by-area-table">
        <thead>
          <tr>
            <th scope="col">{t("lag.columns.area")}</th>
            <th scope="col" className="num">
              n
            </th>
            <th scope="col" className="num">
              {t("lag.columns.median")}
            </th>
            <th scope="col" className="num">
              {t("lag.columns.iqr")}
            </th>
          </tr>
        </thead>
        <tbody>
          {figure.groups.map((g) => (
            <tr key={g.group} data-testid="lag-area-row" data-area={g.group}>
              <th scope="row" className="small">
                {areaLabel(t, g.group, g.label, lang)}
              </th>
              <td className="num">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onPick(g)}
                  aria-label={t("lag.showMedicines", {
                    count: g.n,
                    group: areaLabel(t, g.group, g.label, lang),
                  })}
                  data-testid="lag-area-n"
                >
                  {formatNumber(g.n, lang)}
                </button>
              </td>
              <td className="num">{formatMonths(g.median, lang)}</td>
              <td className="num nowrap">
                {g.q1 === null || g.q3 === null
                  ? "—"
                  : `${formatMonths(g.q1, lang)}–${formatMonths(g.q3, lang)}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        {t("lag.overallLine", {
          n: formatNumber(figure.overall.n, lang),
          median: formatLag(t, figure.overall.median, lang),
        })}
      </p>
    </div>
  );
}
