import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Actor, fieldIssue, forbidden, notFound, validationError } from "@kakehashi/core";
import { type AuditActor, appendAudit, type Database } from "@kakehashi/store";
import type { Kysely } from "kysely";
import { buildLibrary, type LibraryParameters, saveLibrary } from "../chem/library.ts";
import { readMoleculeFile } from "../chem/records.ts";
import { parsePdbAtoms, residueLabel, WATER_NAMES } from "../docking/pdb.ts";
import { canReadScreenEntry, canScreen } from "./access.ts";

/** Where a server keeps screen files: libraries/*.khlib, targets/*.pdb, cache/ (prepared receptors, poses). */
export interface ScreenWorkspace {
  folder: string;
}
export const libraryFile = (ws: ScreenWorkspace, file: string) => path.join(ws.folder, "libraries", file);
export const targetFile = (ws: ScreenWorkspace, file: string) => path.join(ws.folder, "targets", file);
export const cacheFolder = (ws: ScreenWorkspace) => path.join(ws.folder, "cache");

export interface LibraryFailureSummary {
  line: number;
  id?: string;
  reason: string;
}

export interface StoredLibrary {
  id: string;
  /** null: a shared reference library (e.g. the approved drugs) every screener may use */
  organisationId: string | null;
  name: string;
  sourceName: string;
  molecules: number;
  /** molecules that could not be read or standardised (the first 500 are kept, with line and reason) */
  failureCount: number;
  failures: LibraryFailureSummary[];
  version: string;
  parameters: LibraryParameters;
  createdAt: Date;
}

export interface StoredTarget {
  id: string;
  organisationId: string | null;
  name: string;
  sourceName: string;
  /** protein chains (ATOM records) */
  chains: string[];
  /** hetero groups other than water, as chain:NAMEnumber — candidates for the docking box */
  heteroGroups: string[];
  /** what a screen uses unless it says otherwise: the chain docked into and the ligand that defines the box */
  defaultChain: string | null;
  defaultLigand: string[] | null;
  createdAt: Date;
}

export interface ScreenTables {
  screen_libraries: {
    id: string;
    organisation_id: string | null;
    name: string;
    file: string;
    source_name: string;
    molecules: number;
    failures: unknown;
    version: string;
    parameters: unknown;
    created_by: string | null;
    created_at: Date | undefined;
  };
  screen_targets: {
    id: string;
    organisation_id: string | null;
    name: string;
    file: string;
    source_name: string;
    chains: unknown;
    hetero_groups: unknown;
    default_chain: string | null;
    default_ligand: unknown;
    created_by: string | null;
    created_at: Date | undefined;
  };
}
type CatalogueDb = Kysely<Database & ScreenTables>;
export const screenDb = <T>(db: Kysely<Database>) => db as unknown as Kysely<Database & ScreenTables & T>;

export const parseJson = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
const MAX_KEPT_FAILURES = 500;

/** Who registers an entry: a user (their organisation owns it) or the platform itself (shared). */
export type Registrant = (Actor & { audit: AuditActor }) | "platform";

const ownerOf = (who: Registrant) => (who === "platform" ? null : who.organisationId);
const auditActor = (who: Registrant): AuditActor =>
  who === "platform" ? { id: null, label: "system" } : who.audit;

function requireScreener(who: Registrant, action: string) {
  if (who !== "platform" && !canScreen(who)) throw forbidden(action);
}

/** A compound file name as uploaded: only the extension matters (it picks the reader), never the path. */
function safeExtension(fileName: string, allowed: RegExp, fix: { ja: string; en: string }): string {
  const ext = path.extname(fileName).toLowerCase();
  if (!allowed.test(ext))
    throw validationError([
      fieldIssue(
        ["fileName"],
        {
          ja: `ファイルの種類が不明です（${ext || "拡張子なし"}）`,
          en: `unknown file type (${ext || "no extension"})`,
        },
        fix,
        fileName,
      ),
    ]);
  return ext;
}

/**
 * Standardises an uploaded compound file (SMILES / TSV / CSV / SDF) into a library with fingerprints and
 * properties and registers it. Unreadable molecules are kept as a list (line and reason); a file with no
 * readable molecule at all is refused and nothing is stored.
 */
