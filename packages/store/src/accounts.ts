import { randomUUID } from "node:crypto";
import { conflict, notFound, type OrganisationKind, type Role } from "@kakehashi/core";
import { hash, verify } from "@node-rs/argon2";
import { type Kysely, sql, type Transaction } from "kysely";
import { type AuditActor, appendAudit } from "./audit.ts";
import type { Database, OrganisationRow, UserRow } from "./schema.ts";

export interface Organisation {
  id: string;
  nameJa: string;
  nameEn: string;
  kind: OrganisationKind;
}

export interface Account {
  id: string;
  email: string;
  displayName: string;
  locale: string;
  roles: Role[];
  organisation: Organisation;
}

export const toOrganisation = (row: OrganisationRow): Organisation => ({
  id: row.id,
  nameJa: row.name_ja,
  nameEn: row.name_en,
  kind: row.kind as OrganisationKind,
});

/** The parts of a user row that an audit entry fingerprints; the password hash is never copied anywhere. */
const userState = (row: Pick<UserRow, "id" | "organisation_id" | "email" | "display_name" | "locale">) => ({
  id: row.id,
  organisation_id: row.organisation_id,
  email: row.email,
  display_name: row.display_name,
  locale: row.locale,
});

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function hashPassword(password: string): Promise<string> {
  return hash(password); // argon2id, OWASP-recommended memory and time cost by default
}

// Verifying against a fixed hash when the e-mail is unknown keeps both paths equally slow,
// so response time does not tell an attacker which addresses have accounts.
let dummyHash: Promise<string> | undefined;

export interface NewOrganisation {
  nameJa: string;
  nameEn: string;
  kind: OrganisationKind;
}

async function insertOrganisation(trx: Transaction<Database>, actor: AuditActor, input: NewOrganisation) {
  const row = await trx
    .insertInto("organisations")
    .values({ id: randomUUID(), name_ja: input.nameJa, name_en: input.nameEn, kind: input.kind })
    .returningAll()
    .executeTakeFirstOrThrow();
  const organisation = toOrganisation(row);
  await appendAudit(trx, {
    actor,
    action: "organisation.create",
    entityType: "organisation",
    entityId: row.id,
    after: organisation,
  });
  return organisation;
}

export async function createOrganisation(
  db: Kysely<Database>,
  actor: AuditActor,
  input: NewOrganisation,
): Promise<Organisation> {
  return db.transaction().execute((trx) => insertOrganisation(trx, actor, input));
}

export async function listOrganisations(db: Kysely<Database>): Promise<Organisation[]> {
  const rows = await db.selectFrom("organisations").selectAll().orderBy("name_en").execute();
  return rows.map(toOrganisation);
}

export async function getOrganisation(db: Kysely<Database>, id: string): Promise<Organisation> {
  const row = await db.selectFrom("organisations").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound(`organisation ${id}`);
  return toOrganisation(row);
}

export interface NewAccount {
  organisationId: string;
  email: string;
  displayName: string;
  password?: string;
  roles: Role[];
  locale?: "ja" | "en";
}

