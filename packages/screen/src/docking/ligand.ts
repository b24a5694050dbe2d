/**
 * Ligand preparation: SMILES → charged form at pH 7.4 (Open Babel) → 3D → PDBQT with a torsion tree
 * (Open Babel). The 3D step is RDKit's ETKDG with a fixed seed by default; Open Babel's --gen3d is the
 * alternative. Why not --gen3d by default: in Open Babel 3.1.1 it draws random vectors seeded by the clock
 * (the same SMILES gives a different start geometry each run, so a fixed Vina seed does not repeat a score);
 * for molecules whose stereocentres its builder cannot place (steroids, ~12% of a DrugCentral sample) it falls
 * back to distance geometry that runs for minutes to hours (openbabel#2280, #2530: hydrocortisone 115-220 s);
 * its fast modes write all-zero coordinates; and it can leave large rings with stretched bonds.
 */
import path from "node:path";
import { z } from "zod";
import { loadRDKit, MoleculeParseError, parseMolecule } from "../chem/rdkit.ts";
import { readIfExists, sha256, sha256Json, writeAtomically } from "./files.ts";
import { obabelWarnings } from "./receptor.ts";
import { commandLine, type DockingTools, lastLines, runTool, toolCommand } from "./tools.ts";

/** Which program turns the charged SMILES into 3D coordinates. */
export type LigandEmbedder = "rdkit" | "obabel";

/** Bump when a recipe changes: cached ligands made the old way then no longer match. */
export const LIGAND_RECIPES: Record<LigandEmbedder, string> = {
  rdkit:
    "ligand/2: largest fragment; obabel -p 7.4 -ocan; RDKit ETKDGv3 seed 42 + MMFF94 (UFF), stereo check; bond check; obabel -opdbqt",
  obabel:
    "ligand/2: largest fragment; obabel -p 7.4 -ocan; obabel --gen3d (med) -osdf; bond check; obabel -opdbqt",
};
const PH = "7.4";
/** ETKDG's random seed: fixed, so that the same SMILES always gives the same starting geometry. */
const EMBED_SEED = "42";

/**
 * Embeds a SMILES (argv[1]) in 3D with RDKit and prints the molfile: ETKDGv3, again from random coordinates
 * if that fails (large rings), then MMFF94 (UFF where MMFF94 has no parameters). It refuses a structure whose
 * R/S or E/Z read back from 3D differs from what the SMILES specifies.
 */
const EMBED_SCRIPT = `
import sys
from rdkit import Chem
from rdkit.Chem import AllChem
smiles, seed = sys.argv[1], int(sys.argv[2])
ref = Chem.MolFromSmiles(smiles)
if ref is None:
    sys.exit("RDKit could not read the charged SMILES " + smiles)
mol = Chem.AddHs(ref)
params = AllChem.ETKDGv3()
params.randomSeed = seed
if AllChem.EmbedMolecule(mol, params) != 0:
    params.useRandomCoords = True
    if AllChem.EmbedMolecule(mol, params) != 0:
        sys.exit("RDKit ETKDG found no 3D embedding (also from random coordinates)")
if AllChem.MMFFHasAllMoleculeParams(mol):
    AllChem.MMFFOptimizeMolecule(mol, maxIters=2000)
    field = "MMFF94"
elif AllChem.UFFHasAllMoleculeParams(mol):
    AllChem.UFFOptimizeMolecule(mol, maxIters=2000)
    field = "UFF"
else:
    field = "none"
# the stereo the SMILES specifies (R/S, E/Z) must be the stereo of the 3D structure; unspecified stereo is free
check = Chem.Mol(mol)
Chem.AssignStereochemistryFrom3D(check)
Chem.AssignStereochemistry(ref, cleanIt=True, force=True)
for atom in ref.GetAtoms():
    if atom.HasProp("_CIPCode"):
        other = check.GetAtomWithIdx(atom.GetIdx())
        got = other.GetProp("_CIPCode") if other.HasProp("_CIPCode") else "none"
        if got != atom.GetProp("_CIPCode"):
            sys.exit("3D structure has %s at atom %d where the SMILES says %s" % (got, atom.GetIdx() + 1, atom.GetProp("_CIPCode")))
for bond in ref.GetBonds():
    if bond.GetStereo() in (Chem.BondStereo.STEREOE, Chem.BondStereo.STEREOZ):
        other = check.GetBondBetweenAtoms(bond.GetBeginAtomIdx(), bond.GetEndAtomIdx())
        if other.GetStereo() != bond.GetStereo():
            sys.exit("3D structure has %s at bond %d where the SMILES says %s" % (other.GetStereo(), bond.GetIdx() + 1, bond.GetStereo()))
sys.stderr.write("force field: " + field + "\\n")
sys.stdout.write(Chem.MolToMolBlock(mol))
`;

