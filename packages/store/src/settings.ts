import type { Kysely } from "kysely";
import { type AuditActor, appendAudit } from "./audit.ts";
import type { Database } from "./schema.ts";

export async function getSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("instance_settings")
    .select("value")
    .where("key", "=", key)
    .executeTakeFirst();
  return row?.value;
}

export async function setSetting(
  db: Kysely<Database>,
  actor: AuditActor,
  key: string,
  value: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("instance_settings")
      .selectAll()
      .where("key", "=", key)
      .executeTakeFirst();
    await trx
      .insertInto("instance_settings")
      .values({ key, value })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
      .execute();
    await appendAudit(trx, {
      actor,
      action: "setting.set",
      entityType: "setting",
      entityId: key,
      before: before ?? null,
      after: { key, value },
    });
  });
}
