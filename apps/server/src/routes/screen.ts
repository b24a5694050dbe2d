import { fieldIssue, forbidden, KAKEHASHI_VERSION, KakehashiError, validationError } from "@kakehashi/core";
import { addEvidenceWithFiles, type PipelineDb, todayIso } from "@kakehashi/pipeline";
import {
  canScreen,
  createScreenRun,
  getLibrary,
  getScreenRun,
  hitsCsv,
  listLibraries,
  listScreenRuns,
  listTargets,
  MoleculeParseError,
  moleculeSvg,
  registerLibrary,
  registerTarget,
  type ScreenRunner,
  ScreenRunRequest,
  type ScreenWorkspace,
  screenRunReport,
} from "@kakehashi/screen";
import type { Store } from "@kakehashi/store";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf, auditActorOf, requireAccount, SECURED } from "../auth.ts";
import { problemResponses } from "../schemas.ts";
import { sendSandboxedReport } from "./sandboxedReport.ts";

const tags = ["screen"];
const denied = problemResponses(400, 401, 403, 404);
const IdParams = z.object({ id: z.uuid() });
/** a library upload: a few hundred thousand SMILES lines; larger collections go through `kakehashi screen library` */
const MAX_UPLOAD_BYTES = 40 * 1024 * 1024;

const LibrarySchema = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid().nullable(),
    name: z.string(),
    sourceName: z.string(),
    molecules: z.number(),
    failureCount: z.number(),
    failures: z.array(z.object({ line: z.number(), id: z.string().optional(), reason: z.string() })),
    version: z.string(),
    parameters: z.unknown(),
    createdAt: z.date(),
  })
  .meta({
    id: "CompoundLibrary",
    description:
      "A standardised compound library with fingerprints and properties; organisationId null = shared reference library",
  });
const TargetSchema = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid().nullable(),
    name: z.string(),
    sourceName: z.string(),
    chains: z.array(z.string()),
    heteroGroups: z.array(z.string()),
    defaultChain: z.string().nullable(),
    defaultLigand: z.array(z.string()).nullable(),
    createdAt: z.date(),
  })
  .meta({ id: "TargetStructure", description: "A target structure (PDB) screens dock into" });
const RunSchema = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    name: z.string(),
    request: z.unknown(),
    status: z.enum(["queued", "running", "done", "failed"]),
    progress: z.object({ stage: z.string(), done: z.number(), total: z.number() }).nullable(),
    result: z
      .unknown()
      .optional()
      .meta({ description: "ScreenResult: attrition per stage, ranked hits, watched compounds, failures" }),
    error: z.string().nullable(),
    engineVersion: z.string(),
    createdBy: z.string().nullable(),
    createdAt: z.date(),
    startedAt: z.date().nullable(),
    finishedAt: z.date().nullable(),
  })
  .meta({ id: "ScreenRun", description: "A queued, running or finished in-silico screen" });

