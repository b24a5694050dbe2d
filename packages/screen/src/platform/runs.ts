import { randomUUID } from "node:crypto";
import path from "node:path";
import {
  type Actor,
  fieldIssue,
  forbidden,
  KAKEHASHI_VERSION,
  notFound,
  validationError,
} from "@kakehashi/core";
import { type AuditActor, appendAudit, type Database } from "@kakehashi/store";
import type { Kysely } from "kysely";
import { z } from "zod";
import { loadRDKit, MoleculeParseError, parseMolecule } from "../chem/rdkit.ts";
import { DockingAbortedError } from "../docking/dock.ts";
import { screenReportHtml } from "../funnel/Report.ts";
import { runScreen, type ScreenResult } from "../funnel/runScreen.ts";
import { ScreenDefinition } from "../funnel/ScreenDefinition.ts";
import { canReadScreenEntry, canScreen } from "./access.ts";
import {
  cacheFolder,
  getLibrary,
  getTarget,
  libraryFile,
  parseJson,
  type ScreenWorkspace,
  screenDb,
  targetFile,
} from "./catalogue.ts";

const docking = ScreenDefinition.shape.docking.unwrap();

/**
 * A screen as the API takes it: the definition of a file-based screen, with the library and the target
 * structure named by their catalogue ids (never server paths), and docking capped at what a shared server
 * does in a working day on a few cores — larger runs belong to `kakehashi screen run`.
 */
export const ScreenRunRequest = ScreenDefinition.extend({
  library: z.uuid(),
  docking: docking
    .extend({
      receptor: z.uuid(),
      box: docking.shape.box.optional(),
      topN: z.number().int().positive().max(500).default(50),
    })
    .optional(),
});
export type ScreenRunRequest = z.infer<typeof ScreenRunRequest>;
export type ScreenRunRequestInput = z.input<typeof ScreenRunRequest>;

export type ScreenRunStatus = "queued" | "running" | "done" | "failed";

