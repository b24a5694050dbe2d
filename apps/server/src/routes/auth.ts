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
import { AttemptLimiter } from "../throttle.ts";

export interface LoginLimits {
  /** attempts per minute for one client address and one e-mail (password guessing) */
  perAccount: number;
  /** attempts per minute from one client address, whatever the e-mail (credential stuffing) */
  perAddress: number;
}

export function authRoutes(app: FastifyInstance, store: Store, limits: LoginLimits) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const perAccount = new AttemptLimiter(limits.perAccount, 60_000);
  const perAddress = new AttemptLimiter(limits.perAddress, 60_000);

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
      schema: {
        tags: ["auth"],
        summary: "Log in with e-mail and password; sets a new HttpOnly session cookie",
        body: LoginBody,
        response: { 200: LoginResponse, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      perAddress.hit(request.ip);
      perAccount.hit(`${request.ip}|${normaliseEmail(request.body.email)}`);
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
