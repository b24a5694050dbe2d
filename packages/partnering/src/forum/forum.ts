import { randomUUID } from "node:crypto";
import { type Actor, forbidden, isAdmin, type Locale, notFound, ROLES } from "@kakehashi/core";
import { type Account, appendAudit, type Database } from "@kakehashi/store";
import type { Insertable, Kysely } from "kysely";
import { z } from "zod";
import { membershipOf } from "../consortia/consortia.ts";
import { actorOf, auditOf, type CommunityOptions, parseBody } from "../notifications/context.ts";
import { formatJst, forumReplyNotice } from "../notifications/notices.ts";
import { deliverEmails, queueNotifications } from "../notifications/notifications.ts";
import { type ForumDb, forumDb, type ThreadTable } from "./schema.ts";
import { FORUM_TOPIC_LABELS, FORUM_TOPICS, type ForumTopic } from "./terms.ts";

export const ThreadInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  topic: z.enum(FORUM_TOPICS),
  /** restricts the thread to the members of one consortium */
  consortiumId: z.uuid().nullish(),
  body: z.string().trim().min(1).max(20_000),
});
export type ThreadInput = z.input<typeof ThreadInput>;
export const PostBody = z.strictObject({ body: z.string().trim().min(1).max(20_000) });

export interface ForumAuthor {
  id: string;
  name: string;
  organisation: { id: string; nameJa: string; nameEn: string };
}

export interface ForumPost {
  id: string;
  author: ForumAuthor;
  /** written by a regulator-role user, marked as the regulator's voice */
  asRegulator: boolean;
  body: string;
  createdAt: Date;
}

export interface ThreadSummary {
  id: string;
  title: string;
  topic: ForumTopic;
  consortium: { id: string; nameJa: string; nameEn: string } | null;
  startedBy: ForumAuthor;
  createdAt: Date;
  posts: number;
  regulatorPosts: number;
  lastPostAt: Date;
}

export interface ForumThread extends Omit<ThreadSummary, "posts" | "regulatorPosts" | "lastPostAt"> {
  posts: ForumPost[];
}

/** Every role takes part: researchers, companies, investors, mentors, funders and the regulator. */
export const canUseForum = (actor: Actor) => ROLES.some((r) => actor.roles.includes(r));

/** A restricted thread is for its consortium's members (and admins); a public one for every participant. */
async function canReadThread(db: ForumDb, actor: Actor, consortiumId: string | null): Promise<boolean> {
  if (!canUseForum(actor)) return false;
  if (consortiumId === null || isAdmin(actor)) return true;
  return (await membershipOf(db, consortiumId, actor.organisationId)) !== null;
}

async function requireThread(db: ForumDb, account: Account, threadId: string) {
  const row = await db
    .selectFrom("partnering_forum_threads")
    .selectAll()
    .where("id", "=", threadId)
    .executeTakeFirst();
  // a restricted thread is reported as missing to outsiders: its title is the consortium's business
  if (!row || !(await canReadThread(db, actorOf(account), row.consortium_id)))
    throw notFound(`forum thread ${threadId}`);
  return row;
}

async function insertPost(
  db: ForumDb,
  account: Account,
  threadId: string,
  body: string,
  now: Date,
  action: string,
  thread?: Insertable<ThreadTable>,
  notify?: { topic: ForumTopic; emailEnabled: boolean },
): Promise<string[]> {
  const id = randomUUID();
  const row = {
    id,
    thread_id: threadId,
    author_id: account.id,
    organisation_id: account.organisation.id,
    as_regulator: account.roles.includes("regulator"),
    body,
    created_at: now,
  };
  return db.transaction().execute(async (trx) => {
    if (thread)
      await trx
        .insertInto("partnering_forum_threads")
        .values(thread as never)
        .execute();
    await trx.insertInto("partnering_forum_posts").values(row).execute();
    await appendAudit(trx, {
      actor: auditOf(account),
      action,
      entityType: "forum_thread",
      entityId: threadId,
      after: thread ? { thread, post: row } : row,
    });
    if (!notify) return [];
    // everyone who wrote in the thread before, but not the one replying
    const earlier = await trx
      .selectFrom("partnering_forum_posts")
      .select("author_id")
      .distinct()
      .where("thread_id", "=", threadId)
      .where("author_id", "!=", account.id)
      .execute();
    return queueNotifications(
      trx as never,
      earlier.map((p) => p.author_id),
      forumReplyNotice({ threadId, topic: FORUM_TOPIC_LABELS[notify.topic], byRegulator: row.as_regulator }),
      notify.emailEnabled,
    );
  });
}

