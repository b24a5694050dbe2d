import { useTranslation } from "react-i18next";

export function Footer() {
  const { t } = useTranslation();

  return (
    <footer className="footer">
      <div className="footer-inner">
        <span>
          Kakehashi <span lang="ja">架け橋</span> — {t("footer.about")}
        </span>
        <a href="/docs" data-testid="api-docs-link">
          {t("footer.apiDocs")}
        </a>
      </div>
    </footer>
  );
}
