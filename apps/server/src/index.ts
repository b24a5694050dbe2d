export { buildServer, DEFAULT_WEB_DIST, PLATFORM_MIGRATIONS, type ServerOptions } from "./app.ts";
export { SESSION_COOKIE } from "./auth.ts";
