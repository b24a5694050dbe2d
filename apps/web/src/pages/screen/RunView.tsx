import { useCallback, useEffect, useId } from "react";
import { useTranslation } from "react-i18next";
import {
  ApiError,
  attachScreenRun,
  getScreenRun,
  type ScreenFailure,
  type ScreenRequest,
  type ScreenResult,
  type ScreenRun,
  screenHitsCsvUrl,
  screenRunReportUrl,
  type User,
} from "../../api.ts";
import { AttachToSeed } from "../../components/AttachToSeed.tsx";
import { ErrorAlert, Loading } from "../../components/Status.tsx";
import { formatDateTime, formatDecimal, formatNumber } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { hrefs } from "../../router.ts";
import { useAsync } from "../../useAsync.ts";
import { usePageHeading } from "../../usePageHeading.ts";
import { Distributions } from "./Distributions.tsx";
import { Funnel } from "./Funnel.tsx";
import { Hits } from "./Hits.tsx";
import { isActive, POLL_MS } from "./labels.ts";
import { RunProgress, RunStatus } from "./RunProgress.tsx";
import { Watched } from "./Watched.tsx";

const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/**
 * One screen: its status and progress (asked again every two seconds until it has finished) and, once
 * done, the funnel, the watched compounds, the ranked hits, the score distributions, the report, the CSV
 * and "attach to a seed". Another organisation's screen reads as not found (the server says 404).
 */
