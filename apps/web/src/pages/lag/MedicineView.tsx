import { type RefObject, useCallback } from "react";
import { useTranslation } from "react-i18next";
import {
  getLagMedicine,
  LAG_REGIONS,
  type LagMedicine,
  type LagRegion,
  type SourcedApproval,
} from "../../api.ts";
import { Badge } from "../../components/Badge.tsx";
import { Empty, ErrorAlert, Loading } from "../../components/Status.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { hrefs } from "../../router.ts";
import { useAsync } from "../../useAsync.ts";
import { usePageHeading } from "../../usePageHeading.ts";
import { areaLabel, formatLag, orphanRegions } from "./labels.ts";
import { IsoDate, StatusBadge } from "./MedicineTable.tsx";
import { Timeline } from "./Timeline.tsx";

const SOURCE_OF: Record<LagRegion, "fda" | "ema" | "pmda"> = { us: "fda", eu: "ema", jp: "pmda" };

/** One medicine: its three first approvals on a timeline, brands and sponsors, JP indications, matching. */
export function LagMedicineView({ id }: { id: string }) {
  const { t } = useTranslation();
  const load = useCallback(() => getLagMedicine(id), [id]);
  const { state } = useAsync(load);
  const headingRef = usePageHeading(state.status === "ready" ? state.data.name : null);

  return (
    <div className="page" data-testid="lag-medicine">
      <p className="breadcrumb">
        <a href={hrefs.lag("medicines")} data-testid="lag-back">
          ← {t("lag.detail.back")}
        </a>{" "}
        · <a href={hrefs.lag()}>{t("lag.tabs.dashboard")}</a>
      </p>
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <ErrorAlert error={state.error} />}
      {state.status === "ready" && <MedicineDetail medicine={state.data} headingRef={headingRef} />}
    </div>
  );
}

