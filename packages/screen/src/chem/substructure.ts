/**
 * Substructure search of a library with a SMARTS pattern (e.g. a warhead or a scaffold of known Mpro
 * inhibitors). RDKit's pattern fingerprint screens first: a molecule can only contain the pattern if every
 * bit of the pattern's fingerprint is set in the molecule's, so most molecules are rejected by a few word
 * operations and only the rest go through atom-by-atom matching.
 */
import type { LibraryMolecule, MoleculeLibrary } from "./library.ts";
import { loadRDKit, type Mol, parseMolecule, parseSmarts, type RDKitModule } from "./rdkit.ts";

export interface SubstructureOptions {
  /** stop after this many hits (default: all) */
  maxHits?: number;
  /** screen with pattern fingerprints first (default true); false matches every molecule */
  prefilter?: boolean;
}

export interface SubstructureHit {
  index: number;
  molecule: LibraryMolecule;
  /** atoms of the molecule (as parsed from its canonical SMILES) matched by the pattern's atoms, in order */
  atoms: number[];
}

export interface SubstructureResult {
  pattern: string;
  hits: SubstructureHit[];
  /** molecules left after the fingerprint screen (all molecules when it is off) */
  candidates: number;
  /** molecules looked at (fewer than the library when maxHits stopped the search) */
  screened: number;
}

/** RDKit's default pattern fingerprint length, used for the screen. */
const PATTERN_BYTES = 2048 / 8;

const patternCache = new WeakMap<MoleculeLibrary, Uint8Array>();

/**
 * Pattern fingerprints of every library molecule, computed on first use and kept with the library object
 * (about 1 ms per molecule; not stored in the library file, since only substructure search needs them).
 */
function libraryPatterns(rdkit: RDKitModule, library: MoleculeLibrary): Uint8Array {
  let all = patternCache.get(library);
  if (!all) {
    all = new Uint8Array(library.molecules.length * PATTERN_BYTES);
    for (const [i, m] of library.molecules.entries()) {
      const mol = parseMolecule(rdkit, m.smiles);
      try {
        const fp = mol.get_pattern_fp_as_uint8array() as Uint8Array;
        if (fp.length !== PATTERN_BYTES)
          throw new Error(`unexpected pattern fingerprint of ${fp.length} bytes`);
        all.set(fp, i * PATTERN_BYTES);
      } finally {
        mol.delete();
      }
    }
    patternCache.set(library, all);
  }
  return all;
}

function parseMatch(text: string): number[] | undefined {
  const match = JSON.parse(text) as { atoms?: number[] };
  return match.atoms;
}

/** First match of a query in a parsed molecule, or undefined. */
export function matchSubstructure(mol: Mol, query: Mol): number[] | undefined {
  return parseMatch(mol.get_substruct_match(query));
}

/**
 * Finds library molecules containing a SMARTS pattern. A pattern RDKit cannot parse throws an error naming
 * it.
 */
export async function substructureSearch(
  library: MoleculeLibrary,
  smarts: string,
  options: SubstructureOptions = {},
): Promise<SubstructureResult> {
  const rdkit = await loadRDKit();
  const maxHits = options.maxHits ?? Number.POSITIVE_INFINITY;
  const query = parseSmarts(rdkit, smarts);
  try {
    const usePrefilter = options.prefilter ?? true;
    const patterns = usePrefilter ? libraryPatterns(rdkit, library) : undefined;
    const queryFp = usePrefilter ? (query.get_pattern_fp_as_uint8array() as Uint8Array) : undefined;
    const hits: SubstructureHit[] = [];
    let candidates = 0;
    let screened = 0;
    for (const [index, molecule] of library.molecules.entries()) {
      if (hits.length >= maxHits) break;
      screened++;
      if (patterns && queryFp) {
        const base = index * PATTERN_BYTES;
        let possible = true;
        for (let b = 0; b < PATTERN_BYTES; b++) {
          const q = queryFp[b] as number;
          if ((q & (patterns[base + b] as number)) !== q) {
            possible = false;
            break;
          }
        }
        if (!possible) continue;
      }
      candidates++;
      const mol = parseMolecule(rdkit, molecule.smiles);
      try {
        const atoms = matchSubstructure(mol, query);
        if (atoms) hits.push({ index, molecule, atoms });
      } finally {
        mol.delete();
      }
    }
    return { pattern: smarts, hits, candidates, screened };
  } finally {
    query.delete();
  }
}
