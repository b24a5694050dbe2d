import { useTranslation } from "react-i18next";
import type { ScreenRun } from "../../api.ts";
import { Badge } from "../../components/Badge.tsx";
import { formatNumber } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { isActive, STATUS_TONE, stageLabel } from "./labels.ts";

/** A run's status badge. */
export function RunStatus({ run, testId }: { run: Pick<ScreenRun, "status">; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span data-status={run.status} data-testid={testId}>
      <Badge tone={STATUS_TONE[run.status]}>{t(`screen.status.${run.status}`)}</Badge>
    </span>
  );
}

/** While a run is queued or running: its stage and a progress bar of done / total. */
export function RunProgress({
  run,
  testId,
}: {
  run: Pick<ScreenRun, "status" | "progress">;
  testId?: string;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (!isActive(run.status)) return null;
  const { progress } = run;
  if (!progress)
    return (
      <span className="muted small" data-testid={testId}>
        {t(run.status === "queued" ? "screen.progress.queued" : "screen.progress.starting")}
      </span>
    );
  const text = t("screen.progress.stage", {
    stage: stageLabel(t, progress.stage),
    done: formatNumber(progress.done, lang),
    total: formatNumber(progress.total, lang),
  });
  return (
    <span className="screen-progress" data-testid={testId}>
      <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label={text} />
      <span className="small">{text}</span>
    </span>
  );
}
