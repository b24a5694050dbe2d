import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import {
  type Evidence,
  type GateStatus,
  getReadiness,
  listEvidence,
  type ReadinessAssessment,
  type SeedView,
  type User,
} from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import { Badge, type BadgeTone } from "../../components/Badge.tsx";
import { Empty } from "../../components/Status.tsx";
import { enumLabel, isPartner, pick } from "../../display.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useAsync } from "../../useAsync.ts";

const STATUS_TONE: Record<GateStatus, BadgeTone> = { passed: "success", ready: "info", not_ready: "danger" };

interface ReadinessTabProps {
  view: SeedView;
  user: User;
}

/** The server's stage-gate assessment, shown as is: gates, requirements, reasons. */
export function ReadinessTab({ view, user }: ReadinessTabProps) {
  const seedId = view.seed.id;
  const load = useCallback(async () => {
    const [readiness, evidence] = await Promise.all([getReadiness(seedId), listEvidence(seedId)]);
    return { readiness, evidence };
  }, [seedId]);
  const { state } = useAsync(load);

  return (
    <AsyncView state={state} locked={{ seedId, canRequest: isPartner(user.roles) }}>
      {({ readiness, evidence }) => <Readiness readiness={readiness} evidence={evidence} />}
    </AsyncView>
  );
}

function Readiness({ readiness, evidence }: { readiness: ReadinessAssessment; evidence: Evidence[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const titleOf = new Map(evidence.map((e) => [e.id, e.title]));

  return (
    <div className="stack" data-testid="readiness">
      <p className="muted">
        {t("readiness.intro", {
          stage: enumLabel(t, "stage", readiness.stage),
          modality: enumLabel(t, "modality", readiness.modality),
          version: readiness.ruleVersion,
        })}{" "}
        {readiness.nextGate
          ? t("readiness.nextGate", { gate: enumLabel(t, "stage", readiness.nextGate) })
          : t("readiness.noNextGate")}
      </p>
      {readiness.gates.length === 0 ? (
        <Empty>{t("readiness.empty")}</Empty>
      ) : (
        <ol className="gates">
          {readiness.gates.map((gate) => (
            <li
              key={gate.gate}
              className={`card gate gate-${gate.status}${gate.gate === readiness.nextGate ? " gate-next" : ""}`}
              data-testid="readiness-gate"
              data-gate={gate.gate}
              data-status={gate.status}
            >
              <h3 className="gate-title">
                {t("readiness.gate", { gate: enumLabel(t, "stage", gate.gate) })}{" "}
                <Badge tone={STATUS_TONE[gate.status]} testId="gate-status">
                  {t(`readiness.status.${gate.status}`)}
                </Badge>
                {gate.gate === readiness.nextGate && (
                  <>
                    {" "}
                    <Badge tone="info">{t("readiness.next")}</Badge>
                  </>
                )}
              </h3>
              {gate.requirements.length === 0 ? (
                <p className="muted small">{t("readiness.noRequirements")}</p>
              ) : (
                <ul className="requirements">
                  {gate.requirements.map((req) => (
                    <li
                      key={req.requirement}
                      className={
                        req.satisfied ? "requirement requirement-ok" : "requirement requirement-missing"
                      }
                      data-testid="requirement"
                      data-satisfied={req.satisfied}
                    >
                      <span className="requirement-mark" aria-hidden="true">
                        {req.satisfied ? "✓" : "✗"}
                      </span>
                      <span className="visually-hidden">
                        {req.satisfied ? t("readiness.satisfied") : t("readiness.notSatisfied")}:{" "}
                      </span>
                      <div>
                        <span className="requirement-label">{pick(req.labelJa, req.labelEn, lang)}</span>
                        {req.satisfiedBy.length > 0 && (
                          <span className="muted small">
                            {" "}
                            ({t("readiness.satisfiedBy")}:{" "}
                            {evidenceTitles(req.satisfiedBy, titleOf).join(t("listSeparator"))})
                          </span>
                        )}
                        {req.reasons.length > 0 && (
                          <ul className="reasons">
                            {req.reasons.map((reason) => (
                              <li key={`${reason.code}:${reason.en}`}>{pick(reason.ja, reason.en, lang)}</li>
                            ))}
                          </ul>
                        )}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** The titles of the evidence behind a requirement; a title shared by several studies is shown once, "×n". */
function evidenceTitles(ids: readonly string[], titleOf: ReadonlyMap<string, string>): string[] {
  const counts = new Map<string, number>();
  for (const id of ids) {
    const title = titleOf.get(id) ?? id;
    counts.set(title, (counts.get(title) ?? 0) + 1);
  }
  return [...counts].map(([title, n]) => (n > 1 ? `${title} ×${n}` : title));
}
