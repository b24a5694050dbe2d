/**
 * Receptor preparation: a deposited PDB entry becomes the rigid receptor PDBQT Vina reads. Waters and
 * ligands go (they would occupy the site), polar hydrogens are added for pH 7.4 (Vina's hydrogen-bond
 * terms need donors typed HD) and Open Babel writes the rigid-receptor PDBQT (-xr: no torsion tree).
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { makeWorkDir, readIfExists, sha256, sha256Json, writeAtomically } from "./files.ts";
import { firstAltLocs, type PdbAtom, parsePdbAtoms, residueLabel, WATER_NAMES } from "./pdb.ts";
import { commandLine, type DockingTools, lastLines, runTool, toolCommand, toolVersion } from "./tools.ts";

/** A receptor ready for Vina, with what was removed and how it was made. */
export interface DockingReceptor {
  /** the rigid-receptor PDBQT (in the cache folder) */
  pdbqtPath: string;
  /** the filtered PDB given to Open Babel */
  cleanPdbPath: string;
  /** sha256 of the PDBQT bytes: part of every docking cache key */
  sha256: string;
  source: string;
  /** chains kept */
  chains: string[];
  heavyAtoms: number;
  polarHydrogens: number;
  removed: {
    waters: number;
    /** hetero groups left out, as chain:NAMEnumber */
    heteroGroups: string[];
    /** chains left out (their ATOM records) */
    otherChains: string[];
    /** atoms of second alternate locations */
    altLocAtoms: number;
  };
  /** the commands that made the PDBQT, in order (the first is the filtering done here) */
  commands: string[];
  versions: { obabel: string };
  /** Open Babel's warnings, e.g. kekulisation of histidine rings */
  warnings: string[];
  /** true when the PDBQT came from the cache */
  cached: boolean;
}

export interface ReceptorOptions {
  /** keep only this chain (e.g. "A" for Mpro in 6LU7, whose chain C is the inhibitor N3); default: all chains */
  chain?: string;
  /** hetero groups to keep by residue name (metal ions, cofactors: ["ZN"]); waters are never kept */
  keepHetero?: readonly string[];
  tools?: DockingTools;
}

/** Bump when the preparation recipe changes: old cache entries then no longer match. */
const RECEPTOR_RECIPE = "receptor/1: ATOM of chain, first altLoc, no water; obabel -xr -p 7.4";
const PH = "7.4";

const receptorRecord = z.object({
  format: z.literal("kakehashi-receptor/1"),
  key: z.string(),
  pdbqtSha256: z.string(),
  receptor: z.object({
    source: z.string(),
    chains: z.array(z.string()),
    heavyAtoms: z.number(),
    polarHydrogens: z.number(),
    removed: z.object({
      waters: z.number(),
      heteroGroups: z.array(z.string()),
      otherChains: z.array(z.string()),
      altLocAtoms: z.number(),
    }),
    commands: z.array(z.string()),
    versions: z.object({ obabel: z.string() }),
    warnings: z.array(z.string()),
  }),
});

/**
 * Prepares a receptor PDBQT from a PDB file: keeps the chosen chain's ATOM records (first alternate
 * location), drops waters and hetero groups not listed in `keepHetero`, then runs
 * `obabel clean.pdb -xr -p 7.4 -opdbqt -O receptor.pdbqt` (polar hydrogens at pH 7.4; the PDBQT writer merges
 * non-polar ones). The result is cached in `cacheDir/receptors/` by the PDB bytes, options and Open Babel
 * version. Throws for an unreadable file, an unknown chain or an Open Babel failure, naming the file.
 */
