import { OrganisationKind, ROLES, Role } from "@kakehashi/core";
import { z } from "zod";

/** Schemas of the HTTP API: what clients send and receive. They are also the OpenAPI document. */

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string(),
    fix: z.string(),
    errors: z
      .array(
        z.object({
          line: z.number().optional(),
          field: z.string(),
          pointer: z.string(),
          message: z.string(),
          fix: z.string(),
        }),
      )
      .optional(),
  })
  .meta({
    id: "Problem",
    description: "RFC 9457 problem details, in the language of Accept-Language (ja / en)",
  });

export const OrganisationSchema = z
  .object({ id: z.uuid(), nameJa: z.string(), nameEn: z.string(), kind: OrganisationKind })
  .meta({ id: "Organisation" });

export const AccountSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    locale: z.string(),
    roles: z.array(Role),
    organisation: OrganisationSchema,
  })
  .meta({ id: "Account" });

export const Email = z.email().max(254);
/** Long passphrases beat complexity rules (NIST SP 800-63B); the upper bound caps argon2 work. */
export const Password = z.string().min(12).max(256);

export const LoginBody = z.strictObject({ email: Email, password: z.string().min(1).max(256) });

export const SessionResponse = z.object({
  user: AccountSchema.nullable(),
  csrfToken: z.string().nullable(),
  demo: z.boolean(),
});

export const LoginResponse = z.object({ user: AccountSchema, csrfToken: z.string() });

export const NewOrganisationBody = z.strictObject({
  nameJa: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  kind: OrganisationKind,
});

export const NewUserBody = z.strictObject({
  organisationId: z.uuid(),
  email: Email,
  displayName: z.string().trim().min(1).max(100),
  password: Password,
  roles: z.array(z.enum(ROLES)).min(1),
  locale: z.enum(["ja", "en"]).optional(),
});

export const ApiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    expiresAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
  })
  .meta({ id: "ApiToken" });

export const NewApiTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const AuditEntrySchema = z
  .object({
    seq: z.string(),
    at: z.date(),
    actorId: z.string().nullable(),
    actorLabel: z.string(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    beforeHash: z.string().nullable(),
    afterHash: z.string().nullable(),
    detail: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: "AuditEntry" });

export const IdParams = z.object({ id: z.uuid() });

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, ProblemSchema])) as Record<number, typeof ProblemSchema>;
