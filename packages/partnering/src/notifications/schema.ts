import type { Database } from "@kakehashi/store";
import type { ColumnType, Kysely } from "kysely";

type Auto<T> = ColumnType<T, T | undefined, T>;

export interface NotificationTable {
  id: string;
  recipient_id: string;
  kind: string;
  title_ja: string;
  title_en: string;
  body_ja: string;
  body_en: string;
  link: string;
  read_at: Date | null;
  email_status: string;
  email_attempts: Auto<number>;
  email_error: string | null;
  emailed_at: Date | null;
  created_at: Auto<Date>;
}

export interface NotificationDatabase extends Database {
  partnering_notifications: NotificationTable;
}

export type NotificationDb = Kysely<NotificationDatabase>;

export const notificationDb = (db: Kysely<Database>) => db as unknown as NotificationDb;
