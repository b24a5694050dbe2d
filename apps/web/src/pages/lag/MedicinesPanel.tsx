import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { lagMedicinesCsvUrl, listLagMedicines, type MedicinePage } from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import { Empty } from "../../components/Status.tsx";
import { useAsync } from "../../useAsync.ts";
import { IDS_IN_ONE_REQUEST } from "./labels.ts";
import { MedicineTable } from "./MedicineTable.tsx";
import { PAGE_SIZE, Pager, ResultCount } from "./Pager.tsx";

/** The medicines behind one number of a figure. */
export interface Selection {
  /** which figure it came from (the panel is shown under that figure) */
  figure: string;
  title: string;
  ids: string[];
}

/**
 * The medicines behind a number, newest first US/EU approval first, 50 a page. A long list of ids would
 * make too long an address: then each page asks for its own 50 ids (sorted within the page).
 */
async function loadPage(ids: readonly string[], offset: number): Promise<MedicinePage> {
  if (ids.length === 0) return { total: 0, items: [] };
  if (ids.join(",").length <= IDS_IN_ONE_REQUEST) return listLagMedicines({ ids, limit: PAGE_SIZE, offset });
  const page = await listLagMedicines({ ids: ids.slice(offset, offset + PAGE_SIZE), limit: PAGE_SIZE });
  return { total: ids.length, items: page.items };
}

export function MedicinesPanel({ selection, onClose }: { selection: Selection; onClose: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [offset, setOffset] = useState(0);
  const { ids } = selection;
  const load = useCallback(() => loadPage(ids, offset), [ids, offset]);
  const { state, pending } = useAsync(load);
  const csv = ids.join(",").length <= IDS_IN_ONE_REQUEST;

  // A new selection is announced and brought into view.
  useEffect(() => {
    headingRef.current?.focus();
    headingRef.current?.scrollIntoView({ block: "nearest" });
  }, []);

  return (
    <section className="lag-panel" aria-labelledby={`${id}-title`} data-testid="lag-panel">
      <div className="lag-panel-head">
        <h3
          id={`${id}-title`}
          className="small-title"
          ref={headingRef}
          tabIndex={-1}
          data-testid="lag-panel-title"
        >
          {selection.title}
        </h3>
        <div className="result-links">
          {csv && ids.length > 0 && (
            <a
              className="button button-small"
              href={lagMedicinesCsvUrl({ ids })}
              download
              data-testid="lag-panel-csv"
            >
              {t("lag.csv")}
            </a>
          )}
          <button
            type="button"
            className="button button-small"
            onClick={onClose}
            data-testid="lag-panel-close"
          >
            {t("lag.close")}
          </button>
        </div>
      </div>
      <AsyncView state={state}>
        {(page) =>
          page.total === 0 ? (
            <Empty testId="lag-panel-empty">{t("lag.noMedicines")}</Empty>
          ) : (
            <div aria-busy={pending}>
              <ResultCount
                total={page.total}
                offset={offset}
                shown={page.items.length}
                testId="lag-panel-count"
              />
              <MedicineTable items={page.items} testId="lag-panel-table" />
              <Pager
                total={page.total}
                offset={offset}
                pending={pending}
                onPage={setOffset}
                testId="lag-panel-page"
              />
            </div>
          )
        }
      </AsyncView>
    </section>
  );
}
