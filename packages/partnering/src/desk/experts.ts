import { forbidden, notFound } from "@kakehashi/core";
import { type Account, appendAudit, type Database } from "@kakehashi/store";
import { type Kysely, sql, type Transaction } from "kysely";
import { z } from "zod";
import { actorOf, auditOf, parseBody } from "../notifications/context.ts";
import { canActAsExpert, isDeskAdmin } from "./access.ts";
import { type DeskDatabase, deskDb } from "./schema.ts";
import { DESK_TOPICS, type DeskTopic } from "./terms.ts";
import type { ExpertCandidate } from "./triage.ts";

export const ExpertDeclaration = z.strictObject({
  topics: z
    .array(z.enum(DESK_TOPICS))
    .min(1)
    .transform((ts) => [...new Set(ts)].sort()),
  capacity: z.number().int().min(1).max(100),
  active: z.boolean().default(true),
});
export type ExpertDeclaration = z.input<typeof ExpertDeclaration>;

export interface DeskExpert {
  userId: string;
  name: string;
  organisation: { id: string; nameJa: string; nameEn: string };
  topics: DeskTopic[];
  capacity: number;
  active: boolean;
  /** open cases now; shown to desk admins and the expert themself */
  openCases: number | null;
}

const OPEN = ["assigned", "in_progress"];

/**
 * A mentor declares (or changes) the topics they advise on and how many open cases they take; a desk
 * admin may do it for any mentor-role user.
 */
export async function declareExpert(
  store: Kysely<Database>,
  account: Account,
  input: ExpertDeclaration,
  userId: string = account.id,
): Promise<DeskExpert> {
  const db = deskDb(store);
  const body = parseBody(ExpertDeclaration, input);
  const actor = actorOf(account);
  if (userId === account.id ? !canActAsExpert(actor) : !isDeskAdmin(actor))
    throw forbidden("desk.expert.declare");
  const target = await db
    .selectFrom("users")
    .select([
      "id",
      sql<string[]>`array(select r.role from user_roles r where r.user_id = users.id)`.as("roles"),
    ])
    .where("id", "=", userId)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  if (!target) throw notFound(`user ${userId}`);
  // the desk's experts are the platform's mentors: an admin cannot make a company user an expert
  if (!target.roles.includes("mentor")) throw forbidden("desk.expert.declare (not a mentor)");
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("partnering_desk_experts")
      .selectAll()
      .where("user_id", "=", userId)
      .forUpdate()
      .executeTakeFirst();
    if (before)
      await trx
        .updateTable("partnering_desk_experts")
        .set({ capacity: body.capacity, active: body.active })
        .where("user_id", "=", userId)
        .execute();
    else
      await trx
        .insertInto("partnering_desk_experts")
        .values({ user_id: userId, capacity: body.capacity, active: body.active })
        .execute();
    await trx.deleteFrom("partnering_desk_expert_topics").where("user_id", "=", userId).execute();
    await trx
      .insertInto("partnering_desk_expert_topics")
      .values(body.topics.map((topic) => ({ user_id: userId, topic })))
      .execute();
    await appendAudit(trx, {
      actor: auditOf(account),
      action: before ? "desk.expert.update" : "desk.expert.declare",
      entityType: "user",
      entityId: userId,
      before: before ?? undefined,
      after: body,
    });
  });
  const expert = (await listExperts(store, account)).find((e) => e.userId === userId);
  if (!expert) throw notFound(`expert ${userId}`);
  return expert;
}

/** The desk's experts and their topics (anyone logged in may see who advises on what). */
export async function listExperts(
  store: Kysely<Database>,
  account: Account,
  topic?: DeskTopic,
): Promise<DeskExpert[]> {
  const db = deskDb(store);
  const actor = actorOf(account);
  let query = db
    .selectFrom("partnering_desk_experts as e")
    .innerJoin("users", "users.id", "e.user_id")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .select([
      "e.user_id",
      "e.capacity",
      "e.active",
      "users.display_name",
      "organisations.id as org_id",
      "organisations.name_ja",
      "organisations.name_en",
      sql<
        string[]
      >`array(select t.topic from partnering_desk_expert_topics t where t.user_id = e.user_id order by t.topic)`.as(
        "topics",
      ),
      sql<string>`(select count(*) from partnering_desk_cases c where c.expert_id = e.user_id and c.status in ('assigned', 'in_progress'))`.as(
        "open_cases",
      ),
    ])
    .where("users.disabled_at", "is", null)
    .orderBy("users.display_name");
  if (topic)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("partnering_desk_expert_topics as t")
          .select("t.user_id")
          .whereRef("t.user_id", "=", "e.user_id")
          .where("t.topic", "=", topic),
      ),
    );
  const rows = await query.execute();
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.display_name,
    organisation: { id: r.org_id, nameJa: r.name_ja, nameEn: r.name_en },
    topics: r.topics as DeskTopic[],
    capacity: r.capacity,
    active: r.active,
    openCases: isDeskAdmin(actor) || r.user_id === account.id ? Number(r.open_cases) : null,
  }));
}

/**
 * The experts who could take a case on `topic`, with their load, locked for the rest of the
 * transaction so two cases arriving together do not both see the same expert as free.
 */
export async function lockCandidates(
  trx: Transaction<DeskDatabase>,
  topic: DeskTopic,
): Promise<ExpertCandidate[]> {
  const ids = await trx
    .selectFrom("partnering_desk_experts as e")
    .innerJoin("partnering_desk_expert_topics as t", "t.user_id", "e.user_id")
    .innerJoin("users", "users.id", "e.user_id")
    .innerJoin("user_roles", (j) =>
      j.onRef("user_roles.user_id", "=", "e.user_id").on("user_roles.role", "=", "mentor"),
    )
    .select("e.user_id")
    .where("t.topic", "=", topic)
    .where("e.active", "=", true)
    .where("users.disabled_at", "is", null)
    .orderBy("e.user_id")
    .forUpdate("e")
    .execute();
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom("partnering_desk_experts as e")
    .innerJoin("users", "users.id", "e.user_id")
    .select([
      "e.user_id",
      "e.capacity",
      "users.display_name",
      (eb) =>
        eb
          .selectFrom("partnering_desk_cases as c")
          .select((eb2) => eb2.fn.countAll<string>().as("n"))
          .whereRef("c.expert_id", "=", "e.user_id")
          .where("c.status", "in", OPEN)
          .as("open_cases"),
    ])
    .where(
      "e.user_id",
      "in",
      ids.map((r) => r.user_id),
    )
    .execute();
  return rows.map((r) => ({
    expertId: r.user_id,
    name: r.display_name,
    capacity: r.capacity,
    openCases: Number(r.open_cases ?? 0),
  }));
}
