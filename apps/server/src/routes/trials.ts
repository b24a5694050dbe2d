import { forbidden, KAKEHASHI_VERSION, KakehashiError, validationError } from "@kakehashi/core";
import { addEvidenceWithFiles, type PipelineDb, todayIso } from "@kakehashi/pipeline";
import { canUseRwd, getStudy } from "@kakehashi/rwd";
import type { Store } from "@kakehashi/store";
import {
  BayesianTwoArmDesign,
  canDesignTrials,
  type ExternalControlLookup,
  GroupSequentialSpec,
  getDesign,
  listDesigns,
  MapPriorSpec,
  mapPrior,
  parseMapPriorSpec,
  previewDesign,
  runGroupSequentialSpec,
  saveDesign,
  simulateScenarios,
  storedDesignReport,
  VirtualTrialSpec,
  VirtualTrialSpecError,
} from "@kakehashi/trials";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf, auditActorOf, requireAccount, SECURED } from "../auth.ts";
import { problemResponses } from "../schemas.ts";
import { sendSandboxedReport } from "./sandboxedReport.ts";

const tags = ["trials"];
const denied = problemResponses(400, 401, 403, 404);
const DesignParams = z.object({ id: z.uuid() });

const Evaluation = z.unknown().meta({
  id: "TrialDesignEvaluation",
  description:
    "priors (mixture, ESS by ELIR / moment / Morita, MAP diagnostics), decision boundary, exact OCs",
});
const StoredDesignSchema = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    title: z.string(),
    kind: z.string(),
    spec: z.unknown(),
    evaluation: Evaluation,
    engineVersion: z.string(),
    createdBy: z.string().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: "TrialDesign", description: "A saved trial design with its evaluation" });

/** RWD study arms as external controls: read with the asker's own RWD rights, released counts only. */
function externalControls(store: Store, actor: ReturnType<typeof actorOf>): ExternalControlLookup {
  return async (rwdStudyId, arm, endpoint) => {
    if (!canUseRwd(actor)) throw forbidden("rwd.study.read");
    const study = await getStudy(store.db, actor, rwdStudyId);
    const { subjects, events, personYears } = study.result.arms[arm];
    if (typeof subjects !== "number" || typeof events !== "number")
      throw new KakehashiError("external-control-unusable", 400, {
        kind: "suppressed",
        study: rwdStudyId,
        arm,
        subjects: String(subjects),
        events: String(events),
      });
    if (endpoint === "binary") return { r: events, n: subjects };
    if (endpoint === "count") return { events, exposure: personYears };
    throw new KakehashiError("external-control-unusable", 400, { kind: "endpoint" });
  };
}

