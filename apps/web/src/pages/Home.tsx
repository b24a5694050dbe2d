import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { User } from "../api.ts";
import { canUseRwd } from "../display.ts";
import { hrefs } from "../router.ts";

/** The five problem areas of the Drug Development Council's report. */
const AREAS = ["1", "2", "3", "4", "5"] as const;

interface HomeProps {
  user: User;
}

export function Home({ user }: HomeProps) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // areas with a working screen link to it; the others say there is nothing yet
  const links: Partial<Record<(typeof AREAS)[number], { href: string; label: string }>> = {
    "1": { href: hrefs.seeds(), label: "home.area1Link" },
    ...(canUseRwd(user.roles) ? { "2": { href: hrefs.rwd(), label: "home.area2Link" } } : {}),
  };

  // Move focus to the page heading after login so screen readers announce the new page.
  useEffect(() => {
    headingRef.current?.focus();
    document.title = "Kakehashi 架け橋";
  }, []);

  return (
    <div className="home" data-testid="home">
      <h1 className="page-title" ref={headingRef} tabIndex={-1} data-testid="home-welcome">
        {t("home.welcome", { name: user.displayName })}
      </h1>
      <p className="muted lead">{t("home.intro")}</p>

      <section aria-labelledby="home-areas-title">
        <h2 id="home-areas-title" className="section-title">
          {t("home.areasTitle")}
        </h2>
        <ol className="areas" data-testid="home-areas">
          {AREAS.map((n) => (
            <li key={n} className="card area" data-testid={`area-${n}`}>
              <p className="area-number">{t("home.areaNumber", { n })}</p>
              <h3 className="area-title">{t(`areas.${n}.title`)}</h3>
              <p className="area-description">{t(`areas.${n}.description`)}</p>
              {links[n] ? (
                <a className="button area-link" href={links[n].href} data-testid={`area-${n}-link`}>
                  {t(links[n].label)}
                </a>
              ) : (
                <p className="area-empty" data-testid={`area-${n}-empty`}>
                  {t("home.empty")}
                </p>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