export interface StoredScreenRun {
  id: string;
  organisationId: string;
  name: string;
  request: ScreenRunRequest;
  status: ScreenRunStatus;
  progress: { stage: string; done: number; total: number } | null;
  /** the result with pose files named relative to the run's cache (absent until done) */
  result: ScreenResult | null;
  error: string | null;
  engineVersion: string;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

interface RunTables {
  screen_runs: {
    id: string;
    organisation_id: string;
    name: string;
    request: unknown;
    status: string;
    progress: unknown;
    result: unknown;
    error: string | null;
    engine_version: string;
    created_by: string | null;
    created_at: Date | undefined;
    started_at: Date | null;
    finished_at: Date | null;
  };
}
const runsDb = (db: Kysely<Database>) => screenDb<RunTables>(db);

const toRun = (r: RunTables["screen_runs"]): StoredScreenRun => ({
  id: r.id,
  organisationId: r.organisation_id,
  name: r.name,
  request: parseJson(r.request) as ScreenRunRequest,
  status: r.status as ScreenRunStatus,
  progress: (parseJson(r.progress) as StoredScreenRun["progress"]) ?? null,
  result: (parseJson(r.result) as ScreenResult | null) ?? null,
  error: r.error,
  engineVersion: r.engine_version,
  createdBy: r.created_by,
  createdAt: r.created_at as Date,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** Every query SMILES is read now, so a typo is a 400 naming the query rather than a failed run later. */
async function checkQueries(request: ScreenRunRequest): Promise<void> {
  const rdkit = await loadRDKit();
  const issues = [];
  for (const [i, q] of (request.similarity?.queries ?? []).entries()) {
    try {
      parseMolecule(rdkit, q.smiles).delete();
    } catch (error) {
      if (!(error instanceof MoleculeParseError)) throw error;
      issues.push(
        fieldIssue(
          ["similarity", "queries", i, "smiles"],
          {
            ja: `既知活性化合物「${q.id}」の SMILES を RDKit が読めません: ${error.message}`,
            en: `RDKit cannot read the SMILES of known active "${q.id}": ${error.message}`,
          },
          {
            ja: "SMILES を確かめてください（括弧と環番号の対応など）。",
            en: "Check the SMILES (matching brackets and ring-closure digits).",
          },
          q.smiles,
        ),
      );
    }
  }
  if (issues.length) throw validationError(issues);
}

/** Queues a screen for the actor's organisation; the library and target must be ones the actor may use. */
export async function createScreenRun(
  db: Kysely<Database>,
  actor: Actor & { audit: AuditActor },
  input: ScreenRunRequestInput,
): Promise<StoredScreenRun> {
  if (!canScreen(actor)) throw forbidden("screen.run.create");
  const request = ScreenRunRequest.parse(input);
  await checkQueries(request);
  await getLibrary(db, actor, request.library);
  if (request.docking) {
    const target = await getTarget(db, actor, request.docking.receptor);
    // the target's co-crystallised ligand is the box unless the screen gives one
    if (!request.docking.box && !target.defaultLigand)
      throw validationError([
        fieldIssue(
          ["docking", "box"],
          { ja: `${target.name} には既定のリガンドがありません`, en: `${target.name} has no default ligand` },
          {
            ja: "ボックスを指定してください（ligandResidues、または center と size）。",
            en: "Give a box (ligandResidues, or center and size).",
          },
        ),
      ]);
  }
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await runsDb(trx as unknown as Kysely<Database>)
      .insertInto("screen_runs")
      .values({
        id,
        organisation_id: actor.organisationId,
        name: request.name,
        request: JSON.stringify(request),
        status: "queued",
        progress: null,
        result: null,
        error: null,
        engine_version: KAKEHASHI_VERSION,
        created_by: actor.audit.id,
        created_at: undefined,
        started_at: null,
        finished_at: null,
      })
      .execute();
    await appendAudit(trx, {
      actor: actor.audit,
      action: "screen.run.create",
      entityType: "screen_run",
      entityId: id,
      after: request,
    });
  });
  return getScreenRun(db, actor, id);
}

export async function getScreenRun(db: Kysely<Database>, actor: Actor, id: string): Promise<StoredScreenRun> {
  if (!canScreen(actor)) throw forbidden("screen.run.read");
  const row = await runsDb(db).selectFrom("screen_runs").selectAll().where("id", "=", id).executeTakeFirst();
  // another organisation's screen is reported as missing: which targets a company screens is confidential
  if (!row || !canReadScreenEntry(actor, { organisationId: row.organisation_id }))
    throw notFound(`screen run ${id}`);
  return toRun(row);
}

/** Newest first, without the results (they can be large): the list screen shows status and progress. */
export async function listScreenRuns(
  db: Kysely<Database>,
  actor: Actor,
): Promise<Omit<StoredScreenRun, "result">[]> {
  if (!canScreen(actor)) throw forbidden("screen.run.read");
  let query = runsDb(db)
    .selectFrom("screen_runs")
    .select([
      "id",
      "organisation_id",
      "name",
      "request",
      "status",
      "progress",
      "error",
      "engine_version",
      "created_by",
      "created_at",
      "started_at",
      "finished_at",
    ])
    .orderBy("created_at", "desc")
    .limit(200);
  if (!actor.roles.includes("admin")) query = query.where("organisation_id", "=", actor.organisationId);
  return (await query.execute()).map((r) => {
    const { result: _, ...run } = toRun({ ...r, result: null });
    return run;
  });
}

export async function screenRunReport(run: StoredScreenRun): Promise<string> {
  if (!run.result) throw notFound(`result of screen run ${run.id} (status ${run.status})`);
  return screenReportHtml(run.result, {
    engineVersion: run.engineVersion,
    generatedAt: (run.finishedAt ?? new Date()).toISOString(),
  });
}

/**
 * Runs queued screens one at a time in the server process (docking already uses every core). A run
 * interrupted by a restart is queued again at start and resumes from the docking cache.
 */
export class ScreenRunner {
  private queue: string[] = [];
  private current: Promise<void> | null = null;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ws: ScreenWorkspace,
    private readonly options: { workers?: number; onError?: (error: unknown) => void } = {},
  ) {}

  /** Queues every run left queued or running by a previous process. */
  async resume(): Promise<void> {
    const rows = await runsDb(this.db)
      .selectFrom("screen_runs")
      .select("id")
      .where("status", "in", ["queued", "running"])
      .orderBy("created_at")
      .execute();
    for (const r of rows) this.enqueue(r.id);
  }