/** A SMILES read and canonicalised by RDKit; salts and solvents reduced to the largest fragment. */
export interface CanonicalLigand {
  canonicalSmiles: string;
  /** fragments that were dropped (counter-ions, solvent), canonical SMILES */
  droppedFragments: string[];
}

/**
 * RDKit's canonical SMILES of the largest fragment (most heavy atoms; ties go to the longer, then the
 * lexically smaller SMILES so that the choice never depends on input order). Throws MoleculeParseError
 * with RDKit's reason for a SMILES that does not parse.
 */
export async function canonicalLigand(smiles: string): Promise<CanonicalLigand> {
  const rdkit = await loadRDKit();
  const whole = parseMolecule(rdkit, smiles);
  let canonical: string;
  try {
    canonical = whole.get_smiles();
  } finally {
    whole.delete();
  }
  const parts = canonical.split(".");
  if (parts.length === 1) return { canonicalSmiles: canonical, droppedFragments: [] };
  const sized = parts.map((part) => {
    const mol = parseMolecule(rdkit, part);
    try {
      return { smiles: mol.get_smiles(), heavy: mol.get_num_atoms() };
    } finally {
      mol.delete();
    }
  });
  sized.sort(
    (a, b) => b.heavy - a.heavy || b.smiles.length - a.smiles.length || (a.smiles < b.smiles ? -1 : 1),
  );
  const [largest, ...rest] = sized;
  if (!largest) throw new MoleculeParseError(smiles, "no fragment with atoms");
  return { canonicalSmiles: largest.smiles, droppedFragments: rest.map((f) => f.smiles) };
}

/** A prepared ligand, or why it could not be prepared. */
export type LigandPreparation =
  | {
      ok: true;
      pdbqtPath: string;
      /** the charged form docked (Open Babel's canonical SMILES after -p 7.4) */
      protonatedSmiles: string;
      commands: string[];
      warnings: string[];
      cached: boolean;
      /** child processes started (Open Babel and Python) */
      runs: number;
    }
  | {
      ok: false;
      reason: string;
      /** a timeout or a program that could not start: worth trying again, never cached */
      transient: boolean;
      runs: number;
    };

const ligandRecord = z.discriminatedUnion("status", [
  z.object({
    format: z.literal("kakehashi-ligand/1"),
    key: z.string(),
    status: z.literal("prepared"),
    canonicalSmiles: z.string(),
    protonatedSmiles: z.string(),
    pdbqtSha256: z.string(),
    commands: z.array(z.string()),
    warnings: z.array(z.string()),
  }),
  z.object({
    format: z.literal("kakehashi-ligand/1"),
    key: z.string(),
    status: z.literal("failed"),
    canonicalSmiles: z.string(),
    reason: z.string(),
  }),
]);
type LigandRecord = z.infer<typeof ligandRecord>;

export interface LigandContext {
  cacheDir: string;
  embedder: LigandEmbedder;
  /** Open Babel's and (for the RDKit embedder) RDKit's versions: part of the cache key */
  versions: { obabel: string; rdkit?: string };
  tools?: DockingTools;
  /** folder for this ligand's intermediate files (the caller removes it) */
  workDir: string;
  /** epoch ms after which the preparation is abandoned */
  deadline: number;
}

