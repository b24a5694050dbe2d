import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { type Account, selectAccounts, toAccount } from "./accounts.ts";
import { type AuditActor, appendAudit } from "./audit.ts";
import type { Database } from "./schema.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const secret = () => randomBytes(32).toString("base64url");

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface IssuedSession {
  /** goes into the HttpOnly cookie; only its hash is stored */
  cookieValue: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ActiveSession {
  account: Account;
  csrfToken: string;
  expiresAt: Date;
}

const actorOf = (account: Account): AuditActor => ({ id: account.id, label: account.email });

/**
 * Starts a fresh session for a login. The session the browser presented before (if any) is ended in
 * the same transaction, so an identifier planted before login never becomes an authenticated one.
 */
export async function startSession(
  db: Kysely<Database>,
  account: Account,
  previousCookieValue?: string,
  ttlMs = SESSION_TTL_MS,
): Promise<IssuedSession> {
  const issued: IssuedSession = {
    cookieValue: secret(),
    csrfToken: secret(),
    expiresAt: new Date(Date.now() + ttlMs),
  };
  await db.transaction().execute(async (trx) => {
    if (previousCookieValue)
      await trx.deleteFrom("sessions").where("id_hash", "=", sha256(previousCookieValue)).execute();
    await trx
      .insertInto("sessions")
      .values({
        id_hash: sha256(issued.cookieValue),
        user_id: account.id,
        csrf_token: issued.csrfToken,
        expires_at: issued.expiresAt,
      })
      .execute();
    await appendAudit(trx, {
      actor: actorOf(account),
      action: "auth.login",
      entityType: "user",
      entityId: account.id,
      detail: { method: "password" },
    });
  });
  return issued;
}

export async function findSession(db: Kysely<Database>, cookieValue: string): Promise<ActiveSession | null> {
  // a disabled user's sessions stop working at once: selectAccounts skips disabled users
  const row = await selectAccounts(db)
    .innerJoin("sessions", "sessions.user_id", "users.id")
    .select(["sessions.csrf_token", "sessions.expires_at"])
    .where("sessions.id_hash", "=", sha256(cookieValue))
    .where("sessions.expires_at", ">", new Date())
    .executeTakeFirst();
  if (!row) return null;
  return { account: toAccount(row), csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export async function endSession(db: Kysely<Database>, cookieValue: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom("sessions")
      .where("id_hash", "=", sha256(cookieValue))
      .returning(["user_id"])
      .executeTakeFirst();
    if (!row) return;
    const user = await trx
      .selectFrom("users")
      .select(["email"])
      .where("id", "=", row.user_id)
      .executeTakeFirst();
    await appendAudit(trx, {
      actor: { id: row.user_id, label: user?.email ?? row.user_id },
      action: "auth.logout",
      entityType: "user",
      entityId: row.user_id,
    });
  });
}

export async function purgeExpiredSessions(db: Kysely<Database>): Promise<number> {
  const result = await db.deleteFrom("sessions").where("expires_at", "<=", new Date()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export const API_TOKEN_PREFIX = "khk_";

/** Creates a token for scripts; the secret is returned once and only its hash is kept. */
export async function createApiToken(
  db: Kysely<Database>,
  account: Account,
  input: { name: string; expiresAt?: Date | null },
): Promise<{ token: string; info: ApiTokenInfo }> {
  const token = API_TOKEN_PREFIX + secret();
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("api_tokens")
      .values({
        id: randomUUID(),
        user_id: account.id,
        name: input.name,
        token_hash: sha256(token),
        expires_at: input.expiresAt ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: actorOf(account),
      action: "api_token.create",
      entityType: "api_token",
      entityId: inserted.id,
      after: {
        id: inserted.id,
        user_id: inserted.user_id,
        name: inserted.name,
        expires_at: inserted.expires_at,
      },
    });
    return inserted;
  });
  return { token, info: tokenInfo(row) };
}

const tokenInfo = (r: {
  id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}): ApiTokenInfo => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

export async function listApiTokens(db: Kysely<Database>, userId: string): Promise<ApiTokenInfo[]> {
  const rows = await db
    .selectFrom("api_tokens")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("created_at")
    .execute();
  return rows.map(tokenInfo);
}

/** Revokes one of the account's own tokens; false when it has no such live token. */
export async function revokeApiToken(
  db: Kysely<Database>,
  account: Account,
  tokenId: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("api_tokens")
      .set({ revoked_at: new Date() })
      .where("id", "=", tokenId)
      .where("user_id", "=", account.id)
      .where("revoked_at", "is", null)
      .returning(["id"])
      .executeTakeFirst();
    if (!row) return false;
    await appendAudit(trx, {
      actor: actorOf(account),
      action: "api_token.revoke",
      entityType: "api_token",
      entityId: tokenId,
    });
    return true;
  });
}

// last_used_at is refreshed at most once a minute so that reads do not each become a write.
const LAST_USED_RESOLUTION_MS = 60_000;

export async function authenticateApiToken(db: Kysely<Database>, token: string): Promise<Account | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await selectAccounts(db)
    .innerJoin("api_tokens", "api_tokens.user_id", "users.id")
    .select(["api_tokens.id as token_id", "api_tokens.last_used_at", "api_tokens.expires_at"])
    .where("api_tokens.token_hash", "=", sha256(token))
    .where("api_tokens.revoked_at", "is", null)
    .executeTakeFirst();
  if (!row || (row.expires_at && row.expires_at <= new Date())) return null;
  const now = Date.now();
  if (!row.last_used_at || now - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS)
    await db
      .updateTable("api_tokens")
      .set({ last_used_at: new Date(now) })
      .where("id", "=", row.token_id)
      .execute();
  return toAccount(row);
}
