export {
  type Account,
  authenticatePassword,
  countAccounts,
  createAccount,
  createAdministrator,
  createOrganisation,
  findAccountByEmail,
  getAccount,
  getOrganisation,
  hashPassword,
  listOrganisationMembers,
  listOrganisations,
  type NewAccount,
  type NewOrganisation,
  normaliseEmail,
  type Organisation,
} from "./accounts.ts";
export {
  type AuditActor,
  type AuditBreak,
  type AuditEntryInput,
  type AuditVerification,
  appendAudit,
  GENESIS_HASH,
  hashState,
  listAudit,
  verifyAuditChain,
} from "./audit.ts";
export {
  DEFAULT_DATA_DIR,
  migrateToLatest,
  openStore,
  type Store,
  type StoreKind,
  type StoreOptions,
  storeOptionsFromEnv,
} from "./db.ts";
export {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  type DemoAccount,
  demoOrganisation,
  isDemoInstance,
  seedDemo,
} from "./demo.ts";
export { migrations as storeMigrations } from "./migrations/index.ts";
export type { AuditRow, Database } from "./schema.ts";
export {
  type ActiveSession,
  API_TOKEN_PREFIX,
  type ApiTokenInfo,
  authenticateApiToken,
  createApiToken,
  endSession,
  findSession,
  type IssuedSession,
  listApiTokens,
  purgeExpiredSessions,
  revokeApiToken,
  SESSION_TTL_MS,
  startSession,
} from "./sessions.ts";
export { getSetting, setSetting } from "./settings.ts";
