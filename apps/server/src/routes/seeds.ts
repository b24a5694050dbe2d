import { KakehashiError } from "@kakehashi/core";
import {
  AccessRequestBody,
  AgreementBody,
  addAgreement,
  addEvidence,
  addIpApplication,
  addIpFamily,
  addMilestone,
  addOutcome,
  attachEvidenceFile,
  changeStage,
  createSeed,
  currentReadinessRules,
  decideAccess,
  decideMilestone,
  EvidenceInput,
  exportEvidence,
  exportSeeds,
  GrantDecisionBody,
  IpApplicationBody,
  IpFamilyBody,
  IsoDate,
  importEvidence,
  importSeeds,
  listEvidence,
  listMyGrants,
  listOutcomes,
  listSeedGrants,
  listSeeds,
  MAX_EVIDENCE_FILE_BYTES,
  MilestoneBody,
  MilestoneDecisionBody,
  OutcomeBody,
  organisationIpWarnings,
  type PipelineDb,
  Programme,
  programmeKpis,
  readEvidenceFile,
  requestAccess,
  revokeAccess,
  SeedInput,
  SeedPatch,
  SeedQuery,
  Stage,
  seedIp,
  seedReadiness,
  seedRoadmap,
  updateSeed,
  viewSeed,
} from "@kakehashi/pipeline";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireAccount, SECURED } from "../auth.ts";
import { problemResponses } from "../schemas.ts";
import {
  AccessGrantSchema,
  EvidenceSchema,
  ImportReportSchema,
  IpDeadlineSchema,
  IpSchema,
  KpisSchema,
  OutcomeSchema,
  ReadinessSchema,
  RoadmapSchema,
  SeedSummarySchema,
  SeedViewSchema,
} from "./seedSchemas.ts";

const SeedParams = z.object({ id: z.uuid() });
const denied = problemResponses(400, 401, 403, 404);

