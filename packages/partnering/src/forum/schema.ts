import type { Database } from "@kakehashi/store";
import type { ColumnType, Kysely } from "kysely";
import type { ConsortiumDatabase } from "../consortia/schema.ts";

type Auto<T> = ColumnType<T, T | undefined, T>;

export interface ThreadTable {
  id: string;
  title: string;
  topic: string;
  consortium_id: string | null;
  created_by: string;
  organisation_id: string;
  created_at: Auto<Date>;
}

export interface PostTable {
  id: string;
  thread_id: string;
  author_id: string;
  organisation_id: string;
  as_regulator: boolean;
  body: string;
  created_at: Auto<Date>;
}

export interface ForumDatabase extends ConsortiumDatabase {
  partnering_forum_threads: ThreadTable;
  partnering_forum_posts: PostTable;
}

export type ForumDb = Kysely<ForumDatabase>;

export const forumDb = (db: Kysely<Database>) => db as unknown as ForumDb;
