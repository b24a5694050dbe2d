import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ScreenHit, structureSvgUrl } from "../../api.ts";
import { Badge } from "../../components/Badge.tsx";
import { Empty } from "../../components/Status.tsx";
import { formatDecimal, formatNumber } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";

/** Hits shown at first, and added by each "show more". */
const PAGE = 50;
const IMAGE = { width: 160, height: 120 };

/** The ranked hits: structure, similarity to the closest known active, Vina score, alerts and rule violations. */
export function Hits({ hits }: { hits: ScreenHit[] }) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  const [shown, setShown] = useState(PAGE);
  const docked = hits.some((h) => h.docking);
  const similar = hits.some((h) => h.similarity);

  return (
    <section aria-labelledby={`${id}-title`} data-testid="screen-hits">
      <h2 id={`${id}-title`} className="subsection-title" data-testid="screen-hits-title">
        {t("screen.hits.title", { n: formatNumber(hits.length, lang) })}
      </h2>
      {hits.length === 0 ? (
        <Empty testId="screen-no-hits">{t("screen.hits.none")}</Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table hits-table" data-testid="screen-hits-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t("screen.hits.rank")}
                  </th>
                  <th scope="col">{t("screen.hits.structure")}</th>
                  <th scope="col">{t("screen.hits.compound")}</th>
                  {similar && (
                    <th scope="col" className="num">
                      {t("screen.hits.similarity")}
                    </th>
                  )}
                  {docked && (
                    <th scope="col" className="num">
                      {t("screen.hits.vina")}
                    </th>
                  )}
                  <th scope="col">{t("screen.hits.alerts")}</th>
                  <th scope="col">{t("screen.hits.violations")}</th>
                </tr>
              </thead>
              <tbody>
                {hits.slice(0, shown).map((hit) => (
                  <tr key={`${hit.rank}:${hit.id}`} data-testid="hit-row">
                    <td className="num" data-testid="hit-rank">
                      {hit.rank}
                    </td>
                    <td className="structure-cell">
                      <img
                        className="structure"
                        src={structureSvgUrl(hit.smiles, IMAGE.width, IMAGE.height)}
                        alt={hit.name || hit.id}
                        width={IMAGE.width}
                        height={IMAGE.height}
                        loading="lazy"
                        data-testid="hit-structure"
                      />
                    </td>
                    <td data-testid="hit-name">
                      <strong>{hit.name || hit.id}</strong>
                      {hit.name && hit.id !== hit.name && (
                        <span className="muted small"> · {t("screen.watched.id", { id: hit.id })}</span>
                      )}
                      <details className="smiles">
                        <summary>{t("screen.hits.smiles")}</summary>
                        <code>{hit.smiles}</code>
                      </details>
                    </td>
                    {similar && (
                      <td className="num" data-testid="hit-similarity">
                        {hit.similarity ? (
                          <>
                            {formatDecimal(hit.similarity.value, 3, lang)}
                            <br />
                            <span className="muted small">
                              {t("screen.hits.closest", {
                                query: hit.similarity.query,
                                similarity: formatDecimal(hit.similarity.querySimilarity, 2, lang),
                              })}
                            </span>
                          </>
                        ) : (
                          "—"
                        )}
                      </td>
                    )}
                    {docked && (
                      <td className="num nowrap" data-testid="hit-vina">
                        {hit.docking ? formatDecimal(hit.docking.score, 1, lang) : "—"}
                      </td>
                    )}
                    <td data-testid="hit-alerts">
                      {hit.alerts.length === 0
                        ? "—"
                        : hit.alerts.map((alert) => (
                            <Badge key={alert} tone="warning" title={t("screen.hits.painsTitle")}>
                              PAINS {alert}
                            </Badge>
                          ))}
                    </td>
                    <td data-testid="hit-violations">
                      {hit.ruleViolations.length === 0 ? (
                        "—"
                      ) : (
                        <ul className="reasons">
                          {hit.ruleViolations.map((v) => (
                            <li key={v} lang="en">
                              {v}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {hits.length > shown && (
            <div className="form-actions">
              <button
                type="button"
                className="button button-small"
                onClick={() => setShown((n) => n + PAGE)}
                data-testid="screen-hits-more"
              >
                {t("screen.hits.more", { n: Math.min(PAGE, hits.length - shown) })}
              </button>
              <span className="muted small">
                {t("screen.hits.shown", {
                  shown: formatNumber(shown, lang),
                  total: formatNumber(hits.length, lang),
                })}
              </span>
            </div>
          )}
        </>
      )}
    </section>
  );
}
