import type { PlotOptions } from "@observablehq/plot";
import { useCallback, useId, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { StageAttrition } from "../../api.ts";
import { PlotChart, type PlotLibrary } from "../../components/PlotChart.tsx";
import { formatNumber } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { stageLabel } from "./labels.ts";

const IN_COLOUR = "#c9cee6";
const OUT_COLOUR = "#2e3a87";

/**
 * The funnel: how many molecules entered and left each stage (a bar chart), and why the others stopped
 * (the engine's reasons, as it wrote them, with counts).
 */
export function Funnel({ attrition }: { attrition: StageAttrition[] }) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  const rows = useMemo(() => attrition.map((a) => ({ ...a, label: stageLabel(t, a.stage) })), [attrition, t]);

  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => ({
      width: Math.max(available, 360),
      height: 48 + rows.length * 44,
      marginLeft: 110,
      marginRight: 90,
      style: { fontSize: "12px", fontFamily: "inherit" },
      x: { grid: true, label: t("screen.funnel.molecules") },
      y: { domain: rows.map((r) => r.label), label: null },
      marks: [
        Plot.barX(rows, { x: "in", y: "label", fill: IN_COLOUR }),
        Plot.barX(rows, { x: "out", y: "label", fill: OUT_COLOUR }),
        Plot.text(rows, {
          x: "in",
          y: "label",
          dx: 6,
          textAnchor: "start",
          text: (r: (typeof rows)[number]) => `${formatNumber(r.in, lang)} → ${formatNumber(r.out, lang)}`,
        }),
        Plot.ruleX([0]),
      ],
    }),
    [rows, t, lang],
  );

  return (
    <section aria-labelledby={`${id}-title`} data-testid="screen-funnel">
      <h2 id={`${id}-title`} className="subsection-title" data-testid="screen-funnel-title">
        {t("screen.funnel.title")}
      </h2>
      <p className="muted small">{t("screen.funnel.intro")}</p>
      <PlotChart build={build} label={t("screen.funnel.chartLabel")} testId="screen-funnel-chart" />
      <div className="table-wrap">
        <table className="table" data-testid="screen-funnel-table">
          <thead>
            <tr>
              <th scope="col">{t("screen.funnel.stage")}</th>
              <th scope="col" className="num">
                {t("screen.funnel.in")}
              </th>
              <th scope="col" className="num">
                {t("screen.funnel.out")}
              </th>
              <th scope="col">{t("screen.funnel.reasons")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const reasons = Object.entries(row.reasons).filter(([, n]) => n > 0);
              return (
                <tr key={row.stage} data-testid={`funnel-row-${row.stage}`}>
                  <th scope="row">{row.label}</th>
                  <td className="num" data-testid="funnel-in">
                    {formatNumber(row.in, lang)}
                  </td>
                  <td className="num" data-testid="funnel-out">
                    {formatNumber(row.out, lang)}
                  </td>
                  <td>
                    {reasons.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <ul className="reasons funnel-reasons">
                        {reasons.map(([why, n]) => (
                          <li key={why}>
                            <span lang="en">{why}</span>: {formatNumber(n, lang)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