/**
 * Prepares one ligand PDBQT from its canonical SMILES, or returns the reason it cannot be (the program's own
 * message, or the bond that 3D generation left broken). Cached in `cacheDir/ligands/` by canonical SMILES,
 * recipe and program versions; deterministic failures are cached too.
 */
export async function prepareLigand(
  canonicalSmiles: string,
  context: LigandContext,
): Promise<LigandPreparation> {
  const key = sha256Json({
    recipe: LIGAND_RECIPES[context.embedder],
    smiles: canonicalSmiles,
    versions: context.versions,
  });
  const dir = path.join(context.cacheDir, "ligands", key.slice(0, 2));
  const pdbqtPath = path.join(dir, `${key}.pdbqt`);
  const recordPath = path.join(dir, `${key}.json`);
  const cached = await readLigandRecord(recordPath, pdbqtPath, key);
  if (cached?.status === "prepared")
    return {
      ok: true,
      pdbqtPath,
      protonatedSmiles: cached.protonatedSmiles,
      commands: cached.commands,
      warnings: cached.warnings,
      cached: true,
      runs: 0,
    };
  if (cached?.status === "failed") return { ok: false, reason: cached.reason, transient: false, runs: 0 };

  let runs = 0;
  const warnings: string[] = [];
  const commands: string[] = [];
  const step = async (tool: "obabel" | "python", args: string[]) => {
    const remaining = context.deadline - Date.now();
    if (remaining <= 0) return undefined;
    runs++;
    commands.push(
      commandLine(
        tool === "obabel" ? "obabel" : "python3",
        tool === "obabel" ? args : ["-c", "<embed>", ...args.slice(2)],
      ),
    );
    const run = await runTool(toolCommand(tool, context.tools), args, {
      cwd: context.workDir,
      timeoutMs: remaining,
    });
    // Open Babel's warnings, and RDKit's (the force field line only when it was not MMFF94)
    const notes =
      tool === "obabel"
        ? obabelWarnings(run.stderr)
        : obabelWarnings(run.stderr).filter((l) => l !== "force field: MMFF94");
    for (const w of notes) if (!warnings.includes(w)) warnings.push(w);
    return run;
  };
  const transient = (reason: string): LigandPreparation => ({ ok: false, reason, transient: true, runs });
  const failed = async (reason: string): Promise<LigandPreparation> => {
    const record: LigandRecord = {
      format: "kakehashi-ligand/1",
      key,
      status: "failed",
      canonicalSmiles,
      reason,
    };
    await writeAtomically(recordPath, `${JSON.stringify(record, null, 2)}\n`);
    return { ok: false, reason, transient: false, runs };
  };
  const timedOut = "stopped while preparing the ligand";

  // 1. charge states at pH 7.4. Done apart from --gen3d because --gen3d adds neutral hydrogens first and
  // -p then changes nothing (and -h would override -p: "hydrogens will be added without considering pH").
  const charged = await step("obabel", [`-:${canonicalSmiles}`, "-p", PH, "-ocan"]);
  if (!charged || charged.timedOut) return transient(timedOut);
  if (charged.spawnError) return transient(`obabel could not start: ${charged.spawnError.message}`);
  const protonatedSmiles = charged.stdout.trim().split(/\s+/)[0] ?? "";
  if (charged.code !== 0 || protonatedSmiles === "")
    return failed(
      `Open Babel could not read the SMILES: ${lastLines(charged.stderr) || `exit ${charged.code}`}`,
    );

  // 2. 3D coordinates, as a molfile so that the bonds can be checked
  const sdfPath = path.join(context.workDir, "ligand.sdf");
  if (context.embedder === "rdkit") {
    const embedded = await step("python", ["-c", EMBED_SCRIPT, protonatedSmiles, EMBED_SEED]);
    if (!embedded || embedded.timedOut) return transient(timedOut);
    if (embedded.spawnError) return transient(`python3 could not start: ${embedded.spawnError.message}`);
    if (embedded.code !== 0 || !embedded.stdout.includes("M  END"))
      return failed(
        `RDKit could not embed the molecule in 3D: ${lastLines(embedded.stderr, 1) || `exit ${embedded.code}`}`,
      );
    await writeAtomically(sdfPath, embedded.stdout);
  } else {
    // builder + MMFF94 clean-up + rotor search
    const built = await step("obabel", [`-:${protonatedSmiles}`, "--gen3d", "-osdf", "-O", "ligand.sdf"]);
    if (!built || built.timedOut) return transient(timedOut);
    if (built.spawnError) return transient(`obabel could not start: ${built.spawnError.message}`);
    if (built.code !== 0)
      return failed(`Open Babel --gen3d failed: ${lastLines(built.stderr) || `exit ${built.code}`}`);
  }
  const sdf = await readIfExists(sdfPath);
  if (!sdf || sdf.length === 0) return failed("3D generation wrote no structure");
  const geometry = checkGeometry(sdf.toString("utf8"));
  const embedderName = context.embedder === "rdkit" ? "RDKit" : "Open Babel";
  if (geometry) return failed(`${embedderName} could not embed the molecule in 3D: ${geometry}`);

  // 3. PDBQT: AutoDock atom types, non-polar hydrogens merged, rotatable bonds as the torsion tree
  const written = await step("obabel", ["ligand.sdf", "-opdbqt", "-O", "ligand.pdbqt"]);
  if (!written || written.timedOut) return transient(timedOut);
  if (written.spawnError) return transient(`obabel could not start: ${written.spawnError.message}`);
  const pdbqt = await readIfExists(path.join(context.workDir, "ligand.pdbqt"));
  const problem = pdbqt ? checkLigandPdbqt(pdbqt.toString("utf8")) : "no file written";
  if (written.code !== 0 || !pdbqt || problem)
    return failed(`Open Babel could not write the ligand PDBQT: ${problem ?? lastLines(written.stderr)}`);

  await writeAtomically(pdbqtPath, pdbqt);
  const record: LigandRecord = {
    format: "kakehashi-ligand/1",
    key,
    status: "prepared",
    canonicalSmiles,
    protonatedSmiles,
    pdbqtSha256: sha256(pdbqt),
    commands,
    warnings,
  };
  await writeAtomically(recordPath, `${JSON.stringify(record, null, 2)}\n`);
  return { ok: true, pdbqtPath, protonatedSmiles, commands, warnings, cached: false, runs };
}

