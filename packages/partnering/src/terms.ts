/**
 * Partnering's vocabularies as plain lists (no database, mail or validation code): what the web UI
 * imports (`@kakehashi/partnering/terms`) so that its forms offer exactly what the server accepts.
 */
export * from "./consortia/terms.ts";
export * from "./desk/terms.ts";
export * from "./forum/terms.ts";
export * from "./matching/terms.ts";
export * from "./notifications/terms.ts";