export async function registerLibrary(
  db: Kysely<Database>,
  ws: ScreenWorkspace,
  who: Registrant,
  input: { name: string; fileName: string; content: string },
): Promise<StoredLibrary> {
  requireScreener(who, "screen.library.create");
  const ext = safeExtension(input.fileName, /^\.(smi|smiles|csv|tsv|sdf|sd|mol)$/, {
    ja: "拡張子 .smi / .smiles / .csv / .tsv / .sdf のファイル名にしてください（拡張子で読み方を決めます）。",
    en: "Use a .smi, .smiles, .csv, .tsv or .sdf file name: the extension chooses the reader.",
  });
  const id = randomUUID();
  await mkdir(path.join(ws.folder, "libraries"), { recursive: true });
  const upload = libraryFile(ws, `${id}.upload${ext}`);
  await writeFile(upload, input.content);
  try {
    const records = await readMoleculeFile(upload);
    for (const f of records.failures) f.source = input.fileName;
    const library = await buildLibrary(records, { properties: true });
    if (library.molecules.length === 0)
      throw validationError([
        fieldIssue(
          ["content"],
          {
            ja: `${input.fileName} に読める分子がありません${library.failures[0] ? `（${library.failures[0].line} 行目: ${library.failures[0].reason}）` : ""}`,
            en: `no readable molecule in ${input.fileName}${library.failures[0] ? ` (line ${library.failures[0].line}: ${library.failures[0].reason})` : ""}`,
          },
          {
            ja: "SMILES の列（見出し SMILES）とファイルの種類を確かめてください。",
            en: "Check the SMILES column (headed SMILES) and the file type.",
          },
        ),
      ]);
    const file = `${id}.khlib`;
    await saveLibrary(library, libraryFile(ws, file));
    const failures = library.failures
      .slice(0, MAX_KEPT_FAILURES)
      .map((f) => ({ line: f.line, ...(f.id ? { id: f.id } : {}), reason: f.reason }));
    await db.transaction().execute(async (trx) => {
      await (trx as unknown as CatalogueDb)
        .insertInto("screen_libraries")
        .values({
          id,
          organisation_id: ownerOf(who),
          name: input.name,
          file,
          source_name: path.basename(input.fileName),
          molecules: library.molecules.length,
          failures: JSON.stringify({ count: library.failures.length, first: failures }),
          version: library.version,
          parameters: JSON.stringify(library.parameters),
          created_by: auditActor(who).id,
          created_at: undefined,
        })
        .execute();
      await appendAudit(trx, {
        actor: auditActor(who),
        action: "screen.library.create",
        entityType: "screen_library",
        entityId: id,
        after: {
          name: input.name,
          source: input.fileName,
          molecules: library.molecules.length,
          failures: library.failures.length,
          version: library.version,
        },
      });
    });
    const { file: _, ...stored } = await getLibrary(db, who === "platform" ? null : who, id);
    return stored;
  } finally {
    await rm(upload, { force: true });
  }
}

const toLibrary = (r: ScreenTables["screen_libraries"]): StoredLibrary => {
  const failures = parseJson(r.failures) as { count: number; first: LibraryFailureSummary[] };
  return {
    id: r.id,
    organisationId: r.organisation_id,
    name: r.name,
    sourceName: r.source_name,
    molecules: r.molecules,
    failureCount: failures.count,
    failures: failures.first,
    version: r.version,
    parameters: parseJson(r.parameters) as LibraryParameters,
    createdAt: r.created_at as Date,
  };
};

/** `actor` null = the platform itself (no access check). Other organisations' entries read as missing. */
export async function getLibrary(
  db: Kysely<Database>,
  actor: Actor | null,
  id: string,
): Promise<StoredLibrary & { file: string }> {
  const row = await findEntry(db, "screen_libraries", actor, id, "compound library");
  return { ...toLibrary(row), file: row.file };
}

export async function listLibraries(db: Kysely<Database>, actor: Actor): Promise<StoredLibrary[]> {
  return (await listEntries(db, "screen_libraries", actor)).map(toLibrary);
}

type EntryTable = "screen_libraries" | "screen_targets";
const ENTRY_ACTION: Record<EntryTable, string> = {
  screen_libraries: "screen.library.read",
  screen_targets: "screen.target.read",
};

async function findEntry<T extends EntryTable>(
  db: Kysely<Database>,
  table: T,
  actor: Actor | null,
  id: string,
  what: string,
): Promise<ScreenTables[T]> {
  if (actor && !canScreen(actor)) throw forbidden(ENTRY_ACTION[table]);
  const row = (await screenDb(db)
    .selectFrom(table as EntryTable)
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst()) as ScreenTables[T] | undefined;
  if (!row || (actor && !canReadScreenEntry(actor, { organisationId: row.organisation_id })))
    throw notFound(`${what} ${id}`);
  return row;
}

