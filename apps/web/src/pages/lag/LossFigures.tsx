import type { PlotOptions } from "@observablehq/plot";
import { type ReactNode, useCallback } from "react";
import { useTranslation } from "react-i18next";
import {
  getLossShare,
  getOrphanComparison,
  type LagFigureQuery,
  type LagGroup,
  type LossFigure,
  type LossGroup,
  lagFigureCsvUrl,
  type OrphanComparison,
  type OrphanSide,
} from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import type { PlotLibrary } from "../../components/PlotChart.tsx";
import { Empty } from "../../components/Status.tsx";
import { formatNumber, formatPercent } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useAsync } from "../../useAsync.ts";
import { FigureSection, PickableChart } from "./Figure.tsx";
import { formatMonths, yearAxis } from "./labels.ts";
import type { Selection } from "./MedicinesPanel.tsx";

const LOSS_COLOUR = "#a3192b";
const FONT = { fontSize: "12px", fontFamily: "inherit" };

interface FigureProps {
  query: LagFigureQuery;
  onSelect: (selection: Selection) => void;
  panel: (figure: string) => ReactNode;
}

const share = (value: number | null, lang: ReturnType<typeof currentLanguage>) =>
  value === null ? "—" : formatPercent(value, lang);

/** The drug-loss share by year of the first US/EU approval, with the medicines not approved in Japan. */
export function LossShare({ query, onSelect, panel }: FigureProps) {
  const { t } = useTranslation();
  const { from, to, cutoff } = query;
  const load = useCallback(() => getLossShare({ from, to, cutoff }), [from, to, cutoff]);
  const { state, pending } = useAsync(load);
  const definition = state.status === "ready" ? state.data.definition : null;

  const select = (g: LossGroup, which: "all" | "notApproved") =>
    onSelect({
      figure: "loss",
      title: t(which === "all" ? "lag.loss.panelAll" : "lag.loss.panelNotApproved", {
        year: g.group === "all" ? t("lag.overall") : g.group,
        count: which === "all" ? g.n : g.notApproved,
      }),
      ids: which === "all" ? g.ids : g.notApprovedIds,
    });

  return (
    <FigureSection
      testId="lag-loss"
      title={t("lag.loss.title")}
      definition={definition}
      csvHref={lagFigureCsvUrl({ analysis: "loss" }, { from, to, cutoff })}
    >
      <AsyncView state={state}>
        {(figure) => (
          <div aria-busy={pending}>
            <p className="muted small" data-testid="lag-loss-cohort">
              {t("lag.loss.cohort", { cutoff: figure.cutoff, from: figure.from, to: figure.to })}
            </p>
            {figure.groups.every((g) => g.n === 0) ? (
              <Empty testId="lag-loss-empty">{t("lag.noData")}</Empty>
            ) : (
              <div className="lag-figure-body">
                <LossChart figure={figure} onPick={(g) => select(g, "notApproved")} />
                <LossTable figure={figure} onPick={select} />
              </div>
            )}
            {panel("loss")}
          </div>
        )}
      </AsyncView>
    </FigureSection>
  );
}

interface SharePoint extends LossGroup {
  percent: number;
}

