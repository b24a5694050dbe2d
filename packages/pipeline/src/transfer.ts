import { fieldIssue, forbidden, importError } from "@kakehashi/core";
import { type Account, appendAudit } from "@kakehashi/store";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { type core, z } from "zod";
import { canCreateSeed } from "./access.ts";
import { EvidenceInput, insertEvidence } from "./evidence.ts";
import type { PipelineDb } from "./schema.ts";
import { actorOfAccount, auditActor, insertSeed, SeedInput } from "./seeds.ts";

export type TransferFormat = "csv" | "json";

/** CSV columns of a seed file, and the field each one fills. */
export const SEED_COLUMNS = {
  title_ja: "titleJa",
  title_en: "titleEn",
  target_symbol: "targetSymbol",
  target_uniprot: "targetUniprot",
  modality: "modality",
  icd10: "icd10",
  indication: "indication",
  stage: "stage",
  stage_since: "stageSince",
  programme: "programme",
  public_summary_ja: "publicSummaryJa",
  public_summary_en: "publicSummaryEn",
  public_since: "publicSince",
  confidential_details: "confidentialDetails",
} as const;

export const EVIDENCE_COLUMNS = {
  seed_id: "seedId",
  kind: "kind",
  title: "title",
  result: "result",
  performed_on: "performedOn",
  performed_by: "performedBy",
  replications: "replications",
  reproduced_by_other_lab: "reproducedByOtherLab",
  integrity_level: "integrityLevel",
} as const;

type Columns = Record<string, string>;
type LineIssues = { line: number; issues: core.$ZodIssue[] }[];

const custom = (path: PropertyKey[], message: string, input?: unknown): core.$ZodIssue =>
  ({ code: "custom", path, message, input }) as core.$ZodIssue;

const TRUE = new Set(["true", "yes", "1", "はい", "有", "y"]);
const FALSE = new Set(["false", "no", "0", "いいえ", "無", "n"]);

/** CSV cells are text: turn them into what the schema expects, leaving anything odd for it to reject. */
function cell(field: string, raw: string): unknown {
  const value = raw.trim();
  if (value === "") return undefined;
  if (field === "replications") return /^\d+$/.test(value) ? Number(value) : value;
  if (field === "reproducedByOtherLab") {
    const v = value.toLowerCase();
    return TRUE.has(v) ? true : FALSE.has(v) ? false : value;
  }
  return value;
}

/** Renames issue paths from fields back to the file's column names, so errors point into the file. */
const toColumns = (issues: core.$ZodIssue[], columns: Columns) => {
  const byField = Object.fromEntries(Object.entries(columns).map(([col, field]) => [field, col]));
  return issues.map((i) => ({
    ...i,
    path: i.path.map((p, n) => (n === 0 && typeof p === "string" ? (byField[p] ?? p) : p)),
  }));
};

interface ParsedRecord {
  line: number;
  value: Record<string, unknown>;
}

function parseCsv(text: string, fileName: string, columns: Columns): ParsedRecord[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      info: true,
      trim: false,
    });
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw importError(fileName, [{ line: err.lines ?? 1, issues: [custom([], `CSV: ${err.message}`)] }]);
  }
  const header = Object.keys(records[0]?.record ?? {});
  const unknown = header.filter((h) => !(h in columns));
  const headerIssues = unknown.map((h) =>
    custom([h], `unknown column "${h}"; columns are: ${Object.keys(columns).join(", ")}`),
  );
  if (headerIssues.length) throw importError(fileName, [{ line: 1, issues: headerIssues }]);
  return records.map(({ record, info }) => {
    const value: Record<string, unknown> = {};
    for (const [col, raw] of Object.entries(record)) {
      const field = columns[col] as string;
      const v = cell(field, raw);
      if (v !== undefined) value[field] = v;
    }
    return { line: info.lines, value };
  });
}

function parseJson(text: string, fileName: string): ParsedRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw importError(fileName, [{ line: 1, issues: [custom([], `JSON: ${(e as Error).message}`)] }]);
  }
  if (!Array.isArray(data))
    throw importError(fileName, [{ line: 1, issues: [custom([], "JSON: expected an array of records")] }]);
  // JSON has no useful line numbers once parsed: records are numbered from 1 instead
  return data.map((value, n) => ({ line: n + 1, value: value as Record<string, unknown> }));
}

