import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  JP_STATUSES,
  lagMedicinesCsvUrl,
  listLagMedicines,
  type MedicineQuery,
  type MedicineSort,
} from "../../api.ts";
import { Empty, ErrorAlert, Loading } from "../../components/Status.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { hrefs, replaceHash } from "../../router.ts";
import { useAsync } from "../../useAsync.ts";
import { useDebounced } from "../../useDebounced.ts";
import { AREA_CODES, areaLabel } from "./labels.ts";
import { MedicineTable } from "./MedicineTable.tsx";
import { PAGE_SIZE, Pager, ResultCount } from "./Pager.tsx";

const FILTERS = ["q", "area", "status", "orphan", "from", "to", "sort"] as const;
type FilterName = (typeof FILTERS)[number];
type Filters = Record<FilterName, string>;
const SORTS: readonly MedicineSort[] = ["first", "-lag", "lag", "name"];
const YEAR = /^\d{4}$/;

function filtersFrom(params: URLSearchParams): Filters {
  const out = {} as Filters;
  for (const name of FILTERS) out[name] = params.get(name) ?? "";
  return out;
}

/** The medicines' table: search, filters and sort in the address (#/lag/medicines?…), 50 a page. */
export function Medicines({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const ids = useId();
  const lang = currentLanguage();
  const [filters, setFilters] = useState<Filters>(() => filtersFrom(params));
  const [offset, setOffset] = useState(() => Math.max(0, Number(params.get("offset")) || 0));

  const q = useDebounced(filters.q).trim();
  const from = useDebounced(filters.from).trim();
  const to = useDebounced(filters.to).trim();
  const { area, status, orphan, sort } = filters;
  const query = useMemo<MedicineQuery>(
    () => ({
      q: q || undefined,
      area: area || undefined,
      status: status || undefined,
      orphan: orphan || undefined,
      from: YEAR.test(from) ? from : undefined,
      to: YEAR.test(to) ? to : undefined,
      sort: SORTS.includes(sort as MedicineSort) ? (sort as MedicineSort) : undefined,
    }),
    [q, area, status, orphan, from, to, sort],
  );

  useEffect(() => {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) next.set(key, String(value));
    if (offset > 0) next.set("offset", String(offset));
    replaceHash(hrefs.lag("medicines", next));
  }, [query, offset]);

  const load = useCallback(() => listLagMedicines({ ...query, limit: PAGE_SIZE, offset }), [query, offset]);
  const { state, pending } = useAsync(load);

  function update(name: FilterName, value: string) {
    setFilters((prev) => ({ ...prev, [name]: value }));
    setOffset(0);
  }

  return (
    <div className="stack" data-testid="lag-medicines">
      <search className="card filters" aria-label={t("lag.filters")}>
        <div className="field field-wide">
          <label htmlFor={`${ids}-q`}>{t("lag.search")}</label>
          <input
            id={`${ids}-q`}
            type="search"
            value={filters.q}
            placeholder={t("lag.searchPlaceholder")}
            onChange={(event) => update("q", event.target.value)}
            data-testid="lag-search"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-area`}>{t("lag.columns.area")}</label>
          <select
            id={`${ids}-area`}
            value={filters.area}
            onChange={(event) => update("area", event.target.value)}
            data-testid="lag-filter-area"
          >
            <option value="">{t("seeds.all")}</option>
            {AREA_CODES.map((code) => (
              <option key={code} value={code}>
                {areaLabel(t, code, undefined, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-status`}>{t("lag.columns.status")}</label>
          <select
            id={`${ids}-status`}
            value={filters.status}
            onChange={(event) => update("status", event.target.value)}
            data-testid="lag-filter-status"
          >
            <option value="">{t("seeds.all")}</option>
            {JP_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`lag.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-orphan`}>{t("lag.columns.orphan")}</label>
          <select
            id={`${ids}-orphan`}
            value={filters.orphan}
            onChange={(event) => update("orphan", event.target.value)}
            data-testid="lag-filter-orphan"
          >
            <option value="">{t("seeds.all")}</option>
            <option value="true">{t("lag.orphanOnly")}</option>
            <option value="false">{t("lag.nonOrphanOnly")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-from`}>{t("lag.from")}</label>
          <input
            id={`${ids}-from`}
            type="number"
            inputMode="numeric"
            min={1980}
            max={2100}
            step={1}
            value={filters.from}
            onChange={(event) => update("from", event.target.value)}
            data-testid="lag-filter-from"
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
            value={filters.to}
            onChange={(event) => update("to", event.target.value)}
            data-testid="lag-filter-to"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-sort`}>{t("lag.sort")}</label>
          <select
            id={`${ids}-sort`}
            value={filters.sort || "first"}
            onChange={(event) => update("sort", event.target.value === "first" ? "" : event.target.value)}
            data-testid="lag-sort"
          >
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`lag.sorts.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filters-actions">
          <a className="button" href={lagMedicinesCsvUrl(query)} download data-testid="lag-medicines-csv">
            {t("lag.csv")}
          </a>
        </div>
      </search>

      {state.status === "loading" && <Loading />}
      {state.status === "error" && <ErrorAlert error={state.error} />}
      {state.status === "ready" && (
        <section className="results" aria-busy={pending} aria-label={t("lag.tabs.medicines")}>
          <ResultCount
            total={state.data.total}
            offset={offset}
            shown={state.data.items.length}
            testId="lag-medicines-total"
          />
          {state.data.items.length === 0 ? (
            <Empty testId="lag-medicines-empty">{t("lag.noMedicines")}</Empty>
          ) : (
            <MedicineTable items={state.data.items} />
          )}
          <Pager
            total={state.data.total}
            offset={offset}
            pending={pending}
            onPage={setOffset}
            testId="lag-medicines-page"
          />
        </section>
      )}
    </div>
  );
}