function MedicineDetail({
  medicine: m,
  headingRef,
}: {
  medicine: LagMedicine;
  headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const area = m.therapeuticArea;
  return (
    <>
      <header className="seed-header">
        <h1 className="page-title" ref={headingRef} tabIndex={-1} data-testid="lag-medicine-name">
          {m.name}
        </h1>
        {m.jpName && (
          <p className="muted seed-subtitle" data-testid="lag-medicine-jp-name">
            {m.jpName}
          </p>
        )}
        <p className="seed-meta">
          <StatusBadge medicine={m} />
          {m.combination && <Badge>{t("lag.combination")}</Badge>}
          {orphanRegions(t, m.orphan) && (
            <Badge tone="info">{t("lag.detail.orphanIn", { regions: orphanRegions(t, m.orphan) })}</Badge>
          )}
        </p>
      </header>

      <dl className="facts" data-testid="lag-medicine-facts">
        <div>
          <dt>{t("lag.detail.firstUsEu")}</dt>
          <dd>
            {m.firstUsEu ? (
              <>
                {t(`lag.regions.${m.firstUsEu.region}`)} <IsoDate value={m.firstUsEu.date} />
              </>
            ) : (
              "—"
            )}
          </dd>
        </div>
        <div>
          <dt>{t("lag.detail.lag")}</dt>
          <dd data-testid="lag-medicine-lag">{formatLag(t, m.lagMonths, lang)}</dd>
        </div>
        <div>
          <dt>{t("lag.columns.area")}</dt>
          <dd>
            {areaLabel(t, area.code, area.label, lang)}
            {area.atcCode && (
              <>
                {" "}
                <span className="muted small">
                  ATC <code>{area.atcCode}</code>
                </span>
              </>
            )}
            {area.emaArea && (
              <>
                <br />
                <span className="muted small" lang="en">
                  {t("lag.detail.emaArea")}: {area.emaArea}
                </span>
              </>
            )}
          </dd>
        </div>
        {m.components.length > 1 && (
          <div>
            <dt>{t("lag.detail.components")}</dt>
            <dd>{m.components.join(" + ")}</dd>
          </div>
        )}
      </dl>

      <section className="card" aria-labelledby="lag-timeline-title">
        <h2 id="lag-timeline-title" className="section-title">
          {t("lag.detail.timeline")}
        </h2>
        <Timeline medicine={m} />
      </section>

      <section className="card" aria-labelledby="lag-regions-title">
        <h2 id="lag-regions-title" className="section-title">
          {t("lag.detail.approvals")}
        </h2>
        <div className="table-wrap">
          <table className="table" data-testid="lag-medicine-approvals">
            <thead>
              <tr>
                <th scope="col">{t("lag.detail.region")}</th>
                <th scope="col">{t("lag.detail.firstApproval")}</th>
                <th scope="col">{t("lag.detail.brands")}</th>
                <th scope="col">{t("lag.detail.sponsors")}</th>
                <th scope="col">{t("lag.detail.notes")}</th>
                <th scope="col">{t("lag.detail.sourceRow")}</th>
              </tr>
            </thead>
            <tbody>
              {LAG_REGIONS.map((region) => (
                <RegionRow key={region} region={region} medicine={m} />
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section
        className="card"
        aria-labelledby="lag-indications-title"
        data-testid="lag-medicine-indications"
      >
        <h2 id="lag-indications-title" className="section-title">
          {t("lag.detail.indications", { count: m.jpIndications.length })}
        </h2>
        {m.jpIndications.length === 0 ? (
          <Empty testId="lag-indications-empty">{t("lag.detail.noIndications")}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("lag.detail.date")}</th>
                  <th scope="col">{t("lag.detail.changes")}</th>
                  <th scope="col">{t("lag.detail.indication")}</th>
                  <th scope="col" className="num">
                    {t("lag.detail.row")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...m.jpIndications]
                  .sort((a, b) => (a.date ?? "").localeCompare(b.date ?? ""))
                  .map((ind) => (
                    <tr key={ind.row} data-testid="lag-indication-row">
                      <td>
                        <IsoDate value={ind.date} />
                      </td>
                      <td>
                        {[...new Set(ind.changes)]
                          .map((c) => t(`lag.changes.${c}`))
                          .join(t("lag.regionSeparator"))}
                        {ind.newActiveIngredient && (
                          <>
                            {" "}
                            <Badge tone="info">{t("lag.detail.newActiveIngredient")}</Badge>
                          </>
                        )}
                      </td>
                      <td className="lag-indication-text" lang="en">
                        {ind.text}
                      </td>
                      <td className="num">{ind.row}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="lag-matching-title" data-testid="lag-medicine-matching">
        <h2 id="lag-matching-title" className="section-title">
          {t("lag.detail.matching")}
        </h2>
        {Object.keys(m.matchedBy).length === 0 ? (
          <p>{t("lag.detail.matchedExactly")}</p>
        ) : (
          <ul>
            {LAG_REGIONS.flatMap((region) => {
              const how = m.matchedBy[region];
              return how
                ? [
                    <li key={region} data-testid="lag-matched-by">
                      {t(`lag.regions.${region}`)}: {t(`lag.matchHow.${how}`)}
                    </li>,
                  ]
                : [];
            })}
          </ul>
        )}
        <p className="muted small">
          {t("lag.detail.key")} <code>{m.id}</code> · {t("lag.detail.rows")}{" "}
          {m.rows
            .map((r) => t("lag.detail.sourceRowText", { source: t(`lag.sources.${r.source}`), row: r.row }))
            .join(t("listSeparator"))}
        </p>
      </section>
    </>
  );
}

function RegionRow({ region, medicine }: { region: LagRegion; medicine: LagMedicine }) {
  const { t } = useTranslation();
  const a: SourcedApproval | null = medicine[region];
  const brands = medicine.brands[region] ?? [];
  const sponsors = medicine.sponsors[region] ?? [];
  const notes = a ? approvalNotes(t, a) : [];
  return (
    <tr data-testid={`lag-region-${region}`}>
      <th scope="row">{t(`lag.regions.${region}`)}</th>
      <td>
        <IsoDate value={a?.date} testId={`lag-medicine-date-${region}`} />
        {!a && region === "jp" && medicine.jpApprovedOutsideList && (
          <span className="muted small"> {t("lag.outsideList")}</span>
        )}
      </td>
      <td>{brands.length > 0 ? <ValueList values={brands} /> : "—"}</td>
      <td>{sponsors.length > 0 ? <ValueList values={sponsors} /> : "—"}</td>
      <td className="small">{notes.length > 0 ? notes.join(t("listSeparator")) : "—"}</td>
      <td className="small nowrap">
        {a
          ? t("lag.detail.sourceRowText", { source: t(`lag.sources.${SOURCE_OF[region]}`), row: a.row })
          : "—"}
      </td>
    </tr>
  );
}

function ValueList({ values }: { values: string[] }) {
  return (
    <ul className="plain-list">
      {values.map((v) => (
        <li key={v}>{v}</li>
      ))}
    </ul>
  );
}

/** The flags of a first approval worth knowing (orphan, priority review, conditional…). */
function approvalNotes(t: (key: string) => string, a: SourcedApproval): string[] {
  const notes: string[] = [];
  if (a.orphan) notes.push(t("lag.flags.orphan"));
  if (a.priorityReview) notes.push(t("lag.flags.priorityReview"));
  if (a.accelerated) notes.push(t("lag.flags.accelerated"));
  if (a.breakthrough) notes.push(t("lag.flags.breakthrough"));
  if (a.conditional) notes.push(t("lag.flags.conditional"));
  if (a.status) notes.push(a.status);
  if (a.reviewCategory) notes.push(a.reviewCategory);
  return notes;
}
