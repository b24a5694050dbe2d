import { useTranslation } from "react-i18next";
import { currentLanguage, otherLanguage, setLanguage } from "../i18n/index.ts";

/** Toggles ja ⇄ en; the label is the other language's own name. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const current = currentLanguage();
  const next = otherLanguage(current);

  return (
    <button
      type="button"
      className="button button-ghost lang-switch"
      data-testid="lang-switch"
      lang={next}
      title={t("lang.switchTitle")}
      onClick={() => void setLanguage(next)}
    >
      <svg
        className="lang-switch-icon"
        aria-hidden="true"
        focusable="false"
        viewBox="0 0 24 24"
        width="18"
        height="18"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
      >
        <circle cx="12" cy="12" r="9" />
        <path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z" />
      </svg>
      {t("lang.switchTo")}
    </button>
  );
}
