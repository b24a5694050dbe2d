import { timingSafeEqual } from "node:crypto";
import { type Actor, KakehashiError, unauthenticated } from "@kakehashi/core";
import {
  type Account,
  type AuditActor,
  authenticateApiToken,
  findSession,
  type Store,
} from "@kakehashi/store";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export const SESSION_COOKIE = "kh_session";

export interface AuthContext {
  account: Account;
  via: "session" | "token";
  /** present for cookie sessions: the token state-changing requests must echo */
  csrfToken?: string;
  cookieValue?: string;
}

declare module "fastify" {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Resolves who is calling: a Bearer API token (scripts) or the session cookie (browser). Cookie
 * sessions must echo their CSRF token on state-changing requests; token calls carry no ambient
 * credential and need none.
 */
export function registerAuth(app: FastifyInstance, store: Store) {
  app.decorateRequest("auth", null);
  app.addHook("onRequest", async (request) => {
    request.auth = null;
    const header = request.headers.authorization;
    if (header?.startsWith("Bearer ")) {
      const account = await authenticateApiToken(store.db, header.slice(7).trim());
      if (!account) throw unauthenticated();
      request.auth = { account, via: "token" };
      return;
    }
    const cookieValue = request.cookies[SESSION_COOKIE];
    if (!cookieValue) return;
    const session = await findSession(store.db, cookieValue);
    if (session)
      request.auth = { account: session.account, via: "session", csrfToken: session.csrfToken, cookieValue };
  });
  app.addHook("preHandler", async (request) => {
    const auth = request.auth;
    if (auth?.via !== "session" || !STATE_CHANGING.has(request.method)) return;
    const sent = request.headers["x-csrf-token"];
    if (typeof sent !== "string" || !auth.csrfToken || !sameToken(sent, auth.csrfToken))
      throw new KakehashiError("csrf-token-invalid", 403);
  });
}

export function requireAccount(request: FastifyRequest): Account {
  if (!request.auth) throw unauthenticated();
  return request.auth.account;
}

export const actorOf = (account: Account): Actor => ({
  userId: account.id,
  organisationId: account.organisation.id,
  roles: account.roles,
});

export const auditActorOf = (account: Account): AuditActor => ({ id: account.id, label: account.email });

export function setSessionCookie(reply: FastifyReply, value: string, expires: Date) {
  reply.setCookie(SESSION_COOKIE, value, {
    path: "/",
    httpOnly: true,
    sameSite: "strict",
    secure: "auto",
    expires,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "strict", secure: "auto" });
}

/** OpenAPI security requirement of routes that need a caller. */
export const SECURED: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];
