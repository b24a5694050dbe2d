import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { listOrganisations, listSeeds, type Organisation, type SeedSummary } from "../api.ts";
import { Badge } from "../components/Badge.tsx";
import { EnumSelect } from "../components/EnumSelect.tsx";
import { Empty, ErrorAlert, Loading } from "../components/Status.tsx";
import { enumLabel, organisationName, seedTitle } from "../display.ts";
import { currentLanguage } from "../i18n/index.ts";
import { hrefs, navigate, replaceHash } from "../router.ts";
import { useAsync } from "../useAsync.ts";
import { useDebounced } from "../useDebounced.ts";
import { usePageHeading } from "../usePageHeading.ts";

export const PAGE_SIZE = 50;

const FILTERS = ["q", "modality", "stage", "icd10", "organisationId", "programme"] as const;
type FilterName = (typeof FILTERS)[number];
type Filters = Record<FilterName, string>;

function filtersFrom(params: URLSearchParams): Filters {
  const out = {} as Filters;
  for (const name of FILTERS) out[name] = params.get(name) ?? "";
  return out;
}

function paramsFrom(filters: Filters, offset: number): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of FILTERS) if (filters[name].trim()) params.set(name, filters[name].trim());
  if (offset > 0) params.set("offset", String(offset));
  return params;
}

interface SeedListProps {
  /** The filters in the address (#/seeds?q=…), so that "back" from a seed returns to the same list. */
  params: URLSearchParams;
}

