import { useEffect, useId } from "react";
import { useTranslation } from "react-i18next";
import { listScreenRuns, type ScreenRun } from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import { Empty } from "../../components/Status.tsx";
import { formatDateTime } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { hrefs } from "../../router.ts";
import { useAsync } from "../../useAsync.ts";
import { isActive, POLL_MS } from "./labels.ts";
import { RunProgress, RunStatus } from "./RunProgress.tsx";

/** The organisation's screens, newest first; refreshed every two seconds while one is queued or running. */
export function RunList() {
  const { t } = useTranslation();
  const id = useId();
  const { state, reload } = useAsync(listScreenRuns);
  const active = state.status === "ready" && state.data.some((run) => isActive(run.status));

  // state changes with every answer, so each answer schedules the next poll while something still runs
  useEffect(() => {
    if (!active || state.status !== "ready") return;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [active, state, reload]);

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {t("screen.runs.title")}
      </h2>
      <p className="muted small">{t("screen.runs.intro")}</p>
      <AsyncView state={state}>
        {(runs) =>
          runs.length === 0 ? (
            <Empty testId="screen-runs-empty">
              {t("screen.runs.empty")} <a href={hrefs.screen("new")}>{t("screen.runs.startOne")}</a>
            </Empty>
          ) : (
            <RunTable runs={runs} />
          )
        }
      </AsyncView>
    </section>
  );
}

function RunTable({ runs }: { runs: ScreenRun[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="screen-runs">
        <thead>
          <tr>
            <th scope="col">{t("screen.runs.name")}</th>
            <th scope="col">{t("screen.runs.status")}</th>
            <th scope="col">{t("screen.runs.progress")}</th>
            <th scope="col">{t("screen.runs.createdAt")}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-testid="screen-run-row" data-run-id={run.id}>
              <td>
                <a href={hrefs.screenRun(run.id)} data-testid="screen-run-link">
                  {run.name}
                </a>
              </td>
              <td>
                <RunStatus run={run} testId="screen-run-row-status" />
              </td>
              <td>
                {run.status === "failed" ? (
                  <span className="small field-error">{run.error}</span>
                ) : (
                  <RunProgress run={run} />
                )}
              </td>
              <td className="nowrap">{formatDateTime(run.createdAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