export function screenRoutes(
  app: FastifyInstance,
  store: Store,
  pipeline: PipelineDb,
  workspace: ScreenWorkspace,
  runner: ScreenRunner,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const screener = (request: Parameters<typeof requireAccount>[0]) => {
    const account = requireAccount(request);
    const actor = actorOf(account);
    if (!canScreen(actor)) throw forbidden("screen");
    return { ...actor, audit: auditActorOf(account), account };
  };
  // roles are checked before the body is validated: a role without access learns nothing from a 400
  const guarded = {
    preValidation: async (request: Parameters<typeof requireAccount>[0]) => {
      screener(request);
    },
  };

  r.get(
    "/api/screen/libraries",
    {
      ...guarded,
      schema: {
        tags,
        summary: "Compound libraries you may screen: shared reference libraries and your organisation's",
        security: SECURED,
        response: { 200: z.array(LibrarySchema), ...denied },
      },
    },
    async (request) => listLibraries(store.db, screener(request)),
  );

  r.get(
    "/api/screen/libraries/:id",
    {
      ...guarded,
      schema: {
        tags,
        summary: "A compound library, with the molecules that could not be read (line and reason)",
        security: SECURED,
        params: IdParams,
        response: { 200: LibrarySchema, ...denied },
      },
    },
    async (request) => {
      const { file: _, ...library } = await getLibrary(store.db, screener(request), request.params.id);
      return library;
    },
  );

  r.post(
    "/api/screen/libraries",
    {
      ...guarded,
      bodyLimit: MAX_UPLOAD_BYTES + 4096,
      schema: {
        tags,
        summary:
          "Upload a compound file (SMILES / TSV / CSV / SDF): standardised, fingerprinted and kept for your organisation",
        security: SECURED,
        body: z.strictObject({
          name: z.string().trim().min(1).max(200),
          fileName: z.string().min(1).max(255),
          content: z.string().min(1).max(MAX_UPLOAD_BYTES),
        }),
        response: { 201: LibrarySchema, ...denied },
      },
    },
    async (request, reply) => {
      const { account, ...actor } = screener(request);
      return reply.status(201).send(await registerLibrary(store.db, workspace, actor, request.body));
    },
  );

  r.get(
    "/api/screen/targets",
    {
      ...guarded,
      schema: {
        tags,
        summary: "Target structures you may dock into",
        security: SECURED,
        response: { 200: z.array(TargetSchema), ...denied },
      },
    },
    async (request) => listTargets(store.db, screener(request)),
  );

  r.post(
    "/api/screen/targets",
    {
      ...guarded,
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary: "Upload a target structure (PDB) for your organisation",
        security: SECURED,
        body: z.strictObject({
          name: z.string().trim().min(1).max(200),
          fileName: z.string().min(1).max(255),
          content: z.string().min(1),
          defaultChain: z.string().min(1).max(4).optional(),
          defaultLigand: z.array(z.string().min(1).max(12)).min(1).optional(),
        }),
        response: { 201: TargetSchema, ...denied },
      },
    },
    async (request, reply) => {
      const { account, ...actor } = screener(request);
      return reply.status(201).send(await registerTarget(store.db, workspace, actor, request.body));
    },
  );

  r.post(
    "/api/screen/runs",
    {
      ...guarded,
      schema: {
        tags,
        summary:
          "Queue a screen (filters, similarity to known actives, docking of the top N); poll the run for progress",
        security: SECURED,
        body: ScreenRunRequest,
        response: { 202: RunSchema, ...denied },
      },
    },
    async (request, reply) => {
      const { account, ...actor } = screener(request);
      const run = await createScreenRun(store.db, actor, request.body);
      runner.enqueue(run.id);
      return reply.status(202).send(run);
    },
  );

  r.get(
    "/api/screen/runs",
    {
      ...guarded,
      schema: {
        tags,
        summary: "Your organisation's screens, newest first (without results)",
        security: SECURED,
        response: { 200: z.array(RunSchema), ...denied },
      },
    },
    async (request) => listScreenRuns(store.db, screener(request)),
  );

  r.get(
    "/api/screen/runs/:id",
    {
      ...guarded,
      schema: {
        tags,
        summary: "A screen: status, progress and, when done, the result",
        security: SECURED,
        params: IdParams,
        response: { 200: RunSchema, ...denied },
      },
    },
    async (request) => getScreenRun(store.db, screener(request), request.params.id),
  );

  r.get(
    "/api/screen/runs/:id/report",
    {
      ...guarded,
      schema: {
        tags,
        summary: "Self-contained HTML report of a finished screen",
        security: SECURED,
        params: IdParams,
      },
    },
    async (request, reply) => {
      const run = await getScreenRun(store.db, screener(request), request.params.id);
      return sendSandboxedReport(reply, await screenRunReport(run));
    },
  );

  r.get(
    "/api/screen/runs/:id/hits.csv",
    {
      ...guarded,
      schema: {
        tags,
        summary: "The ranked hits of a finished screen as CSV",
        security: SECURED,
        params: IdParams,
      },
    },
    async (request, reply) => {
      const run = await getScreenRun(store.db, screener(request), request.params.id);
      const csv = run.result ? hitsCsv(run.result) : "";
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="screen-${run.id}-hits.csv"`)
        .send(csv);
    },
  );

  r.get(
    "/api/screen/structure.svg",
    {
      ...guarded,
      schema: {
        tags,
        summary: "A 2D drawing of a molecule (RDKit), for hit lists",
        security: SECURED,
        querystring: z.object({
          smiles: z.string().min(1).max(2000),
          width: z.coerce.number().int().min(50).max(800).default(200),
          height: z.coerce.number().int().min(50).max(800).default(150),
        }),
      },
    },
    async (request, reply) => {
      const { smiles, width, height } = request.query;
      let svg: string;
      try {
        svg = await moleculeSvg(smiles, { width, height });
      } catch (error) {
        if (!(error instanceof MoleculeParseError)) throw error;
        throw validationError([
          fieldIssue(
            ["smiles"],
            {
              ja: `RDKit が読めない構造です: ${error.message}`,
              en: `RDKit cannot read this structure: ${error.message}`,
            },
            { ja: "SMILES を確かめてください。", en: "Check the SMILES." },
            smiles,
          ),
        ]);
      }
      return reply
        .type("image/svg+xml")
        .header("cache-control", "private, max-age=86400")
        .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
        .send(svg);
    },
  );

  r.post(
    "/api/screen/runs/:id/attach",
    {
      ...guarded,
      schema: {
        tags,
        summary: "Attach a finished screen (result, report, hit list) to a seed as evidence (seed owners)",
        security: SECURED,
        params: IdParams,
        body: z.strictObject({ seedId: z.uuid() }),
        response: { 201: z.object({ evidenceId: z.uuid() }), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { account, ...actor } = screener(request);
      const run = await getScreenRun(store.db, actor, request.params.id);
      const result = run.result;
      if (!result) throw new KakehashiError("screen-not-finished", 409, { status: run.status });
      const attrition = result.attrition.map((a) => `${a.stage} ${a.in}→${a.out}`).join(", ");
      const top = result.hits
        .slice(0, 3)
        .map((h) => `${h.name || h.id}${h.docking ? ` (${h.docking.score.toFixed(1)} kcal/mol)` : ""}`)
        .join("; ");
      const evidence = await addEvidenceWithFiles(
        pipeline,
        account,
        request.body.seedId,
        {
          kind: "other",
          title: `In-silico screen: ${run.name}`,
          result: `${result.hits.length} hits; funnel ${attrition}; top ${top || "—"}; screen ${run.id}`,
          performedOn: todayIso(),
          performedBy: `Kakehashi screen engine ${KAKEHASHI_VERSION}`,
          replications: 1,
          reproducedByOtherLab: false,
          integrityLevel: "research",
        },
        [
          {
            name: `screen-${run.id}.json`,
            mediaType: "application/json",
            content: Buffer.from(JSON.stringify(run, null, 2)),
          },
          {
            name: `screen-${run.id}.html`,
            mediaType: "text/html",
            content: Buffer.from(await screenRunReport(run)),
          },
          { name: `screen-${run.id}-hits.csv`, mediaType: "text/csv", content: Buffer.from(hitsCsv(result)) },
        ],
      );
      return reply.status(201).send({ evidenceId: evidence.id });
    },
  );
}
