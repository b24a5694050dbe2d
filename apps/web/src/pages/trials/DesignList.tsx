import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { StoredTrialDesign } from "../../api.ts";
import { Badge } from "../../components/Badge.tsx";
import { Empty } from "../../components/Status.tsx";
import { formatDateTime, formatDecimal } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";

interface DesignListProps {
  designs: StoredTrialDesign[];
  shownId: string | null;
  onShow: (design: StoredTrialDesign) => void;
}

/** The organisation's saved designs, newest first; a click shows one above. */
export function DesignList({ designs, shownId, onShow }: DesignListProps) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {t("trials.list.title")}
      </h2>
      {designs.length === 0 ? (
        <Empty testId="design-list-empty">{t("trials.list.empty")}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="design-list">
            <thead>
              <tr>
                <th scope="col">{t("trials.list.name")}</th>
                <th scope="col">{t("trials.list.kind")}</th>
                <th scope="col">{t("trials.list.endpoint")}</th>
                <th scope="col" className="num">
                  {t("trials.list.maxTypeIError")}
                </th>
                <th scope="col">{t("trials.list.createdAt")}</th>
              </tr>
            </thead>
            <tbody>
              {designs.map((design) => {
                const shown = design.id === shownId;
                return (
                  <tr key={design.id} data-testid="design-row" aria-current={shown ? "true" : undefined}>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => onShow(design)}
                        data-testid="design-show"
                      >
                        {design.title}
                      </button>
                      {shown && (
                        <>
                          {" "}
                          <Badge tone="info">{t("trials.list.shown")}</Badge>
                        </>
                      )}
                    </td>
                    <td>{t(`trials.kinds.${design.kind}`, { defaultValue: design.kind })}</td>
                    <td>
                      {t(`trials.endpoint.types.${design.spec.endpoint}`, {
                        defaultValue: design.spec.endpoint,
                      })}
                    </td>
                    <td className="num" data-testid="design-row-type1">
                      {formatDecimal(design.evaluation.maxTypeIError.probability, 3, lang)}
                    </td>
                    <td className="nowrap">{formatDateTime(design.createdAt, lang)}</td>
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
