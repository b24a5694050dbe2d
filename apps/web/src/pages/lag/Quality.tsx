import { useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  FAULT_KINDS,
  type FaultKind,
  getLagMatching,
  LAG_SOURCES,
  type LagStatus,
  listLagFaults,
  type MatchingReport,
} from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import { Empty } from "../../components/Status.tsx";
import { formatNumber } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useAsync } from "../../useAsync.ts";
import { PAGE_SIZE, Pager, ResultCount } from "./Pager.tsx";

/** Names of unmatched ingredients shown at first. */
const UNMATCHED_SHOWN = 50;

/** How the numbers were read: every source row used or reported, the faults, the name matching to check. */
export function Quality({ status }: { status: LagStatus }) {
  return (
    <div className="stack" data-testid="lag-quality">
      <RowAccounting status={status} />
      <Faults />
      <Matching unmatchedTotal={status.matching.unmatched} />
    </div>
  );
}

function RowAccounting({ status }: { status: LagStatus }) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="lag-accounting">
      <h2 id={`${id}-title`} className="section-title">
        {t("lag.quality.accounting")}
      </h2>
      <p className="muted small">{t("lag.quality.accountingIntro")}</p>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("lag.quality.source")}</th>
              <th scope="col">{t("lag.quality.file")}</th>
              <th scope="col" className="num">
                {t("lag.quality.dataRows")}
              </th>
              <th scope="col" className="num">
                {t("lag.quality.used")}
              </th>
              <th scope="col" className="num">
                {t("lag.quality.reportedOnly")}
              </th>
              <th scope="col">{t("lag.quality.faultsByKind")}</th>
            </tr>
          </thead>
          <tbody>
            {status.sources.map((s) => {
              const kinds = Object.entries(s.faults).filter(([, n]) => (n ?? 0) > 0);
              return (
                <tr key={s.source} data-testid="lag-accounting-row" data-source={s.source}>
                  <th scope="row">{t(`lag.sources.${s.source}`)}</th>
                  <td>
                    <code>{s.file}</code>
                  </td>
                  <td className="num">{formatNumber(s.dataRows, lang)}</td>
                  <td className="num">{formatNumber(s.used, lang)}</td>
                  <td className="num">{formatNumber(s.reportedOnly, lang)}</td>
                  <td className="small">
                    {kinds.length === 0
                      ? "—"
                      : kinds
                          .map(
                            ([kind, n]) =>
                              `${t(`lag.faultKinds.${kind as FaultKind}`)} ${formatNumber(n ?? 0, lang)}`,
                          )
                          .join(t("listSeparator"))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        {t("lag.quality.matchingCounts", {
          fuzzy: formatNumber(status.matching.fuzzy, lang),
          ambiguous: formatNumber(status.matching.ambiguous, lang),
          unmatched: formatNumber(status.matching.unmatched, lang),
        })}
      </p>
    </section>
  );
}

function Faults() {
  const { t } = useTranslation();
  const id = useId();
  const [source, setSource] = useState("");
  const [kind, setKind] = useState("");
  const [offset, setOffset] = useState(0);
  const load = useCallback(
    () => listLagFaults({ source, kind, limit: PAGE_SIZE, offset }),
    [source, kind, offset],
  );
  const { state, pending } = useAsync(load);

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="lag-faults">
      <h2 id={`${id}-title`} className="section-title">
        {t("lag.quality.faults")}
      </h2>
      <p className="muted small">{t("lag.quality.faultsIntro")}</p>
      <div className="filters lag-inline-filters">
        <div className="field">
          <label htmlFor={`${id}-source`}>{t("lag.quality.source")}</label>
          <select
            id={`${id}-source`}
            value={source}
            onChange={(event) => {
              setSource(event.target.value);
              setOffset(0);
            }}
            data-testid="lag-faults-source"
          >
            <option value="">{t("seeds.all")}</option>
            {LAG_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`lag.sources.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t("lag.quality.kind")}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(event) => {
              setKind(event.target.value);
              setOffset(0);
            }}
            data-testid="lag-faults-kind"
          >
            <option value="">{t("seeds.all")}</option>
            {FAULT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`lag.faultKinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <AsyncView state={state}>
        {(page) => (
          <div aria-busy={pending}>
            <ResultCount
              total={page.total}
              offset={offset}
              shown={page.items.length}
              testId="lag-faults-total"
              countKey="lag.quality.faultCount"
            />
            {page.items.length === 0 ? (
              <Empty testId="lag-faults-empty">{t("lag.quality.noFaults")}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="lag-faults-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("lag.quality.source")}</th>
                      <th scope="col" className="num">
                        {t("lag.detail.row")}
                      </th>
                      <th scope="col">{t("lag.quality.kind")}</th>
                      <th scope="col">{t("lag.quality.column")}</th>
                      <th scope="col">{t("lag.quality.value")}</th>
                      <th scope="col">{t("lag.quality.message")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((f) => (
                      <tr
                        key={`${f.source}:${f.row}:${f.kind}:${f.column ?? ""}:${f.message}`}
                        data-testid="lag-fault-row"
                      >
                        <td className="nowrap">{t(`lag.sources.${f.source}`)}</td>
                        <td className="num nowrap">{f.row}</td>
                        <td className="lag-fault-kind">{t(`lag.faultKinds.${f.kind}`)}</td>
                        <td className="small nowrap">{f.column ?? "—"}</td>
                        <td className="small lag-fault-value">{f.value ?? "—"}</td>
                        <td className="small lag-fault-message">{f.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager
              total={page.total}
              offset={offset}
              pending={pending}
              onPage={setOffset}
              testId="lag-faults-page"
            />
          </div>
        )}
      </AsyncView>
    </section>
  );
}

function Matching({ unmatchedTotal }: { unmatchedTotal: number }) {
  const { t } = useTranslation();
  const id = useId();
  const { state } = useAsync(getLagMatching);
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="lag-matching">
      <h2 id={`${id}-title`} className="section-title">
        {t("lag.quality.matching")}
      </h2>
      <p className="muted small">{t("lag.quality.matchingIntro")}</p>
      <AsyncView state={state}>
        {(report) => <MatchingReportView report={report} unmatchedTotal={unmatchedTotal} />}
      </AsyncView>
    </section>
  );
}

function MatchingReportView({ report, unmatchedTotal }: { report: MatchingReport; unmatchedTotal: number }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [allUnmatched, setAllUnmatched] = useState(false);
  const unmatched = allUnmatched ? report.unmatched : report.unmatched.slice(0, UNMATCHED_SHOWN);
  const rows = (list: number[]) => list.join(", ");

  return (
    <>
      <h3 className="small-title">{t("lag.quality.fuzzy", { count: report.fuzzy.length })}</h3>
      {report.fuzzy.length === 0 ? (
        <Empty>{t("lag.quality.none")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="lag-fuzzy-table">
            <thead>
              <tr>
                <th scope="col">{t("lag.quality.source")}</th>
                <th scope="col">{t("lag.quality.name")}</th>
                <th scope="col">{t("lag.quality.matchedTo")}</th>
                <th scope="col">{t("lag.quality.how")}</th>
                <th scope="col">{t("lag.quality.rows")}</th>
              </tr>
            </thead>
            <tbody>
              {report.fuzzy.map((f) => (
                <tr key={`${f.source}:${f.name}`} data-testid="lag-fuzzy-row">
                  <td className="nowrap">{t(`lag.sources.${f.source}`)}</td>
                  <td>
                    {f.name} <span className="muted small">({f.key})</span>
                  </td>
                  <td>{f.matched}</td>
                  <td>{t(`lag.matchHow.${f.how}`)}</td>
                  <td className="small">{rows(f.rows)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3 className="small-title">{t("lag.quality.ambiguous", { count: report.ambiguous.length })}</h3>
      {report.ambiguous.length === 0 ? (
        <Empty>{t("lag.quality.none")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="lag-ambiguous-table">
            <thead>
              <tr>
                <th scope="col">{t("lag.quality.source")}</th>
                <th scope="col">{t("lag.quality.name")}</th>
                <th scope="col">{t("lag.quality.candidates")}</th>
                <th scope="col">{t("lag.quality.how")}</th>
                <th scope="col">{t("lag.quality.rows")}</th>
              </tr>
            </thead>
            <tbody>
              {report.ambiguous.map((a) => (
                <tr key={`${a.source}:${a.name}`}>
                  <td className="nowrap">{t(`lag.sources.${a.source}`)}</td>
                  <td>{a.name}</td>
                  <td>{a.candidates.join(t("listSeparator"))}</td>
                  <td>{t(`lag.matchHow.${a.how}`)}</td>
                  <td className="small">{rows(a.rows)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3 className="small-title" data-testid="lag-unmatched-title">
        {t("lag.quality.unmatched", {
          n: formatNumber(Math.max(unmatchedTotal, report.unmatched.length), lang),
        })}
      </h3>
      <p className="muted small">{t("lag.quality.unmatchedIntro")}</p>
      {report.unmatched.length === 0 ? (
        <Empty>{t("lag.quality.none")}</Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="lag-unmatched-table">
              <thead>
                <tr>
                  <th scope="col">{t("lag.quality.source")}</th>
                  <th scope="col">{t("lag.quality.name")}</th>
                  <th scope="col">{t("lag.quality.rows")}</th>
                </tr>
              </thead>
              <tbody>
                {unmatched.map((u) => (
                  <tr key={`${u.source}:${u.name}`}>
                    <td className="nowrap">{t(`lag.sources.${u.source}`)}</td>
                    <td>{u.name}</td>
                    <td className="small">{rows(u.rows)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.unmatched.length > UNMATCHED_SHOWN && (
            <div className="form-actions">
              <button
                type="button"
                className="button button-small"
                onClick={() => setAllUnmatched((v) => !v)}
                data-testid="lag-unmatched-toggle"
              >
                {allUnmatched
                  ? t("lag.quality.showFirst", { n: UNMATCHED_SHOWN })
                  : t("lag.quality.showAll", { n: formatNumber(report.unmatched.length, lang) })}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}