export async function prepareReceptor(
  pdbPath: string,
  options: ReceptorOptions,
  cacheDir: string,
): Promise<DockingReceptor> {
  let bytes: Buffer;
  try {
    bytes = await readFile(pdbPath);
  } catch (error) {
    throw new Error(
      `${pdbPath}: cannot read the PDB file (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  const obabelVersion = await toolVersion("obabel", options.tools);
  const keepHetero = [...new Set((options.keepHetero ?? []).map((n) => n.trim().toUpperCase()))].sort();
  const key = sha256Json({
    recipe: RECEPTOR_RECIPE,
    pdb: sha256(bytes),
    chain: options.chain ?? null,
    keepHetero,
    obabel: obabelVersion,
  });
  const dir = path.join(cacheDir, "receptors", key);
  const pdbqtPath = path.join(dir, "receptor.pdbqt");
  const cleanPdbPath = path.join(dir, "clean.pdb");
  const recordPath = path.join(dir, "receptor.json");

  const cached = await readCachedReceptor(recordPath, pdbqtPath, key);
  if (cached) return { ...cached, pdbqtPath, cleanPdbPath, cached: true };

  const all = parsePdbAtoms(bytes.toString("utf8"), pdbPath);
  if (all.length === 0) throw new Error(`${pdbPath}: no ATOM/HETATM records`);
  const proteinChains = [...new Set(all.filter((a) => a.record === "ATOM").map((a) => a.chain))];
  if (options.chain !== undefined && !all.some((a) => a.chain === options.chain))
    throw new Error(
      `${pdbPath}: chain "${options.chain}" not found; chains with atoms: ${[...new Set(all.map((a) => a.chain))].join(", ")}`,
    );
  const inChain = (a: PdbAtom) => options.chain === undefined || a.chain === options.chain;
  const isWater = (a: PdbAtom) => WATER_NAMES.has(a.residueName);
  const keep = (a: PdbAtom) =>
    inChain(a) && !isWater(a) && (a.record === "ATOM" || keepHetero.includes(a.residueName.toUpperCase()));
  const selected = all.filter(keep);
  const kept = firstAltLocs(selected);
  if (kept.length === 0) throw new Error(`${pdbPath}: nothing left after removing waters and hetero groups`);
  const removed = {
    waters: new Set(all.filter(isWater).map(residueLabel)).size,
    heteroGroups: [
      ...new Set(all.filter((a) => !isWater(a) && !keep(a) && a.record === "HETATM").map(residueLabel)),
    ],
    otherChains: proteinChains.filter((c) => options.chain !== undefined && c !== options.chain),
    altLocAtoms: selected.length - kept.length,
  };

  const workRoot = path.join(cacheDir, "work");
  const work = await makeWorkDir(workRoot, "receptor");
  try {
    const cleanText = `${kept.map((a) => a.text).join("\n")}\nEND\n`;
    const obabel = toolCommand("obabel", options.tools);
    const args = ["clean.pdb", "-xr", "-p", PH, "-opdbqt", "-O", "receptor.pdbqt"];
    await writeAtomically(path.join(work, "clean.pdb"), cleanText);
    const run = await runTool(obabel, args, { cwd: work, timeoutMs: 300_000 });
    const out = await readIfExists(path.join(work, "receptor.pdbqt"));
    if (run.code !== 0 || !out || out.length === 0)
      throw new Error(
        `${pdbPath}: Open Babel could not write the receptor PDBQT (exit ${run.code ?? run.signal}): ` +
          (lastLines(run.stderr) || "no message"),
      );
    const text = out.toString("utf8");
    const atomLines = text.split("\n").filter((l) => l.startsWith("ATOM") || l.startsWith("HETATM"));
    const types = atomLines.map((l) => l.slice(77).trim());
    const polarHydrogens = types.filter((t) => t === "HD").length;
    const heavyAtoms = types.filter((t) => t !== "HD" && t !== "H").length;
    if (atomLines.some((l) => WATER_NAMES.has(l.slice(17, 20).trim())))
      throw new Error(`${pdbPath}: the receptor PDBQT still holds waters (internal error)`);
    if (polarHydrogens === 0)
      throw new Error(`${pdbPath}: Open Babel added no polar hydrogens; Vina's H-bond terms would be blind`);
    const description =
      `keep ATOM records${options.chain !== undefined ? ` of chain ${options.chain}` : ""}` +
      (keepHetero.length > 0 ? ` and HETATM ${keepHetero.join(",")}` : "") +
      `, first altLoc; drop ${removed.waters} waters and ${removed.heteroGroups.length} hetero groups → clean.pdb`;
    const receptor = {
      source: pdbPath,
      chains: [...new Set(kept.map((a) => a.chain))],
      heavyAtoms,
      polarHydrogens,
      removed,
      commands: [description, commandLine("obabel", args)],
      versions: { obabel: obabelVersion },
      warnings: obabelWarnings(run.stderr),
    };
    // the PDBQT first, the record last: a record on disk means its PDBQT is complete
    await writeAtomically(cleanPdbPath, cleanText);
    await writeAtomically(pdbqtPath, out);
    const record: z.infer<typeof receptorRecord> = {
      format: "kakehashi-receptor/1",
      key,
      pdbqtSha256: sha256(out),
      receptor,
    };
    await writeAtomically(recordPath, `${JSON.stringify(record, null, 2)}\n`);
    return { ...receptor, pdbqtPath, cleanPdbPath, sha256: record.pdbqtSha256, cached: false };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function readCachedReceptor(
  recordPath: string,
  pdbqtPath: string,
  key: string,
): Promise<Omit<DockingReceptor, "pdbqtPath" | "cleanPdbPath" | "cached"> | undefined> {
  const raw = await readIfExists(recordPath);
  if (!raw) return undefined;
  let parsed: z.infer<typeof receptorRecord>;
  try {
    parsed = receptorRecord.parse(JSON.parse(raw.toString("utf8")));
  } catch {
    return undefined; // a damaged record is rebuilt
  }
  const pdbqt = await readIfExists(pdbqtPath);
  if (parsed.key !== key || !pdbqt || sha256(pdbqt) !== parsed.pdbqtSha256) return undefined;
  return { ...parsed.receptor, sha256: parsed.pdbqtSha256 };
}

/** Open Babel's stderr without its banner lines and "N molecule(s) converted". */
export function obabelWarnings(stderr: string): string[] {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/^=+$/.test(l) && !/^\d+ molecules? converted$/.test(l));
  return [...new Set(lines)];
}
