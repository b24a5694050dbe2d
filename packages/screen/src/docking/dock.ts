/**
 * Docking a library: one Vina process per worker (--cpu 1), as many workers as cores, every finished
 * ligand written to the cache at once (tmp file + rename) so that a killed run loses only the ligands it
 * was working on, and a re-run skips everything already done.
 */

import { rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { z } from "zod";
import { MoleculeParseError } from "../chem/rdkit.ts";
import type { DockingBox } from "./box.ts";
import {
  makeWorkDir,
  readIfExists,
  sha256,
  sha256Json,
  sweepOrphans,
  sweepTmpFiles,
  writeAtomically,
} from "./files.ts";
import { canonicalLigand, LIGAND_RECIPES, type LigandEmbedder, prepareLigand } from "./ligand.ts";
import type { DockingReceptor } from "./receptor.ts";
import { commandLine, type DockingTools, lastLines, runTool, toolCommand, toolVersion } from "./tools.ts";

/** One molecule of a screening library. */
export interface LibraryLigand {
  id: string;
  smiles: string;
}

/** Vina's search settings. */
export interface DockingParameters {
  /** Monte-Carlo runs per ligand (default 8, Vina's default) */
  exhaustiveness?: number;
  /** poses written, 1-9 (default 9) */
  numModes?: number;
  /** Vina's random seed; fixed (default 42) so that a run can be repeated */
  seed?: number;
}

export interface DockingProgress {
  done: number;
  total: number;
  docked: number;
  failed: number;
  /** of `done`, how many came from the cache */
  cached: number;
  /** the ligand just finished */
  id: string;
  outcome: "docked" | "failed";
}

export interface DockLibraryOptions extends DockingParameters {
  /** parallel ligands, each one Vina process with --cpu 1 (default: os.availableParallelism()) */
  workers?: number;
  /** where prepared ligands, poses and results are kept */
  cacheDir: string;
  onProgress?: (progress: DockingProgress) => void;
  /** per ligand, preparation and docking together (default 20 minutes); a timed-out ligand is not cached */
  timeoutMs?: number;
  /** 3D generation: RDKit ETKDG (default; seeded, seconds) or Open Babel --gen3d (see ligand.ts for why not) */
  embedder?: LigandEmbedder;
  tools?: DockingTools;
  /** stops the run: running Vina processes are killed, no new ligand starts, and dockLibrary throws DockingAbortedError */
  signal?: AbortSignal;
}

/** The run was stopped through its signal; every ligand docked before that is in the cache. */
export class DockingAbortedError extends Error {
  constructor() {
    super("docking stopped before the end (the ligands docked so far are cached)");
    this.name = "DockingAbortedError";
  }
}

/** A docked ligand: Vina's best score and the pose file. */
export interface DockingResult {
  id: string;
  smiles: string;
  canonicalSmiles: string;
  /** fragments left out (counter-ions, solvent): only the largest fragment is docked */
  droppedFragments: string[];
  /** the charge state docked (pH 7.4), Open Babel's canonical SMILES */
  dockedSmiles: string;
  /** best (lowest) Vina score, kcal/mol */
  score: number;
  /** all modes' scores, best first */
  modes: number[];
  /** the poses, best first (Vina's output PDBQT), in the cache */
  posePath: string;
  /** Vina's console output */
  log: string;
  /** the commands that prepared and docked it (relative names are in its work folder, since removed) */
  commands: string[];
  /** true when nothing was computed for it in this run */
  cached: boolean;
  /** seconds this ligand took when it was computed (preparation and docking) */
  seconds: number;
}

/** A ligand that could not be docked, and why. */
export interface DockingFailure {
  id: string;
  smiles: string;
  stage: "smiles" | "preparation" | "docking" | "timeout" | "error";
  reason: string;
  cached: boolean;
}

export interface DockingRun {
  /** in library order */
  results: DockingResult[];
  failures: DockingFailure[];
  provenance: {
    versions: { obabel: string; vina: string; rdkit?: string };
    receptorSha256: string;
    box: Pick<DockingBox, "center" | "size">;
    parameters: Required<DockingParameters>;
    /** the Vina command, with the ligand and output names as placeholders */
    vinaCommand: string;
    ligandRecipe: string;
  };
  /** child processes started: Vina, and Open Babel / Python for ligand preparation */
  stats: { vinaRuns: number; preparationRuns: number; cached: number; seconds: number };
}

export const DEFAULT_SEED = 42;
export const DEFAULT_EXHAUSTIVENESS = 8;
export const DEFAULT_TIMEOUT_MS = 20 * 60_000;
const DOCKING_RECIPE = "docking/1";

const dockingRecord = z.discriminatedUnion("status", [
  z.object({
    format: z.literal("kakehashi-docking/1"),
    key: z.string(),
    status: z.literal("docked"),
    canonicalSmiles: z.string(),
    dockedSmiles: z.string(),
    score: z.number(),
    modes: z.array(z.number()).min(1),
    poseSha256: z.string(),
    log: z.string(),
    commands: z.array(z.string()),
    seconds: z.number(),
  }),
  z.object({
    format: z.literal("kakehashi-docking/1"),
    key: z.string(),
    status: z.literal("failed"),
    canonicalSmiles: z.string(),
    stage: z.enum(["preparation", "docking"]),
    reason: z.string(),
  }),
]);
type DockingRecord = z.infer<typeof dockingRecord>;

type Outcome =
  | { record: DockingRecord; cached: boolean }
  | { transient: DockingFailure["stage"]; reason: string };

function checkParameters(options: DockLibraryOptions): Required<DockingParameters> & { workers: number } {
  const exhaustiveness = options.exhaustiveness ?? DEFAULT_EXHAUSTIVENESS;
  const numModes = options.numModes ?? 9;
  const seed = options.seed ?? DEFAULT_SEED;
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(exhaustiveness) || exhaustiveness < 1)
    throw new Error(`exhaustiveness must be a whole number ≥ 1 (got ${exhaustiveness})`);
  if (!Number.isInteger(numModes) || numModes < 1 || numModes > 9)
    throw new Error(`numModes must be a whole number from 1 to 9 (got ${numModes})`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1)
    throw new Error(`seed must be a whole number from 0 to 2^31-1 (got ${seed})`);
  if (!Number.isInteger(workers) || workers < 1)
    throw new Error(`workers must be a whole number ≥ 1 (got ${workers})`);
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0))
    throw new Error(`timeoutMs must be positive (got ${options.timeoutMs})`);
  return { exhaustiveness, numModes, seed, workers };
}