export function ScreenRunView({ id, user }: { id: string; user: User }) {
  const { t } = useTranslation();
  const load = useCallback(() => getScreenRun(id), [id]);
  const { state, reload } = useAsync(load);
  const run = state.status === "ready" ? state.data : null;
  const notFound = state.status === "error" && isNotFound(state.error);
  const headingRef = usePageHeading(run ? run.name : notFound ? t("screen.run.notFound") : null);
  const active = run !== null && isActive(run.status);

  // each answer is a new state, so each one schedules the next poll while the run is queued or running
  useEffect(() => {
    if (!active || state.status !== "ready") return;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [active, state, reload]);

  return (
    <div className="page" data-testid="screen-run-page">
      <p className="breadcrumb">
        <a href={hrefs.screen()} data-testid="screen-back">
          ← {t("screen.run.back")}
        </a>
      </p>
      {state.status === "loading" && <Loading />}
      {state.status === "error" &&
        (notFound ? (
          <div className="card notice" data-testid="screen-run-not-found">
            <h1 className="card-title" ref={headingRef} tabIndex={-1}>
              {t("screen.run.notFound")}
            </h1>
            <p>{t("screen.run.notFoundBody")}</p>
          </div>
        ) : (
          <ErrorAlert error={state.error} testId="screen-run-load-error" />
        ))}
      {run && (
        <>
          <header className="run-header">
            <h1 className="page-title" ref={headingRef} tabIndex={-1} data-testid="screen-run-title">
              {run.name}
            </h1>
            <p className="muted small">{t("screen.run.columnsExplained")}</p>
            <p className="seed-meta">
              <RunStatus run={run} testId="screen-run-status" />
              <RunProgress run={run} testId="screen-run-progress" />
              <span className="muted small">
                {t("screen.run.created", { date: formatDateTime(run.createdAt, currentLanguage()) })}
              </span>
            </p>
            {run.status === "failed" && (
              <div className="alert" role="alert" data-testid="screen-run-error">
                <p>{t("screen.run.failed")}</p>
                <p>
                  <code>{run.error}</code>
                </p>
              </div>
            )}
            {active && (
              <p className="status busy" role="status" data-testid="screen-run-waiting">
                <span className="spinner" aria-hidden="true" />
                {t("screen.run.waiting")}
              </p>
            )}
          </header>
          <Definition request={run.request} />
          {run.status === "done" && run.result && <RunResult run={run} result={run.result} user={user} />}
        </>
      )}
    </div>
  );
}

/** The definition as the server read it: what was filtered, which actives, what was docked. */
function Definition({ request }: { request: ScreenRequest }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { filters, similarity, docking, watch } = request;
  const filterParts = [
    filters?.lipinski ? t("screen.definition.lipinski") : null,
    filters?.veber ? t("screen.definition.veber") : null,
    filters?.excludeAlerts ? t("screen.definition.excludeAlerts") : t("screen.definition.flagAlerts"),
    ...Object.entries(filters?.properties ?? {}).map(
      ([property, range]) =>
        `${t(`screen.form.properties.${property}`, { defaultValue: property })} ${range?.min ?? "…"}–${range?.max ?? "…"}`,
    ),
  ].filter((part): part is string => part !== null);
  return (
    <section className="card" data-testid="screen-definition">
      <dl className="facts">
        <div>
          <dt>{t("screen.definition.filters")}</dt>
          <dd>{filterParts.join(t("listSeparator"))}</dd>
        </div>
        <div>
          <dt>{t("screen.definition.similarity")}</dt>
          <dd>
            {similarity
              ? t("screen.definition.similarityValue", {
                  n: similarity.queries.length,
                  fusion: similarity.fusion ?? "max",
                  topK: formatNumber(similarity.topK ?? 200, lang),
                  threshold: similarity.threshold ?? 0,
                })
              : t("screen.definition.none")}
          </dd>
        </div>
        <div>
          <dt>{t("screen.definition.docking")}</dt>
          <dd>
            {docking
              ? t("screen.definition.dockingValue", {
                  topN: docking.topN ?? 50,
                  exhaustiveness: docking.exhaustiveness ?? 8,
                  seed: docking.seed ?? 1,
                })
              : t("screen.definition.none")}
          </dd>
        </div>
        <div>
          <dt>{t("screen.definition.watch")}</dt>
          <dd>{watch?.length ? watch.join(", ") : t("screen.definition.none")}</dd>
        </div>
      </dl>
    </section>
  );
}

function RunResult({ run, result, user }: { run: ScreenRun; result: ScreenResult; user: User }) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  return (
    <section className="card screen-result" aria-labelledby={`${id}-title`} data-testid="screen-result">
      <h2 id={`${id}-title`} className="visually-hidden">
        {t("screen.result.title")}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t("screen.result.seconds")}</dt>
          <dd>{t("screen.result.secondsValue", { s: formatDecimal(result.seconds, 1, lang) })}</dd>
        </div>
        <div>
          <dt>{t("screen.result.engine")}</dt>
          <dd>{run.engineVersion}</dd>
        </div>
        <div>
          <dt>{t("screen.result.libraryVersion")}</dt>
          <dd>
            <code className="snapshot-id">{result.libraryVersion}</code>
          </dd>
        </div>
        {result.docking && (
          <div>
            <dt>{t("screen.result.tools")}</dt>
            <dd>
              {Object.entries(result.docking.versions)
                .map(([tool, version]) => `${tool} ${version}`)
                .join(", ")}
            </dd>
          </div>
        )}
      </dl>
      <p className="result-links">
        <a
          className="button button-small"
          href={screenRunReportUrl(run.id)}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="screen-report-link"
        >
          {t("screen.result.report")}
        </a>{" "}
        <a
          className="button button-small"
          href={screenHitsCsvUrl(run.id)}
          download={`screen-${run.id}-hits.csv`}
          data-testid="screen-csv-link"
        >
          {t("screen.result.csv")}
        </a>
      </p>

      <Funnel attrition={result.attrition} />
      <Watched watched={result.watched} />
      <Hits hits={result.hits} />
      <Distributions hits={result.hits} />
      <Failures failures={result.failures} />
      <AttachToSeed
        user={user}
        attach={(seedId) => attachScreenRun(run.id, seedId)}
        texts="screen.attach"
        testIds="screen"
      />
    </section>
  );
}

/** Molecules that could not be read and ligands that could not be docked, with the engine's reason. */
function Failures({ failures }: { failures: ScreenFailure[] }) {
  const { t } = useTranslation();
  if (failures.length === 0) return null;
  return (
    <details className="data-table" data-testid="screen-failures">
      <summary>{t("screen.result.failures", { n: failures.length })}</summary>
      <ul className="failure-list">
        {failures.map((f) => (
          <li key={`${f.stage}:${f.id}:${f.line ?? ""}:${f.reason}`}>
            <strong>{f.id}</strong> ({f.stage}
            {f.line !== undefined ? `, ${t("screen.catalogue.failureLine", { line: f.line })}` : ""}):{" "}
            <span lang="en">{f.reason}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
