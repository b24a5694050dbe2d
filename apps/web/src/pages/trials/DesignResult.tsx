import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import {
  type BayesianTwoArmEvaluation,
  type StoredTrialDesign,
  type TrialDesignRequest,
  trialDesignReportUrl,
  type User,
} from "../../api.ts";
import { Badge } from "../../components/Badge.tsx";
import { formatDateTime, formatDecimal, formatSignificant } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { ArmPriorResult } from "./ArmPriorResult.tsx";
import { AttachDesign } from "./AttachDesign.tsx";
import { BoundaryResult, OcResult } from "./OcResult.tsx";

/** A design on show: just evaluated (not kept) or saved. */
export interface ShownDesign {
  spec: TrialDesignRequest;
  evaluation: BayesianTwoArmEvaluation;
  stored: StoredTrialDesign | null;
}

interface DesignResultProps {
  shown: ShownDesign;
  user: User;
  /** start a new design from this one's inputs */
  onEdit: (spec: TrialDesignRequest) => void;
}

/** What the server computed for a design: type I error, operating characteristics, boundary and priors. */
export function DesignResult({ shown, user, onEdit }: DesignResultProps) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { spec, evaluation, stored } = shown;
  const first = spec.rule[0];
  // the nominal level the first criterion aims at: P(…) > c gives a one-sided type I error of 1 − c
  const nominal = first ? 1 - first.probability : null;
  const max = evaluation.maxTypeIError;
  const aboveNominal = nominal !== null && max.probability > nominal + 1e-9;

  // A new result (just evaluated or saved, or picked from the list) is brought into view and announced.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  return (
    <section className="card design-result" aria-labelledby={`${id}-title`} data-testid="design-result">
      <h2 id={`${id}-title`} className="section-title" ref={headingRef} tabIndex={-1}>
        {t("trials.result.title")}: {spec.title}
      </h2>
      <p className="muted small">
        {stored ? (
          <Badge tone="success" testId="design-saved">
            {t("trials.result.saved", { date: formatDateTime(stored.createdAt, lang) })}
          </Badge>
        ) : (
          <Badge tone="info" testId="design-preview">
            {t("trials.result.preview")}
          </Badge>
        )}{" "}
        {t("trials.result.meta", {
          engine: evaluation.engineVersion,
          seconds: formatDecimal(evaluation.elapsedMs / 1000, 1, lang),
        })}
      </p>

      <div className="hr-headline">
        <p className="kpi-label">{t("trials.result.maxTypeIError")}</p>
        <p className="hr-value" data-testid="design-max-type1">
          {formatDecimal(max.probability, 3, lang)}
        </p>
        <p className="muted small">
          {t(`trials.result.maxAt.${spec.endpoint}`, { control: formatSignificant(max.control, lang, 4) })}
          {nominal !== null && (
            <>
              {" "}
              {aboveNominal ? (
                <Badge tone="warning" testId="design-type1-above">
                  {t("trials.result.aboveNominal", { level: formatDecimal(nominal, 3, lang) })}
                </Badge>
              ) : (
                <Badge tone="success" testId="design-type1-within">
                  {t("trials.result.withinNominal", { level: formatDecimal(nominal, 3, lang) })}
                </Badge>
              )}
            </>
          )}
        </p>
      </div>

      <OcResult evaluation={evaluation} endpoint={spec.endpoint} nominal={nominal} />
      <BoundaryResult boundary={evaluation.boundary} endpoint={spec.endpoint} />

      <div className="prior-results">
        <ArmPriorResult arm="control" prior={evaluation.priors.control} />
        <ArmPriorResult arm="treatment" prior={evaluation.priors.treatment} />
      </div>

      <div className="form-actions">
        <button type="button" className="button" onClick={() => onEdit(spec)} data-testid="design-edit">
          {t("trials.result.edit")}
        </button>
      </div>

      {stored ? (
        <>
          <h3 className="subsection-title">{t("trials.result.report")}</h3>
          <p>
            <a
              href={trialDesignReportUrl(stored.id)}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="design-report-link"
            >
              {t("trials.result.openReport")}
            </a>
          </p>
          <AttachDesign key={stored.id} designId={stored.id} user={user} />
        </>
      ) : (
        <p className="muted small" data-testid="design-save-hint">
          {t("trials.result.saveHint")}
        </p>
      )}
    </section>
  );
}
