/**
 * The few PDB columns docking needs: atom records of the first model, read by fixed column (the PDB format
 * is columnar; names and numbers may touch without a space).
 */

/** One ATOM/HETATM record. */
export interface PdbAtom {
  /** 1-based line of the file */
  line: number;
  record: "ATOM" | "HETATM";
  name: string;
  altLoc: string;
  residueName: string;
  chain: string;
  residueNumber: string;
  x: number;
  y: number;
  z: number;
  element: string;
  /** the record as written, for copying into a cleaned file */
  text: string;
}

/** Waters under the names PDB and MD tools use. */
export const WATER_NAMES = new Set(["HOH", "WAT", "H2O", "DOD", "TIP", "TIP3", "SOL"]);

/**
 * Reads the atom records of the first MODEL. A record whose coordinates do not parse is an Error naming
 * the file and line (a malformed file must not silently lose atoms).
 */
export function parsePdbAtoms(text: string, file: string): PdbAtom[] {
  const atoms: PdbAtom[] = [];
  const lines = text.split(/\r?\n/);
  let models = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const record = raw.slice(0, 6).trim();
    if (record === "MODEL") {
      models++;
      if (models > 1) break;
      continue;
    }
    if (record === "ENDMDL") break;
    if (record !== "ATOM" && record !== "HETATM") continue;
    const x = Number(raw.slice(30, 38));
    const y = Number(raw.slice(38, 46));
    const z = Number(raw.slice(46, 54));
    if (raw.length < 54 || ![x, y, z].every((v) => Number.isFinite(v)) || raw.slice(30, 54).trim() === "")
      throw new Error(`${file}:${i + 1}: ${record} record without readable x, y, z in columns 31-54`);
    const name = raw.slice(12, 16).trim();
    atoms.push({
      line: i + 1,
      record,
      name,
      altLoc: raw.slice(16, 17).trim(),
      residueName: raw.slice(17, 20).trim(),
      chain: raw.slice(21, 22).trim(),
      residueNumber: raw.slice(22, 27).trim(),
      x,
      y,
      z,
      element: raw.slice(76, 78).trim() || name.replace(/[^A-Za-z]/g, "").slice(0, 1),
      text: raw,
    });
  }
  return atoms;
}

/** "C:PJE5": chain, residue name and number, how residues are named in messages. */
export function residueLabel(atom: Pick<PdbAtom, "chain" | "residueName" | "residueNumber">): string {
  return `${atom.chain || "_"}:${atom.residueName}${atom.residueNumber}`;
}

/**
 * Keeps one conformer of atoms with alternate locations: the blank one or the first letter seen in that
 * residue (crystallographers list the most occupied first; Vina cannot use two).
 */
export function firstAltLocs(atoms: readonly PdbAtom[]): PdbAtom[] {
  const chosen = new Map<string, string>();
  return atoms.filter((a) => {
    if (a.altLoc === "") return true;
    const key = residueLabel(a);
    const first = chosen.get(key);
    if (first === undefined) {
      chosen.set(key, a.altLoc);
      return true;
    }
    return first === a.altLoc;
  });
}