function LossChart({ figure, onPick }: { figure: LossFigure; onPick: (g: LossGroup) => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => {
      const points: SharePoint[] = figure.groups.flatMap((g) =>
        g.share === null ? [] : [{ ...g, percent: g.share * 100 }],
      );
      const nOf = new Map(figure.groups.map((g) => [g.group, g.n]));
      const years = yearAxis(
        figure.groups.map((g) => g.group),
        nOf,
        t("lag.basis.first-us-eu-approval"),
      );
      return {
        width: Math.max(available, 360),
        height: 220 + years.marginBottom,
        marginLeft: 52,
        marginBottom: years.marginBottom,
        style: FONT,
        x: years.axis,
        y: { grid: true, domain: [0, 100], label: t("lag.axis.lossPercent") },
        marks: [
          Plot.ruleY([0]),
          Plot.line(points, { x: "group", y: "percent", stroke: LOSS_COLOUR, strokeWidth: 2 }),
          Plot.dot(points, { x: "group", y: "percent", fill: LOSS_COLOUR, r: 4 }),
          Plot.tip(
            points,
            Plot.pointerX({
              x: "group",
              y: "percent",
              title: (g: SharePoint) =>
                t("lag.tip.loss", {
                  group: g.group,
                  n: g.n,
                  notApproved: g.notApproved,
                  share: share(g.share, lang),
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
      <PickableChart<SharePoint>
        build={build}
        label={t("lag.loss.chartLabel")}
        testId="lag-loss-chart"
        onPick={onPick}
      />
      <figcaption className="muted small">{t("lag.loss.caption")}</figcaption>
    </figure>
  );
}

function LossTable({
  figure,
  onPick,
}: {
  figure: LossFigure;
  onPick: (g: LossGroup, which: "all" | "notApproved") => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const development = figure.groups.some((g) => g.inDevelopment > 0);
  const row = (g: LossGroup, label: string, testId: string) => (
    <tr key={g.group} data-testid={testId} data-year={g.group}>
      <th scope="row" className="nowrap">
        <button type="button" className="link-button" onClick={() => onPick(g, "notApproved")}>
          {label}
        </button>
      </th>
      <td className="num">
        <button
          type="button"
          className="link-button"
          onClick={() => onPick(g, "all")}
          aria-label={t("lag.showMedicines", { count: g.n, group: label })}
          data-testid="lag-loss-n"
        >
          {formatNumber(g.n, lang)}
        </button>
      </td>
      <td className="num">
        <button
          type="button"
          className="link-button"
          onClick={() => onPick(g, "notApproved")}
          aria-label={t("lag.loss.showNotApproved", { count: g.notApproved, group: label })}
          data-testid="lag-loss-not-approved"
        >
          {formatNumber(g.notApproved, lang)}
        </button>
      </td>
      {development && <td className="num">{formatNumber(g.inDevelopment, lang)}</td>}
      <td className="num">{share(g.share, lang)}</td>
    </tr>
  );
  return (
    <div className="table-wrap lag-side-table">
      <table className="table" data-testid="lag-loss-table">
        <thead>
          <tr>
            <th scope="col">{t("lag.columns.year")}</th>
            <th scope="col" className="num">
              n
            </th>
            <th scope="col" className="num">
              {t("lag.columns.notApproved")}
            </th>
            {development && (
              <th scope="col" className="num">
                {t("lag.columns.inDevelopment")}
              </th>
            )}
            <th scope="col" className="num">
              {t("lag.columns.share")}
            </th>
          </tr>
        </thead>
        <tbody>{figure.groups.map((g) => row(g, g.group, "lag-loss-row"))}</tbody>
        <tfoot>{row(figure.overall, t("lag.overall"), "lag-loss-overall")}</tfoot>
      </table>
    </div>
  );
}

/** Orphan against non-orphan medicines: lag (median, IQR) and drug-loss share side by side. */
export function OrphanTable({ query, onSelect, panel }: FigureProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { from, to, cutoff } = query;
  const load = useCallback(() => getOrphanComparison({ from, to, cutoff }), [from, to, cutoff]);
  const { state, pending } = useAsync(load);
  const definition = state.status === "ready" ? state.data.definition : null;

  const pickLag = (label: string, g: LagGroup) =>
    onSelect({ figure: "orphan", title: t("lag.orphan.panelLag", { group: label, count: g.n }), ids: g.ids });
  const pickLoss = (label: string, g: LossGroup, which: "all" | "notApproved") =>
    onSelect({
      figure: "orphan",
      title: t(which === "all" ? "lag.orphan.panelCohort" : "lag.orphan.panelNotApproved", {
        group: label,
        count: which === "all" ? g.n : g.notApproved,
      }),
      ids: which === "all" ? g.ids : g.notApprovedIds,
    });

  const row = (side: OrphanSide, label: string, testId: string) => (
    <tr key={testId} data-testid={testId}>
      <th scope="row">{label}</th>
      <td className="num">
        <button
          type="button"
          className="link-button"
          onClick={() => pickLag(label, side.lag)}
          aria-label={t("lag.showMedicines", { count: side.lag.n, group: label })}
          data-testid="lag-orphan-lag-n"
        >
          {formatNumber(side.lag.n, lang)}
        </button>
      </td>
      <td className="num">{formatMonths(side.lag.median, lang)}</td>
      <td className="num nowrap">
        {side.lag.q1 === null || side.lag.q3 === null
          ? "—"
          : `${formatMonths(side.lag.q1, lang)}–${formatMonths(side.lag.q3, lang)}`}
      </td>
      <td className="num">
        <button
          type="button"
          className="link-button"
          onClick={() => pickLoss(label, side.loss, "all")}
          aria-label={t("lag.showMedicines", { count: side.loss.n, group: label })}
          data-testid="lag-orphan-loss-n"
        >
          {formatNumber(side.loss.n, lang)}
        </button>
      </td>
      <td className="num">
        <button
          type="button"
          className="link-button"
          onClick={() => pickLoss(label, side.loss, "notApproved")}
          aria-label={t("lag.loss.showNotApproved", { count: side.loss.notApproved, group: label })}
          data-testid="lag-orphan-not-approved"
        >
          {formatNumber(side.loss.notApproved, lang)}
        </button>
      </td>
      <td className="num">{share(side.loss.share, lang)}</td>
    </tr>
  );

  return (
    <FigureSection
      testId="lag-orphan"
      title={t("lag.orphan.title")}
      definition={definition}
      csvHref={lagFigureCsvUrl({ analysis: "orphan" }, { from, to, cutoff })}
    >
      <AsyncView state={state}>
        {(comparison: OrphanComparison) => (
          <div aria-busy={pending}>
            <div className="table-wrap">
              <table className="table lag-orphan-table" data-testid="lag-orphan-table">
                <thead>
                  <tr>
                    <td />
                    <th scope="colgroup" colSpan={3}>
                      {t("lag.orphan.lag")}
                    </th>
                    <th scope="colgroup" colSpan={3}>
                      {t("lag.orphan.loss", { cutoff: comparison.cutoff })}
                    </th>
                  </tr>
                  <tr>
                    <th scope="col">{t("lag.orphan.group")}</th>
                    <th scope="col" className="num">
                      n
                    </th>
                    <th scope="col" className="num">
                      {t("lag.columns.median")}
                    </th>
                    <th scope="col" className="num">
                      {t("lag.columns.iqr")}
                    </th>
                    <th scope="col" className="num">
                      n
                    </th>
                    <th scope="col" className="num">
                      {t("lag.columns.notApproved")}
                    </th>
                    <th scope="col" className="num">
                      {t("lag.columns.share")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {row(comparison.orphan, t("lag.orphan.orphan"), "lag-orphan-row-orphan")}
                  {row(comparison.nonOrphan, t("lag.orphan.nonOrphan"), "lag-orphan-row-non-orphan")}
                </tbody>
              </table>
            </div>
            <p className="muted small">{t("lag.monthsNote")}</p>
            {panel("orphan")}
          </div>
        )}
      </AsyncView>
    </FigureSection>
  );
}
