import { useTranslation } from "react-i18next";
import type { MedicineSummary } from "../../api.ts";
import { Badge } from "../../components/Badge.tsx";
import { currentLanguage } from "../../i18n/index.ts";
import { hrefs, navigate } from "../../router.ts";
import { areaLabel, formatMonths, orphanRegions, STATUS_TONE } from "./labels.ts";

interface MedicineTableProps {
  items: MedicineSummary[];
  /** Leaves out the orphan and area columns (the seed's list). */
  compact?: boolean;
  testId?: string;
}

/** An ISO date as given (approval dates are calendar days; ISO reads the same in ja and en). */
export function IsoDate({ value, testId }: { value: string | null | undefined; testId?: string }) {
  if (!value) return <span data-testid={testId}>—</span>;
  return (
    <time dateTime={value} className="nowrap" data-testid={testId}>
      {value}
    </time>
  );
}

/** The Japanese status as a badge; "approved, date unknown" when the first approval is outside the list. */
export function StatusBadge({
  medicine,
}: {
  medicine: Pick<MedicineSummary, "jpStatus" | "jpApprovedOutsideList">;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Badge tone={STATUS_TONE[medicine.jpStatus]} testId="lag-status-badge">
        {t(`lag.status.${medicine.jpStatus}`)}
      </Badge>
      {medicine.jpApprovedOutsideList && (
        <span className="muted small" title={t("lag.outsideListTitle")}>
          {" "}
          {t("lag.outsideList")}
        </span>
      )}
    </>
  );
}

/** Medicines: names, first approvals in the US, the EU and Japan, the lag and the Japanese status. */
export function MedicineTable({ items, compact = false, testId = "lag-medicine-table" }: MedicineTableProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <div className="table-wrap">
      <table className="table lag-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t("lag.columns.name")}</th>
            <th scope="col">{t("lag.columns.us")}</th>
            <th scope="col">{t("lag.columns.eu")}</th>
            <th scope="col">{t("lag.columns.jp")}</th>
            <th scope="col" className="num">
              {t("lag.columns.lag")}
            </th>
            <th scope="col">{t("lag.columns.status")}</th>
            {!compact && <th scope="col">{t("lag.columns.orphan")}</th>}
            {!compact && <th scope="col">{t("lag.columns.area")}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr
              key={m.id}
              className="clickable-row"
              data-testid="lag-medicine-row"
              data-medicine-id={m.id}
              onClick={(event) => {
                // The name link handles its own clicks (and middle-clicks, new tabs…).
                if ((event.target as HTMLElement).closest("a")) return;
                navigate(hrefs.lagMedicine(m.id));
              }}
            >
              <td>
                <a href={hrefs.lagMedicine(m.id)} data-testid="lag-medicine-link">
                  {m.name}
                </a>
                {m.jpName && m.jpName.toLowerCase() !== m.name.toLowerCase() && (
                  <span className="muted small"> · {m.jpName}</span>
                )}
                {m.combination && <span className="muted small"> · {t("lag.combination")}</span>}
              </td>
              <td>
                <IsoDate value={m.us?.date} />
              </td>
              <td>
                <IsoDate value={m.eu?.date} />
              </td>
              <td>
                <IsoDate value={m.jp?.date} />
              </td>
              <td className="num nowrap" data-testid="lag-medicine-lag">
                {formatMonths(m.lagMonths, lang)}
              </td>
              <td>
                <StatusBadge medicine={m} />
              </td>
              {!compact && <td>{orphanRegions(t, m.orphan) || "—"}</td>}
              {!compact && (
                <td className="small">
                  {areaLabel(t, m.therapeuticArea.code, m.therapeuticArea.label, lang)}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
