import { useTranslation } from "react-i18next";
import { getLagStatus, type LagStatus } from "../api.ts";
import { AsyncView } from "../components/AsyncView.tsx";
import { Tabs } from "../components/Tabs.tsx";
import { formatDateTime, formatNumber } from "../format.ts";
import { currentLanguage } from "../i18n/index.ts";
import { hrefs, LAG_TABS, type LagTab, navigate } from "../router.ts";
import { useAsync } from "../useAsync.ts";
import { usePageHeading } from "../usePageHeading.ts";
import { Dashboard } from "./lag/Dashboard.tsx";
import { localText } from "./lag/labels.ts";
import { Medicines } from "./lag/Medicines.tsx";
import { Quality } from "./lag/Quality.tsx";

/**
 * The drug-lag / drug-loss monitor: new active ingredients first approved in the US or the EU, when
 * (and whether) Japan approved them, from the FDA, EMA and PMDA lists. Figures, the medicines, and the
 * accounting of every source row.
 */
export function Lag({ tab, params }: { tab: LagTab; params: URLSearchParams }) {
  const { t } = useTranslation();
  const headingRef = usePageHeading(t("lag.title"));
  const { state } = useAsync(getLagStatus);

  return (
    <div className="page" data-testid="lag-page">
      <h1 className="page-title" ref={headingRef} tabIndex={-1}>
        {t("lag.title")}
      </h1>
      <p className="muted lead">{t("lag.intro")}</p>
      <AsyncView state={state}>
        {(status) =>
          status.available ? (
            <>
              <StatusLine status={status} />
              <Tabs
                tabs={LAG_TABS.map((id) => ({ id, label: t(`lag.tabs.${id}`) }))}
                selected={tab}
                onSelect={(next) => navigate(hrefs.lag(next))}
                idPrefix="lag"
                label={t("lag.tabsLabel")}
              />
              <section
                className="tab-panel"
                role="tabpanel"
                id="lag-panel"
                aria-labelledby={`lag-tab-${tab}`}
                data-testid={`lag-panel-${tab}`}
              >
                {tab === "dashboard" && <Dashboard key={params.toString()} params={params} />}
                {tab === "medicines" && <Medicines key={params.toString()} params={params} />}
                {tab === "quality" && <Quality status={status} />}
              </section>
            </>
          ) : (
            <Unavailable status={status} />
          )
        }
      </AsyncView>
    </div>
  );
}

function Unavailable({ status }: { status: LagStatus }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <div className="card notice" role="status" data-testid="lag-unavailable">
      <p>
        <strong>{t("lag.unavailable")}</strong>
      </p>
      {status.hint && <p data-testid="lag-hint">{localText(status.hint, lang)}</p>}
    </div>
  );
}

/** Where the numbers come from: each source's rows used and reported, the PMDA list's dates, the counts. */
function StatusLine({ status }: { status: LagStatus }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <section className="card lag-status" aria-label={t("lag.statusLabel")} data-testid="lag-status">
      <ul className="lag-sources">
        {status.sources.map((s) => (
          <li key={s.source} data-testid="lag-status-source" data-source={s.source}>
            <strong>{t(`lag.sources.${s.source}`)}</strong>{" "}
            <span className="muted small">
              <code>{s.file}</code>
            </span>
            <br />
            {t("lag.sourceRows", {
              used: formatNumber(s.used, lang),
              dataRows: formatNumber(s.dataRows, lang),
              reported: formatNumber(s.reportedOnly, lang),
            })}
          </li>
        ))}
      </ul>
      <p className="lag-status-line" data-testid="lag-status-counts">
        {status.jpCoverage &&
          t("lag.coverage", { first: status.jpCoverage.first, last: status.jpCoverage.last })}{" "}
        {t("lag.counts", {
          medicines: formatNumber(status.medicines, lang),
          approvedJp: formatNumber(status.approvedJp, lang),
          withLag: formatNumber(status.withLag, lang),
        })}{" "}
        <span className="muted small">
          {t("lag.loadedAt", { at: formatDateTime(status.loadedAt, lang) })}
        </span>
      </p>
    </section>
  );
}
