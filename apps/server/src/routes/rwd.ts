import { forbidden, KAKEHASHI_VERSION } from "@kakehashi/core";
import { addEvidenceWithFiles, type PipelineDb, todayIso } from "@kakehashi/pipeline";
import {
  canUseRwd,
  getStudy,
  listStudies,
  runQualityChecks,
  runStudyOnSource,
  type SourceRegistry,
  StudyRequest,
  storedStudyReport,
} from "@kakehashi/rwd";
import type { Store } from "@kakehashi/store";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf, auditActorOf, requireAccount, SECURED } from "../auth.ts";
import { problemResponses } from "../schemas.ts";
import { sendSandboxedReport } from "./sandboxedReport.ts";

const tags = ["rwd"];
const denied = problemResponses(400, 401, 403, 404);
const SourceParams = z.object({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/) });
const StudyParams = z.object({ id: z.uuid() });

const StoredStudySchema = z
  .object({
    id: z.uuid(),
    sourceName: z.string(),
    snapshotId: z.string(),
    engineVersion: z.string(),
    request: z.unknown(),
    result: z
      .unknown()
      .meta({ description: "ReleasedStudyResult: hazardRatio, ci95, attrition, arms, balance, PS" }),
    createdBy: z.string().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: "RwdStudy", description: "A study run and its released result (small cells suppressed)" });

export function rwdRoutes(app: FastifyInstance, store: Store, pipeline: PipelineDb, sources: SourceRegistry) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const rwdActor = (request: Parameters<typeof requireAccount>[0]) => {
    const account = requireAccount(request);
    const actor = actorOf(account);
    if (!canUseRwd(actor)) throw forbidden("rwd");
    return { ...actor, audit: auditActorOf(account), account };
  };

  r.get(
    "/api/rwd/sources",
    {
      schema: {
        tags,
        summary: "Real-world data sources (OMOP CDM in DuckDB) on this server",
        security: SECURED,
        response: { 200: z.array(z.object({ name: z.string(), sizeBytes: z.number() })), ...denied },
      },
    },
    async (request) => {
      rwdActor(request);
      return sources.list();
    },
  );

  r.get(
    "/api/rwd/sources/:name/quality",
    {
      schema: {
        tags,
        summary: "Data-quality report of a source (DataQualityDashboard-style checks)",
        security: SECURED,
        params: SourceParams,
      },
    },
    async (request) => {
      rwdActor(request);
      return sources.withSource(request.params.name, (source) => runQualityChecks(source));
    },
  );

  r.post(
    "/api/rwd/sources/:name/studies",
    {
      schema: {
        tags,
        summary: "Run a comparative new-user safety study on a source; only the released result is kept",
        security: SECURED,
        params: SourceParams,
        body: StudyRequest,
        response: { 201: StoredStudySchema, ...denied },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await runStudyOnSource(sources, store.db, rwdActor(request), request.params.name, request.body),
        ),
  );

  r.get(
    "/api/rwd/studies",
    {
      schema: {
        tags,
        summary: "Studies run on this server, newest first",
        security: SECURED,
        response: { 200: z.array(StoredStudySchema), ...denied },
      },
    },
    async (request) => listStudies(store.db, rwdActor(request)),
  );

  r.get(
    "/api/rwd/studies/:id",
    {
      schema: {
        tags,
        summary: "A study's released result",
        security: SECURED,
        params: StudyParams,
        response: { 200: StoredStudySchema, ...denied },
      },
    },
    async (request) => getStudy(store.db, rwdActor(request), request.params.id),
  );

  r.get(
    "/api/rwd/studies/:id/report",
    {
      schema: {
        tags,
        summary: "Self-contained HTML report of a study",
        security: SECURED,
        params: StudyParams,
      },
    },
    async (request, reply) => {
      const study = await getStudy(store.db, rwdActor(request), request.params.id);
      return sendSandboxedReport(reply, storedStudyReport(study));
    },
  );

  r.post(
    "/api/rwd/studies/:id/attach",
    {
      schema: {
        tags,
        summary:
          "Attach a study to a seed as evidence, with its full spec and the data-source snapshot id (seed owners)",
        security: SECURED,
        params: StudyParams,
        body: z.strictObject({ seedId: z.uuid() }),
        response: { 201: z.object({ evidenceId: z.uuid() }), ...denied },
      },
    },
    async (request, reply) => {
      const { account, ...actor } = rwdActor(request);
      const study = await getStudy(store.db, actor, request.params.id);
      const { hazardRatio, ci95 } = study.result;
      const record = {
        studyId: study.id,
        source: study.sourceName,
        snapshotId: study.snapshotId,
        engineVersion: study.engineVersion,
        request: study.request,
        result: study.result,
      };
      const evidence = await addEvidenceWithFiles(
        pipeline,
        account,
        request.body.seedId,
        {
          kind: "other",
          title: `RWD study: ${study.request.name}`,
          result: `HR ${hazardRatio.toFixed(2)} (95% CI ${ci95[0].toFixed(2)}–${ci95[1].toFixed(2)}); source ${study.sourceName}, snapshot ${study.snapshotId}; study ${study.id}`,
          performedOn: todayIso(),
          performedBy: `Kakehashi RWD engine ${KAKEHASHI_VERSION}`,
          replications: 1,
          reproducedByOtherLab: false,
          integrityLevel: "research",
        },
        [
          {
            name: `rwd-study-${study.id}.json`,
            mediaType: "application/json",
            content: Buffer.from(JSON.stringify(record, null, 2)),
          },
        ],
      );
      return reply.status(201).send({ evidenceId: evidence.id });
    },
  );
}