async function readLigandRecord(
  recordPath: string,
  pdbqtPath: string,
  key: string,
): Promise<LigandRecord | undefined> {
  const raw = await readIfExists(recordPath);
  if (!raw) return undefined;
  let record: LigandRecord;
  try {
    record = ligandRecord.parse(JSON.parse(raw.toString("utf8")));
  } catch {
    return undefined;
  }
  if (record.key !== key) return undefined;
  if (record.status === "prepared") {
    const pdbqt = await readIfExists(pdbqtPath);
    if (!pdbqt || sha256(pdbqt) !== record.pdbqtSha256) return undefined;
  }
  return record;
}

/** Covalent radii (Å; Cordero et al. 2008) of elements found in drugs; others count as 1.5 Å. */
const COVALENT_RADIUS: Record<string, number> = {
  H: 0.31,
  Li: 1.28,
  B: 0.84,
  C: 0.76,
  N: 0.71,
  O: 0.66,
  F: 0.57,
  Na: 1.66,
  Mg: 1.41,
  Al: 1.21,
  Si: 1.11,
  P: 1.07,
  S: 1.05,
  Cl: 1.02,
  K: 2.03,
  Ca: 1.76,
  Fe: 1.32,
  Co: 1.26,
  Cu: 1.32,
  Zn: 1.22,
  Ga: 1.22,
  Ge: 1.2,
  As: 1.19,
  Se: 1.2,
  Br: 1.2,
  Tc: 1.47,
  Ag: 1.45,
  Sn: 1.39,
  Sb: 1.39,
  Te: 1.38,
  I: 1.39,
  Gd: 1.96,
  Pt: 1.36,
  Au: 1.36,
  Hg: 1.32,
  Bi: 1.48,
};

