import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { LagFigureQuery, LagYearBasis } from "../../api.ts";
import { hrefs, replaceHash } from "../../router.ts";
import { useDebounced } from "../../useDebounced.ts";
import { LagByArea, LagByYear } from "./LagFigures.tsx";
import { LossShare, OrphanTable } from "./LossFigures.tsx";
import { MedicinesPanel, type Selection } from "./MedicinesPanel.tsx";

const YEAR = /^\d{4}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A year as the API takes it, or undefined while the input is empty or half typed. */
const yearParam = (value: string) => (YEAR.test(value.trim()) ? value.trim() : undefined);

/**
 * The figures: drug lag by year and by therapeutic area, the drug-loss share by year, orphan against
 * non-orphan. The range (years of the first US/EU approval) and the drug-loss cut-off apply to all of them;
 * every number opens the medicines behind it in a panel under its figure.
 */
export function Dashboard({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const ids = useId();
  const [from, setFrom] = useState(() => params.get("from") ?? "");
  const [to, setTo] = useState(() => params.get("to") ?? "");
  const [cutoff, setCutoff] = useState(() => params.get("cutoff") ?? "");
  const [basis, setBasis] = useState<LagYearBasis>(() =>
    params.get("basis") === "first-us-eu-approval" ? "first-us-eu-approval" : "jp-approval",
  );
  const [selection, setSelection] = useState<(Selection & { key: number }) | null>(null);

  const fromYear = yearParam(useDebounced(from));
  const toYear = yearParam(useDebounced(to));
  const cutoffDate = DATE.test(cutoff) ? cutoff : undefined;
  const query = useMemo<LagFigureQuery>(
    () => ({ from: fromYear, to: toYear, cutoff: cutoffDate }),
    [fromYear, toYear, cutoffDate],
  );

  useEffect(() => {
    const next = new URLSearchParams();
    if (query.from) next.set("from", String(query.from));
    if (query.to) next.set("to", String(query.to));
    if (query.cutoff) next.set("cutoff", query.cutoff);
    if (basis !== "jp-approval") next.set("basis", basis);
    replaceHash(hrefs.lag("dashboard", next));
  }, [query, basis]);

  // New parameters change the figures: a list picked from the old ones is closed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query and basis are the triggers.
  useEffect(() => setSelection(null), [query, basis]);

  const select = useCallback(
    (next: Selection) => setSelection((prev) => ({ ...next, key: (prev?.key ?? 0) + 1 })),
    [],
  );
  const close = useCallback(() => setSelection(null), []);
  const panel = useCallback(
    (figure: string) =>
      selection?.figure === figure ? (
        <MedicinesPanel key={selection.key} selection={selection} onClose={close} />
      ) : null,
    [selection, close],
  );

  const invalidRange = fromYear !== undefined && toYear !== undefined && Number(fromYear) > Number(toYear);

  return (
    <div className="stack" data-testid="lag-dashboard">
      <form
        className="card filters"
        aria-label={t("lag.filters")}
        onSubmit={(event) => event.preventDefault()}
      >
        <div className="field">
          <label htmlFor={`${ids}-from`}>{t("lag.from")}</label>
          <input
            id={`${ids}-from`}
            type="number"
            inputMode="numeric"
            min={1980}
            max={2100}
            step={1}
            value={from}
            placeholder="2010"
            onChange={(event) => setFrom(event.target.value)}
            aria-invalid={invalidRange || undefined}
            data-testid="lag-from"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-to`}>{t("lag.to")}</label>
          <input
            id={`${ids}-to`}
            type="number"
            inputMode="numeric"
            min={1980}
            max={2100}
            step={1}
            value={to}
            placeholder="2024"
            onChange={(event) => setTo(event.target.value)}
            aria-invalid={invalidRange || undefined}
            data-testid="lag-to"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-cutoff`}>{t("lag.cutoff")}</label>
          <input
            id={`${ids}-cutoff`}
            type="date"
            value={cutoff}
            onChange={(event) => setCutoff(event.target.value)}
            data-testid="lag-cutoff"
          />
        </div>
        <p className="muted small filters-note">{t("lag.filtersNote")}</p>
        {invalidRange && (
          <p className="field-error" role="alert" data-testid="lag-range-error">
            {t("lag.rangeError")}
          </p>
        )}
      </form>

      <LagByYear query={query} basis={basis} onBasis={setBasis} onSelect={select} panel={panel} />
      <LagByArea query={query} onSelect={select} panel={panel} />
      <LossShare query={query} onSelect={select} panel={panel} />
      <OrphanTable query={query} onSelect={select} panel={panel} />
    </div>
  );
}
