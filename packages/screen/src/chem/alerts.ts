/**
 * Structural alerts: the PAINS substructures (Baell & Holloway 2010), which flag compounds that tend to show
 * activity in many assays through interference (redox cycling, aggregation, covalent reactivity, colour)
 * rather than binding. A repurposing hit carrying one deserves suspicion, not automatic removal.
 *
 * All 480 RDKit PAINS definitions are used (families A: 16, B: 55, C: 409); see painsDefinitions.ts for
 * their origin and licence. The oracle test compares the alerts firing on real molecules with RDKit's
 * FilterCatalog(PAINS) in python3-rdkit.
 */
import { PAINS_DEFINITIONS } from "./painsDefinitions.ts";
import { loadRDKit, type Mol, parseMolecule, parseSmarts, type RDKitModule } from "./rdkit.ts";

export type PainsFamily = "A" | "B" | "C";

/** One alert definition. */
export interface StructuralAlert {
  /** RDKit's regId, e.g. "ene_rhod_A(235)" (the FilterCatalog entry's description) */
  id: string;
  /** the substructure class, e.g. "ene_rhod_A" */
  name: string;
  family: PainsFamily;
  smarts: string;
}

/** An alert found in a molecule. */
export interface AlertMatch {
  alert: StructuralAlert;
  /** heavy atoms of the molecule in the first match (indices of the molecule as parsed from its SMILES) */
  atoms: number[];
}

function familyOf(hits: number): PainsFamily {
  // Baell & Holloway's families by number of hits in their collection: A ≥ 150, B 15–149, C < 15
  return hits >= 150 ? "A" : hits >= 15 ? "B" : "C";
}

/** The 480 PAINS alerts with their families. */
export const PAINS_ALERTS: readonly StructuralAlert[] = PAINS_DEFINITIONS.map(([smarts, id]) => {
  const m = /^(.*)\((\d+)\)$/.exec(id);
  if (!m?.[1] || !m[2]) throw new Error(`malformed PAINS regId "${id}"`);
  return { id, name: m[1], family: familyOf(Number(m[2])), smarts };
});

interface CompiledAlerts {
  queries: Mol[];
  /** pattern fingerprints of the queries, for a subset pre-screen */
  patterns: Uint8Array[];
}
const compiled = new WeakMap<RDKitModule, CompiledAlerts>();

function compile(rdkit: RDKitModule): CompiledAlerts {
  let c = compiled.get(rdkit);
  if (!c) {
    // 480 query mols parsed once per process and kept for its lifetime (a fixed cost, not a growing leak)
    const queries = PAINS_ALERTS.map((a) => parseSmarts(rdkit, a.smarts));
    const patterns = queries.map((q) => q.get_pattern_fp_as_uint8array() as Uint8Array);
    c = { queries, patterns };
    compiled.set(rdkit, c);
  }
  return c;
}

function isSubset(query: Uint8Array, mol: Uint8Array): boolean {
  for (let i = 0; i < query.length; i++) {
    const q = query[i] as number;
    if ((q & (mol[i] as number)) !== q) return false;
  }
  return true;
}

/**
 * PAINS alerts of a parsed molecule (the molecule is not changed). The definitions name hydrogens
 * explicitly, so they are matched on a copy with explicit hydrogens; a pattern-fingerprint subset test skips
 * the alerts that cannot match.
 */
export function alertsForMol(rdkit: RDKitModule, mol: Mol): AlertMatch[] {
  const { queries, patterns } = compile(rdkit);
  const heavy = mol.get_num_atoms();
  const withH = rdkit.get_mol_copy(mol);
  if (!withH) throw new Error("RDKit could not copy the molecule");
  try {
    withH.add_hs_in_place();
    const fp = withH.get_pattern_fp_as_uint8array() as Uint8Array;
    const found: AlertMatch[] = [];
    for (const [i, query] of queries.entries()) {
      if (!isSubset(patterns[i] as Uint8Array, fp)) continue;
      const match = JSON.parse(withH.get_substruct_match(query)) as { atoms?: number[] };
      if (!match.atoms) continue;
      found.push({
        alert: PAINS_ALERTS[i] as StructuralAlert,
        // hydrogens are appended after the heavy atoms, so heavy-atom indices are those of the input
        atoms: match.atoms.filter((a) => a < heavy).sort((a, b) => a - b),
      });
    }
    return found;
  } finally {
    withH.delete();
  }
}

/** PAINS alerts of a molecule given as SMILES or a molblock. */
export async function structuralAlerts(structure: string): Promise<AlertMatch[]> {
  const rdkit = await loadRDKit();
  const mol = parseMolecule(rdkit, structure);
  try {
    return alertsForMol(rdkit, mol);
  } finally {
    mol.delete();
  }
}