export function trialRoutes(app: FastifyInstance, store: Store, pipeline: PipelineDb) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const trialsActor = (request: Parameters<typeof requireAccount>[0]) => {
    const account = requireAccount(request);
    const actor = actorOf(account);
    if (!canDesignTrials(actor)) throw forbidden("trials");
    return { ...actor, audit: auditActorOf(account), account };
  };
  // roles are checked before the body is validated: a role without access learns nothing from a 400
  const guarded = {
    preValidation: async (request: Parameters<typeof requireAccount>[0]) => {
      trialsActor(request);
    },
  };

  r.post(
    "/api/trials/designs/evaluate",
    {
      ...guarded,
      schema: {
        tags,
        summary: "Evaluate a two-arm Bayesian design (priors, ESS, boundary, exact OCs) without saving it",
        security: SECURED,
        body: BayesianTwoArmDesign,
        response: { 200: Evaluation, ...denied },
      },
    },
    async (request) => {
      const { account, ...actor } = trialsActor(request);
      return previewDesign(actor, request.body, externalControls(store, actor));
    },
  );

  r.post(
    "/api/trials/designs",
    {
      ...guarded,
      schema: {
        tags,
        summary: "Evaluate and save a design for your organisation",
        security: SECURED,
        body: BayesianTwoArmDesign,
        response: { 201: StoredDesignSchema, ...denied },
      },
    },
    async (request, reply) => {
      const { account, ...actor } = trialsActor(request);
      return reply
        .status(201)
        .send(await saveDesign(store.db, actor, request.body, externalControls(store, actor)));
    },
  );

  r.get(
    "/api/trials/designs",
    {
      ...guarded,
      schema: {
        tags,
        summary: "Your organisation's saved designs, newest first",
        security: SECURED,
        response: { 200: z.array(StoredDesignSchema), ...denied },
      },
    },
    async (request) => listDesigns(store.db, trialsActor(request)),
  );

  r.get(
    "/api/trials/designs/:id",
    {
      ...guarded,
      schema: {
        tags,
        summary: "A saved design",
        security: SECURED,
        params: DesignParams,
        response: { 200: StoredDesignSchema, ...denied },
      },
    },
    async (request) => getDesign(store.db, trialsActor(request), request.params.id),
  );

  r.get(
    "/api/trials/designs/:id/report",
    {
      ...guarded,
      schema: { tags, summary: "Self-contained HTML design report", security: SECURED, params: DesignParams },
    },
    async (request, reply) => {
      const design = await getDesign(store.db, trialsActor(request), request.params.id);
      return sendSandboxedReport(reply, storedDesignReport(design));
    },
  );

  r.post(
    "/api/trials/designs/:id/attach",
    {
      ...guarded,
      schema: {
        tags,
        summary: "Attach a design and its report to a seed as evidence (seed owners)",
        security: SECURED,
        params: DesignParams,
        body: z.strictObject({ seedId: z.uuid() }),
        response: { 201: z.object({ evidenceId: z.uuid() }), ...denied },
      },
    },
    async (request, reply) => {
      const { account, ...actor } = trialsActor(request);
      const design = await getDesign(store.db, actor, request.params.id);
      const { maxTypeIError, priors } = design.evaluation;
      const evidence = await addEvidenceWithFiles(
        pipeline,
        account,
        request.body.seedId,
        {
          kind: "other",
          title: `Trial design: ${design.title}`,
          result: `max type I error ${maxTypeIError.probability.toFixed(4)}; control prior ESS ${(priors.control.ess.elir ?? priors.control.ess.moment ?? Number.NaN).toFixed(1)}; design ${design.id}`,
          performedOn: todayIso(),
          performedBy: `Kakehashi trial engine ${KAKEHASHI_VERSION}`,
          replications: 1,
          reproducedByOtherLab: false,
          integrityLevel: "research",
        },
        [
          {
            name: `trial-design-${design.id}.json`,
            mediaType: "application/json",
            content: Buffer.from(JSON.stringify(design, null, 2)),
          },
          {
            name: `trial-design-${design.id}.html`,
            mediaType: "text/html",
            content: Buffer.from(storedDesignReport(design)),
          },
        ],
      );
      return reply.status(201).send({ evidenceId: evidence.id });
    },
  );

  r.post(
    "/api/trials/map-prior",
    {
      ...guarded,
      schema: {
        tags,
        summary:
          "Fit a meta-analytic-predictive prior to historical studies (NUTS, R-hat and ESS, mixture chosen by AIC)",
        security: SECURED,
        body: MapPriorSpec,
        response: {
          200: z.unknown().meta({ description: "MapPrior: mixture, candidates, summaries, diagnostics" }),
          ...denied,
        },
      },
    },
    async (request) => {
      trialsActor(request);
      const { studies, options } = parseMapPriorSpec(request.body);
      return mapPrior(studies as never, options);
    },
  );

  r.post(
    "/api/trials/group-sequential",
    {
      ...guarded,
      schema: {
        tags,
        summary: "Group-sequential design: boundaries by alpha spending, futility bounds, sample size",
        security: SECURED,
        body: GroupSequentialSpec,
        response: {
          200: z.unknown().meta({ description: "design, characteristics and sample size (rpact's names)" }),
          ...denied,
        },
      },
    },
    async (request) => {
      trialsActor(request);
      return runGroupSequentialSpec(request.body);
    },
  );

  r.post(
    "/api/trials/simulations",
    {
      ...guarded,
      schema: {
        tags,
        summary:
          "Simulate virtual trials patient by patient (all cores); operating characteristics with Monte-Carlo error per scenario",
        security: SECURED,
        body: z.strictObject({
          design: VirtualTrialSpec,
          scenarios: z
            .array(
              z.strictObject({
                name: z.string().min(1).max(200),
                endpoint: z.record(z.string(), z.unknown()).optional(),
                dropout: z.unknown().optional(),
                accrual: z.unknown().optional(),
              }),
            )
            .max(20)
            .optional(),
          // the server answers while the request waits: larger runs belong to `kakehashi trials simulate`
          trials: z.number().int().min(100).max(50_000).default(10_000),
          seed: z.number().int().min(0).max(4_294_967_295).default(1),
        }),
        response: { 200: z.unknown().meta({ description: "{ scenario, characteristics }[]" }), ...denied },
      },
    },
    async (request) => {
      trialsActor(request);
      const { design, scenarios, trials, seed } = request.body;
      try {
        return await simulateScenarios(design, (scenarios ?? [{ name: "design" }]) as never, {
          trials,
          seed,
        });
      } catch (error) {
        if (error instanceof VirtualTrialSpecError) throw validationError(error.issues);
        throw error;
      }
    },
  );
}
