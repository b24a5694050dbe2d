import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authenticateApiToken,
  authenticatePassword,
  createAccount,
  createApiToken,
  createOrganisation,
  endSession,
  findSession,
  listOrganisationMembers,
  revokeApiToken,
  type Store,
  startSession,
  verifyAuditChain,
} from "./index.ts";
import { openTestStore, TEST_BACKENDS } from "./testing.ts";

const SYSTEM = { id: null, label: "test" };

describe.each(TEST_BACKENDS)("store on %s", (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => {
    await store?.close();
  });

  it("reports which backend it is", () => {
    expect(store.kind).toBe(backend);
  });

  it("creates organisations and accounts with roles, and checks passwords with argon2id", async () => {
    const org = await createOrganisation(store.db, SYSTEM, {
      nameJa: "東都大学",
      nameEn: "Toto University",
      kind: "university",
    });
    const account = await createAccount(store.db, SYSTEM, {
      organisationId: org.id,
      email: "Researcher@Toto-U.example ",
      displayName: "山田 花子",
      password: "correct horse battery",
      roles: ["researcher", "tlo"],
    });
    expect(account.email).toBe("researcher@toto-u.example");
    expect(account.roles).toEqual(["researcher", "tlo"]);
    expect(account.organisation.nameJa).toBe("東都大学");
    const stored = await store.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", account.id)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(
      (await authenticatePassword(store.db, "researcher@toto-u.example", "correct horse battery"))?.id,
    ).toBe(account.id);
    expect(await authenticatePassword(store.db, "researcher@toto-u.example", "wrong password!!")).toBeNull();
    expect(await authenticatePassword(store.db, "nobody@toto-u.example", "correct horse battery")).toBeNull();
    expect((await listOrganisationMembers(store.db, org.id)).map((m) => m.id)).toEqual([account.id]);
    await expect(
      createAccount(store.db, SYSTEM, {
        organisationId: org.id,
        email: "researcher@toto-u.example",
        displayName: "x",
        roles: [],
      }),
    ).rejects.toMatchObject({ code: "conflict", status: 409 });
  });

  it("rotates sessions at login and ends them at logout", async () => {
    const org = await createOrganisation(store.db, SYSTEM, {
      nameJa: "さくら製薬",
      nameEn: "Sakura Pharma",
      kind: "company",
    });
    const account = await createAccount(store.db, SYSTEM, {
      organisationId: org.id,
      email: "bd@sakura.example",
      displayName: "鈴木",
      password: "another long password",
      roles: ["company"],
    });
    const first = await startSession(store.db, account);
    expect((await findSession(store.db, first.cookieValue))?.account.id).toBe(account.id);
    const second = await startSession(store.db, account, first.cookieValue);
    expect(second.cookieValue).not.toBe(first.cookieValue);
    expect(await findSession(store.db, first.cookieValue)).toBeNull();
    await endSession(store.db, second.cookieValue);
    expect(await findSession(store.db, second.cookieValue)).toBeNull();
    const raw = await store.db.selectFrom("sessions").select("id_hash").execute();
    expect(raw.map((r) => r.id_hash)).not.toContain(second.cookieValue);
  });

  it("authenticates API tokens until they are revoked", async () => {
    const org = await createOrganisation(store.db, SYSTEM, {
      nameJa: "機構",
      nameEn: "Agency",
      kind: "funder",
    });
    const account = await createAccount(store.db, SYSTEM, {
      organisationId: org.id,
      email: "po@agency.example",
      displayName: "田中",
      roles: ["funder"],
    });
    const { token, info } = await createApiToken(store.db, account, { name: "nightly report" });
    expect((await authenticateApiToken(store.db, token))?.id).toBe(account.id);
    expect(await authenticateApiToken(store.db, `${token}x`)).toBeNull();
    expect(await revokeApiToken(store.db, account, info.id)).toBe(true);
    expect(await authenticateApiToken(store.db, token)).toBeNull();
    expect(await revokeApiToken(store.db, account, info.id)).toBe(false);
  });

  it("chains every write in the audit trail and finds the first broken link after tampering by SQL", async () => {
    const clean = await verifyAuditChain(store.db);
    expect(clean.ok).toBe(true);
    expect(clean.entries).toBeGreaterThanOrEqual(8);
    const actions = await store.db.selectFrom("audit_log").select("action").orderBy("seq").execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "organisation.create",
        "user.create",
        "auth.login",
        "auth.logout",
        "api_token.revoke",
      ]),
    );

    await sql`update audit_log set actor_label = 'someone else' where seq = 3`.execute(store.db);
    const edited = await verifyAuditChain(store.db);
    expect(edited.ok).toBe(false);
    expect(edited.firstBreak).toMatchObject({ seq: "3", reason: "hash-mismatch" });
  });

  it("detects deleted entries, in the middle and at the end", async () => {
    const s = await openTestStore(backend);
    try {
      for (const n of [1, 2, 3, 4])
        await createOrganisation(s.db, SYSTEM, { nameJa: `組織${n}`, nameEn: `Org ${n}`, kind: "hospital" });
      expect((await verifyAuditChain(s.db)).ok).toBe(true);
      await sql`delete from audit_log where seq = 4`.execute(s.db);
      expect((await verifyAuditChain(s.db)).firstBreak).toMatchObject({ seq: "4", reason: "head-mismatch" });
      await sql`delete from audit_log where seq = 2`.execute(s.db);
      expect((await verifyAuditChain(s.db)).firstBreak).toMatchObject({ seq: "2", reason: "missing-entry" });
    } finally {
      await s.close();
    }
  });

  it("keeps the chain whole under concurrent writers", async () => {
    const s = await openTestStore(backend);
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          createOrganisation(s.db, SYSTEM, {
            nameJa: `並行${n}`,
            nameEn: `Concurrent ${n}`,
            kind: "company",
          }),
        ),
      );
      const result = await verifyAuditChain(s.db);
      expect(result).toMatchObject({ ok: true, entries: 20, headSeq: "20" });
    } finally {
      await s.close();
    }
  });

  it("rolls back a write together with its audit entry", async () => {
    const s = await openTestStore(backend);
    try {
      await expect(
        createAccount(s.db, SYSTEM, {
          organisationId: "00000000-0000-4000-8000-000000000000",
          email: "ghost@example.jp",
          displayName: "ghost",
          roles: [],
        }),
      ).rejects.toMatchObject({ status: 404 });
      expect((await verifyAuditChain(s.db)).entries).toBe(0);
      expect(await s.db.selectFrom("users").selectAll().execute()).toHaveLength(0);
    } finally {
      await s.close();
    }
  });
});
