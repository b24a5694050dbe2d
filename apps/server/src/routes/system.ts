import { canReadAudit, forbidden, KAKEHASHI_VERSION, notFound } from "@kakehashi/core";
import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  demoOrganisation,
  isDemoInstance,
  listAudit,
  type Store,
  verifyAuditChain,
} from "@kakehashi/store";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf, requireAccount, SECURED } from "../auth.ts";
import { AuditEntrySchema, problemResponses } from "../schemas.ts";

export function systemRoutes(app: FastifyInstance, store: Store) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/health",
    {
      schema: {
        tags: ["system"],
        summary: "Liveness and store check",
        response: {
          200: z.object({
            status: z.literal("ok"),
            version: z.string(),
            store: z.enum(["pglite", "postgres"]),
          }),
        },
      },
    },
    async () => {
      await store.db.selectFrom("audit_head").select("seq").executeTakeFirstOrThrow();
      return { status: "ok" as const, version: KAKEHASHI_VERSION, store: store.kind };
    },
  );

  r.get(
    "/api/demo/accounts",
    {
      schema: {
        tags: ["system"],
        summary: "Demo accounts and their shared password (demo instances only; 404 otherwise)",
        response: {
          200: z.object({
            password: z.string(),
            accounts: z.array(
              z.object({
                email: z.string(),
                displayName: z.string(),
                role: z.string(),
                organisation: z.object({ nameJa: z.string(), nameEn: z.string() }),
              }),
            ),
          }),
          ...problemResponses(404),
        },
      },
    },
    async () => {
      if (!(await isDemoInstance(store.db))) throw notFound("demo accounts");
      return {
        password: DEMO_PASSWORD,
        accounts: DEMO_ACCOUNTS.map((a) => {
          const org = demoOrganisation(a.organisation);
          return {
            email: a.email,
            displayName: a.displayName,
            role: a.role,
            organisation: { nameJa: org?.nameJa ?? "", nameEn: org?.nameEn ?? "" },
          };
        }),
      };
    },
  );

  r.get(
    "/api/audit",
    {
      schema: {
        tags: ["audit"],
        summary: "Audit trail entries, newest first (admin)",
        security: SECURED,
        querystring: z.object({
          entityType: z.string().max(100).optional(),
          entityId: z.string().max(200).optional(),
          beforeSeq: z.string().regex(/^\d+$/).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.array(AuditEntrySchema), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      if (!canReadAudit(actorOf(requireAccount(request)))) throw forbidden("audit.read");
      const rows = await listAudit(store.db, request.query);
      return rows.map((row) => ({
        seq: String(row.seq),
        at: row.at,
        actorId: row.actor_id,
        actorLabel: row.actor_label,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        beforeHash: row.before_hash,
        afterHash: row.after_hash,
        detail: row.detail,
        prevHash: row.prev_hash,
        hash: row.hash,
      }));
    },
  );

  r.get(
    "/api/audit/verify",
    {
      schema: {
        tags: ["audit"],
        summary: "Re-check the whole hash chain of the audit trail (admin)",
        security: SECURED,
        response: {
          200: z.object({
            ok: z.boolean(),
            entries: z.number(),
            headSeq: z.string(),
            headHash: z.string(),
            firstBreak: z.object({ seq: z.string(), reason: z.string(), message: z.string() }).optional(),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => {
      if (!canReadAudit(actorOf(requireAccount(request)))) throw forbidden("audit.verify");
      return verifyAuditChain(store.db);
    },
  );
}
