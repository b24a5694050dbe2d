/**
 * The notifications tab tells the header's bell when the unread count changed (a notification was
 * marked read), so the bell need not wait for its next poll.
 */
const EVENT = "kakehashi:notifications-changed";

export function announceNotificationsChanged(unread: number): void {
  window.dispatchEvent(new CustomEvent<number>(EVENT, { detail: unread }));
}

/** Calls `listener` with the new unread count; returns the function that stops listening. */
export function onNotificationsChanged(listener: (unread: number) => void): () => void {
  const handler = (event: Event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    if (typeof detail === "number") listener(detail);
  };
  window.addEventListener(EVENT, handler);
  return () => window.removeEventListener(EVENT, handler);
}
