import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { User } from "../../../api.ts";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { Badge } from "../../../components/Badge.tsx";
import { Empty, ErrorAlert } from "../../../components/Status.tsx";
import { pick } from "../../../display.ts";
import { formatDateTime } from "../../../format.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { hrefs } from "../../../router.ts";
import { useAsync } from "../../../useAsync.ts";
import { useSubmit } from "../../../useSubmit.ts";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type Notification,
  type NotificationList,
  notificationHref,
} from "./api.ts";
import { announceNotificationsChanged } from "./notificationEvents.ts";
import "./desk.css";

/** The user's in-app notifications, newest first: read them, open the record, mark one or all read. */
export function NotificationsTab(_props: { user: User }) {
  const { t } = useTranslation();
  const load = useCallback(() => listNotifications({ limit: 100 }), []);
  const { state, setData } = useAsync(load);
  const all = useSubmit();

  const update = (list: NotificationList) => {
    setData(list);
    announceNotificationsChanged(list.unread);
  };

  async function markAll(list: NotificationList) {
    const done = await all.run(markAllNotificationsRead);
    if (done)
      update({
        unread: 0,
        notifications: list.notifications.map((n) => (n.read ? n : { ...n, read: true })),
      });
  }

  return (
    <section aria-labelledby="notifications-title" data-testid="notifications">
      <h2 id="notifications-title" className="section-title">
        {t("partnering.desk.notifications.title")}
      </h2>
      <AsyncView state={state}>
        {(list) => (
          <div className="stack">
            <div className="desk-notifications-head">
              <p data-testid="notifications-unread" data-unread={list.unread}>
                {t("partnering.desk.notifications.unread", { count: list.unread })}
              </p>
              <button
                type="button"
                className="button button-small"
                onClick={() => void markAll(list)}
                disabled={all.submitting || list.unread === 0}
                data-testid="notifications-read-all"
              >
                {t("partnering.desk.notifications.readAll")}
              </button>
            </div>
            {all.error !== null && <ErrorAlert error={all.error} />}
            {list.notifications.length === 0 ? (
              <Empty testId="notifications-empty">{t("partnering.desk.notifications.empty")}</Empty>
            ) : (
              <ul className="card-list" data-testid="notification-list">
                {list.notifications.map((n) => (
                  <NotificationItem
                    key={n.id}
                    notification={n}
                    onRead={(read) =>
                      update({
                        unread: Math.max(0, list.unread - (n.read ? 0 : 1)),
                        notifications: list.notifications.map((x) => (x.id === read.id ? read : x)),
                      })
                    }
                  />
                ))}
              </ul>
            )}
          </div>
        )}
      </AsyncView>
    </section>
  );
}

function NotificationItem({
  notification: n,
  onRead,
}: {
  notification: Notification;
  onRead: (read: Notification) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { submitting, error, run } = useSubmit();
  const href = notificationHref(n.link, hrefs);

  async function markRead() {
    const read = await run(() => markNotificationRead(n.id));
    if (read) onRead(read);
  }

  return (
    <li
      className={n.read ? "card desk-notification" : "card desk-notification desk-notification-unread"}
      data-testid="notification-item"
      data-notification-id={n.id}
      data-read={n.read ? "true" : "false"}
    >
      <div className="desk-notification-head">
        <h3 className="subsection-title">
          {!n.read && (
            <>
              <Badge tone="info" testId="notification-unread-badge">
                {t("partnering.desk.notifications.new")}
              </Badge>{" "}
            </>
          )}
          <span data-testid="notification-title">{pick(n.titleJa, n.titleEn, lang)}</span>
        </h3>
        <time className="muted small" dateTime={n.createdAt}>
          {formatDateTime(n.createdAt, lang)}
        </time>
      </div>
      <p data-testid="notification-body">{pick(n.bodyJa, n.bodyEn, lang)}</p>
      <div className="form-actions">
        {href && (
          <a
            className="button button-small"
            href={href}
            onClick={() => {
              if (!n.read) void markRead();
            }}
            data-testid="notification-open"
          >
            {t("partnering.desk.notifications.open")}
          </a>
        )}
        {!n.read && (
          <button
            type="button"
            className="button button-small button-ghost"
            onClick={() => void markRead()}
            disabled={submitting}
            data-testid="notification-read"
          >
            {t("partnering.desk.notifications.markRead")}
          </button>
        )}
      </div>
      {error !== null && <ErrorAlert error={error} />}
    </li>
  );
}
