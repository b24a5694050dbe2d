import { useTranslation } from "react-i18next";
import { hrefs } from "../router.ts";

interface LockedProps {
  seedId: string;
  /** Companies and investors can ask for access on the access tab. */
  canRequest: boolean;
}

/** Shown instead of a confidential tab when the server answers 403. */
export function Locked({ seedId, canRequest }: LockedProps) {
  const { t } = useTranslation();
  return (
    <div className="locked" data-testid="locked">
      <p className="locked-title">
        <svg
          className="locked-icon"
          aria-hidden="true"
          focusable="false"
          viewBox="0 0 24 24"
          width="18"
          height="18"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <rect x="5" y="11" width="14" height="10" rx="2" />
          <path d="M8 11V7a4 4 0 0 1 8 0v4" />
        </svg>
        {t("seed.locked.title")}
      </p>
      <p>{t("seed.locked.body")}</p>
      {canRequest && (
        <p>
          <a href={hrefs.seed(seedId, "access")}>{t("seed.locked.request")}</a>
        </p>
      )}
    </div>
  );
}
