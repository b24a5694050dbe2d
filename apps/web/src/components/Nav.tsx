import { useTranslation } from "react-i18next";
import type { User } from "../api.ts";
import { canCreateSeeds, canDesignTrials, canScreen, canUseRwd, canViewKpis } from "../display.ts";
import { hrefs, type Route } from "../router.ts";

interface NavProps {
  user: User;
  route: Route;
}

type Section = "home" | "seeds" | "new-seed" | "kpis" | "rwd" | "trials" | "screen" | "lag" | "partnering";

function sectionOf(route: Route): Section | null {
  switch (route.name) {
    case "home":
      return "home";
    case "seeds":
    case "seed":
      return "seeds";
    case "new-seed":
      return "new-seed";
    case "kpis":
      return "kpis";
    case "rwd":
      return "rwd";
    case "trials":
      return "trials";
    case "screen":
    case "screen-run":
      return "screen";
    case "lag":
    case "lag-medicine":
      return "lag";
    case "partnering":
    case "partnering-record":
      return "partnering";
    default:
      return null;
  }
}

/**
 * The main sections; "new seed" only for researchers and TLO, KPIs only for those who steer or study,
 * real-world data for those who may query it, trial designs for those who plan trials, in-silico screens
 * for those who look for hits; the drug-lag monitor (public approval lists) and partnering for everyone.
 */
export function Nav({ user, route }: NavProps) {
  const { t } = useTranslation();
  const current = sectionOf(route);
  const items: { id: Section; href: string; label: string }[] = [
    { id: "home", href: hrefs.home(), label: t("nav.home") },
    { id: "seeds", href: hrefs.seeds(), label: t("nav.seeds") },
  ];
  if (canCreateSeeds(user.roles))
    items.push({ id: "new-seed", href: hrefs.newSeed(), label: t("nav.newSeed") });
  if (canViewKpis(user.roles)) items.push({ id: "kpis", href: hrefs.kpis(), label: t("nav.kpis") });
  if (canUseRwd(user.roles)) items.push({ id: "rwd", href: hrefs.rwd(), label: t("nav.rwd") });
  if (canDesignTrials(user.roles)) items.push({ id: "trials", href: hrefs.trials(), label: t("nav.trials") });
  if (canScreen(user.roles)) items.push({ id: "screen", href: hrefs.screen(), label: t("nav.screen") });
  items.push({ id: "lag", href: hrefs.lag(), label: t("nav.lag") });
  items.push({ id: "partnering", href: hrefs.partnering(), label: t("nav.partnering") });

  return (
    <nav className="nav" aria-label={t("nav.label")}>
      <ul className="nav-list">
        {items.map((item) => (
          <li key={item.id}>
            <a
              className="nav-link"
              href={item.href}
              aria-current={current === item.id ? "page" : undefined}
              data-testid={`nav-${item.id}`}
            >
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
