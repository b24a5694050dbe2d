/** Test helper: logs demo accounts in and calls the API as each of them, with the session cookie and CSRF token. */
import { DEMO_PASSWORD } from "@kakehashi/store";
import type { FastifyInstance } from "fastify";

export interface DemoSession {
  cookie: string;
  csrf: string;
}

/** Logs each demo account in (password DEMO_PASSWORD) and returns its session under the given name. */
export async function loginDemoAccounts(
  app: FastifyInstance,
  emails: Record<string, string>,
): Promise<Record<string, DemoSession>> {
  const sessions: Record<string, DemoSession> = {};
  for (const [who, email] of Object.entries(emails)) {
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email, password: DEMO_PASSWORD },
    });
    sessions[who] = {
      cookie: `kh_session=${res.cookies.find((c) => c.name === "kh_session")?.value}`,
      csrf: res.json().csrfToken,
    };
  }
  return sessions;
}

/** A request as one logged-in account; POSTs carry the CSRF token. */
export function callAs(
  app: FastifyInstance,
  session: DemoSession,
  method: "GET" | "POST",
  url: string,
  payload?: unknown,
  lang = "en",
) {
  return app.inject({
    method,
    url,
    headers: {
      cookie: session.cookie,
      "accept-language": lang,
      ...(method === "POST" ? { "x-csrf-token": session.csrf } : {}),
    },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}
