/**
 * The pipeline's enumerations: the very lists the server validates against. Labels live in the i18n
 * files under the same names.
 */
import {
  EVIDENCE_KINDS,
  GRANT_STATES,
  INTEGRITY_LEVELS,
  IP_OFFICES,
  IP_STATUSES,
  MILESTONE_DECISIONS,
  MODALITIES,
  OUTCOME_KINDS,
  OWNER_SIDES,
  PROGRAMMES,
  STAGES,
} from "@kakehashi/pipeline/terms";

export * from "@kakehashi/pipeline/terms";

import type { GrantState } from "@kakehashi/pipeline/terms";

/** What the UI shows of a grant: its stored status, or "expired" once past its expiry date. */
export type GrantStatus = GrantState;

/** The i18n namespace of each enumeration: `t(\`${namespace}.${value}\`)` is the value's label. */
export const ENUM_NAMESPACES = {
  modality: MODALITIES,
  stage: STAGES,
  integrity: INTEGRITY_LEVELS,
  evidenceKind: EVIDENCE_KINDS,
  ipOffice: IP_OFFICES,
  ipStatus: IP_STATUSES,
  outcomeKind: OUTCOME_KINDS,
  programme: PROGRAMMES,
  ownerSide: OWNER_SIDES,
  decision: MILESTONE_DECISIONS,
  grantStatus: GRANT_STATES,
} as const;
export type EnumNamespace = keyof typeof ENUM_NAMESPACES;