const SeedRecord = SeedInput.extend({ evidence: z.array(EvidenceInput).max(500).optional() });
const EvidenceRecord = EvidenceInput.extend({ seedId: z.uuid() });

function validate<T>(records: ParsedRecord[], schema: z.ZodType<T>, columns: Columns | null) {
  const good: { line: number; value: T }[] = [];
  const bad: LineIssues = [];
  for (const r of records) {
    const result = schema.safeParse(r.value, { reportInput: true });
    if (result.success) good.push({ line: r.line, value: result.data });
    else
      bad.push({
        line: r.line,
        issues: columns ? toColumns(result.error.issues, columns) : result.error.issues,
      });
  }
  return { good, bad };
}

export interface ImportReport {
  seeds: number;
  evidence: number;
}

/**
 * Imports seeds (CSV: one seed a row; JSON: records that may carry their evidence) into the
 * caller's organisation, all in one transaction: one bad row and nothing is imported.
 */
export async function importSeeds(
  db: PipelineDb,
  account: Account,
  text: string,
  format: TransferFormat,
  fileName = `seeds.${format}`,
): Promise<ImportReport> {
  if (!canCreateSeed(actorOfAccount(account))) throw forbidden("seed.import");
  const records = format === "csv" ? parseCsv(text, fileName, SEED_COLUMNS) : parseJson(text, fileName);
  const { good, bad } = validate(records, SeedRecord, format === "csv" ? SEED_COLUMNS : null);
  if (bad.length) throw importError(fileName, bad);
  if (good.length === 0)
    throw importError(fileName, [{ line: 1, issues: [custom([], "the file has no records")] }]);
  let evidence = 0;
  await db.transaction().execute(async (trx) => {
    for (const { value } of good) {
      const { evidence: items, ...seed } = value;
      const seedId = await insertSeed(trx, auditActor(account), account.organisation.id, seed);
      for (const e of items ?? []) {
        await insertEvidence(trx, account, seedId, e);
        evidence++;
      }
    }
  });
  return { seeds: good.length, evidence };
}

/** Imports evidence rows for seeds the caller's organisation owns (column seed_id), all or nothing. */
export async function importEvidence(
  db: PipelineDb,
  account: Account,
  text: string,
  format: TransferFormat,
  fileName = `evidence.${format}`,
): Promise<ImportReport> {
  if (!canCreateSeed(actorOfAccount(account))) throw forbidden("evidence.import");
  const records = format === "csv" ? parseCsv(text, fileName, EVIDENCE_COLUMNS) : parseJson(text, fileName);
  const { good, bad } = validate(records, EvidenceRecord, format === "csv" ? EVIDENCE_COLUMNS : null);
  const ids = [...new Set(good.map((g) => g.value.seedId))];
  const owned = new Set(
    ids.length
      ? (
          await db
            .selectFrom("seeds")
            .select("id")
            .where("id", "in", ids)
            .where("organisation_id", "=", account.organisation.id)
            .execute()
        ).map((r) => r.id)
      : [],
  );
  const seedColumn = format === "csv" ? "seed_id" : "seedId";
  for (const g of good)
    if (!owned.has(g.value.seedId))
      bad.push({
        line: g.line,
        issues: [
          fieldIssue(
            [seedColumn],
            {
              ja: `所属組織のシーズ ${g.value.seedId} がありません`,
              en: `no seed ${g.value.seedId} of your organisation`,
            },
            {
              ja: "所属組織が所有するシーズの ID を指定してください（他組織のシーズには根拠データを追加できません）。",
              en: "Use the id of a seed your organisation owns; evidence cannot be added to another organisation's seed.",
            },
            g.value.seedId,
          ),
        ],
      });
  if (bad.length)
    throw importError(
      fileName,
      bad.sort((a, b) => a.line - b.line),
    );
  if (good.length === 0)
    throw importError(fileName, [{ line: 1, issues: [custom([], "the file has no records")] }]);
  await db.transaction().execute(async (trx) => {
    for (const { value } of good) {
      const { seedId, ...e } = value;
      await insertEvidence(trx, account, seedId, e);
    }
  });
  return { seeds: 0, evidence: good.length };
}

