import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { WatchedCompound } from "../../api.ts";
import { Badge } from "../../components/Badge.tsx";
import { formatDecimal } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { stageLabel } from "./labels.ts";

/**
 * The compounds the screen was asked to follow: the last stage each one passed, its rank, its similarity
 * to the known actives, its Vina score (or its reference score) and why it went no further. The reason is
 * the engine's own sentence (English), shown as it is.
 */
export function Watched({ watched }: { watched: WatchedCompound[] }) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  if (watched.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-title`} data-testid="screen-watched">
      <h2 id={`${id}-title`} className="subsection-title" data-testid="screen-watched-title">
        {t("screen.watched.title")}
      </h2>
      <p className="muted small">{t("screen.watched.intro")}</p>
      <div className="table-wrap">
        <table className="table" data-testid="screen-watched-table">
          <thead>
            <tr>
              <th scope="col">{t("screen.watched.compound")}</th>
              <th scope="col">{t("screen.watched.reached")}</th>
              <th scope="col" className="num">
                {t("screen.watched.rank")}
              </th>
              <th scope="col" className="num">
                {t("screen.watched.similarity")}
              </th>
              <th scope="col">{t("screen.watched.closestActive")}</th>
              <th scope="col" className="num">
                {t("screen.watched.vina")}
              </th>
              <th scope="col">{t("screen.watched.stopped")}</th>
            </tr>
          </thead>
          <tbody>
            {watched.map((w) => (
              <tr key={w.query} data-testid="watched-row">
                <th scope="row">
                  <span className="nowrap">{w.query}</span>
                  {w.found && w.name && w.name.toLowerCase() !== w.query.toLowerCase() && (
                    <span className="muted small"> ({w.name})</span>
                  )}
                  {w.found && w.id && w.id !== w.query && (
                    <>
                      <br />
                      <span className="muted small">{t("screen.watched.id", { id: w.id })}</span>
                    </>
                  )}
                </th>
                <td data-testid="watched-reached">
                  {!w.found ? (
                    <Badge tone="warning">{t("screen.watched.notFound")}</Badge>
                  ) : w.rank !== undefined ? (
                    <Badge tone="success">{t("screen.watched.hit")}</Badge>
                  ) : (
                    (w.reached && stageLabel(t, w.reached)) || "—"
                  )}
                </td>
                <td className="num" data-testid="watched-rank">
                  {w.rank ?? "—"}
                </td>
                <td className="num nowrap" data-testid="watched-similarity">
                  {w.similarity === undefined ? (
                    "—"
                  ) : (
                    <>
                      {formatDecimal(w.similarity, 3, lang)}
                      {w.similarityRank !== undefined && (
                        <span className="muted small">
                          {" "}
                          {t("screen.watched.similarityRank", { rank: w.similarityRank })}
                        </span>
                      )}
                    </>
                  )}
                </td>
                <td>
                  {w.closestActive
                    ? t("screen.watched.closest", {
                        query: w.closestActive.query,
                        similarity: formatDecimal(w.closestActive.similarity, 2, lang),
                      })
                    : "—"}
                </td>
                <td className="num nowrap" data-testid="watched-vina">
                  {w.dockingScore !== undefined
                    ? formatDecimal(w.dockingScore, 1, lang)
                    : w.reference
                      ? t("screen.watched.reference", {
                          score: formatDecimal(w.reference.score, 1, lang),
                          rank: w.reference.wouldRank,
                        })
                      : "—"}
                </td>
                <td data-testid="watched-stopped">
                  {w.stoppedBecause ? <span lang="en">{w.stoppedBecause}</span> : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
