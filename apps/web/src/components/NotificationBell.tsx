import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { User } from "../api.ts";
import { listNotifications } from "../pages/partnering/desk/api.ts";
import { onNotificationsChanged } from "../pages/partnering/desk/notificationEvents.ts";
import { hrefs } from "../router.ts";
import "../pages/partnering/desk/desk.css";

const POLL_MS = 60_000;

/**
 * The header's link to one's notifications with the unread count. It asks for the count (one unread
 * notification and the total) every minute and on each navigation; a failed request keeps the last
 * count shown and is tried again at the next occasion, silently.
 */
export function NotificationBell({ user }: { user: User }) {
  const { t } = useTranslation();
  const [unread, setUnread] = useState<number | null>(null);
  const inFlight = useRef(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: another user (a new login) starts a new count.
  useEffect(() => {
    let alive = true;
    const refresh = () => {
      if (inFlight.current || document.visibilityState === "hidden") return;
      inFlight.current = true;
      listNotifications({ unread: true, limit: 1 })
        .then(
          (list) => {
            if (alive) setUnread(list.unread);
          },
          () => {
            // offline, logged out or the server busy: keep the last count, try again later
          },
        )
        .finally(() => {
          inFlight.current = false;
        });
    };
    refresh();
    const timer = window.setInterval(refresh, POLL_MS);
    window.addEventListener("hashchange", refresh);
    const stop = onNotificationsChanged((count) => setUnread(count));
    return () => {
      alive = false;
      window.clearInterval(timer);
      window.removeEventListener("hashchange", refresh);
      stop();
    };
  }, [user.id]);

  const count = unread ?? 0;
  const label =
    unread === null ? t("partnering.desk.bell.label") : t("partnering.desk.bell.labelCount", { count });
  return (
    <a
      className={count > 0 ? "button button-ghost bell bell-unread" : "button button-ghost bell"}
      href={hrefs.partnering("notifications")}
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      data-unread={count}
    >
      <svg
        className="bell-icon"
        aria-hidden="true"
        focusable="false"
        viewBox="0 0 24 24"
        width="18"
        height="18"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
      >
        <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15L6 16z" />
        <path d="M10 20.5a2 2 0 0 0 4 0" />
      </svg>
      {count > 0 && (
        <span aria-hidden="true" className="bell-count" data-testid="notification-bell-count">
          {count > 99 ? "99+" : count}
        </span>
      )}
    </a>
  );
}
