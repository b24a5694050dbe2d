import { createHash, randomUUID } from "node:crypto";
import { KakehashiError, notFound } from "@kakehashi/core";
import { type Account, appendAudit } from "@kakehashi/store";
import type { Transaction } from "kysely";
import { z } from "zod";
import { todayIso } from "./access.ts";
import {
  assessReadiness,
  type EvidenceForReadiness,
  type ReadinessAssessment,
  type ReadinessRule,
} from "./readiness.ts";
import type { PipelineDatabase, PipelineDb } from "./schema.ts";
import { auditActor, requireConfidentialAccess, requireOwner } from "./seeds.ts";
import { EvidenceKind, IntegrityLevel, IsoDate, type Modality, type Stage } from "./vocabulary.ts";

/** One experiment or study behind a seed, with how far it can be trusted. */
export const EvidenceInput = z.strictObject({
  kind: EvidenceKind,
  title: z.string().trim().min(1).max(300),
  result: z.string().trim().min(1).max(10000),
  performedOn: IsoDate,
  performedBy: z.string().trim().min(1).max(200),
  replications: z.number().int().min(1).max(1000),
  reproducedByOtherLab: z.boolean(),
  integrityLevel: IntegrityLevel,
});
export type EvidenceInput = z.infer<typeof EvidenceInput>;

export interface EvidenceFileInfo {
  id: string;
  name: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}

export interface Evidence extends EvidenceInput {
  id: string;
  seedId: string;
  files: EvidenceFileInfo[];
}

export const MAX_EVIDENCE_FILE_BYTES = 5 * 1024 * 1024;

export async function insertEvidence(
  trx: Transaction<PipelineDatabase>,
  account: Pick<Account, "id" | "email">,
  seedId: string,
  input: EvidenceInput,
): Promise<string> {
  const id = randomUUID();
  const row = {
    id,
    seed_id: seedId,
    kind: input.kind,
    title: input.title,
    result: input.result,
    performed_on: input.performedOn,
    performed_by: input.performedBy,
    replications: input.replications,
    reproduced_by_other_lab: input.reproducedByOtherLab,
    integrity_level: input.integrityLevel,
  };
  await trx.insertInto("evidence").values(row).execute();
  await appendAudit(trx, {
    actor: auditActor(account as Account),
    action: "evidence.create",
    entityType: "evidence",
    entityId: id,
    after: row,
    detail: { seedId },
  });
  return id;
}

export async function addEvidence(
  db: PipelineDb,
  account: Account,
  seedId: string,
  input: EvidenceInput,
): Promise<Evidence> {
  await requireOwner(db, account, seedId, "evidence.create");
  const id = await db.transaction().execute((trx) => insertEvidence(trx, account, seedId, input));
  const all = await loadEvidence(db, seedId);
  const created = all.find((e) => e.id === id);
  if (!created) throw notFound(`evidence ${id}`);
  return created;
}

async function loadEvidence(db: PipelineDb, seedId: string): Promise<Evidence[]> {
  const rows = await db
    .selectFrom("evidence")
    .selectAll()
    .where("seed_id", "=", seedId)
    .orderBy("performed_on")
    .orderBy("id")
    .execute();
  const files = rows.length
    ? await db
        .selectFrom("evidence_files")
        .select(["id", "evidence_id", "name", "media_type", "size_bytes", "sha256"])
        .where(
          "evidence_id",
          "in",
          rows.map((r) => r.id),
        )
        .orderBy("created_at")
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    seedId: r.seed_id,
    kind: r.kind as EvidenceKind,
    title: r.title,
    result: r.result,
    performedOn: r.performed_on,
    performedBy: r.performed_by,
    replications: r.replications,
    reproducedByOtherLab: r.reproduced_by_other_lab,
    integrityLevel: r.integrity_level as IntegrityLevel,
    files: files
      .filter((f) => f.evidence_id === r.id)
      .map((f) => ({
        id: f.id,
        name: f.name,
        mediaType: f.media_type,
        sizeBytes: f.size_bytes,
        sha256: f.sha256,
      })),
  }));
}

/** Evidence is confidential: owners and grant holders only, and each read is audited. */
export async function listEvidence(db: PipelineDb, account: Account, seedId: string): Promise<Evidence[]> {
  await requireConfidentialAccess(db, account, seedId, "evidence");
  return loadEvidence(db, seedId);
}

export interface EvidenceFileUpload {
  name: string;
  mediaType: string;
  content: Uint8Array;
}

