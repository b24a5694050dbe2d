import type * as PlotModule from "@observablehq/plot";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

export type PlotLibrary = typeof PlotModule;

interface PlotChartProps {
  /**
   * Builds the Observable Plot options from the library (loaded on first use, so pages without charts
   * stay small) and the width available. Memoise it: the chart is redrawn whenever it changes.
   */
  build: (Plot: PlotLibrary, width: number) => PlotModule.PlotOptions;
  /** What the chart shows, for screen readers (the figures are also given as a table or caption). */
  label: string;
  testId?: string;
}

/** Renders an Observable Plot chart. */
export function PlotChart({ build, label, testId }: PlotChartProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const [width, setWidth] = useState(0);

  // Redraw when the available width changes noticeably (window resized, sidebar…).
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const observer = new ResizeObserver((entries) => {
      const next = Math.round(entries[0]?.contentRect.width ?? 0);
      setWidth((prev) => (Math.abs(prev - next) > 24 ? next : prev));
    });
    observer.observe(container);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (width === 0) return;
    let current = true;
    let chart: Element | null = null;
    import("@observablehq/plot").then(
      (Plot) => {
        const container = ref.current;
        if (!current || !container) return;
        chart = Plot.plot({ ariaLabel: label, ...build(Plot, width) });
        container.replaceChildren(chart);
      },
      () => {
        if (current) setFailed(true);
      },
    );
    return () => {
      current = false;
      chart?.remove();
    };
  }, [build, label, width]);

  if (failed) return <p className="muted small">{t("errors.chart")}</p>;
  return <div className="chart" ref={ref} role="img" aria-label={label} data-testid={testId} />;
}