export function SeedList({ params }: SeedListProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const ids = useId();
  const headingRef = usePageHeading(t("seeds.title"));

  const [filters, setFilters] = useState<Filters>(() => filtersFrom(params));
  const [offset, setOffset] = useState(() => Math.max(0, Number(params.get("offset")) || 0));
  const [organisations, setOrganisations] = useState<Organisation[]>([]);

  // Typing waits a moment; the selects apply at once.
  const q = useDebounced(filters.q);
  const icd10 = useDebounced(filters.icd10);
  const { modality, stage, organisationId, programme } = filters;
  const query = useMemo<Filters>(
    () => ({ q, icd10, modality, stage, organisationId, programme }),
    [q, icd10, modality, stage, organisationId, programme],
  );

  useEffect(() => {
    let current = true;
    listOrganisations().then(
      (list) => {
        if (current) setOrganisations(list);
      },
      () => {
        // The organisation filter then offers only "all"; the list itself still works.
      },
    );
    return () => {
      current = false;
    };
  }, []);

  useEffect(() => {
    replaceHash(hrefs.seeds(paramsFrom(query, offset)));
  }, [query, offset]);

  const load = useCallback(
    () => listSeeds({ ...query, q: query.q.trim(), icd10: query.icd10.trim(), limit: PAGE_SIZE, offset }),
    [query, offset],
  );
  const { state, pending } = useAsync(load);

  function update(name: FilterName, value: string) {
    setFilters((prev) => ({ ...prev, [name]: value }));
    setOffset(0);
  }

  function clear() {
    setFilters(filtersFrom(new URLSearchParams()));
    setOffset(0);
  }

  const sortedOrganisations = useMemo(
    () =>
      [...organisations].sort((a, b) =>
        organisationName(a, lang).localeCompare(organisationName(b, lang), lang === "ja" ? "ja" : "en"),
      ),
    [organisations, lang],
  );

  const hasFilters = FILTERS.some((name) => filters[name].trim() !== "");

  return (
    <div className="page" data-testid="seed-list">
      <h1 className="page-title" ref={headingRef} tabIndex={-1}>
        {t("seeds.title")}
      </h1>
      <p className="muted lead">{t("seeds.intro")}</p>

      <search className="card filters" aria-label={t("seeds.filters")}>
        <div className="field field-wide">
          <label htmlFor={`${ids}-q`}>{t("seeds.search")}</label>
          <input
            id={`${ids}-q`}
            type="search"
            value={filters.q}
            placeholder={t("seeds.searchPlaceholder")}
            onChange={(event) => update("q", event.target.value)}
            data-testid="seed-search"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-modality`}>{t("seed.fields.modality")}</label>
          <EnumSelect
            id={`${ids}-modality`}
            namespace="modality"
            value={filters.modality}
            onChange={(value) => update("modality", value)}
            emptyLabel={t("seeds.all")}
            data-testid="filter-modality"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-stage`}>{t("seed.fields.stage")}</label>
          <EnumSelect
            id={`${ids}-stage`}
            namespace="stage"
            value={filters.stage}
            onChange={(value) => update("stage", value)}
            emptyLabel={t("seeds.all")}
            data-testid="filter-stage"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-icd10`}>{t("seeds.icd10Prefix")}</label>
          <input
            id={`${ids}-icd10`}
            type="text"
            value={filters.icd10}
            placeholder="C34"
            maxLength={8}
            autoCapitalize="characters"
            spellCheck={false}
            onChange={(event) => update("icd10", event.target.value)}
            data-testid="filter-icd10"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-org`}>{t("seed.fields.organisation")}</label>
          <select
            id={`${ids}-org`}
            value={filters.organisationId}
            onChange={(event) => update("organisationId", event.target.value)}
            data-testid="filter-organisation"
          >
            <option value="">{t("seeds.all")}</option>
            {sortedOrganisations.map((org) => (
              <option key={org.id} value={org.id}>
                {organisationName(org, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-programme`}>{t("seed.fields.programme")}</label>
          <EnumSelect
            id={`${ids}-programme`}
            namespace="programme"
            value={filters.programme}
            onChange={(value) => update("programme", value)}
            emptyLabel={t("seeds.all")}
            data-testid="filter-programme"
          />
        </div>
        <div className="filters-actions">
          <button
            type="button"
            className="button"
            onClick={clear}
            disabled={!hasFilters}
            data-testid="filter-clear"
          >
            {t("seeds.clear")}
          </button>
        </div>
      </search>

      {state.status === "loading" && <Loading />}
      {state.status === "error" && <ErrorAlert error={state.error} />}
      {state.status === "ready" && (
        <SeedResults
          items={state.data.items}
          total={state.data.total}
          offset={offset}
          pending={pending}
          onPage={setOffset}
        />
      )}
    </div>
  );
}

interface SeedResultsProps {
  items: SeedSummary[];
  total: number;
  offset: number;
  pending: boolean;
  onPage: (offset: number) => void;
}

function SeedResults({ items, total, offset, pending, onPage }: SeedResultsProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + items.length, total);

  return (
    <section className="results" aria-busy={pending} aria-label={t("seeds.results")}>
      <p className="result-count" role="status" data-testid="seed-total">
        {t("seeds.total", { count: total })}
        {total > 0 && <span className="muted"> {t("seeds.range", { first, last })}</span>}
      </p>
      {items.length === 0 ? (
        <Empty testId="seed-empty">{t("seeds.empty")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table seed-table">
            <thead>
              <tr>
                <th scope="col">{t("seed.fields.title")}</th>
                <th scope="col">{t("seed.fields.organisation")}</th>
                <th scope="col">{t("seed.fields.modality")}</th>
                <th scope="col">{t("seed.fields.stage")}</th>
                <th scope="col">{t("seeds.disease")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((seed) => (
                <tr
                  key={seed.id}
                  className="clickable-row"
                  data-testid="seed-row"
                  data-seed-id={seed.id}
                  onClick={(event) => {
                    // The title link handles its own clicks (and middle-clicks, new tabs…).
                    if ((event.target as HTMLElement).closest("a")) return;
                    navigate(hrefs.seed(seed.id));
                  }}
                >
                  <td>
                    <a href={hrefs.seed(seed.id)} className="seed-title-link" data-testid="seed-row-link">
                      {seedTitle(seed, lang)}
                    </a>
                    {seed.targetSymbol && <span className="muted small"> · {seed.targetSymbol}</span>}
                  </td>
                  <td>{organisationName(seed.organisation, lang)}</td>
                  <td>{enumLabel(t, "modality", seed.modality)}</td>
                  <td>
                    <Badge tone="info">{enumLabel(t, "stage", seed.stage)}</Badge>
                  </td>
                  <td>
                    <code>{seed.icd10}</code> {seed.indication}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > PAGE_SIZE && (
        <nav className="pagination" aria-label={t("seeds.pagination")}>
          <button
            type="button"
            className="button"
            disabled={offset === 0 || pending}
            onClick={() => onPage(Math.max(0, offset - PAGE_SIZE))}
            data-testid="page-prev"
          >
            {t("seeds.previous")}
          </button>
          <span data-testid="page-info">
            {t("seeds.page", {
              page: Math.floor(offset / PAGE_SIZE) + 1,
              pages: Math.ceil(total / PAGE_SIZE),
            })}
          </span>
          <button
            type="button"
            className="button"
            disabled={offset + PAGE_SIZE >= total || pending}
            onClick={() => onPage(offset + PAGE_SIZE)}
            data-testid="page-next"
          >
            {t("seeds.next")}
          </button>
        </nav>
      )}
    </section>
  );
}
