import { type Kysely, sql } from "kysely";

// Outreach and forum replies notify too (0008). The list is written out, not imported, so that this
// migration stays what it was when later kinds are added.
const KINDS_0008 = [
  "desk_case_assigned",
  "desk_case_unassigned",
  "desk_slot_booked",
  "desk_followup_due",
  "desk_case_closed",
  "consortium_terms_published",
  "outreach_received",
  "outreach_decided",
  "forum_reply",
];

const kindCheck = (kinds: readonly string[]) =>
  sql.raw(
    `alter table partnering_notifications drop constraint partnering_notifications_kind_check, ` +
      `add constraint partnering_notifications_kind_check check (kind in (${kinds.map((k) => `'${k}'`).join(", ")}))`,
  );

export async function up(db: Kysely<unknown>): Promise<void> {
  await kindCheck(KINDS_0008).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from partnering_notifications where kind in ('outreach_received', 'outreach_decided', 'forum_reply')`.execute(
    db,
  );
  await kindCheck(KINDS_0008.slice(0, 6)).execute(db);
}