async function insertEvidenceFile(
  trx: Transaction<PipelineDatabase>,
  account: Account,
  evidenceId: string,
  file: EvidenceFileUpload,
): Promise<EvidenceFileInfo> {
  if (file.content.byteLength > MAX_EVIDENCE_FILE_BYTES)
    throw new KakehashiError("bad-request", 413, { reason: `file ${file.name} larger than 5 MB` });
  const info: EvidenceFileInfo = {
    id: randomUUID(),
    name: file.name,
    mediaType: file.mediaType,
    sizeBytes: file.content.byteLength,
    sha256: createHash("sha256").update(file.content).digest("hex"),
  };
  await trx
    .insertInto("evidence_files")
    .values({
      id: info.id,
      evidence_id: evidenceId,
      name: info.name,
      media_type: info.mediaType,
      size_bytes: info.sizeBytes,
      sha256: info.sha256,
      content: file.content,
    })
    .execute();
  await appendAudit(trx, {
    actor: auditActor(account),
    action: "evidence.file.create",
    entityType: "evidence",
    entityId: evidenceId,
    after: info,
  });
  return info;
}

export async function attachEvidenceFile(
  db: PipelineDb,
  account: Account,
  seedId: string,
  evidenceId: string,
  file: EvidenceFileUpload,
): Promise<EvidenceFileInfo> {
  await requireOwner(db, account, seedId, "evidence.file.create");
  const evidence = await db
    .selectFrom("evidence")
    .select("id")
    .where("id", "=", evidenceId)
    .where("seed_id", "=", seedId)
    .executeTakeFirst();
  if (!evidence) throw notFound(`evidence ${evidenceId}`);
  return db.transaction().execute((trx) => insertEvidenceFile(trx, account, evidenceId, file));
}

/**
 * Evidence produced by an engine (an RWD study, a trial design) with the files that make it
 * reproducible, in one transaction: a seed never shows the result without its record.
 */
export async function addEvidenceWithFiles(
  db: PipelineDb,
  account: Account,
  seedId: string,
  input: EvidenceInput,
  files: EvidenceFileUpload[],
): Promise<Evidence> {
  await requireOwner(db, account, seedId, "evidence.create");
  const id = await db.transaction().execute(async (trx) => {
    const evidenceId = await insertEvidence(trx, account, seedId, input);
    for (const file of files) await insertEvidenceFile(trx, account, evidenceId, file);
    return evidenceId;
  });
  const created = (await loadEvidence(db, seedId)).find((e) => e.id === id);
  if (!created) throw notFound(`evidence ${id}`);
  return created;
}

export async function readEvidenceFile(
  db: PipelineDb,
  account: Account,
  seedId: string,
  fileId: string,
): Promise<EvidenceFileInfo & { content: Uint8Array }> {
  await requireConfidentialAccess(db, account, seedId, "evidence-file");
  const row = await db
    .selectFrom("evidence_files")
    .innerJoin("evidence", "evidence.id", "evidence_files.evidence_id")
    .select([
      "evidence_files.id",
      "evidence_files.name",
      "evidence_files.media_type",
      "evidence_files.size_bytes",
      "evidence_files.sha256",
      "evidence_files.content",
    ])
    .where("evidence_files.id", "=", fileId)
    .where("evidence.seed_id", "=", seedId)
    .executeTakeFirst();
  if (!row) throw notFound(`file ${fileId}`);
  return {
    id: row.id,
    name: row.name,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    content: row.content,
  };
}

/** The rule set in force: the highest version in the readiness_rules table. */
export async function currentReadinessRules(db: PipelineDb): Promise<ReadinessRule[]> {
  const latest = await db
    .selectFrom("readiness_rules")
    .select((eb) => eb.fn.max("version").as("v"))
    .executeTakeFirst();
  const rows = await db
    .selectFrom("readiness_rules")
    .selectAll()
    .where("version", "=", Number(latest?.v ?? 0))
    .execute();
  return rows.map((r) => ({
    version: r.version,
    gate: r.gate as Stage,
    modality: r.modality as Modality | "*",
    requirement: r.requirement,
    evidenceKind: r.evidence_kind as EvidenceKind,
    minIntegrity: r.min_integrity as IntegrityLevel,
    minReplications: r.min_replications,
    requireIndependentLab: r.require_independent_lab,
    labelJa: r.label_ja,
    labelEn: r.label_en,
  }));
}

/** Stage-gate readiness of a seed from its evidence (confidential: it reveals what the evidence shows). */
export async function seedReadiness(
  db: PipelineDb,
  account: Account,
  seedId: string,
  today = todayIso(),
): Promise<ReadinessAssessment> {
  const { seed } = await requireConfidentialAccess(db, account, seedId, "readiness", today);
  const evidence: EvidenceForReadiness[] = (await loadEvidence(db, seedId)).map((e) => ({
    id: e.id,
    title: e.title,
    kind: e.kind,
    integrityLevel: e.integrityLevel,
    replications: e.replications,
    reproducedByOtherLab: e.reproducedByOtherLab,
    performedOn: e.performedOn,
  }));
  return assessReadiness(
    { stage: seed.stage, modality: seed.modality },
    evidence,
    await currentReadinessRules(db),
  );
}
