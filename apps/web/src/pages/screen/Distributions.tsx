import type { PlotOptions, RectYOptions } from "@observablehq/plot";
import { useCallback, useId, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { ScreenHit } from "../../api.ts";
import { PlotChart, type PlotLibrary } from "../../components/PlotChart.tsx";

const FILL = "#3a48a0";

/** Histograms of the hits' similarity to the known actives and of their Vina scores (where docked). */
export function Distributions({ hits }: { hits: ScreenHit[] }) {
  const { t } = useTranslation();
  const id = useId();
  const similarities = useMemo(() => hits.flatMap((h) => (h.similarity ? [h.similarity.value] : [])), [hits]);
  const scores = useMemo(() => hits.flatMap((h) => (h.docking ? [h.docking.score] : [])), [hits]);
  if (similarities.length === 0 && scores.length === 0) return null;

  return (
    <section aria-labelledby={`${id}-title`} data-testid="screen-distributions">
      <h2 id={`${id}-title`} className="subsection-title">
        {t("screen.distributions.title")}
      </h2>
      <div className="chart-pair">
        {similarities.length > 0 && (
          <Histogram
            values={similarities}
            label={t("screen.distributions.similarity")}
            chartLabel={t("screen.distributions.similarityLabel", { n: similarities.length })}
            testId="screen-similarity-histogram"
          />
        )}
        {scores.length > 0 && (
          <Histogram
            values={scores}
            label={t("screen.distributions.vina")}
            chartLabel={t("screen.distributions.vinaLabel", { n: scores.length })}
            testId="screen-vina-histogram"
          />
        )}
      </div>
    </section>
  );
}

interface HistogramProps {
  values: number[];
  label: string;
  chartLabel: string;
  testId: string;
}

function Histogram({ values, label, chartLabel, testId }: HistogramProps) {
  const { t } = useTranslation();
  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => ({
      width: Math.max(Math.min(available, 560), 280),
      height: 220,
      marginLeft: 44,
      style: { fontSize: "12px", fontFamily: "inherit" },
      x: { label },
      y: { grid: true, label: t("screen.distributions.count") },
      marks: [
        Plot.rectY(
          values,
          Plot.binX<RectYOptions>({ y: "count" }, { x: (v: number) => v, fill: FILL, inset: 1 }),
        ),
        Plot.ruleY([0]),
      ],
    }),
    [values, label, t],
  );
  return (
    <figure className="figure">
      <PlotChart build={build} label={chartLabel} testId={testId} />
      <figcaption className="muted small">{chartLabel}</figcaption>
    </figure>
  );
}