  enqueue(id: string): void {
    if (this.stopped || this.queue.includes(id)) return;
    this.queue.push(id);
    if (!this.current) this.current = this.drain();
  }

  /** Resolves when nothing is queued or running (tests wait on it). */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  /**
   * Stops taking runs and stops the one in progress: its Vina processes are killed, it stays queued in
   * the store and the next start resumes it (the ligands docked so far come from the cache).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue = [];
    this.abort.abort();
    await this.idle();
  }

  private async drain(): Promise<void> {
    try {
      for (let id = this.queue.shift(); id !== undefined; id = this.queue.shift()) {
        try {
          await this.execute(id);
        } catch (error) {
          this.options.onError?.(error);
        }
      }
    } finally {
      this.current = null;
    }
  }

  private async execute(id: string): Promise<void> {
    const db = runsDb(this.db);
    const row = await db.selectFrom("screen_runs").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row || (row.status !== "queued" && row.status !== "running")) return;
    const request = parseJson(row.request) as ScreenRunRequest;
    await db
      .updateTable("screen_runs")
      .set({ status: "running", started_at: new Date(), error: null })
      .where("id", "=", id)
      .execute();
    let lastWrite = 0;
    let pending: Promise<unknown> = Promise.resolve();
    const onProgress = (stage: string, done: number, total: number) => {
      const now = Date.now();
      if (now - lastWrite < 1000 && done < total) return;
      lastWrite = now;
      pending = pending.then(() =>
        db
          .updateTable("screen_runs")
          .set({ progress: JSON.stringify({ stage, done, total }) })
          .where("id", "=", id)
          .execute()
          .catch(() => {}),
      );
    };
    try {
      const library = await getLibrary(this.db, null, request.library);
      const { docking: dockingRequest, ...rest } = request;
      const definition: Parameters<typeof runScreen>[0] = {
        ...rest,
        library: libraryFile(this.ws, library.file),
      };
      if (dockingRequest) {
        const target = await getTarget(this.db, null, dockingRequest.receptor);
        const { chain, box, ...dockingRest } = dockingRequest;
        const useChain = chain ?? target.defaultChain;
        definition.docking = {
          ...dockingRest,
          receptor: targetFile(this.ws, target.file),
          ...(useChain ? { chain: useChain } : {}),
          box: box ?? { ligandResidues: target.defaultLigand ?? [], padding: 8 },
        };
      }
      const cacheDir = cacheFolder(this.ws);
      const result = await runScreen(definition, {
        cacheDir,
        ...(this.options.workers ? { workers: this.options.workers } : {}),
        signal: this.abort.signal,
        onProgress,
      });
      await pending;
      await db
        .updateTable("screen_runs")
        .set({
          status: "done",
          result: JSON.stringify(publishable(result, request, cacheDir, library.name)),
          finished_at: new Date(),
        })
        .where("id", "=", id)
        .execute();
    } catch (error) {
      await pending;
      if (error instanceof DockingAbortedError) {
        await db.updateTable("screen_runs").set({ status: "queued" }).where("id", "=", id).execute();
        return;
      }
      await db
        .updateTable("screen_runs")
        .set({ status: "failed", error: (error as Error).message, finished_at: new Date() })
        .where("id", "=", id)
        .execute();
    }
  }
}

/** The result as users see it: catalogue ids instead of server paths, pose files relative to the cache. */
function publishable(
  result: ScreenResult,
  request: ScreenRunRequest,
  cacheDir: string,
  libraryName: string,
): ScreenResult {
  const relative = (p: string) => path.relative(cacheDir, p);
  return {
    ...result,
    definition: {
      ...result.definition,
      library: request.library,
      ...(request.docking
        ? {
            docking: {
              ...result.definition.docking,
              receptor: request.docking.receptor,
            } as ScreenResult["definition"]["docking"],
          }
        : {}),
    },
    hits: result.hits.map((h) =>
      h.docking ? { ...h, docking: { ...h.docking, posePath: relative(h.docking.posePath) } } : h,
    ),
    watched: result.watched.map((w) =>
      w.reference ? { ...w, reference: { ...w.reference, posePath: relative(w.reference.posePath) } } : w,
    ),
    failures: result.failures.map((f) => (f.source ? { ...f, source: libraryName } : f)),
  };
}
