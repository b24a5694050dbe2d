import { randomInt, randomUUID } from "node:crypto";
import { type Actor, forbidden, KAKEHASHI_VERSION, notFound } from "@kakehashi/core";
import { type AuditActor, appendAudit, type Database } from "@kakehashi/store";
import type { Kysely } from "kysely";
import { z } from "zod";
import { buildCohort } from "../cohorts/buildCohort.ts";
import { CohortDefinition } from "../cohorts/CohortDefinition.ts";
import {
  type ReleasedStudyResult,
  releaseStudyResult,
  runComparativeStudy,
} from "../study/ComparativeStudy.ts";
import { DEFAULT_MIN_CELL_COUNT } from "../study/Privacy.ts";
import { studyReportHtml } from "../study/Report.ts";
import { ComparativeStudySpec } from "../study/StudySpec.ts";
import { canUseRwd } from "./access.ts";
import type { SourceRegistry } from "./SourceRegistry.ts";

/** A study as a person asks for it: the three cohort definitions and the design, no cohort ids. */
export const StudyRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  target: CohortDefinition,
  comparator: CohortDefinition,
  outcome: CohortDefinition,
  design: ComparativeStudySpec.omit({
    version: true,
    name: true,
    cohortTable: true,
    targetCohortId: true,
    comparatorCohortId: true,
    outcomeCohortId: true,
  })
    .partial()
    .default({}),
  minCellCount: z.number().int().min(5).max(100).default(DEFAULT_MIN_CELL_COUNT),
});
export type StudyRequest = z.input<typeof StudyRequest>;

export interface StoredStudy {
  id: string;
  sourceName: string;
  snapshotId: string;
  engineVersion: string;
  request: z.infer<typeof StudyRequest>;
  result: ReleasedStudyResult;
  createdBy: string | null;
  createdAt: Date;
}

interface StudiesDatabase extends Database {
  rwd_studies: {
    id: string;
    source_name: string;
    snapshot_id: string;
    engine_version: string;
    spec: unknown;
    released_result: unknown;
    hazard_ratio: number;
    created_by: string | null;
    created_at: Date | undefined;
  };
}
const studiesDb = (db: Kysely<Database>) => db as unknown as Kysely<StudiesDatabase>;

/**
 * Builds the cohorts under fresh ids, runs the study, keeps only the released (small-cell
 * suppressed) result with the source's snapshot id, and records the run in the audit trail.
 */
export async function runStudyOnSource(
  registry: SourceRegistry,
  db: Kysely<Database>,
  actor: Actor & { audit: AuditActor },
  sourceName: string,
  input: unknown,
): Promise<StoredStudy> {
  if (!canUseRwd(actor)) throw forbidden("rwd.study.run");
  const request = StudyRequest.parse(input);
  const base = randomInt(1, 200_000_000) * 10;
  const { result, snapshotId } = await registry.withSource(sourceName, async (source) => {
    try {
      await buildCohort(source.connection, request.target, { cohortId: base + 1 });
      await buildCohort(source.connection, request.comparator, { cohortId: base + 2 });
      await buildCohort(source.connection, request.outcome, { cohortId: base + 3 });
      const study = await runComparativeStudy(source.connection, {
        ...request.design,
        version: 1,
        name: request.name,
        targetCohortId: base + 1,
        comparatorCohortId: base + 2,
        outcomeCohortId: base + 3,
      });
      return {
        result: releaseStudyResult(study, request.minCellCount),
        snapshotId: await source.snapshotId(),
      };
    } finally {
      // the cohorts were the study's working data: leave the source as it was
      await source.run("delete from kh_cohort where cohort_definition_id between $1 and $2", [
        base + 1,
        base + 3,
      ]);
    }
  });
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await studiesDb(trx as unknown as Kysely<Database>)
      .insertInto("rwd_studies")
      .values({
        id,
        source_name: sourceName,
        snapshot_id: snapshotId,
        engine_version: KAKEHASHI_VERSION,
        spec: JSON.stringify(request),
        released_result: JSON.stringify(result),
        hazard_ratio: result.hazardRatio,
        created_by: actor.audit.id,
        created_at: undefined,
      })
      .execute();
    await appendAudit(trx, {
      actor: actor.audit,
      action: "rwd.study.run",
      entityType: "rwd_study",
      entityId: id,
      after: { sourceName, snapshotId, request },
    });
  });
  return getStudy(db, actor, id);
}

const toStored = (r: StudiesDatabase["rwd_studies"]): StoredStudy => ({
  id: r.id,
  sourceName: r.source_name,
  snapshotId: r.snapshot_id,
  engineVersion: r.engine_version,
  request: (typeof r.spec === "string" ? JSON.parse(r.spec) : r.spec) as StoredStudy["request"],
  result: (typeof r.released_result === "string"
    ? JSON.parse(r.released_result)
    : r.released_result) as ReleasedStudyResult,
  createdBy: r.created_by,
  createdAt: r.created_at as Date,
});

export async function getStudy(db: Kysely<Database>, actor: Actor, id: string): Promise<StoredStudy> {
  if (!canUseRwd(actor)) throw forbidden("rwd.study.read");
  const row = await studiesDb(db)
    .selectFrom("rwd_studies")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound(`RWD study ${id}`);
  return toStored(row);
}

export async function listStudies(db: Kysely<Database>, actor: Actor): Promise<StoredStudy[]> {
  if (!canUseRwd(actor)) throw forbidden("rwd.study.read");
  const rows = await studiesDb(db)
    .selectFrom("rwd_studies")
    .selectAll()
    .orderBy("created_at", "desc")
    .limit(200)
    .execute();
  return rows.map(toStored);
}

export function storedStudyReport(study: StoredStudy): string {
  return studyReportHtml(study.result, {
    sourceSnapshotId: study.snapshotId,
    engineVersion: study.engineVersion,
    generatedAt: study.createdAt.toISOString(),
  });
}
