import { useTranslation } from "react-i18next";
import { hrefs } from "../router.ts";
import { usePageHeading } from "../usePageHeading.ts";

/** An unknown address, or a page the user's roles do not open. */
export function NotAvailable({ reason }: { reason: "not-found" | "forbidden" }) {
  const { t } = useTranslation();
  const title = t(`notAvailable.${reason}.title`);
  const headingRef = usePageHeading(title);
  return (
    <div className="card notice" data-testid={`page-${reason}`}>
      <h1 className="card-title" ref={headingRef} tabIndex={-1}>
        {title}
      </h1>
      <p>{t(`notAvailable.${reason}.body`)}</p>
      <a href={hrefs.home()}>{t("notAvailable.home")}</a>
    </div>
  );
}