/** The caller's organisation's seeds, confidential part and evidence included, in a re-importable form. */
export async function exportSeeds(db: PipelineDb, account: Account, format: TransferFormat): Promise<string> {
  if (!canCreateSeed(actorOfAccount(account))) throw forbidden("seed.export");
  const seeds = await db
    .selectFrom("seeds")
    .selectAll()
    .where("organisation_id", "=", account.organisation.id)
    .orderBy("created_at")
    .execute();
  const history = seeds.length
    ? await db
        .selectFrom("seed_stage_history")
        .select(["seed_id", "entered_on"])
        .where(
          "seed_id",
          "in",
          seeds.map((s) => s.id),
        )
        .orderBy("entered_on", "desc")
        .execute()
    : [];
  const evidence = seeds.length
    ? await db
        .selectFrom("evidence")
        .selectAll()
        .where(
          "seed_id",
          "in",
          seeds.map((s) => s.id),
        )
        .orderBy("performed_on")
        .execute()
    : [];
  const records = seeds.map((s) => ({
    titleJa: s.title_ja,
    titleEn: s.title_en,
    targetSymbol: s.target_symbol,
    targetUniprot: s.target_uniprot,
    modality: s.modality,
    icd10: s.icd10,
    indication: s.indication,
    stage: s.stage,
    stageSince: history.find((h) => h.seed_id === s.id)?.entered_on,
    programme: s.programme,
    publicSummaryJa: s.public_summary_ja,
    publicSummaryEn: s.public_summary_en,
    publicSince: s.public_since,
    confidentialDetails: s.confidential_details,
    evidence: evidence
      .filter((e) => e.seed_id === s.id)
      .map((e) => ({
        kind: e.kind,
        title: e.title,
        result: e.result,
        performedOn: e.performed_on,
        performedBy: e.performed_by,
        replications: e.replications,
        reproducedByOtherLab: e.reproduced_by_other_lab,
        integrityLevel: e.integrity_level,
      })),
  }));
  // an export carries confidential details: it is a view like any other, and is audited as one
  await db.transaction().execute((trx) =>
    appendAudit(trx, {
      actor: auditActor(account),
      action: "seed.export",
      entityType: "organisation",
      entityId: account.organisation.id,
      detail: { format, seeds: seeds.length },
    }),
  );
  if (format === "json") return `${JSON.stringify(records, null, 2)}\n`;
  const cols = Object.entries(SEED_COLUMNS);
  return stringify(
    records.map((r) => cols.map(([, field]) => (r as Record<string, unknown>)[field] ?? "")),
    { header: true, columns: cols.map(([col]) => col), bom: true },
  );
}

/**
 * Evidence of the caller's organisation's seeds (the seeds it may see confidentially as their owner, the
 * same set the seed export carries), one row a record with its seed_id, in the form importEvidence reads.
 * Evidence is confidential: only the owners' researchers and TLO export it, and every export is audited.
 */
export async function exportEvidence(
  db: PipelineDb,
  account: Account,
  format: TransferFormat,
): Promise<string> {
  if (!canCreateSeed(actorOfAccount(account))) throw forbidden("evidence.export");
  const rows = await db
    .selectFrom("evidence")
    .innerJoin("seeds", "seeds.id", "evidence.seed_id")
    .selectAll("evidence")
    .where("seeds.organisation_id", "=", account.organisation.id)
    .orderBy("seeds.created_at")
    .orderBy("evidence.seed_id")
    .orderBy("evidence.performed_on")
    .orderBy("evidence.id")
    .execute();
  const records = rows.map((e) => ({
    seedId: e.seed_id,
    kind: e.kind,
    title: e.title,
    result: e.result,
    performedOn: e.performed_on,
    performedBy: e.performed_by,
    replications: e.replications,
    reproducedByOtherLab: e.reproduced_by_other_lab,
    integrityLevel: e.integrity_level,
  }));
  await db.transaction().execute((trx) =>
    appendAudit(trx, {
      actor: auditActor(account),
      action: "evidence.export",
      entityType: "organisation",
      entityId: account.organisation.id,
      detail: { format, seeds: new Set(rows.map((r) => r.seed_id)).size, evidence: rows.length },
    }),
  );
  if (format === "json") return `${JSON.stringify(records, null, 2)}\n`;
  const cols = Object.entries(EVIDENCE_COLUMNS);
  return stringify(
    records.map((r) =>
      cols.map(([, field]) => {
        const v = (r as Record<string, unknown>)[field];
        // csv-stringify writes false as an empty cell, which would read back as a missing value
        return typeof v === "boolean" ? String(v) : (v ?? "");
      }),
    ),
    { header: true, columns: cols.map(([col]) => col), bom: true },
  );
}
