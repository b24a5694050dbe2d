import type { PlotOptions } from "@observablehq/plot";
import { type MouseEvent, type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";
import type { LagDefinition } from "../../api.ts";
import { PlotChart, type PlotLibrary } from "../../components/PlotChart.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { localText } from "./labels.ts";

interface FigureSectionProps {
  testId: string;
  title: string;
  definition: LagDefinition | null;
  csvHref: string | null;
  /** controls of this figure alone (e.g. the year basis) */
  controls?: ReactNode;
  children: ReactNode;
}

/** A figure with its definition (as the server computes it) and the CSV of its numbers and lists. */
export function FigureSection({
  testId,
  title,
  definition,
  csvHref,
  controls,
  children,
}: FigureSectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  return (
    <section className="card lag-figure" aria-labelledby={`${id}-title`} data-testid={testId}>
      <div className="lag-figure-head">
        <h2 id={`${id}-title`} className="section-title">
          {title}
        </h2>
        {csvHref && (
          <a className="button button-small" href={csvHref} download data-testid={`${testId}-csv`}>
            {t("lag.csv")}
          </a>
        )}
      </div>
      {definition && (
        <details
          className="lag-definition"
          data-testid={`${testId}-definition`}
          data-definition-id={definition.id}
        >
          <summary>{t("lag.definition")}</summary>
          <p>{localText(definition, lang)}</p>
        </details>
      )}
      {controls}
      {children}
    </section>
  );
}

interface PickableChartProps<T> {
  build: (Plot: PlotLibrary, width: number) => PlotOptions;
  label: string;
  testId: string;
  /** called with the datum under the pointer when the chart is clicked (marks with a pointer transform) */
  onPick: (datum: T) => void;
}

/**
 * A chart whose points open their medicines on click: Observable Plot's pointer transform sets the
 * chart's `value` to the datum under the pointer. The table beside it offers the same by keyboard.
 */
export function PickableChart<T>({ build, label, testId, onPick }: PickableChartProps<T>) {
  function handleClick(event: MouseEvent<HTMLDivElement>) {
    const root = event.currentTarget.querySelector(".chart")?.firstElementChild as
      | (Element & { value?: T | null })
      | null
      | undefined;
    if (root?.value) onPick(root.value);
  }
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a pointer shortcut; the table beside the chart has the same links as buttons.
    // biome-ignore lint/a11y/useKeyWithClickEvents: as above, keyboard users use the table's buttons.
    <div className="lag-chart" onClick={handleClick}>
      <PlotChart build={build} label={label} testId={testId} />
    </div>
  );
}
