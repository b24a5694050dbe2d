import { randomUUID } from "node:crypto";
import { type Actor, forbidden, KAKEHASHI_VERSION, notFound } from "@kakehashi/core";
import { type AuditActor, appendAudit, type Database } from "@kakehashi/store";
import type { Kysely } from "kysely";
import type { BayesianTwoArmEvaluation } from "../design/DesignEvaluation.ts";
import { evaluateDesign } from "../design/evaluateDesign.ts";
import { designReportHtml } from "../design/Report.ts";
import { BayesianTwoArmDesign, type BayesianTwoArmDesignInput } from "../design/TrialDesign.ts";
import { canDesignTrials, canReadDesign } from "./access.ts";

export interface StoredDesign {
  id: string;
  organisationId: string;
  title: string;
  kind: "bayesian-two-arm";
  spec: BayesianTwoArmDesign;
  evaluation: BayesianTwoArmEvaluation;
  engineVersion: string;
  createdBy: string | null;
  createdAt: Date;
}

interface DesignsDatabase extends Database {
  trial_designs: {
    id: string;
    organisation_id: string;
    title: string;
    kind: string;
    spec: unknown;
    evaluation: unknown;
    engine_version: string;
    created_by: string | null;
    created_at: Date | undefined;
  };
}
const designsDb = (db: Kysely<Database>) => db as unknown as Kysely<DesignsDatabase>;

/**
 * Where a design's external controls come from: the platform reads the released arm of an RWD study
 * (small cells suppressed) and turns it into the summary the prior is built on.
 */
export type ExternalControlLookup = (
  rwdStudyId: string,
  arm: "target" | "comparator",
  endpoint: BayesianTwoArmDesign["endpoint"],
) => Promise<{ r: number; n: number } | { events: number; exposure: number }>;

/** Fills each external prior that names an RWD study with that study's released counts. */
export async function resolveExternalControls(
  design: BayesianTwoArmDesign,
  lookup: ExternalControlLookup | undefined,
): Promise<BayesianTwoArmDesign> {
  const resolved = structuredClone(design);
  for (const arm of ["treatment", "control"] as const) {
    const prior = resolved[arm].prior;
    if (prior.type !== "external" || prior.rwdStudyId === undefined) continue;
    if (!lookup) throw new Error("this engine has no RWD studies to read external controls from");
    prior.rwdArm ??= "comparator";
    prior.data = await lookup(prior.rwdStudyId, prior.rwdArm, resolved.endpoint);
  }
  return resolved;
}

/** Validates, resolves and evaluates a design without keeping it (the wizard's preview). */
export async function previewDesign(
  actor: Actor,
  input: BayesianTwoArmDesignInput,
  lookup?: ExternalControlLookup,
): Promise<BayesianTwoArmEvaluation> {
  if (!canDesignTrials(actor)) throw forbidden("trials.design.evaluate");
  const design = await resolveExternalControls(BayesianTwoArmDesign.parse(input), lookup);
  return evaluateDesign(design);
}

/** Evaluates and keeps a design for the actor's organisation; the save is audited. */
export async function saveDesign(
  db: Kysely<Database>,
  actor: Actor & { audit: AuditActor },
  input: BayesianTwoArmDesignInput,
  lookup?: ExternalControlLookup,
): Promise<StoredDesign> {
  if (!canDesignTrials(actor)) throw forbidden("trials.design.create");
  const design = await resolveExternalControls(BayesianTwoArmDesign.parse(input), lookup);
  const evaluation = await evaluateDesign(design);
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await designsDb(trx as unknown as Kysely<Database>)
      .insertInto("trial_designs")
      .values({
        id,
        organisation_id: actor.organisationId,
        title: design.title,
        kind: design.kind,
        spec: JSON.stringify(design),
        evaluation: JSON.stringify(evaluation),
        engine_version: KAKEHASHI_VERSION,
        created_by: actor.audit.id,
        created_at: undefined,
      })
      .execute();
    await appendAudit(trx, {
      actor: actor.audit,
      action: "trials.design.create",
      entityType: "trial_design",
      entityId: id,
      after: { design, maxTypeIError: evaluation.maxTypeIError },
    });
  });
  return getDesign(db, actor, id);
}

const parseJson = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);

const toStored = (r: DesignsDatabase["trial_designs"]): StoredDesign => ({
  id: r.id,
  organisationId: r.organisation_id,
  title: r.title,
  kind: r.kind as StoredDesign["kind"],
  spec: parseJson(r.spec) as BayesianTwoArmDesign,
  evaluation: parseJson(r.evaluation) as BayesianTwoArmEvaluation,
  engineVersion: r.engine_version,
  createdBy: r.created_by,
  createdAt: r.created_at as Date,
});

export async function getDesign(db: Kysely<Database>, actor: Actor, id: string): Promise<StoredDesign> {
  if (!canDesignTrials(actor)) throw forbidden("trials.design.read");
  const row = await designsDb(db)
    .selectFrom("trial_designs")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  // another organisation's design is reported as missing, not as forbidden: its existence is confidential too
  if (!row || !canReadDesign(actor, { organisationId: row.organisation_id }))
    throw notFound(`trial design ${id}`);
  return toStored(row);
}

export async function listDesigns(db: Kysely<Database>, actor: Actor): Promise<StoredDesign[]> {
  if (!canDesignTrials(actor)) throw forbidden("trials.design.read");
  let query = designsDb(db).selectFrom("trial_designs").selectAll().orderBy("created_at", "desc").limit(200);
  if (!actor.roles.includes("admin")) query = query.where("organisation_id", "=", actor.organisationId);
  return (await query.execute()).map(toStored);
}

export function storedDesignReport(design: StoredDesign): string {
  return designReportHtml(design.spec, design.evaluation, {
    designId: design.id,
    engineVersion: design.engineVersion,
    generatedAt: design.createdAt.toISOString(),
  });
}
