export {
  type Actor,
  canManageOrganisations,
  canManageUsers,
  canReadAudit,
  canReadOrganisationPrivate,
  isAdmin,
} from "./access.ts";
export {
  conflict,
  type FieldError,
  fieldErrors,
  fieldIssue,
  forbidden,
  importError,
  KakehashiError,
  notFound,
  PROBLEM_CONTENT_TYPE,
  type Problem,
  problemFor,
  problemFromError,
  unauthenticated,
  validationError,
} from "./errors.ts";
export { DEFAULT_LOCALE, LOCALES, type Locale, negotiateLocale } from "./locale.ts";
export { PROBLEM_CODES, type ProblemCode, problemText } from "./messages.ts";
export { ORGANISATION_KINDS, OrganisationKind, ROLES, Role } from "./roles.ts";
export const KAKEHASHI_VERSION = "0.1.0";