/** Box numbers as Vina reads them: plain decimals, 4 places. */
function num(value: number): string {
  return String(Math.round(value * 10_000) / 10_000);
}

/**
 * Docks every ligand of a library into the receptor's box with AutoDock Vina. Ligands are prepared by
 * prepareLigand (Open Babel charges at pH 7.4, RDKit ETKDG or Open Babel --gen3d for 3D, Open Babel PDBQT),
 * docked with `--cpu 1` on `workers` parallel processes, and each outcome is cached in `cacheDir/docking/`
 * under sha256(receptor PDBQT, canonical SMILES, box, parameters, Vina / Open Babel / RDKit versions,
 * recipes). With the RDKit embedder the whole chain is seeded: the same inputs give the same score from an
 * empty cache. A ligand that fails (bad SMILES, no 3D structure, Vina error, timeout) becomes a failure
 * with the reason; it never stops the run. Throws only for bad options, a missing receptor file or a
 * missing program (DockingToolMissingError naming the Debian package).
 */
export async function dockLibrary(
  receptor: Pick<DockingReceptor, "pdbqtPath">,
  ligands: readonly LibraryLigand[],
  box: Pick<DockingBox, "center" | "size">,
  options: DockLibraryOptions,
): Promise<DockingRun> {
  const started = performance.now();
  const parameters = checkParameters(options);
  const { exhaustiveness, numModes, seed, workers } = parameters;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const embedder = options.embedder ?? "rdkit";
  const [obabelVersion, vinaVersion, rdkitVersion] = await Promise.all([
    toolVersion("obabel", options.tools),
    toolVersion("vina", options.tools),
    embedder === "rdkit" ? toolVersion("python", options.tools) : undefined,
  ]);
  const preparationVersions = { obabel: obabelVersion, ...(rdkitVersion ? { rdkit: rdkitVersion } : {}) };
  const receptorPath = path.resolve(receptor.pdbqtPath);
  const receptorBytes = await readIfExists(receptorPath);
  if (!receptorBytes)
    throw new Error(`${receptorPath}: receptor PDBQT not found (run prepareReceptor first)`);
  const receptorSha256 = sha256(receptorBytes);
  const cacheDir = path.resolve(options.cacheDir);
  const resultDir = path.join(cacheDir, "docking");
  const workRoot = path.join(cacheDir, "work");
  await sweepOrphans(workRoot);

  const boxArgs = [
    ...(["x", "y", "z"] as const).flatMap((a) => [`--center_${a}`, num(box.center[a])]),
    ...(["x", "y", "z"] as const).flatMap((a) => [`--size_${a}`, num(box.size[a])]),
  ];
  const vinaArgs = (ligand: string, out: string) => [
    "--receptor",
    receptorPath,
    "--ligand",
    ligand,
    ...boxArgs,
    "--exhaustiveness",
    String(exhaustiveness),
    "--num_modes",
    String(numModes),
    "--seed",
    String(seed),
    "--cpu",
    "1",
    "--out",
    out,
  ];
  const shared = {
    recipe: DOCKING_RECIPE,
    ligandRecipe: LIGAND_RECIPES[embedder],
    receptor: receptorSha256,
    box: { center: box.center, size: box.size },
    parameters: { exhaustiveness, numModes, seed },
    vina: vinaVersion,
    preparation: preparationVersions,
  };
  const stats = { vinaRuns: 0, preparationRuns: 0, cached: 0, seconds: 0 };
  const vina = toolCommand("vina", options.tools);
  const swept = new Set<string>();

  /** Prepares and docks one canonical SMILES; the outcome is cached unless it is worth retrying. */
  const compute = async (canonicalSmiles: string, key: string): Promise<Outcome> => {
    const shard = path.join(resultDir, key.slice(0, 2));
    if (!swept.has(shard)) {
      swept.add(shard);
      await sweepTmpFiles(shard);
    }
    const recordPath = path.join(shard, `${key}.json`);
    const posePath = path.join(shard, `${key}.pdbqt`);
    const cached = await readDockingRecord(recordPath, posePath, key);
    if (cached) return { record: cached, cached: true };

    const t0 = performance.now();
    const deadline = Date.now() + timeoutMs;
    const workDir = await makeWorkDir(workRoot, key.slice(0, 12));
    try {
      const ligand = await prepareLigand(canonicalSmiles, {
        cacheDir,
        embedder,
        versions: preparationVersions,
        tools: options.tools,
        workDir,
        deadline,
      });
      stats.preparationRuns += ligand.runs;
      const fail = async (stage: "preparation" | "docking", reason: string): Promise<Outcome> => {
        const record: DockingRecord = {
          format: "kakehashi-docking/1",
          key,
          status: "failed",
          canonicalSmiles,
          stage,
          reason,
        };
        await writeAtomically(recordPath, `${JSON.stringify(record, null, 2)}\n`);
        return { record, cached: false };
      };
      if (!ligand.ok) {
        if (ligand.transient)
          return Date.now() >= deadline
            ? { transient: "timeout", reason: `timed out after ${timeoutMs} ms (${ligand.reason})` }
            : { transient: "preparation", reason: ligand.reason };
        return fail("preparation", ligand.reason);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        return { transient: "timeout", reason: `timed out after ${timeoutMs} ms (preparation)` };
      stats.vinaRuns++;
      const run = await runTool(vina, vinaArgs(ligand.pdbqtPath, "pose.pdbqt"), {
        cwd: workDir,
        timeoutMs: remaining,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (run.timedOut)
        return { transient: "timeout", reason: `timed out after ${timeoutMs} ms (Vina was stopped)` };
      if (run.spawnError)
        return { transient: "docking", reason: `vina could not start: ${run.spawnError.message}` };
      if (run.signal) return { transient: "docking", reason: `vina was killed by ${run.signal}` };
      const log = `${run.stdout}${run.stderr ? `\n${run.stderr}` : ""}`;
      const pose = await readIfExists(path.join(workDir, "pose.pdbqt"));
      if (run.code !== 0 || !pose)
        return fail(
          "docking",
          `Vina failed (exit ${run.code}): ${lastLines(run.stderr) || lastLines(run.stdout)}`,
        );
      const modes = vinaScores(pose.toString("utf8"));
      if (modes.length === 0) return fail("docking", "Vina wrote no REMARK VINA RESULT line");
      // pose first, record last: a record on disk always has its pose
      await writeAtomically(posePath, pose);
      const record: DockingRecord = {
        format: "kakehashi-docking/1",
        key,
        status: "docked",
        canonicalSmiles,
        dockedSmiles: ligand.protonatedSmiles,
        score: Math.min(...modes),
        modes,
        poseSha256: sha256(pose),
        log,
        commands: [...ligand.commands, commandLine("vina", vinaArgs(ligand.pdbqtPath, "pose.pdbqt"))],
        seconds: Math.round((performance.now() - t0) / 10) / 100,
      };
      await writeAtomically(recordPath, `${JSON.stringify(record, null, 2)}\n`);
      return { record, cached: false };
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  };

  // duplicates of one molecule in a library share one computation
  const inFlight = new Map<string, Promise<Outcome>>();
  const results: (DockingResult | undefined)[] = new Array(ligands.length);
  const failures: (DockingFailure | undefined)[] = new Array(ligands.length);
  let done = 0;
  let docked = 0;
  let failed = 0;
  let fromCache = 0;

  const handle = async (index: number): Promise<void> => {
    const ligand = ligands[index];
    if (!ligand) return;
    const { id, smiles } = ligand;
    let outcome: Outcome;
    let canonicalSmiles = "";
    let droppedFragments: string[] = [];
    try {
      ({ canonicalSmiles, droppedFragments } = await canonicalLigand(smiles));
      const key = sha256Json({ ...shared, smiles: canonicalSmiles });
      let pending = inFlight.get(key);
      if (!pending) {
        pending = compute(canonicalSmiles, key);
        inFlight.set(key, pending);
      }
      outcome = await pending;
    } catch (error) {
      outcome =
        error instanceof MoleculeParseError
          ? { transient: "smiles", reason: `SMILES does not parse: ${error.message}` }
          : { transient: "error", reason: error instanceof Error ? error.message : String(error) };
    }
    if ("record" in outcome) {
      const { record } = outcome;
      if (outcome.cached) fromCache++;
      if (record.status === "docked") {
        docked++;
        results[index] = {
          id,
          smiles,
          canonicalSmiles,
          droppedFragments,
          dockedSmiles: record.dockedSmiles,
          score: record.score,
          modes: record.modes,
          posePath: path.join(resultDir, record.key.slice(0, 2), `${record.key}.pdbqt`),
          log: record.log,
          commands: record.commands,
          cached: outcome.cached,
          seconds: record.seconds,
        };
      } else {
        failed++;
        failures[index] = { id, smiles, stage: record.stage, reason: record.reason, cached: outcome.cached };
      }
    } else {
      failed++;
      failures[index] = { id, smiles, stage: outcome.transient, reason: outcome.reason, cached: false };
    }
    done++;
    options.onProgress?.({
      done,
      total: ligands.length,
      docked,
      failed,
      cached: fromCache,
      id,
      outcome: results[index] ? "docked" : "failed",
    });
  };

  let next = 0;
  const worker = async () => {
    for (let i = next++; i < ligands.length && !options.signal?.aborted; i = next++) await handle(i);
  };
  await Promise.all(Array.from({ length: Math.min(workers, Math.max(1, ligands.length)) }, worker));
  if (options.signal?.aborted) throw new DockingAbortedError();

  stats.cached = fromCache;
  stats.seconds = Math.round((performance.now() - started) / 10) / 100;
  return {
    results: results.filter((r): r is DockingResult => r !== undefined),
    failures: failures.filter((f): f is DockingFailure => f !== undefined),
    provenance: {
      versions: { vina: vinaVersion, ...preparationVersions },
      receptorSha256,
      box: { center: box.center, size: box.size },
      parameters: { exhaustiveness, numModes, seed },
      vinaCommand: commandLine("vina", vinaArgs("<ligand.pdbqt>", "<pose.pdbqt>")),
      ligandRecipe: LIGAND_RECIPES[embedder],
    },
    stats,
  };
}

/** The scores of Vina's output PDBQT ("REMARK VINA RESULT:  -7.1  0.000  0.000"), in file order. */
export function vinaScores(pdbqt: string): number[] {
  const scores: number[] = [];
  for (const line of pdbqt.split("\n")) {
    const match = /^REMARK VINA RESULT:\s+(-?\d+(?:\.\d+)?)/.exec(line);
    if (match?.[1]) scores.push(Number(match[1]));
  }
  return scores;
}

/** A cached result, or undefined when it is missing, damaged, for another key, or its pose is gone. */
async function readDockingRecord(
  recordPath: string,
  posePath: string,
  key: string,
): Promise<DockingRecord | undefined> {
  const raw = await readIfExists(recordPath);
  if (!raw) return undefined;
  let record: DockingRecord;
  try {
    record = dockingRecord.parse(JSON.parse(raw.toString("utf8")));
  } catch {
    return undefined; // damaged (e.g. truncated by a crash of the disk, or edited): computed again
  }
  if (record.key !== key) return undefined;
  if (record.status === "docked") {
    const pose = await readIfExists(posePath);
    if (!pose || sha256(pose) !== record.poseSha256) return undefined;
  }
  return record;
}