/** The shared entries and the actor's organisation's (admins: all), newest first. */
async function listEntries<T extends EntryTable>(
  db: Kysely<Database>,
  table: T,
  actor: Actor,
): Promise<ScreenTables[T][]> {
  if (!canScreen(actor)) throw forbidden(ENTRY_ACTION[table]);
  let query = screenDb(db)
    .selectFrom(table as EntryTable)
    .selectAll()
    .orderBy("created_at", "desc");
  if (!actor.roles.includes("admin"))
    query = query.where((eb) =>
      eb.or([eb("organisation_id", "is", null), eb("organisation_id", "=", actor.organisationId)]),
    );
  return (await query.execute()) as ScreenTables[T][];
}

/**
 * Registers a target structure (PDB file). Its chains and hetero groups are listed so a screen can pick
 * the chain to dock into and the co-crystallised ligand that defines the box.
 */
export async function registerTarget(
  db: Kysely<Database>,
  ws: ScreenWorkspace,
  who: Registrant,
  input: { name: string; fileName: string; content: string; defaultChain?: string; defaultLigand?: string[] },
): Promise<StoredTarget> {
  requireScreener(who, "screen.target.create");
  safeExtension(input.fileName, /^\.(pdb|ent)$/, {
    ja: "PDB 形式のファイル（.pdb / .ent）をアップロードしてください。",
    en: "Upload a PDB file (.pdb or .ent).",
  });
  const atoms = parsePdbAtoms(input.content, input.fileName);
  const chains = [...new Set(atoms.filter((a) => a.record === "ATOM").map((a) => a.chain))];
  if (chains.length === 0)
    throw validationError([
      fieldIssue(
        ["content"],
        { ja: `${input.fileName} に ATOM レコードがありません`, en: `${input.fileName} has no ATOM records` },
        {
          ja: "タンパク質の立体構造を PDB 形式でアップロードしてください。",
          en: "Upload a protein structure in PDB format.",
        },
      ),
    ]);
  const heteroGroups = [
    ...new Set(
      atoms
        .filter((a) => a.record === "HETATM" && !WATER_NAMES.has(a.residueName))
        .map((a) => residueLabel(a)),
    ),
  ];
  if (input.defaultChain && !chains.includes(input.defaultChain))
    throw validationError([
      fieldIssue(
        ["defaultChain"],
        {
          ja: `チェーン ${input.defaultChain} はファイルにありません`,
          en: `chain ${input.defaultChain} is not in the file`,
        },
        { ja: `次のいずれかを使ってください: ${chains.join(", ")}`, en: `Use one of: ${chains.join(", ")}` },
      ),
    ]);
  const id = randomUUID();
  const file = `${id}.pdb`;
  await mkdir(path.join(ws.folder, "targets"), { recursive: true });
  await writeFile(targetFile(ws, file), input.content);
  await db.transaction().execute(async (trx) => {
    await (trx as unknown as CatalogueDb)
      .insertInto("screen_targets")
      .values({
        id,
        organisation_id: ownerOf(who),
        name: input.name,
        file,
        source_name: path.basename(input.fileName),
        chains: JSON.stringify(chains),
        hetero_groups: JSON.stringify(heteroGroups),
        default_chain: input.defaultChain ?? null,
        default_ligand: input.defaultLigand ? JSON.stringify(input.defaultLigand) : null,
        created_by: auditActor(who).id,
        created_at: undefined,
      })
      .execute();
    await appendAudit(trx, {
      actor: auditActor(who),
      action: "screen.target.create",
      entityType: "screen_target",
      entityId: id,
      after: { name: input.name, source: input.fileName, chains, heteroGroups },
    });
  });
  const { file: _, ...stored } = await getTarget(db, who === "platform" ? null : who, id);
  return stored;
}

const toTarget = (r: ScreenTables["screen_targets"]): StoredTarget => ({
  id: r.id,
  organisationId: r.organisation_id,
  name: r.name,
  sourceName: r.source_name,
  chains: parseJson(r.chains) as string[],
  heteroGroups: parseJson(r.hetero_groups) as string[],
  defaultChain: r.default_chain,
  defaultLigand: (parseJson(r.default_ligand) as string[] | null) ?? null,
  createdAt: r.created_at as Date,
});

export async function getTarget(
  db: Kysely<Database>,
  actor: Actor | null,
  id: string,
): Promise<StoredTarget & { file: string }> {
  const row = await findEntry(db, "screen_targets", actor, id, "target structure");
  return { ...toTarget(row), file: row.file };
}

export async function listTargets(db: Kysely<Database>, actor: Actor): Promise<StoredTarget[]> {
  return (await listEntries(db, "screen_targets", actor)).map(toTarget);
}