/** Bond lengths outside these fractions of the sum of covalent radii mean the 3D builder failed. */
const BOND_RATIO_MIN = 0.7;
const BOND_RATIO_MAX = 1.3;

/**
 * Checks an Open Babel molfile (V2000) for a usable 3D geometry: every bond between 0.7 and 1.3 times the
 * sum of covalent radii, and not all atoms at the origin. Returns the problem, or undefined.
 * The builder's known failure is large rings (≳ 24 atoms): it leaves stretched bonds that Vina would dock
 * as if they were real.
 */
export function checkGeometry(molfile: string): string | undefined {
  const lines = molfile.split(/\r?\n/);
  const counts = lines[3] ?? "";
  if (counts.includes("V3000")) return "molfile V3000 (more than 999 atoms) is not supported";
  const atomCount = Number(counts.slice(0, 3));
  const bondCount = Number(counts.slice(3, 6));
  if (!Number.isInteger(atomCount) || atomCount <= 0 || !Number.isInteger(bondCount))
    return "the 3D file has no readable atom/bond counts";
  const atoms: { x: number; y: number; z: number; element: string }[] = [];
  for (let i = 0; i < atomCount; i++) {
    const l = lines[4 + i] ?? "";
    atoms.push({
      x: Number(l.slice(0, 10)),
      y: Number(l.slice(10, 20)),
      z: Number(l.slice(20, 30)),
      element: l.slice(31, 34).trim(),
    });
  }
  if (atoms.some((a) => ![a.x, a.y, a.z].every(Number.isFinite)))
    return "the 3D file has unreadable coordinates";
  if (atomCount > 1 && atoms.every((a) => a.x === 0 && a.y === 0 && a.z === 0))
    return "no coordinates were generated (all atoms at the origin)";
  const bad: string[] = [];
  for (let i = 0; i < bondCount; i++) {
    const l = lines[4 + atomCount + i] ?? "";
    const a = atoms[Number(l.slice(0, 3)) - 1];
    const b = atoms[Number(l.slice(3, 6)) - 1];
    if (!a || !b) return `bond ${i + 1} of the 3D file names an atom that does not exist`;
    const length = Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);
    const expected = (COVALENT_RADIUS[a.element] ?? 1.5) + (COVALENT_RADIUS[b.element] ?? 1.5);
    const ratio = length / expected;
    if (ratio < BOND_RATIO_MIN || ratio > BOND_RATIO_MAX)
      bad.push(
        `${a.element}${Number(l.slice(0, 3))}-${b.element}${Number(l.slice(3, 6))} ${length.toFixed(2)} Å`,
      );
  }
  if (bad.length > 0)
    return (
      `${bad.length} of ${bondCount} bonds have impossible lengths (expected ${BOND_RATIO_MIN}-${BOND_RATIO_MAX}× ` +
      `the covalent radii), e.g. ${bad.slice(0, 3).join(", ")}`
    );
  return undefined;
}

/** A ligand PDBQT Vina can read: one torsion tree (one ROOT) with atoms, ending in TORSDOF. */
export function checkLigandPdbqt(text: string): string | undefined {
  const lines = text.split("\n");
  const atoms = lines.filter((l) => l.startsWith("ATOM") || l.startsWith("HETATM")).length;
  const roots = lines.filter((l) => l.startsWith("ROOT")).length;
  if (atoms === 0) return "no atoms in the PDBQT";
  if (roots !== 1) return `${roots} torsion-tree roots (Vina needs one connected molecule)`;
  if (!lines.some((l) => l.startsWith("TORSDOF"))) return "no TORSDOF line";
  return undefined;
}
