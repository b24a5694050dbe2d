import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { RwdStudy } from "../../api.ts";
import { Badge } from "../../components/Badge.tsx";
import { Empty } from "../../components/Status.tsx";
import { formatDateTime, formatDecimal } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";

interface StudyListProps {
  studies: RwdStudy[];
  shownId: string | null;
  onShow: (study: RwdStudy) => void;
}

/** Studies run on this server, newest first; a click shows one's result above. */
export function StudyList({ studies, shownId, onShow }: StudyListProps) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  const hr = (study: RwdStudy) => {
    const { hazardRatio, ci95 } = study.result;
    return `${formatDecimal(hazardRatio, 2, lang)} (${formatDecimal(ci95[0], 2, lang)}–${formatDecimal(ci95[1], 2, lang)})`;
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {t("rwd.studies.title")}
      </h2>
      {studies.length === 0 ? (
        <Empty testId="study-list-empty">{t("rwd.studies.empty")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="study-list">
            <thead>
              <tr>
                <th scope="col">{t("rwd.studies.name")}</th>
                <th scope="col">{t("rwd.studies.source")}</th>
                <th scope="col" className="num">
                  {t("rwd.studies.hr")}
                </th>
                <th scope="col">{t("rwd.studies.createdAt")}</th>
              </tr>
            </thead>
            <tbody>
              {studies.map((study) => {
                const shown = study.id === shownId;
                return (
                  <tr key={study.id} data-testid="study-row" aria-current={shown ? "true" : undefined}>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => onShow(study)}
                        data-testid="study-show"
                      >
                        {study.request.name}
                      </button>
                      {shown && (
                        <>
                          {" "}
                          <Badge tone="info">{t("rwd.studies.shown")}</Badge>
                        </>
                      )}
                    </td>
                    <td>{study.sourceName}</td>
                    <td className="num nowrap">{hr(study)}</td>
                    <td className="nowrap">{formatDateTime(study.createdAt, lang)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