/** Opens a thread with its first post; a thread restricted to a consortium is opened by its members. */
export async function createThread(
  store: Kysely<Database>,
  account: Account,
  input: ThreadInput,
  options: CommunityOptions = {},
): Promise<ForumThread> {
  const db = forumDb(store);
  const actor = actorOf(account);
  if (!canUseForum(actor)) throw forbidden("forum.thread.create");
  const body = parseBody(ThreadInput, input);
  const consortiumId = body.consortiumId ?? null;
  if (consortiumId) {
    const c = await db
      .selectFrom("partnering_consortia")
      .select("id")
      .where("id", "=", consortiumId)
      .executeTakeFirst();
    if (!c) throw notFound(`consortium ${consortiumId}`);
    if (!isAdmin(actor) && !(await membershipOf(db, consortiumId, actor.organisationId)))
      throw forbidden("forum.thread.create (consortium members only)");
  }
  const now = options.now ?? new Date();
  const id = randomUUID();
  await insertPost(db, account, id, body.body, now, "forum.thread.create", {
    id,
    title: body.title,
    topic: body.topic,
    consortium_id: consortiumId,
    created_by: account.id,
    organisation_id: account.organisation.id,
    created_at: now,
  });
  return getThread(store, account, id);
}

export async function addPost(
  store: Kysely<Database>,
  account: Account,
  threadId: string,
  input: z.input<typeof PostBody>,
  options: CommunityOptions = {},
): Promise<ForumThread> {
  const db = forumDb(store);
  const { body } = parseBody(PostBody, input);
  const thread = await requireThread(db, account, threadId);
  const notifications = await insertPost(
    db,
    account,
    threadId,
    body,
    options.now ?? new Date(),
    "forum.post.create",
    undefined,
    { topic: thread.topic as ForumTopic, emailEnabled: Boolean(options.mailer) },
  );
  await deliverEmails(store, options.mailer, notifications);
  return getThread(store, account, threadId);
}

function threadQuery(db: ForumDb) {
  return db
    .selectFrom("partnering_forum_threads as t")
    .innerJoin("users as u", "u.id", "t.created_by")
    .innerJoin("organisations as o", "o.id", "t.organisation_id")
    .leftJoin("partnering_consortia as c", "c.id", "t.consortium_id")
    .select([
      "t.id",
      "t.title",
      "t.topic",
      "t.consortium_id",
      "t.created_at",
      "t.created_by",
      "u.display_name",
      "o.id as org_id",
      "o.name_ja",
      "o.name_en",
      "c.name_ja as consortium_name_ja",
      "c.name_en as consortium_name_en",
    ]);
}
type ThreadRow = Awaited<ReturnType<ReturnType<typeof threadQuery>["executeTakeFirstOrThrow"]>>;

const threadHead = (t: ThreadRow) => ({
  id: t.id,
  title: t.title,
  topic: t.topic as ForumTopic,
  consortium: t.consortium_id
    ? { id: t.consortium_id, nameJa: t.consortium_name_ja ?? "", nameEn: t.consortium_name_en ?? "" }
    : null,
  startedBy: {
    id: t.created_by,
    name: t.display_name,
    organisation: { id: t.org_id, nameJa: t.name_ja, nameEn: t.name_en },
  },
  createdAt: t.created_at,
});

export async function getThread(
  store: Kysely<Database>,
  account: Account,
  threadId: string,
): Promise<ForumThread> {
  const db = forumDb(store);
  await requireThread(db, account, threadId);
  const t = await threadQuery(db).where("t.id", "=", threadId).executeTakeFirstOrThrow();
  const posts = await db
    .selectFrom("partnering_forum_posts as p")
    .innerJoin("users as u", "u.id", "p.author_id")
    .innerJoin("organisations as o", "o.id", "p.organisation_id")
    .select([
      "p.id",
      "p.body",
      "p.as_regulator",
      "p.created_at",
      "p.author_id",
      "u.display_name",
      "o.id as org_id",
      "o.name_ja",
      "o.name_en",
    ])
    .where("p.thread_id", "=", threadId)
    .orderBy("p.created_at")
    .orderBy("p.id")
    .execute();
  return {
    ...threadHead(t),
    posts: posts.map((p) => ({
      id: p.id,
      author: {
        id: p.author_id,
        name: p.display_name,
        organisation: { id: p.org_id, nameJa: p.name_ja, nameEn: p.name_en },
      },
      asRegulator: p.as_regulator,
      body: p.body,
      createdAt: p.created_at,
    })),
  };
}

