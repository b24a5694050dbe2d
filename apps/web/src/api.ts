import { currentLanguage } from "./i18n/index.ts";

export interface Organisation {
  id: string;
  nameJa: string;
  nameEn: string;
  kind: string;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  organisation: Organisation;
}

export interface Session {
  user: User | null;
  csrfToken: string | null;
  demo: boolean;
}

export interface LoginResult {
  user: User;
  csrfToken: string;
}

export interface DemoAccount {
  email: string;
  displayName: string;
  role: string;
  organisation: { nameJa: string; nameEn: string };
}

export interface DemoAccounts {
  password: string;
  accounts: DemoAccount[];
}

/** RFC 9457 problem details, as returned by the server on errors. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; message: string }[];
}

/** An HTTP error response from the API; `problem` is set when the body was problem+json. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

/** The request never got an HTTP response (server down, offline…). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super("Network error", { cause });
    this.name = "NetworkError";
  }
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** CSRF token from the most recent session or login response. */
let csrfToken: string | null = null;

export function getCsrfToken(): string | null {
  return csrfToken;
}

async function readProblem(response: Response): Promise<Problem | null> {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return null;
  try {
    const body: unknown = await response.json();
    return body !== null && typeof body === "object" ? (body as Problem) : null;
  } catch {
    return null;
  }
}

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
}

async function request(path: string, { method = "GET", body }: RequestOptions = {}): Promise<Response> {
  const headers = new Headers({ Accept: "application/json", "Accept-Language": currentLanguage() });
  if (body !== undefined) headers.set("Content-Type", "application/json");
  if (STATE_CHANGING.has(method) && csrfToken) headers.set("x-csrf-token", csrfToken);

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  return response;
}

async function requestJson<T>(path: string, options?: RequestOptions): Promise<T> {
  const response = await request(path, options);
  return (await response.json()) as T;
}

export async function getSession(): Promise<Session> {
  const session = await requestJson<Session>("/api/auth/session");
  csrfToken = session.csrfToken;
  return session;
}

export async function login(email: string, password: string): Promise<LoginResult> {
  const result = await requestJson<LoginResult>("/api/auth/login", {
    method: "POST",
    body: { email, password },
  });
  csrfToken = result.csrfToken;
  return result;
}

export async function logout(): Promise<void> {
  await request("/api/auth/logout", { method: "POST" });
  csrfToken = null;
}

/** Demo accounts, or `null` when the server is not in demo mode (404). */
export async function getDemoAccounts(): Promise<DemoAccounts | null> {
  try {
    return await requestJson<DemoAccounts>("/api/demo/accounts");
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Messages to show for an error: the problem's detail, then each field error. */
export function problemMessages(error: unknown): string[] {
  if (!(error instanceof ApiError) || !error.problem) return [];
  const { detail, title, errors } = error.problem;
  const messages: string[] = [];
  const headline = detail ?? title;
  if (headline) messages.push(headline);
  for (const item of errors ?? []) {
    if (item?.message && !messages.includes(item.message)) messages.push(item.message);
  }
  return messages;
}
