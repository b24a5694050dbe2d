import { KakehashiError } from "@kakehashi/core";
import {
  authenticatePassword,
  endSession,
  isDemoInstance,
  normaliseEmail,
  type Store,
  startSession,
} from "@kakehashi/store";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { clearSessionCookie, SECURED, setSessionCookie } from "../auth.ts";
import { LoginBody, LoginResponse, problemResponses, SessionResponse } from "../schemas.ts";

export interface LoginLimits {
  /** attempts per minute for one address and one e-mail */
  perAccount: number;
}

export function authRoutes(app: FastifyInstance, store: Store, limits: LoginLimits) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/auth/session",
    {
      schema: {
        tags: ["auth"],
        summary: "The current session: who is logged in, the CSRF token, whether this is a demo instance",
        response: { 200: SessionResponse },
      },
    },
    async (request) => ({
      user: request.auth?.account ?? null,
      csrfToken: request.auth?.csrfToken ?? null,
      demo: await isDemoInstance(store.db),
    }),
  );

  r.post(
    "/api/auth/login",
    {
      config: {
        rateLimit: {
          max: limits.perAccount,
          timeWindow: 60_000,
          hook: "preHandler",
          keyGenerator: (request) => {
            const email = (request.body as { email?: unknown } | undefined)?.email;
            return `${request.ip}|${typeof email === "string" ? normaliseEmail(email) : ""}`;
          },
          errorResponseBuilder: (_request, context) =>
            new KakehashiError("too-many-attempts", 429, { seconds: Math.ceil(context.ttl / 1000) }),
        },
      },
      schema: {
        tags: ["auth"],
        summary: "Log in with e-mail and password; sets a new HttpOnly session cookie",
        body: LoginBody,
        response: { 200: LoginResponse, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const account = await authenticatePassword(store.db, request.body.email, request.body.password);
      if (!account) throw new KakehashiError("invalid-credentials", 401);
      const session = await startSession(
        store.db,
        account,
        request.auth?.cookieValue ?? request.cookies.kh_session,
      );
      setSessionCookie(reply, session.cookieValue, session.expiresAt);
      return { user: account, csrfToken: session.csrfToken };
    },
  );

  r.post(
    "/api/auth/logout",
    {
      schema: {
        tags: ["auth"],
        summary: "End the session (needs x-csrf-token)",
        security: SECURED,
        response: { 204: z.null(), ...problemResponses(403) },
      },
    },
    async (request, reply) => {
      if (request.auth?.cookieValue) await endSession(store.db, request.auth.cookieValue);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );
}
