import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { Kysely, Transaction } from "kysely";
import type { AuditRow, Database } from "./schema.ts";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditActor {
  id: string | null;
  /** e-mail, "system" or "cli:admin create": readable without a join, kept even if the user goes */
  label: string;
}

export interface AuditEntryInput {
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Hash of an entity's state, over canonical JSON (RFC 8785) so key order and spacing do not matter. */
export function hashState(state: unknown): string | null {
  if (state === undefined || state === null) return null;
  return sha256(canonicalize(state) ?? "null");
}

function entryHash(row: Omit<AuditRow, "hash">): string {
  return sha256(
    canonicalize({
      seq: String(row.seq),
      at: new Date(row.at).toISOString(),
      actor_id: row.actor_id,
      actor_label: row.actor_label,
      action: row.action,
      entity_type: row.entity_type,
      entity_id: row.entity_id,
      before_hash: row.before_hash,
      after_hash: row.after_hash,
      detail: row.detail,
      prev_hash: row.prev_hash,
    }) ?? "",
  );
}

/**
 * Appends one entry to the hash chain. Call it inside the transaction of the write it records, so the
 * write and its entry commit or fail together; the head row lock makes concurrent writers take turns.
 */
export async function appendAudit<DB extends Database>(
  tx: Transaction<DB>,
  input: AuditEntryInput,
): Promise<AuditRow> {
  const trx = tx as unknown as Transaction<Database>; // packages extend the schema; the audit tables are the store's
  const head = await trx
    .selectFrom("audit_head")
    .select(["seq", "hash"])
    .where("id", "=", 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const row: Omit<AuditRow, "hash"> = {
    seq: Number(head.seq) + 1,
    at: new Date(),
    actor_id: input.actor.id,
    actor_label: input.actor.label,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId,
    before_hash: hashState(input.before),
    after_hash: hashState(input.after),
    detail: input.detail ?? {},
    prev_hash: head.hash,
  };
  const full: AuditRow = { ...row, hash: entryHash(row) };
  await trx
    .insertInto("audit_log")
    .values({ ...full, detail: JSON.stringify(full.detail) })
    .execute();
  await trx.updateTable("audit_head").set({ seq: full.seq, hash: full.hash }).where("id", "=", 1).execute();
  return full;
}

export interface AuditBreak {
  seq: string;
  reason: "hash-mismatch" | "prev-hash-mismatch" | "missing-entry" | "head-mismatch";
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  headSeq: string;
  headHash: string;
  firstBreak?: AuditBreak;
}

/** Walks the chain from the first entry and reports the first link that does not hold. */
export async function verifyAuditChain(db: Kysely<Database>, batchSize = 2000): Promise<AuditVerification> {
  const head = await db
    .selectFrom("audit_head")
    .select(["seq", "hash"])
    .where("id", "=", 1)
    .executeTakeFirst();
  const headSeq = String(head?.seq ?? "0");
  const headHash = head?.hash ?? GENESIS_HASH;
  let expectedSeq = 1n;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  const broken = (firstBreak: AuditBreak): AuditVerification => ({
    ok: false,
    entries,
    headSeq,
    headHash,
    firstBreak,
  });
  for (;;) {
    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">=", Number(expectedSeq))
      .orderBy("seq")
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      const seq = BigInt(row.seq);
      if (seq !== expectedSeq)
        return broken({
          seq: String(expectedSeq),
          reason: "missing-entry",
          message: `entry ${expectedSeq} is missing (next present entry is ${seq})`,
        });
      if (row.prev_hash !== prevHash)
        return broken({
          seq: String(seq),
          reason: "prev-hash-mismatch",
          message: `entry ${seq} does not point at the hash of entry ${seq - 1n}`,
        });
      if (entryHash(row) !== row.hash)
        return broken({
          seq: String(seq),
          reason: "hash-mismatch",
          message: `entry ${seq} was changed after it was written (its content no longer matches its hash)`,
        });
      prevHash = row.hash;
      expectedSeq = seq + 1n;
      entries++;
    }
    if (rows.length < batchSize) break;
  }
  const lastSeq = expectedSeq - 1n;
  if (String(lastSeq) !== headSeq || prevHash !== headHash)
    return broken({
      seq: String(lastSeq + 1n),
      reason: "head-mismatch",
      message: `the chain ends at entry ${lastSeq} but the recorded head is entry ${headSeq}: entries were removed from the end`,
    });
  return { ok: true, entries, headSeq, headHash };
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  limit?: number;
  beforeSeq?: string;
}

export async function listAudit(db: Kysely<Database>, q: AuditQuery = {}): Promise<AuditRow[]> {
  let query = db
    .selectFrom("audit_log")
    .selectAll()
    .orderBy("seq", "desc")
    .limit(q.limit ?? 100);
  if (q.entityType) query = query.where("entity_type", "=", q.entityType);
  if (q.entityId) query = query.where("entity_id", "=", q.entityId);
  if (q.beforeSeq) query = query.where("seq", "<", Number(q.beforeSeq));
  return query.execute();
}
