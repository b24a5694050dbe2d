import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { getRwdQuality, type QualityCheck, type QualityReport } from "../../api.ts";
import { Badge } from "../../components/Badge.tsx";
import { ErrorAlert } from "../../components/Status.tsx";
import { pick } from "../../display.ts";
import { formatNumber, formatPercent } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useSubmit } from "../../useSubmit.ts";

/** The data-quality checks of one source, run on demand (they scan every table). */
export function QualityPanel({ source }: { source: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [report, setReport] = useState<QualityReport | null>(null);
  const { submitting, error, run } = useSubmit();

  async function handleRun() {
    const result = await run(() => getRwdQuality(source));
    if (result) setReport(result);
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="quality-panel">
      <h2 id={`${id}-title`} className="section-title">
        {t("rwd.quality.title")}
      </h2>
      <p className="muted small">{t("rwd.quality.intro")}</p>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          onClick={() => void handleRun()}
          disabled={submitting}
          aria-busy={submitting}
          data-testid="quality-run"
        >
          {submitting ? t("rwd.quality.running") : t("rwd.quality.run")}
        </button>
      </div>
      {error !== null && <ErrorAlert error={error} testId="quality-error" />}
      {report && <QualitySummary report={report} />}
    </section>
  );
}

function QualitySummary({ report }: { report: QualityReport }) {
  const { t } = useTranslation();
  const failed = report.checks.filter((check) => check.status === "fail");
  return (
    <div className="quality-summary" role="status">
      <p data-testid="quality-summary">
        <Badge tone="success">{t("rwd.quality.passed", { n: report.passed })}</Badge>{" "}
        <Badge tone={report.failed > 0 ? "danger" : "neutral"}>
          {t("rwd.quality.failed", { n: report.failed })}
        </Badge>{" "}
        <span className="muted small">
          {t("rwd.quality.snapshot", { id: report.snapshotId.slice(0, 12) })}
        </span>
      </p>
      {failed.length === 0 ? (
        <p className="success" data-testid="quality-all-passed">
          {t("rwd.quality.allPassed")}
        </p>
      ) : (
        <FailedChecks checks={failed} />
      )}
    </div>
  );
}

function FailedChecks({ checks }: { checks: QualityCheck[] }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage();
  const category = (value: string) => {
    const key = `rwd.quality.categories.${value}`;
    return i18n.exists(key) ? t(key) : value;
  };
  return (
    <>
      <h3 className="subsection-title">{t("rwd.quality.failedTitle")}</h3>
      <div className="table-wrap">
        <table className="table" data-testid="quality-failed">
          <thead>
            <tr>
              <th scope="col">{t("rwd.quality.category")}</th>
              <th scope="col">{t("rwd.quality.table")}</th>
              <th scope="col">{t("rwd.quality.description")}</th>
              <th scope="col" className="num">
                {t("rwd.quality.failing")}
              </th>
              <th scope="col" className="num">
                {t("rwd.quality.pctFailing")}
              </th>
            </tr>
          </thead>
          <tbody>
            {checks.map((check) => (
              <tr key={check.id} data-testid="quality-row">
                <td className="nowrap">{category(check.category)}</td>
                <td>
                  <code>{check.column ? `${check.table}.${check.column}` : check.table}</code>
                </td>
                <td>{pick(check.descriptionJa, check.description, lang)}</td>
                <td className="num nowrap">
                  {formatNumber(check.failing, lang)} / {formatNumber(check.total, lang)}
                </td>
                <td className="num">{formatPercent(check.pctFailing / 100, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
