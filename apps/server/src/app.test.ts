import { DEMO_PASSWORD, type Store, seedDemo } from "@kakehashi/store";
import { openTestStore, TEST_BACKENDS } from "@kakehashi/store/testing";
import { Validator } from "@seriousme/openapi-schema-validator";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, PLATFORM_MIGRATIONS } from "./app.ts";

interface Login {
  cookie: string;
  csrf: string;
  user: { id: string; organisation: { id: string } };
}

function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === "kh_session");
  if (!c) throw new Error(`no session cookie in ${JSON.stringify(res.headers["set-cookie"])}`);
  return `kh_session=${c.value}`;
}

describe.each(TEST_BACKENDS)("HTTP API on %s", (backend) => {
  let store: Store;
  let app: FastifyInstance;

  async function login(email: string, password = DEMO_PASSWORD, previous?: Login): Promise<Login> {
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email, password },
      headers: previous ? { cookie: previous.cookie, "x-csrf-token": previous.csrf } : {},
    });
    expect(res.statusCode, res.body).toBe(200);
    return { cookie: sessionCookie(res), csrf: res.json().csrfToken, user: res.json().user };
  }

  beforeAll(async () => {
    store = await openTestStore(backend, "memory://", PLATFORM_MIGRATIONS);
    await seedDemo(store.db);
    app = await buildServer({ store, loginLimits: { perAccount: 3, perAddress: 1000 } });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("answers the health check with the backend in use", async () => {
    const res = await app.inject("/api/health");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "ok", store: backend });
  });

  it("publishes a valid OpenAPI 3.1 document and a docs page", async () => {
    const res = await app.inject("/openapi.json");
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/auth/login", "/api/organisations/{id}/members", "/api/audit/verify"]),
    );
    const docs = await app.inject("/docs/");
    expect(docs.statusCode).toBe(200);
    expect(docs.headers["content-type"]).toMatch(/text\/html/);
  });

  it("refuses a wrong password with 401 problem+json in Japanese by default and English on request", async () => {
    const ja = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "researcher@toto-u.example", password: "not the password" },
    });
    expect(ja.statusCode).toBe(401);
    expect(ja.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(ja.headers["content-language"]).toBe("ja");
    expect(ja.json()).toMatchObject({
      type: "urn:kakehashi:problem:invalid-credentials",
      status: 401,
      title: "ログインできません",
      instance: "/api/auth/login",
    });
    const en = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "accept-language": "en-GB,en;q=0.9,ja;q=0.5" },
      payload: { email: "nobody@toto-u.example", password: "not the password" },
    });
    expect(en.statusCode).toBe(401);
    expect(en.json()).toMatchObject({
      title: "Login failed",
      detail: "The e-mail address or the password is wrong.",
    });
  });

  it("rejects an invalid body with 400, naming each field and its fix, in the request's language", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "accept-language": "en" },
      payload: { email: "not-an-address", extra: 1 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe("validation-error");
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["email", "password", "(body)"]));
    const password = body.errors.find((e: { field: string }) => e.field === "password");
    expect(password).toMatchObject({ pointer: "/password", fix: 'Add the field "password".' });
    const ja = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "a@b.jp", password: "" },
    });
    expect(ja.statusCode).toBe(400);
    expect(ja.json().errors[0]).toMatchObject({ field: "password" });
    expect(ja.json().errors[0].message).toMatch(/[\u3040-\u30ff]/);
  });

  it("rejects malformed JSON and non-JSON bodies as problems", async () => {
    const bad = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/json", "accept-language": "en" },
      payload: '{"email": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("malformed-body");
    const form = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "email=a&password=b",
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().code).toBe("unsupported-media-type");
  });

  it("logs in with an HttpOnly SameSite cookie and sends security headers", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "researcher@toto-u.example", password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers["set-cookie"]);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(res.headers["content-security-policy"]).toMatch(/default-src 'self'/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(res.headers["strict-transport-security"]).toBeDefined();
    const session = await app.inject({ url: "/api/auth/session", headers: { cookie: sessionCookie(res) } });
    expect(session.json()).toMatchObject({
      user: { email: "researcher@toto-u.example", roles: ["researcher"] },
      demo: true,
    });
    expect(session.json().csrfToken).toBe(res.json().csrfToken);
  });

  it("requires the CSRF token on state-changing requests of a cookie session", async () => {
    const { cookie, csrf } = await login("tlo@toto-u.example");
    const without = await app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: { cookie },
      payload: { name: "x" },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe("csrf-token-invalid");
    const wrong = await app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: { cookie, "x-csrf-token": `${csrf}x` },
      payload: { name: "x" },
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: { cookie, "x-csrf-token": csrf },
      payload: { name: "x" },
    });
    expect(ok.statusCode).toBe(201);
  });

  it("rotates the session at login and invalidates it at logout", async () => {
    const first = await login("mentor@core-hospital.example");
    const replay = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { cookie: first.cookie },
      payload: { email: "mentor@core-hospital.example", password: DEMO_PASSWORD },
    });
    expect(replay.statusCode, "a logged-in session must echo its CSRF token to log in again").toBe(403);
    const second = await login("mentor@core-hospital.example", DEMO_PASSWORD, first);
    expect(second.cookie).not.toBe(first.cookie);
    expect((await app.inject({ url: "/api/me", headers: { cookie: first.cookie } })).statusCode).toBe(401);
    expect((await app.inject({ url: "/api/me", headers: { cookie: second.cookie } })).statusCode).toBe(200);
    const noToken = await app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie: second.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    const out = await app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { cookie: second.cookie, "x-csrf-token": second.csrf },
    });
    expect(out.statusCode).toBe(204);
    const after = await app.inject({ url: "/api/me", headers: { cookie: second.cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe("unauthenticated");
  });

  it("rate-limits login attempts per address and account with 429 and Retry-After", async () => {
    const attempt = () =>
      app.inject({
        method: "POST",
        url: "/api/auth/login",
        headers: { "accept-language": "en" },
        payload: { email: "partner@mirai-capital.example", password: "guess guess guess" },
      });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe("too-many-attempts");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    // the right password is refused too while the limit holds
    const right = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: "partner@mirai-capital.example", password: DEMO_PASSWORD },
    });
    expect(right.statusCode).toBe(429);
  });

  it("rate-limits login attempts per client address across e-mails (credential stuffing)", async () => {
    const strict = await buildServer({ store, loginLimits: { perAccount: 100, perAddress: 4 } });
    try {
      const statuses: number[] = [];
      for (const n of [1, 2, 3, 4, 5, 6]) {
        const res = await strict.inject({
          method: "POST",
          url: "/api/auth/login",
          payload: { email: `someone${n}@example.jp`, password: "guess guess guess" },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    } finally {
      await strict.close();
    }
  });

  it("keeps an organisation's members private to its own members and admins", async () => {
    const researcher = await login("researcher@toto-u.example");
    const company = await login("bd@sakura-pharma.example");
    const admin = await login("admin@funder.example");
    const university = researcher.user.organisation.id;
    const denied = await app.inject({
      url: `/api/organisations/${university}/members`,
      headers: { cookie: company.cookie, "accept-language": "en" },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(denied.json()).toMatchObject({ code: "forbidden", status: 403 });
    expect(denied.body).not.toContain("researcher@toto-u.example");
    const own = await app.inject({
      url: `/api/organisations/${university}/members`,
      headers: { cookie: researcher.cookie },
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().map((m: { email: string }) => m.email)).toEqual([
      "researcher@toto-u.example",
      "tlo@toto-u.example",
    ]);
    const byAdmin = await app.inject({
      url: `/api/organisations/${university}/members`,
      headers: { cookie: admin.cookie },
    });
    expect(byAdmin.statusCode).toBe(200);
    const anonymous = await app.inject({ url: `/api/organisations/${university}/members` });
    expect(anonymous.statusCode).toBe(401);
  });

  it("lets only admins create organisations and users and read the audit trail", async () => {
    const company = await login("bd@sakura-pharma.example");
    const admin = await login("admin@funder.example");
    const body = { nameJa: "北大学", nameEn: "Kita University", kind: "university" };
    const denied = await app.inject({
      method: "POST",
      url: "/api/organisations",
      headers: { cookie: company.cookie, "x-csrf-token": company.csrf },
      payload: body,
    });
    expect(denied.statusCode).toBe(403);
    expect((await app.inject({ url: "/api/audit", headers: { cookie: company.cookie } })).statusCode).toBe(
      403,
    );
    expect(
      (await app.inject({ url: "/api/audit/verify", headers: { cookie: company.cookie } })).statusCode,
    ).toBe(403);

    const created = await app.inject({
      method: "POST",
      url: "/api/organisations",
      headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf },
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    const user = await app.inject({
      method: "POST",
      url: "/api/users",
      headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf },
      payload: {
        organisationId: created.json().id,
        email: "new@kita-u.example",
        displayName: "北 太郎",
        password: "a long enough passphrase",
        roles: ["researcher"],
      },
    });
    expect(user.statusCode).toBe(201);
    const duplicate = await app.inject({
      method: "POST",
      url: "/api/users",
      headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf },
      payload: {
        organisationId: created.json().id,
        email: "NEW@kita-u.example",
        displayName: "x",
        password: "a long enough passphrase",
        roles: ["researcher"],
      },
    });
    expect(duplicate.statusCode).toBe(409);
    const audit = await app.inject({ url: "/api/audit?limit=5", headers: { cookie: admin.cookie } });
    expect(audit.statusCode).toBe(200);
    expect(audit.json()[0]).toMatchObject({ action: "user.create", actorLabel: "admin@funder.example" });
    const verify = await app.inject({ url: "/api/audit/verify", headers: { cookie: admin.cookie } });
    expect(verify.json()).toMatchObject({ ok: true });
  });

  it("serves scripts with API tokens, without CSRF, until the token is revoked", async () => {
    const analyst = await login("biostat@core-hospital.example");
    const created = await app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: { cookie: analyst.cookie, "x-csrf-token": analyst.csrf },
      payload: { name: "nightly", expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    const { token, info } = created.json();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ url: "/api/me", headers: bearer })).json().email).toBe(
      "biostat@core-hospital.example",
    );
    const list = await app.inject({ url: "/api/tokens", headers: bearer });
    expect(JSON.stringify(list.json())).not.toContain(token);
    const revoke = await app.inject({ method: "DELETE", url: `/api/tokens/${info.id}`, headers: bearer });
    expect(revoke.statusCode).toBe(204);
    const after = await app.inject({ url: "/api/me", headers: bearer });
    expect(after.statusCode).toBe(401);
    const forged = await app.inject({ url: "/api/me", headers: { authorization: "Bearer khk_forged" } });
    expect(forged.statusCode).toBe(401);
  });

  it("answers unknown API routes and bad ids with problems", async () => {
    const missing = await app.inject("/api/nothing-here");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe("not-found");
    const admin = await login("admin@funder.example");
    const badId = await app.inject({
      url: "/api/organisations/123/members",
      headers: { cookie: admin.cookie },
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0].field).toBe("id");
  });
});
