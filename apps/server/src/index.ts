export { buildServer, DEFAULT_WEB_DIST, type ServerOptions } from "./app.ts";
export { SESSION_COOKIE } from "./auth.ts";
