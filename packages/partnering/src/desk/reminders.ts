import type { Database } from "@kakehashi/store";
import type { Kysely } from "kysely";
import type { Mailer } from "../notifications/mailer.ts";
import { notifyDueFollowUps } from "./followups.ts";

export interface FollowUpReminders {
  /** resolves once a round in progress has finished; no round starts after it */
  stop(): Promise<void>;
}

/**
 * Runs the follow-up reminder (notifyDueFollowUps) now and then every `intervalMs` inside a server
 * process. Rounds never overlap, and several processes may run it at once: the reminder locks the rows it
 * announces and marks them, so a follow-up is announced once.
 */
export function startFollowUpReminders(
  store: Kysely<Database>,
  options: {
    intervalMs: number;
    mailer?: Mailer | null;
    leadDays?: number;
    onError?: (error: unknown) => void;
    onRound?: (result: { notified: number; overdue: number }) => void;
  },
): FollowUpReminders {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const round = () => {
    running = (async () => {
      try {
        const result = await notifyDueFollowUps(store, {
          ...(options.mailer ? { mailer: options.mailer } : {}),
          ...(options.leadDays !== undefined ? { leadDays: options.leadDays } : {}),
        });
        options.onRound?.(result);
      } catch (error) {
        options.onError?.(error);
      }
    })();
  };
  round();
  const timer = setInterval(() => {
    if (!stopped) void running.then(round);
  }, options.intervalMs);
  // a pending reminder never keeps the process alive
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