async function insertAccount(
  trx: Transaction<Database>,
  actor: AuditActor,
  input: NewAccount,
  passwordHash: string | null,
): Promise<string> {
  const email = normaliseEmail(input.email);
  const taken = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  if (taken) throw conflict(email);
  const org = await trx
    .selectFrom("organisations")
    .select("id")
    .where("id", "=", input.organisationId)
    .executeTakeFirst();
  if (!org) throw notFound(`organisation ${input.organisationId}`);
  const row = await trx
    .insertInto("users")
    .values({
      id: randomUUID(),
      organisation_id: input.organisationId,
      email,
      display_name: input.displayName,
      password_hash: passwordHash,
      locale: input.locale ?? "ja",
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const roles = [...new Set(input.roles)].sort();
  if (roles.length > 0)
    await trx
      .insertInto("user_roles")
      .values(roles.map((role) => ({ user_id: row.id, role })))
      .execute();
  await appendAudit(trx, {
    actor,
    action: "user.create",
    entityType: "user",
    entityId: row.id,
    after: { ...userState(row), roles },
    detail: { roles },
  });
  return row.id;
}

export async function createAccount(
  db: Kysely<Database>,
  actor: AuditActor,
  input: NewAccount,
): Promise<Account> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const id = await db.transaction().execute((trx) => insertAccount(trx, actor, input, passwordHash));
  return getAccount(db, id);
}

/**
 * Creates an administrator, and the organisation it belongs to when given one to create, in one
 * transaction: a refused e-mail leaves no orphan organisation behind.
 */
export async function createAdministrator(
  db: Kysely<Database>,
  actor: AuditActor,
  input: Omit<NewAccount, "roles" | "organisationId"> & { organisation: { id: string } | NewOrganisation },
): Promise<Account> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const id = await db.transaction().execute(async (trx) => {
    const organisationId =
      "id" in input.organisation
        ? input.organisation.id
        : (await insertOrganisation(trx, actor, input.organisation)).id;
    return insertAccount(trx, actor, { ...input, organisationId, roles: ["admin"] }, passwordHash);
  });
  return getAccount(db, id);
}

export async function getAccount(db: Kysely<Database>, id: string): Promise<Account> {
  const accounts = await loadAccounts(db, [id]);
  const account = accounts[0];
  if (!account) throw notFound(`user ${id}`);
  return account;
}

/**
 * Accounts with their organisation and roles in one query: the lookup behind every authenticated
 * request, so it costs one round trip. Callers add the join and filter that pick the account(s).
 */
export function selectAccounts(db: Kysely<Database> | Transaction<Database>) {
  return db
    .selectFrom("users")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .select([
      "users.id",
      "users.email",
      "users.display_name",
      "users.locale",
      "organisations.id as org_id",
      "organisations.name_ja",
      "organisations.name_en",
      "organisations.kind",
      sql<string[]>`array(select r.role from user_roles r where r.user_id = users.id order by r.role)`.as(
        "roles",
      ),
    ])
    .where("users.disabled_at", "is", null);
}

export type AccountRow = Awaited<ReturnType<ReturnType<typeof selectAccounts>["executeTakeFirstOrThrow"]>>;

export const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  locale: r.locale,
  roles: r.roles as Role[],
  organisation: { id: r.org_id, nameJa: r.name_ja, nameEn: r.name_en, kind: r.kind as OrganisationKind },
});

async function loadAccounts(db: Kysely<Database>, ids: string[]): Promise<Account[]> {
  if (ids.length === 0) return [];
  const rows = await selectAccounts(db).where("users.id", "in", ids).orderBy("users.email").execute();
  return rows.map(toAccount);
}

export async function findAccountByEmail(db: Kysely<Database>, email: string): Promise<Account | null> {
  const row = await selectAccounts(db).where("users.email", "=", normaliseEmail(email)).executeTakeFirst();
  return row ? toAccount(row) : null;
}

export async function listOrganisationMembers(
  db: Kysely<Database>,
  organisationId: string,
): Promise<Account[]> {
  const ids = await db
    .selectFrom("users")
    .select("id")
    .where("organisation_id", "=", organisationId)
    .execute();
  return loadAccounts(
    db,
    ids.map((r) => r.id),
  );
}

/** The account whose e-mail and password match, or null; never says which of the two was wrong. */
export async function authenticatePassword(
  db: Kysely<Database>,
  email: string,
  password: string,
): Promise<Account | null> {
  const row = await db
    .selectFrom("users")
    .select(["id", "password_hash"])
    .where("email", "=", normaliseEmail(email))
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  if (!row?.password_hash) {
    dummyHash ??= hashPassword("not-a-real-password-but-same-cost");
    await verify(await dummyHash, password);
    return null;
  }
  const ok = await verify(row.password_hash, password);
  return ok ? getAccount(db, row.id) : null;
}

export async function countAccounts(db: Kysely<Database>): Promise<number> {
  const { n } = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(n);
}