export function seedRoutes(app: FastifyInstance, db: PipelineDb) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["seeds"];

  // CSV arrives as text; it is parsed (and its errors located) by the pipeline's importer
  app.addContentTypeParser(
    ["text/csv", "text/plain"],
    { parseAs: "string", bodyLimit: 10 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );

  r.get(
    "/api/seeds",
    {
      schema: {
        tags,
        summary: "Search public seed summaries (ja/en substring search, filters)",
        security: SECURED,
        querystring: SeedQuery,
        response: { 200: z.object({ items: z.array(SeedSummarySchema), total: z.number() }), ...denied },
      },
    },
    async (request) => {
      requireAccount(request);
      return listSeeds(db, request.query);
    },
  );

  r.post(
    "/api/seeds",
    {
      schema: {
        tags,
        summary: "Register a seed (researcher / TLO)",
        security: SECURED,
        body: SeedInput,
        response: { 201: SeedSummarySchema, ...denied },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSeed(db, requireAccount(request), request.body)),
  );

  r.get(
    "/api/seeds/export",
    {
      schema: {
        tags,
        summary: "Export my organisation's seeds with confidential details and evidence (CSV or JSON)",
        security: SECURED,
        querystring: z.object({ format: z.enum(["csv", "json"]).default("json") }),
      },
    },
    async (request, reply) => {
      const body = await exportSeeds(db, requireAccount(request), request.query.format);
      return reply
        .header(
          "content-type",
          request.query.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        )
        .header("content-disposition", `attachment; filename="kakehashi-seeds.${request.query.format}"`)
        .send(body);
    },
  );

  const ImportQuery = z.object({
    format: z.enum(["csv", "json"]).optional(),
    file: z.string().max(200).optional(),
  });
  const importBody = (body: unknown) => (typeof body === "string" ? body : JSON.stringify(body));
  const importFormat = (query: { format?: "csv" | "json" }, contentType: string | undefined) =>
    query.format ?? (contentType?.includes("csv") ? "csv" : "json");

  r.post(
    "/api/seeds/import",
    {
      schema: {
        tags,
        summary:
          "Import seeds (CSV or JSON, with evidence in JSON); all or nothing, bad rows reported by line and column",
        security: SECURED,
        querystring: ImportQuery,
        response: { 201: ImportReportSchema, ...denied },
      },
    },
    async (request, reply) => {
      const format = importFormat(request.query, request.headers["content-type"]);
      const report = await importSeeds(
        db,
        requireAccount(request),
        importBody(request.body),
        format,
        request.query.file ?? `seeds.${format}`,
      );
      return reply.status(201).send(report);
    },
  );

  r.post(
    "/api/evidence/import",
    {
      schema: {
        tags,
        summary: "Import evidence rows for my organisation's seeds (column seed_id); all or nothing",
        security: SECURED,
        querystring: ImportQuery,
        response: { 201: ImportReportSchema, ...denied },
      },
    },
    async (request, reply) => {
      const format = importFormat(request.query, request.headers["content-type"]);
      const report = await importEvidence(
        db,
        requireAccount(request),
        importBody(request.body),
        format,
        request.query.file ?? `evidence.${format}`,
      );
      return reply.status(201).send(report);
    },
  );

  r.get(
    "/api/evidence/export",
    {
      schema: {
        tags,
        summary:
          "Export the evidence of my organisation's seeds with seed_id (CSV or JSON; confidential, audited)",
        security: SECURED,
        querystring: z.object({ format: z.enum(["csv", "json"]).default("json") }),
      },
    },
    async (request, reply) => {
      const body = await exportEvidence(db, requireAccount(request), request.query.format);
      return reply
        .header(
          "content-type",
          request.query.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        )
        .header("content-disposition", `attachment; filename="kakehashi-evidence.${request.query.format}"`)
        .send(body);
    },
  );

  r.get(
    "/api/seeds/:id",
    {
      schema: {
        tags,
        summary: "A seed: public summary, plus confidential details for owners and grant holders (audited)",
        security: SECURED,
        params: SeedParams,
        response: { 200: SeedViewSchema, ...denied },
      },
    },
    async (request) => viewSeed(db, requireAccount(request), request.params.id),
  );

  r.patch(
    "/api/seeds/:id",
    {
      schema: {
        tags,
        summary: "Change a seed (owners)",
        security: SECURED,
        params: SeedParams,
        body: SeedPatch,
        response: { 200: SeedSummarySchema, ...denied },
      },
    },
    async (request) => updateSeed(db, requireAccount(request), request.params.id, request.body),
  );

  r.post(
    "/api/seeds/:id/stage",
    {
      schema: {
        tags,
        summary: "Move a seed to a stage (owners)",
        security: SECURED,
        params: SeedParams,
        body: z.strictObject({ stage: Stage, enteredOn: IsoDate.optional() }),
        response: { 200: SeedSummarySchema, ...denied },
      },
    },
    async (request) =>
      changeStage(db, requireAccount(request), request.params.id, request.body.stage, request.body.enteredOn),
  );

  r.get(
    "/api/seeds/:id/evidence",
    {
      schema: {
        tags,
        summary: "Evidence of a seed (owners and grant holders; audited)",
        security: SECURED,
        params: SeedParams,
        response: { 200: z.array(EvidenceSchema), ...denied },
      },
    },
    async (request) => listEvidence(db, requireAccount(request), request.params.id),
  );

  r.post(
    "/api/seeds/:id/evidence",
    {
      schema: {
        tags,
        summary: "Attach evidence (owners)",
        security: SECURED,
        params: SeedParams,
        body: EvidenceInput,
        response: { 201: EvidenceSchema, ...denied },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addEvidence(db, requireAccount(request), request.params.id, request.body)),
  );

  r.post(
    "/api/seeds/:id/evidence/:evidenceId/files",
    {
      bodyLimit: Math.ceil(MAX_EVIDENCE_FILE_BYTES * 1.4) + 4096,
      schema: {
        tags,
        summary: "Attach a file to evidence (owners; base64, up to 5 MB)",
        security: SECURED,
        params: z.object({ id: z.uuid(), evidenceId: z.uuid() }),
        body: z.strictObject({
          name: z.string().trim().min(1).max(255),
          mediaType: z.string().trim().min(1).max(100),
          contentBase64: z.base64(),
        }),
        response: {
          201: z.object({
            id: z.uuid(),
            name: z.string(),
            mediaType: z.string(),
            sizeBytes: z.number(),
            sha256: z.string(),
          }),
          ...denied,
        },
      },
    },
    async (request, reply) => {
      const content = Buffer.from(request.body.contentBase64, "base64");
      if (content.byteLength > MAX_EVIDENCE_FILE_BYTES)
        throw new KakehashiError("bad-request", 413, { reason: "file larger than 5 MB" });
      const info = await attachEvidenceFile(
        db,
        requireAccount(request),
        request.params.id,
        request.params.evidenceId,
        { name: request.body.name, mediaType: request.body.mediaType, content },
      );
      return reply.status(201).send(info);
    },
  );

  r.get(
    "/api/seeds/:id/files/:fileId",
    {
      schema: {
        tags,
        summary: "Download an evidence file (owners and grant holders; audited)",
        security: SECURED,
        params: z.object({ id: z.uuid(), fileId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const file = await readEvidenceFile(
        db,
        requireAccount(request),
        request.params.id,
        request.params.fileId,
      );
      return reply
        .header("content-type", file.mediaType)
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header("x-content-sha256", file.sha256)
        .send(Buffer.from(file.content));
    },
  );

  r.get(
    "/api/seeds/:id/readiness",
    {
      schema: {
        tags,
        summary:
          "Stage-gate readiness from the evidence, by the rules for the seed's modality (owners and grant holders)",
        security: SECURED,
        params: SeedParams,
        response: { 200: ReadinessSchema, ...denied },
      },
    },
    async (request) => seedReadiness(db, requireAccount(request), request.params.id),
  );

  r.get(
    "/api/seeds/:id/ip",
    {
      schema: {
        tags,
        summary: "IP families, computed deadlines and disclosure risk (owners and grant holders)",
        security: SECURED,
        params: SeedParams,
        response: { 200: IpSchema, ...denied },
      },
    },
    async (request) => seedIp(db, requireAccount(request), request.params.id),
  );

  r.post(
    "/api/seeds/:id/ip",
    {
      schema: {
        tags,
        summary: "Add an IP family with its applications (owners)",
        security: SECURED,
        params: SeedParams,
        body: IpFamilyBody,
        response: { 201: IpSchema, ...denied },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addIpFamily(db, requireAccount(request), request.params.id, request.body)),
  );

  r.post(
    "/api/seeds/:id/ip/:familyId/applications",
    {
      schema: {
        tags,
        summary: "Add an application to an IP family (owners)",
        security: SECURED,
        params: z.object({ id: z.uuid(), familyId: z.uuid() }),
        body: IpApplicationBody,
        response: { 201: IpSchema, ...denied },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addIpApplication(
            db,
            requireAccount(request),
            request.params.id,
            request.params.familyId,
            request.body,
          ),
        ),
  );

  r.get(
    "/api/seeds/:id/roadmap",
    {
      schema: {
        tags,
        summary: "Shared roadmap: milestones (late ones flagged) and agreements (owners and grant holders)",
        security: SECURED,
        params: SeedParams,
        response: { 200: RoadmapSchema, ...denied },
      },
    },
    async (request) => seedRoadmap(db, requireAccount(request), request.params.id),
  );

  r.post(
    "/api/seeds/:id/milestones",
    {
      schema: {
        tags,
        summary: "Add a milestone (owners)",
        security: SECURED,
        params: SeedParams,
        body: MilestoneBody,
        response: { 201: RoadmapSchema, ...denied },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addMilestone(db, requireAccount(request), request.params.id, request.body)),
  );

  r.post(
    "/api/seeds/:id/milestones/:milestoneId/decision",
    {
      schema: {
        tags,
        summary: "Record a go / no-go decision (owners)",
        security: SECURED,
        params: z.object({ id: z.uuid(), milestoneId: z.uuid() }),
        body: MilestoneDecisionBody,
        response: { 200: RoadmapSchema, ...denied },
      },
    },
    async (request) =>
      decideMilestone(
        db,
        requireAccount(request),
        request.params.id,
        request.params.milestoneId,
        request.body,
      ),
  );

  r.post(
    "/api/seeds/:id/agreements",
    {
      schema: {
        tags,
        summary: "Record an agreement: role split, company money, in-kind (owners)",
        security: SECURED,
        params: SeedParams,
        body: AgreementBody,
        response: { 201: RoadmapSchema, ...denied },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addAgreement(db, requireAccount(request), request.params.id, request.body)),
  );

  r.get(
    "/api/seeds/:id/outcomes",
    {
      schema: {
        tags,
        summary: "Outcomes of a seed: deals, patents, funding, approvals (public)",
        security: SECURED,
        params: SeedParams,
        response: { 200: z.array(OutcomeSchema), ...denied },
      },
    },
    async (request) => {
      requireAccount(request);
      return listOutcomes(db, request.params.id);
    },
  );

  r.post(
    "/api/seeds/:id/outcomes",
    {
      schema: {
        tags,
        summary: "Record an outcome (owners)",
        security: SECURED,
        params: SeedParams,
        body: OutcomeBody,
        response: { 201: z.array(OutcomeSchema), ...denied },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addOutcome(db, requireAccount(request), request.params.id, request.body)),
  );

  r.get(
    "/api/seeds/:id/grants",
    {
      schema: {
        tags: ["access"],
        summary: "Access requests and grants on a seed (owners)",
        security: SECURED,
        params: SeedParams,
        response: { 200: z.array(AccessGrantSchema), ...denied },
      },
    },
    async (request) => listSeedGrants(db, requireAccount(request), request.params.id),
  );

  r.post(
    "/api/seeds/:id/access-requests",
    {
      schema: {
        tags: ["access"],
        summary: "Ask for confidential access (company / investor)",
        security: SECURED,
        params: SeedParams,
        body: AccessRequestBody,
        response: { 201: AccessGrantSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await requestAccess(db, requireAccount(request), request.params.id, request.body.message)),
  );

  r.get(
    "/api/grants/mine",
    {
      schema: {
        tags: ["access"],
        summary: "Grants my organisation holds, and requests on its seeds",
        security: SECURED,
        response: {
          200: z.object({ held: z.array(AccessGrantSchema), received: z.array(AccessGrantSchema) }),
          ...denied,
        },
      },
    },
    async (request) => listMyGrants(db, requireAccount(request)),
  );

  r.post(
    "/api/grants/:id/decision",
    {
      schema: {
        tags: ["access"],
        summary: "Grant (with NDA reference and expiry) or decline a request (seed owners)",
        security: SECURED,
        params: SeedParams,
        body: GrantDecisionBody,
        response: { 200: AccessGrantSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => decideAccess(db, requireAccount(request), request.params.id, request.body),
  );

  r.post(
    "/api/grants/:id/revoke",
    {
      schema: {
        tags: ["access"],
        summary: "Revoke an active grant (seed owners)",
        security: SECURED,
        params: SeedParams,
        response: { 200: AccessGrantSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => revokeAccess(db, requireAccount(request), request.params.id),
  );

  r.get(
    "/api/ip/warnings",
    {
      schema: {
        tags: ["seeds"],
        summary:
          "IP deadlines due within 90 days or overdue, across my organisation's seeds (researcher / TLO)",
        security: SECURED,
        response: {
          200: z.array(
            z.object({
              seedId: z.uuid(),
              seedTitleJa: z.string(),
              seedTitleEn: z.string(),
              deadline: IpDeadlineSchema,
            }),
          ),
          ...denied,
        },
      },
    },
    async (request) => organisationIpWarnings(db, requireAccount(request)),
  );

  r.get(
    "/api/kpis",
    {
      schema: {
        tags: ["kpis"],
        summary: "Programme KPIs computed live (funder, admin, regulator, analyst)",
        security: SECURED,
        querystring: z.object({
          programme: Programme.optional(),
          from: IsoDate.optional(),
          to: IsoDate.optional(),
        }),
        response: { 200: KpisSchema, ...denied },
      },
    },
    async (request) => programmeKpis(db, requireAccount(request), request.query),
  );

  r.get(
    "/api/reference/readiness-rules",
    {
      schema: {
        tags: ["reference"],
        summary: "The stage-gate rule set in force (versioned data)",
        security: SECURED,
      },
    },
    async (request) => {
      requireAccount(request);
      return currentReadinessRules(db);
    },
  );
}
