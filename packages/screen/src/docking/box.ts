/**
 * The docking box: the cuboid Vina searches. Either drawn around a co-crystallised ligand (its atoms'
 * bounding box plus padding) or given as centre and size.
 */
import { readFile } from "node:fs/promises";
import { type PdbAtom, parsePdbAtoms, residueLabel, WATER_NAMES } from "./pdb.ts";

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** A Vina search space in Å, with where it came from and what looks wrong with it. */
export interface DockingBox {
  center: Vec3;
  size: Vec3;
  /** how the box was made, e.g. "ligand C:* of 6lu7.pdb + 8 Å" */
  origin: string;
  /** for boxes from a ligand: the residues whose atoms were used, and how many atoms */
  ligandResidues?: string[];
  ligandAtoms?: number;
  /** e.g. a search volume above Vina's 27,000 Å³ advice */
  warnings: string[];
}

/** Vina prints "Search space volume is greater than 27000 Angstrom^3" above this: sampling gets too thin. */
export const VINA_VOLUME_ADVICE = 27_000;

/** Padding added on each side of the ligand's bounding box (Å). */
export const DEFAULT_BOX_PADDING = 8;

/**
 * No edge shorter than this (Å): a small co-crystallised fragment must still leave room for drug-sized
 * library molecules (~15-20 Å long) to turn.
 */
export const DEFAULT_MIN_BOX_EDGE = 20;

/**
 * Checks a box given by centre and size (Å) and returns it with warnings. Throws for sizes that are not
 * positive finite numbers; a volume above 27,000 Å³ is a warning, as it is in Vina.
 */
export function boxFromCoordinates(center: Vec3, size: Vec3, origin = "given centre and size"): DockingBox {
  for (const axis of ["x", "y", "z"] as const) {
    if (!Number.isFinite(center[axis]))
      throw new Error(`docking box: centre ${axis} is not a number (${center[axis]})`);
    if (!Number.isFinite(size[axis]) || size[axis] <= 0)
      throw new Error(`docking box: size ${axis} must be a positive number of Å (got ${size[axis]})`);
  }
  const warnings: string[] = [];
  const volume = size.x * size.y * size.z;
  if (volume > VINA_VOLUME_ADVICE)
    warnings.push(
      `search volume ${Math.round(volume)} Å³ is above Vina's advised ${VINA_VOLUME_ADVICE} Å³ (30×30×30): ` +
        "raise exhaustiveness or shrink the box",
    );
  return { center: { ...center }, size: { ...size }, origin, warnings };
}

/**
 * A ligand selector: "02J" (residue name in any chain), "C:PJE" (in chain C) or "C:*" (all of chain C).
 * In 6LU7 the inhibitor N3 is chain C: HETATM pieces 02J (methylisoxazole cap), PJE (the Michael acceptor
 * bonded to Cys145 with its pyrrolidinone) and 010 (benzyl ester) around ATOM residues ALA-VAL-LEU. "C:*"
 * takes all 49 atoms; ["02J", "PJE", "010"] takes only the 29 HETATM atoms (a box 0.7 Å narrower in x).
 */
function matcher(selector: string): (atom: PdbAtom) => boolean {
  const trimmed = selector.trim();
  if (trimmed === "")
    throw new Error("ligand selector is empty: give a residue name like PJE, or C:PJE, or C:*");
  const colon = trimmed.indexOf(":");
  const chain = colon >= 0 ? trimmed.slice(0, colon) : undefined;
  const name = (colon >= 0 ? trimmed.slice(colon + 1) : trimmed).toUpperCase();
  if (name === "")
    throw new Error(`ligand selector "${selector}" has no residue name after the chain (use C:*)`);
  return (a) =>
    (chain === undefined || a.chain === chain) && (name === "*" || a.residueName.toUpperCase() === name);
}

/**
 * A box around a co-crystallised ligand: the bounding box of the selected atoms, centred on its middle, with
 * `padding` Å added on every side and no edge below `minEdge` Å. Waters are never part of a ligand.
 * Throws when the file cannot be read or no atom matches (listing the hetero groups the file has).
 *
 * @param residueNames selectors: "PJE", "C:PJE" or "C:*" (see above for 6LU7's N3)
 * @param padding Å on each side (default 8)
 */
export async function boxFromLigand(
  pdbPath: string,
  residueNames: readonly string[],
  padding = DEFAULT_BOX_PADDING,
  options: { minEdge?: number } = {},
): Promise<DockingBox> {
  if (residueNames.length === 0) throw new Error("boxFromLigand: no ligand residue names given");
  if (!Number.isFinite(padding) || padding < 0)
    throw new Error(`boxFromLigand: padding must be ≥ 0 Å (got ${padding})`);
  const minEdge = options.minEdge ?? DEFAULT_MIN_BOX_EDGE;
  let text: string;
  try {
    text = await readFile(pdbPath, "utf8");
  } catch (error) {
    throw new Error(
      `${pdbPath}: cannot read the PDB file (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  const atoms = parsePdbAtoms(text, pdbPath);
  const tests = residueNames.map(matcher);
  const chosen = atoms.filter((a) => !WATER_NAMES.has(a.residueName) && tests.some((t) => t(a)));
  if (chosen.length === 0) {
    const hetero = [
      ...new Set(
        atoms.filter((a) => a.record === "HETATM" && !WATER_NAMES.has(a.residueName)).map(residueLabel),
      ),
    ];
    throw new Error(
      `${pdbPath}: no atom matches ligand ${residueNames.join(", ")}; hetero groups in the file: ` +
        (hetero.length > 0 ? hetero.join(", ") : "none"),
    );
  }
  const lo = { x: Infinity, y: Infinity, z: Infinity };
  const hi = { x: -Infinity, y: -Infinity, z: -Infinity };
  for (const a of chosen)
    for (const axis of ["x", "y", "z"] as const) {
      lo[axis] = Math.min(lo[axis], a[axis]);
      hi[axis] = Math.max(hi[axis], a[axis]);
    }
  const center = { x: 0, y: 0, z: 0 };
  const size = { x: 0, y: 0, z: 0 };
  for (const axis of ["x", "y", "z"] as const) {
    center[axis] = round3((lo[axis] + hi[axis]) / 2);
    size[axis] = round3(Math.max(hi[axis] - lo[axis] + 2 * padding, minEdge));
  }
  const box = boxFromCoordinates(
    center,
    size,
    `ligand ${residueNames.join(",")} of ${pdbPath} + ${padding} Å`,
  );
  const residues = [...new Set(chosen.map(residueLabel))];
  return { ...box, ligandResidues: residues, ligandAtoms: chosen.length };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
