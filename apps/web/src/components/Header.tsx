import { useTranslation } from "react-i18next";
import type { User } from "../api.ts";
import { organisationName, rolesLabel } from "../display.ts";
import { currentLanguage } from "../i18n/index.ts";
import type { Route } from "../router.ts";
import { LanguageSwitch } from "./LanguageSwitch.tsx";
import { Nav } from "./Nav.tsx";
import { NotificationBell } from "./NotificationBell.tsx";

interface HeaderProps {
  user: User | null;
  route: Route;
  loggingOut: boolean;
  onLogout: () => void;
}

export function Header({ user, route, loggingOut, onLogout }: HeaderProps) {
  const { t } = useTranslation();

  return (
    <header className="header">
      <div className="header-inner">
        <div className="brand">
          <a className="brand-name" href="#/" data-testid="brand">
            Kakehashi <span lang="ja">架け橋</span>
          </a>
          <span className="brand-tagline">{t("app.tagline")}</span>
        </div>
        <div className="header-actions">
          {user && (
            <div className="user" data-testid="header-user">
              <span className="visually-hidden">{t("header.signedInAs")}</span>
              <span className="user-name" data-testid="user-name">
                {user.displayName}
              </span>
              <span className="user-meta">
                <span className="visually-hidden">{t("header.roles")}: </span>
                <span data-testid="user-roles">{rolesLabel(t, user.roles)}</span>
                <span aria-hidden="true" className="user-sep">
                  {" / "}
                </span>
                <span className="visually-hidden">{t("header.organisation")}: </span>
                <span data-testid="user-organisation">
                  {organisationName(user.organisation, currentLanguage())}
                </span>
              </span>
            </div>
          )}
          {user && <NotificationBell user={user} />}
          <LanguageSwitch />
          {user && (
            <button
              type="button"
              className="button button-ghost"
              data-testid="logout"
              onClick={onLogout}
              disabled={loggingOut}
              aria-busy={loggingOut}
            >
              {loggingOut ? t("header.loggingOut") : t("header.logout")}
            </button>
          )}
        </div>
      </div>
      {user && (
        <div className="nav-bar">
          <Nav user={user} route={route} />
        </div>
      )}
    </header>
  );
}
