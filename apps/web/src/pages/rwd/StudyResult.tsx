import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import {
  type StudyResult as Result,
  type RwdStudy,
  rwdStudyReportUrl,
  type StudyArm,
  type User,
} from "../../api.ts";
import { Badge } from "../../components/Badge.tsx";
import { formatCount, formatDateTime, formatDecimal, formatNumber, formatPValue } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { AttachStudy } from "./AttachStudy.tsx";

/** Below this largest |SMD| after adjustment, the arms count as balanced (the usual bar). */
const BALANCED_SMD = 0.1;

interface StudyResultProps {
  study: RwdStudy;
  user: User;
}

/** A study's released result: the hazard ratio, the arms, balance, provenance, the report and "attach". */
export function StudyResult({ study, user }: StudyResultProps) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { result } = study;

  // A new result (just run, or picked from the list) is brought into view and announced.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="card study-result" aria-labelledby={`${id}-title`} data-testid="study-result">
      <h2 id={`${id}-title`} className="section-title" ref={headingRef} tabIndex={-1}>
        {t("rwd.result.title")}: {study.request.name}
      </h2>
      <p className="muted small">
        {t("rwd.result.meta", { source: study.sourceName, date: formatDateTime(study.createdAt, lang) })}
      </p>

      <div className="hr-headline">
        <p className="kpi-label">{t("rwd.result.hr")}</p>
        <p className="hr-value" data-testid="study-hr">
          {formatDecimal(result.hazardRatio, 2, lang)}{" "}
          <span className="hr-ci">
            ({formatDecimal(result.ci95[0], 2, lang)}–{formatDecimal(result.ci95[1], 2, lang)})
          </span>
        </p>
        <p className="muted small">
          {t("rwd.result.p", { p: formatPValue(result.p, lang) })} · {t("rwd.result.hrNote")}
        </p>
      </div>

      <Facts study={study} />
      <ArmsTable result={result} />
      <p className="muted small">
        {t("rwd.result.suppression", { n: result.minCellCount - 1, threshold: result.minCellCount })}
      </p>

      <ReportFrame study={study} />
      <AttachStudy study={study} user={user} />
    </section>
  );
}

function Facts({ study }: { study: RwdStudy }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { maxAbsSmdAfter, propensityScore } = study.result;
  const balanced = maxAbsSmdAfter < BALANCED_SMD;
  return (
    <dl className="facts study-facts">
      <div>
        <dt>{t("rwd.result.smd")}</dt>
        <dd data-testid="study-smd">
          {formatDecimal(maxAbsSmdAfter, 3, lang)}{" "}
          {balanced ? (
            <Badge tone="success" testId="study-balanced">
              ✓ {t("rwd.result.balanced")}
            </Badge>
          ) : (
            <Badge tone="warning">{t("rwd.result.unbalanced")}</Badge>
          )}
        </dd>
      </div>
      <div>
        <dt>{t("rwd.result.auc")}</dt>
        <dd data-testid="study-auc">
          {propensityScore ? formatDecimal(propensityScore.auc, 3, lang) : t("rwd.result.noPs")}
        </dd>
      </div>
      <div>
        <dt>{t("rwd.result.snapshot")}</dt>
        <dd>
          <code className="snapshot-id" data-testid="study-snapshot">
            {study.snapshotId}
          </code>
        </dd>
      </div>
      <div>
        <dt>{t("rwd.result.engine")}</dt>
        <dd data-testid="study-engine">{study.engineVersion}</dd>
      </div>
    </dl>
  );
}

function ArmsTable({ result }: { result: Result }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const rate = (arm: StudyArm) =>
    arm.incidenceRate
      ? `${formatDecimal(arm.incidenceRate.rate, 1, lang)} (${formatDecimal(arm.incidenceRate.lower, 1, lang)}–${formatDecimal(arm.incidenceRate.upper, 1, lang)})`
      : "—";
  const arms = [
    { key: "target", arm: result.arms.target },
    { key: "comparator", arm: result.arms.comparator },
  ] as const;
  return (
    <>
      <h3 className="subsection-title">{t("rwd.result.arms")}</h3>
      <div className="table-wrap">
        <table className="table" data-testid="study-arms">
          <thead>
            <tr>
              <th scope="col">{t("rwd.result.arm")}</th>
              <th scope="col" className="num">
                {t("rwd.result.subjects")}
              </th>
              <th scope="col" className="num">
                {t("rwd.result.events")}
              </th>
              <th scope="col" className="num">
                {t("rwd.result.personYears")}
              </th>
              <th scope="col" className="num">
                {t("rwd.result.incidence")}
              </th>
            </tr>
          </thead>
          <tbody>
            {arms.map(({ key, arm }) => (
              <tr key={key} data-testid={`study-arm-${key}`}>
                <th scope="row">{t(`rwd.result.${key}`)}</th>
                <td className="num">{formatCount(arm.subjects, lang)}</td>
                <td className="num">{formatCount(arm.events, lang)}</td>
                <td className="num">{formatNumber(arm.personYears, lang)}</td>
                <td className="num nowrap">{rate(arm)}</td>
              </tr>
            ))}
            <tr data-testid="study-arm-total">
              <th scope="row">{t("rwd.result.total")}</th>
              <td className="num">{formatCount(result.arms.total.subjects, lang)}</td>
              <td className="num">{formatCount(result.arms.total.events, lang)}</td>
              <td />
              <td />
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The server's self-contained HTML report, sandboxed: its scripts run, but it cannot reach the session. */
function ReportFrame({ study }: { study: RwdStudy }) {
  const { t } = useTranslation();
  const url = rwdStudyReportUrl(study.id);
  return (
    <>
      <h3 className="subsection-title">{t("rwd.result.report")}</h3>
      <iframe
        className="report-frame"
        sandbox="allow-scripts"
        src={url}
        title={t("rwd.result.reportTitle", { name: study.request.name })}
        data-testid="study-report"
      />
      <p className="small">
        <a href={url} target="_blank" rel="noopener noreferrer">
          {t("rwd.result.openReport")}
        </a>
      </p>
    </>
  );
}
