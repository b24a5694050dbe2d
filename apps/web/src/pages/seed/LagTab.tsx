import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { getSeedLag, isLagDataMissing, type SeedLag, type SeedView } from "../../api.ts";
import { Empty, ErrorAlert, Loading } from "../../components/Status.tsx";
import { formatNumber } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { hrefs } from "../../router.ts";
import { useAsync } from "../../useAsync.ts";
import { areaLabel, formatLag } from "../lag/labels.ts";
import { MedicineTable } from "../lag/MedicineTable.tsx";

/**
 * Existing medicines for the seed's indication (ICD-10 → disease keywords in the approval texts, else the
 * ICD-10 chapter's therapeutic area): how many reached Japan, how late, and which did not.
 */
export function LagTab({ view }: { view: SeedView }) {
  const { t } = useTranslation();
  const seedId = view.seed.id;
  const load = useCallback(() => getSeedLag(seedId), [seedId]);
  const { state } = useAsync(load);

  if (state.status === "loading") return <Loading />;
  if (state.status === "error")
    return isLagDataMissing(state.error) ? (
      <div className="card notice" role="status" data-testid="seed-lag-missing">
        <p>{t("lag.seed.missing")}</p>
      </div>
    ) : (
      <ErrorAlert error={state.error} />
    );
  return <SeedLagView lag={state.data} />;
}

function SeedLagView({ lag }: { lag: SeedLag }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { summary } = lag;
  return (
    <div className="stack" data-testid="seed-lag">
      <p className="muted">{t("lag.seed.intro")}</p>
      <dl className="facts" data-testid="seed-lag-basis">
        <div>
          <dt>{t("lag.seed.indication")}</dt>
          <dd>
            <code>{lag.icd10}</code> {lag.indication}
          </dd>
        </div>
        <div>
          <dt>{t("lag.seed.basis")}</dt>
          <dd>
            {lag.basis === "keywords" ? (
              <>
                {t("lag.seed.byKeywords")}:{" "}
                <span data-testid="seed-lag-keywords">
                  {lag.keywords.map((k) => `“${k}”`).join(t("listSeparator"))}
                </span>
              </>
            ) : (
              <>
                {t("lag.seed.byArea")}: {lag.area ? areaLabel(t, lag.area.code, lag.area.label, lang) : "—"}
              </>
            )}
          </dd>
        </div>
      </dl>

      <ul className="kpi-grid" data-testid="seed-lag-summary">
        <li className="card kpi">
          <p className="kpi-label">{t("lag.seed.n")}</p>
          <p className="kpi-value" data-testid="seed-lag-n" data-n={summary.n}>
            {formatNumber(summary.n, lang)}
          </p>
        </li>
        <li className="card kpi">
          <p className="kpi-label">{t("lag.seed.approvedJp")}</p>
          <p className="kpi-value" data-testid="seed-lag-approved">
            {formatNumber(summary.approvedJp, lang)}
          </p>
        </li>
        <li className="card kpi">
          <p className="kpi-label">{t("lag.seed.notApprovedJp")}</p>
          <p className="kpi-value" data-testid="seed-lag-not-approved">
            {formatNumber(summary.notApprovedJp, lang)}
          </p>
        </li>
        <li className="card kpi">
          <p className="kpi-label">{t("lag.seed.medianLag")}</p>
          <p className="kpi-value" data-testid="seed-lag-median">
            {formatLag(t, summary.medianLagMonths, lang)}
          </p>
        </li>
      </ul>

      {lag.medicines.length === 0 ? (
        <Empty testId="seed-lag-empty">{t("lag.seed.none")}</Empty>
      ) : (
        <section aria-label={t("lag.seed.listLabel")}>
          <p className="muted small">
            {t("lag.seed.listNote", { shown: lag.medicines.length, n: summary.n })}{" "}
            <a href={hrefs.lag()}>{t("lag.seed.toMonitor")}</a>
          </p>
          <MedicineTable items={lag.medicines} compact testId="seed-lag-table" />
        </section>
      )}
    </div>
  );
}
