import { type Actor, validationError } from "@kakehashi/core";
import type { Account, AuditActor } from "@kakehashi/store";
import type { z } from "zod";
import type { Mailer } from "./mailer.ts";

export const actorOf = (a: Account): Actor => ({
  userId: a.id,
  organisationId: a.organisation.id,
  roles: a.roles,
});
export const auditOf = (a: Pick<Account, "id" | "email">): AuditActor => ({ id: a.id, label: a.email });
export const SYSTEM_ACTOR: AuditActor = { id: null, label: "system:partnering" };

/** What a write that notifies needs besides the database: the mailer (none: in-app only) and the clock. */
export interface CommunityOptions {
  mailer?: Mailer | null;
  now?: Date;
}

/** Parses a body with its schema; a bad one is the usual 400 with bilingual field errors. */
export function parseBody<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw validationError(result.error.issues);
  return result.data;
}