/** Threads the caller may read, latest activity first; restricted ones only for their consortium's members. */
export async function listThreads(
  store: Kysely<Database>,
  account: Account,
  q: { topic?: ForumTopic; consortiumId?: string } = {},
): Promise<ThreadSummary[]> {
  const db = forumDb(store);
  const actor = actorOf(account);
  if (!canUseForum(actor)) throw forbidden("forum.thread.list");
  let query = threadQuery(db)
    .select((eb) => [
      eb
        .selectFrom("partnering_forum_posts as p")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("p.thread_id", "=", "t.id")
        .as("posts"),
      eb
        .selectFrom("partnering_forum_posts as p")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("p.thread_id", "=", "t.id")
        .where("p.as_regulator", "=", true)
        .as("regulator_posts"),
      eb
        .selectFrom("partnering_forum_posts as p")
        .select((e) => e.fn.max("p.created_at").as("m"))
        .whereRef("p.thread_id", "=", "t.id")
        .as("last_post_at"),
    ])
    .limit(500);
  if (!isAdmin(actor))
    query = query.where((eb) =>
      eb.or([
        eb("t.consortium_id", "is", null),
        eb.exists(
          eb
            .selectFrom("partnering_consortium_members as m")
            .select("m.organisation_id")
            .whereRef("m.consortium_id", "=", "t.consortium_id")
            .where("m.organisation_id", "=", actor.organisationId),
        ),
      ]),
    );
  if (q.topic) query = query.where("t.topic", "=", q.topic);
  if (q.consortiumId) query = query.where("t.consortium_id", "=", q.consortiumId);
  const rows = await query.execute();
  return rows
    .map((r) => ({
      ...threadHead(r),
      posts: Number(r.posts ?? 0),
      regulatorPosts: Number(r.regulator_posts ?? 0),
      lastPostAt: new Date((r.last_post_at as Date | string | null) ?? r.created_at),
    }))
    .sort((a, b) => b.lastPostAt.getTime() - a.lastPostAt.getTime());
}

/** Minutes as structured data: every post in order, the regulator's marked, and who took part. */
export interface ThreadMinutes {
  format: "kakehashi-forum-minutes/1";
  thread: {
    id: string;
    title: string;
    topic: ForumTopic;
    topicLabel: { ja: string; en: string };
    consortium: { id: string; nameJa: string; nameEn: string } | null;
  };
  period: { from: string; to: string };
  participants: {
    name: string;
    organisation: { nameJa: string; nameEn: string };
    regulator: boolean;
    posts: number;
  }[];
  posts: {
    seq: number;
    at: string;
    author: string;
    organisation: { nameJa: string; nameEn: string };
    regulator: boolean;
    body: string;
  }[];
  regulatorPosts: number;
  exportedAt: string;
  exportedBy: string;
}

const MINUTES_TEXT = {
  ja: {
    heading: "議事録",
    topic: "分野",
    scope: "公開範囲",
    public: "フォーラム参加者全員",
    restricted: (name: string) => `${name} の参加機関のみ`,
    period: "期間",
    participants: "参加者",
    participantCount: (n: number, r: number) => `${n} 名（うち規制当局 ${r} 名）`,
    regulatorPosts: "規制当局の発言",
    regulatorCount: (n: number) => `${n} 件（${"【規制当局】"}と表示）`,
    name: "氏名",
    organisation: "所属",
    posts: "発言数",
    discussion: "発言",
    marker: "【規制当局】",
    disclaimer:
      "規制当局の発言は、フォーラムでの非公式な見解です。正式な相談（対面助言など）の結果に代わるものではありません。",
    exported: (at: string, by: string) => `出力: ${at}（JST）、${by}`,
  },
  en: {
    heading: "Minutes",
    topic: "Topic",
    scope: "Visible to",
    public: "all forum participants",
    restricted: (name: string) => `members of ${name} only`,
    period: "Period",
    participants: "Participants",
    participantCount: (n: number, r: number) => `${n} (regulator: ${r})`,
    regulatorPosts: "Regulator's posts",
    regulatorCount: (n: number) => `${n} (marked ${"[Regulator]"})`,
    name: "Name",
    organisation: "Organisation",
    posts: "Posts",
    discussion: "Discussion",
    marker: "[Regulator]",
    disclaimer:
      "The regulator's posts are informal views given in the forum; they do not replace the outcome of a formal consultation.",
    exported: (at: string, by: string) => `Exported ${at} (JST) by ${by}`,
  },
} as const;

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
const quote = (s: string) =>
  s
    .split(/\r?\n/)
    .map((line) => (line.trim() ? `> ${line}` : ">"))
    .join("\n");

