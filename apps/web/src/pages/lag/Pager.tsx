import { useTranslation } from "react-i18next";
import { formatNumber } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";

export const PAGE_SIZE = 50;

interface PagerProps {
  total: number;
  offset: number;
  pending: boolean;
  onPage: (offset: number) => void;
  /** data-testid prefix: `${testId}-prev`, `${testId}-next`, `${testId}-info` */
  testId: string;
}

/** Previous / next over pages of PAGE_SIZE; nothing when everything fits on one page. */
export function Pager({ total, offset, pending, onPage, testId }: PagerProps) {
  const { t } = useTranslation();
  if (total <= PAGE_SIZE) return null;
  return (
    <nav className="pagination" aria-label={t("seeds.pagination")}>
      <button
        type="button"
        className="button"
        disabled={offset === 0 || pending}
        onClick={() => onPage(Math.max(0, offset - PAGE_SIZE))}
        data-testid={`${testId}-prev`}
      >
        {t("seeds.previous")}
      </button>
      <span data-testid={`${testId}-info`}>
        {t("seeds.page", {
          page: Math.floor(offset / PAGE_SIZE) + 1,
          pages: Math.ceil(total / PAGE_SIZE),
        })}
      </span>
      <button
        type="button"
        className="button"
        disabled={offset + PAGE_SIZE >= total || pending}
        onClick={() => onPage(offset + PAGE_SIZE)}
        data-testid={`${testId}-next`}
      >
        {t("seeds.next")}
      </button>
    </nav>
  );
}

/** "1,234 品目（1〜50 件目を表示）" */
export function ResultCount({
  total,
  offset,
  shown,
  testId,
  countKey = "lag.count",
}: {
  total: number;
  offset: number;
  shown: number;
  testId: string;
  /** the count's text, with {{n}} (default: medicines) */
  countKey?: string;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + shown, total);
  return (
    <p className="result-count" role="status" data-testid={testId} data-total={total}>
      {t(countKey, { n: formatNumber(total, lang) })}
      {total > 0 && <span className="muted"> {t("seeds.range", { first, last })}</span>}
    </p>
  );
}
