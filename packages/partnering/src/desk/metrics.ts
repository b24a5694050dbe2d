import { forbidden } from "@kakehashi/core";
import type { Account, Database } from "@kakehashi/store";
import type { Kysely } from "kysely";
import { actorOf } from "../notifications/context.ts";
import { canViewDeskMetrics } from "./access.ts";
import { deskDb } from "./schema.ts";
import { type CaseOutcome, type CaseStatus, DESK_TOPICS, type DeskTopic } from "./terms.ts";

/** What the metrics need of one case: no description, no notes, no requester. */
export interface CaseFacts {
  topic: DeskTopic;
  status: CaseStatus;
  createdAt: Date;
  firstResponseAt: Date | null;
  outcome: CaseOutcome | null;
  satisfaction: number | null;
}

export interface DeskMetrics {
  cases: number;
  open: number;
  closed: number;
  byTopic: Record<DeskTopic, number>;
  /** median hours from intake to the desk's first response, over the cases responded to */
  medianHoursToFirstResponse: number | null;
  responded: number;
  /** resolved / closed, withdrawn cases left out (the requester ended them, not the desk) */
  resolutionRate: number | null;
  resolved: number;
  /** mean of the 1–5 ratings given */
  satisfactionMean: number | null;
  rated: number;
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function computeDeskMetrics(cases: readonly CaseFacts[]): DeskMetrics {
  const byTopic = Object.fromEntries(DESK_TOPICS.map((t) => [t, 0])) as Record<DeskTopic, number>;
  for (const c of cases) byTopic[c.topic]++;
  const hours = cases
    .filter((c) => c.firstResponseAt !== null)
    .map((c) => ((c.firstResponseAt as Date).getTime() - c.createdAt.getTime()) / 3_600_000);
  const closed = cases.filter((c) => c.status === "closed");
  const decided = closed.filter((c) => c.outcome !== "withdrawn");
  const resolved = decided.filter((c) => c.outcome === "resolved").length;
  const ratings = cases.flatMap((c) => (c.satisfaction === null ? [] : [c.satisfaction]));
  return {
    cases: cases.length,
    open: cases.length - closed.length,
    closed: closed.length,
    byTopic,
    medianHoursToFirstResponse: median(hours),
    responded: hours.length,
    resolutionRate: decided.length ? resolved / decided.length : null,
    resolved,
    satisfactionMean: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
    rated: ratings.length,
  };
}

/** Desk metrics over the cases that came in during [from, to) (all cases when not given). */
export async function deskMetrics(
  store: Kysely<Database>,
  account: Account,
  period: { from?: Date; to?: Date } = {},
): Promise<DeskMetrics> {
  if (!canViewDeskMetrics(actorOf(account))) throw forbidden("desk.metrics.read");
  let query = deskDb(store)
    .selectFrom("partnering_desk_cases")
    .select(["topic", "status", "created_at", "first_response_at", "outcome", "satisfaction"]);
  if (period.from) query = query.where("created_at", ">=", period.from);
  if (period.to) query = query.where("created_at", "<", period.to);
  const rows = await query.execute();
  return computeDeskMetrics(
    rows.map((r) => ({
      topic: r.topic as DeskTopic,
      status: r.status as CaseStatus,
      createdAt: r.created_at,
      firstResponseAt: r.first_response_at,
      outcome: r.outcome as CaseOutcome | null,
      satisfaction: r.satisfaction,
    })),
  );
}