/** The thread's minutes as Markdown (in the caller's language) and as structured JSON. */
export async function exportMinutes(
  store: Kysely<Database>,
  account: Account,
  threadId: string,
  locale: Locale = "ja",
  options: CommunityOptions = {},
): Promise<{ markdown: string; json: ThreadMinutes }> {
  const thread = await getThread(store, account, threadId);
  const now = options.now ?? new Date();
  const participants = new Map<string, ThreadMinutes["participants"][number]>();
  for (const p of thread.posts) {
    const key = `${p.author.id}|${p.asRegulator}`;
    const entry = participants.get(key) ?? {
      name: p.author.name,
      organisation: { nameJa: p.author.organisation.nameJa, nameEn: p.author.organisation.nameEn },
      regulator: p.asRegulator,
      posts: 0,
    };
    entry.posts++;
    participants.set(key, entry);
  }
  const json: ThreadMinutes = {
    format: "kakehashi-forum-minutes/1",
    thread: {
      id: thread.id,
      title: thread.title,
      topic: thread.topic,
      topicLabel: FORUM_TOPIC_LABELS[thread.topic],
      consortium: thread.consortium,
    },
    period: {
      from: (thread.posts[0]?.createdAt ?? thread.createdAt).toISOString(),
      to: (thread.posts.at(-1)?.createdAt ?? thread.createdAt).toISOString(),
    },
    participants: [...participants.values()],
    posts: thread.posts.map((p, i) => ({
      seq: i + 1,
      at: p.createdAt.toISOString(),
      author: p.author.name,
      organisation: { nameJa: p.author.organisation.nameJa, nameEn: p.author.organisation.nameEn },
      regulator: p.asRegulator,
      body: p.body,
    })),
    regulatorPosts: thread.posts.filter((p) => p.asRegulator).length,
    exportedAt: now.toISOString(),
    exportedBy: account.displayName,
  };

  const t = MINUTES_TEXT[locale];
  const org = (o: { nameJa: string; nameEn: string }) => (locale === "ja" ? o.nameJa : o.nameEn);
  const consortiumName = thread.consortium
    ? locale === "ja"
      ? thread.consortium.nameJa
      : thread.consortium.nameEn
    : null;
  const regulators = json.participants.filter((p) => p.regulator).length;
  const lines = [
    `# ${t.heading}: ${thread.title}`,
    "",
    `- ${t.topic}: ${FORUM_TOPIC_LABELS[thread.topic][locale]}`,
    `- ${t.scope}: ${consortiumName ? t.restricted(consortiumName) : t.public}`,
    `- ${t.period}: ${formatJst(new Date(json.period.from))} – ${formatJst(new Date(json.period.to))} (JST)`,
    `- ${t.participants}: ${t.participantCount(json.participants.length, regulators)}`,
    `- ${t.regulatorPosts}: ${t.regulatorCount(json.regulatorPosts)}`,
    "",
    `## ${t.participants}`,
    "",
    `| ${t.name} | ${t.organisation} | ${t.posts} |`,
    "|---|---|---:|",
    ...json.participants.map(
      (p) =>
        `| ${cell(p.name)}${p.regulator ? ` ${t.marker}` : ""} | ${cell(org(p.organisation))} | ${p.posts} |`,
    ),
    "",
    `## ${t.discussion}`,
    "",
    ...json.posts.flatMap((p) => [
      `### ${p.seq}. ${formatJst(new Date(p.at))} — ${cell(p.author)}（${cell(org(p.organisation))}）${p.regulator ? ` ${t.marker}` : ""}`,
      "",
      quote(p.body),
      "",
    ]),
    ...(json.regulatorPosts ? [`*${t.marker} ${t.disclaimer}*`, ""] : []),
    "---",
    "",
    t.exported(formatJst(now), cell(account.displayName)),
    "",
  ];
  return { markdown: lines.join("\n"), json };
}
