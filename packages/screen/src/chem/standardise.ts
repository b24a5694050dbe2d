/**
 * Standardisation to a parent structure before fingerprinting, so that a drug and its salts, hydrates or
 * protonation states are one molecule in the library: keep the largest organic fragment, neutralise charges
 * that can be neutralised, write canonical SMILES.
 *
 * RDKit.js 2026.09 (MinimalLib) exposes get_frags but neither the LargestFragmentChooser nor the Uncharger of
 * rdMolStandardize, so both are re-implemented here on top of what it does expose (get_frags, SMARTS matching,
 * RDKit's JSON molecule format to read atoms, SMILES to write the edited molecule back). They follow RDKit's
 * rdMolStandardize.LargestFragmentChooser(preferOrganic=True) and Uncharger() (RDKit 2022.09 behaviour, the
 * Debian python3-rdkit the oracle tests compare with): same SMARTS, same order of neutralisation.
 */
import {
  loadRDKit,
  type Mol,
  MoleculeParseError,
  parseMolecule,
  parseSmarts,
  type RDKitModule,
} from "./rdkit.ts";

/** What standardisation did to one input structure. */
export interface StandardisedStructure {
  /** canonical SMILES of the parent structure */
  smiles: string;
  /** fragments dropped (counter-ions, solvents, the smaller parts of a mixture) */
  fragmentsRemoved: number;
  /** atoms whose formal charge was changed (protons added or removed) */
  chargesNeutralised: number;
}

/** A standardised structure together with its JSMol, which the caller owns and must delete. */
export interface StandardisedMol extends StandardisedStructure {
  mol: Mol;
}

// --- RDKit JSON (commonchem-like) molecule: the atom and bond fields read here ---------------------------

interface JsonAtom {
  z?: number;
  impHs?: number;
  chg?: number;
}
interface JsonBond {
  atoms: [number, number];
  bo?: number;
}
interface JsonMolecule {
  atoms: JsonAtom[];
  bonds?: JsonBond[];
}
interface JsonDocument {
  defaults: { atom: Required<Pick<JsonAtom, "z" | "impHs" | "chg">> };
  molecules: JsonMolecule[];
}

function readJson(mol: Mol): { doc: JsonDocument; molecule: JsonMolecule } {
  const doc = JSON.parse(mol.get_json()) as JsonDocument;
  const molecule = doc.molecules[0];
  if (!molecule) throw new Error("RDKit returned a JSON document without a molecule");
  return { doc, molecule };
}

// --- largest organic fragment ------------------------------------------------------------------------------

interface FragmentSummary {
  index: number;
  /** heavy atoms plus their hydrogens, RDKit's measure of fragment size */
  atoms: number;
  organic: boolean;
}

/**
 * Picks the fragment RDKit's LargestFragmentChooser(preferOrganic=True) would: organic (has carbon) first,
 * then most atoms counting hydrogens, then the higher exact mass, then the alphabetically first SMILES.
 * Returns the chosen fragment as a new JSMol and how many fragments were dropped.
 */
function largestOrganicFragment(mol: Mol): { fragment: Mol; removed: number } {
  const { doc, molecule } = readJson(mol);
  const defaults = doc.defaults.atom;
  const frags = mol.get_frags() as {
    molList: { size(): number; at(i: number): Mol | null; delete(): void };
    mappings: string;
  };
  const molList = frags.molList;
  try {
    const mapping = JSON.parse(frags.mappings) as { fragsMolAtomMapping: number[][] };
    const summaries: FragmentSummary[] = mapping.fragsMolAtomMapping.map((atomIdx, index) => {
      let atoms = 0;
      let organic = false;
      for (const i of atomIdx) {
        const atom = molecule.atoms[i] ?? {};
        atoms += 1 + (atom.impHs ?? defaults.impHs);
        if ((atom.z ?? defaults.z) === 6) organic = true;
      }
      return { index, atoms, organic };
    });
    const anyOrganic = summaries.some((s) => s.organic);
    const eligible = summaries.filter((s) => s.organic || !anyOrganic);
    const most = Math.max(...eligible.map((s) => s.atoms));
    const tied = eligible.filter((s) => s.atoms === most);
    let chosen: Mol | undefined;
    if (tied.length === 1) {
      const only = tied[0] as FragmentSummary;
      chosen = molList.at(only.index) ?? undefined;
    } else {
      // Ties are rare (e.g. two counter-ions of one size); only then are mass and SMILES worth computing.
      let best: { mol: Mol; mass: number; smiles: string } | undefined;
      for (const s of tied) {
        const frag = molList.at(s.index);
        if (!frag) continue;
        const mass = (JSON.parse(frag.get_descriptors()) as { exactmw: number }).exactmw;
        const smiles = frag.get_smiles();
        if (!best || mass > best.mass || (mass === best.mass && smiles < best.smiles)) {
          best?.mol.delete();
          best = { mol: frag, mass, smiles };
        } else {
          frag.delete();
        }
      }
      chosen = best?.mol;
    }
    if (!chosen) throw new Error("RDKit returned no fragment");
    return { fragment: chosen, removed: summaries.length - 1 };
  } finally {
    molList.delete();
  }
}

// --- neutralisation (RDKit's Uncharger) --------------------------------------------------------------------

const UNCHARGER_SMARTS = {
  /** cations that carry hydrogens (can lose a proton), unless balanced by a single neighbouring anion */
  positiveWithH: "[+,+2,+3,+4;!h0;!$(*~[-]),$(*(~[-])~[-])]",
  /** cations without hydrogens (quaternary ammonium, …) whose charge cannot be removed */
  positiveWithoutH: "[+,+2,+3,+4;h0;!$(*~[-])]",
  /** anions not part of a charge-separated group such as nitro */
  negative: "[-!$(*~[+,+2,+3,+4])]",
  /** anions of acids (carboxylate, sulfonate, phosphate, nitrate, tetrazolide…) */
  negativeAcid:
    "[$([O,S;-][C,S;+0]=[O,S]),$([O,S;-][N,P;+](=[O,S])[O,S;-]),$([O-][Cl,Br,I;+,+2,+3][O-]),$([n-]1nnnc1),$([n-]1ncnn1)]",
} as const;

type UnchargerQueries = Record<keyof typeof UNCHARGER_SMARTS, Mol>;
const unchargerQueries = new WeakMap<RDKitModule, UnchargerQueries>();

function queriesFor(rdkit: RDKitModule): UnchargerQueries {
  let q = unchargerQueries.get(rdkit);
  if (!q) {
    // Parsed once per process and kept: four small query mols, not a leak that grows.
    q = {
      positiveWithH: parseSmarts(rdkit, UNCHARGER_SMARTS.positiveWithH),
      positiveWithoutH: parseSmarts(rdkit, UNCHARGER_SMARTS.positiveWithoutH),
      negative: parseSmarts(rdkit, UNCHARGER_SMARTS.negative),
      negativeAcid: parseSmarts(rdkit, UNCHARGER_SMARTS.negativeAcid),
    };
    unchargerQueries.set(rdkit, q);
  }
  return q;
}

/** First atom of every match of a query, in RDKit's match order. */
export function matchedAtoms(mol: Mol, query: Mol): number[] {
  const text = mol.get_substruct_matches(query);
  const parsed = JSON.parse(text) as Array<{ atoms: number[] }> | Record<string, never>;
  if (!Array.isArray(parsed)) return [];
  return parsed.map((m) => m.atoms[0]).filter((a): a is number => a !== undefined);
}

/**
 * Elements left of carbon, which RDKit neutralises by the opposite proton move (an anionic B loses an H
 * rather than gains one). RDKit's isEarlyAtom table for the elements found in drugs and their salts.
 */
const EARLY_ATOMS = new Set([
  3, 4, 5, 11, 12, 13, 19, 20, 21, 22, 30, 31, 32, 37, 38, 39, 40, 48, 49, 50, 51, 55, 56,
]);

/**
 * Neutralises the charges of a single-fragment molecule as RDKit's Uncharger does; returns a new JSMol (or
 * undefined when nothing changed) and the number of atoms whose charge changed.
 */
function uncharge(rdkit: RDKitModule, mol: Mol): { mol: Mol | undefined; changed: number } {
  const q = queriesFor(rdkit);
  const { doc, molecule } = readJson(mol);
  const defaults = doc.defaults.atom;
  const atoms = molecule.atoms;
  const charge = (i: number) => atoms[i]?.chg ?? defaults.chg;
  const hydrogens = (i: number) => atoms[i]?.impHs ?? defaults.impHs;
  const element = (i: number) => atoms[i]?.z ?? defaults.z;
  const neighbours: number[][] = atoms.map(() => []);
  for (const b of molecule.bonds ?? []) {
    neighbours[b.atoms[0]]?.push(b.atoms[1]);
    neighbours[b.atoms[1]]?.push(b.atoms[0]);
  }

  const positiveWithH = matchedAtoms(mol, q.positiveWithH);
  const positiveWithoutH = matchedAtoms(mol, q.positiveWithoutH);
  const negative = matchedAtoms(mol, q.negative);
  const negativeAcid = matchedAtoms(mol, q.negativeAcid);

  // positive charge that no proton move can remove and that anions must therefore balance
  let fixedPositive = 0;
  for (const i of positiveWithoutH) fixedPositive += charge(i);

  // RDKit orders the anions canonically when only some are to be neutralised, so that the result does not
  // depend on the input atom order. MinimalLib does not expose canonical ranks; the canonical SMILES output
  // order is canonical too, so it stands in for them (it may pick a different anion of a symmetric set).
  const needsOrder = fixedPositive > 0 && (negative.length > 0 || negativeAcid.length > 0);
  const rank = new Map<number, number>();
  if (needsOrder) {
    mol.get_smiles();
    const order = JSON.parse(mol.get_prop("_smilesAtomOutputOrder")) as number[];
    for (const [position, atom] of order.entries()) rank.set(atom, position);
  }
  const byRank = (list: number[]) =>
    needsOrder ? [...list].sort((a, b) => (rank.get(a) ?? a) - (rank.get(b) ?? b)) : list;

  const acids = new Set(negativeAcid);
  const anions = byRank(negative).filter((i) => !acids.has(i));
  // an acid anion next to a cation (the O− of a nitrate) is balanced within its group: at most one per cation
  const skip = new Set<number>();
  const balancedBy = new Map<number, number>();
  for (const i of byRank(negativeAcid)) {
    for (const n of neighbours[i] ?? []) {
      const c = charge(n);
      if (c > 0) {
        const used = balancedBy.get(n) ?? 0;
        if (used < c) {
          balancedBy.set(n, used + 1);
          skip.add(i);
        }
        break;
      }
    }
  }
  for (const i of byRank(negativeAcid)) if (!skip.has(i)) anions.push(i);

  const newCharge = new Map<number, number>();
  const newHydrogens = new Map<number, number>();
  const currentCharge = (i: number) => newCharge.get(i) ?? charge(i);
  const currentH = (i: number) => newHydrogens.get(i) ?? hydrogens(i);

  // As in RDKit, a non-zero surplus (even a negative one) neutralises anions until it reaches zero.
  let surplus = anions.length - fixedPositive;
  if (surplus !== 0) {
    for (const i of anions) {
      const early = EARLY_ATOMS.has(element(i));
      if (early && currentH(i) === 0) continue;
      newHydrogens.set(i, currentH(i) + (early ? -1 : 1));
      newCharge.set(i, currentCharge(i) + 1);
      surplus--;
      if (surplus === 0) break;
    }
  }

  let net = 0;
  for (let i = 0; i < atoms.length; i++) net += currentCharge(i);
  if (net > 0) {
    for (const i of positiveWithH) {
      const carbonOrEarly = element(i) === 6 || EARLY_ATOMS.has(element(i));
      while (currentCharge(i) > 0 && net > 0) {
        newCharge.set(i, currentCharge(i) - 1);
        net--;
        if (!carbonOrEarly) {
          const h = currentH(i);
          if (h >= 1) newHydrogens.set(i, h - 1);
          if (h === 1) break;
        } else {
          newHydrogens.set(i, currentH(i) + 1);
        }
      }
      if (net === 0) break;
    }
  }

  const changedAtoms = [...new Set([...newCharge.keys(), ...newHydrogens.keys()])];
  if (changedAtoms.length === 0) return { mol: undefined, changed: 0 };
  let changed = 0;
  const edits = new Map<number, AtomEdit>();
  for (const i of changedAtoms) {
    if (currentCharge(i) !== charge(i)) changed++;
    edits.set(i, { charge: currentCharge(i), hydrogens: currentH(i) });
  }
  // The edit is written into the SMILES rather than into RDKit's JSON or a molblock: MinimalLib's JSON reader
  // drops double-bond stereo and molblocks carry stereo through 2D coordinates; SMILES keeps both exactly.
  const smiles = mol.get_smiles();
  const order = JSON.parse(mol.get_prop("_smilesAtomOutputOrder")) as number[];
  const rewritten = rewriteAtoms(smiles, order, edits);
  const edited = rdkit.get_mol(rewritten);
  if (!edited)
    throw new MoleculeParseError(smiles, `neutralised structure ${rewritten} could not be read back`);
  return { mol: edited, changed };
}

interface AtomEdit {
  charge: number;
  hydrogens: number;
}

// one SMILES atom: a bracket atom, or an organic-subset atom (two-letter ones first)
const SMILES_ATOM = /\[[^\]]*\]|Cl|Br|[BCNOPSFIbcnops*]/g;
// inside brackets: isotope, element (aromatic lower case allowed), chirality, H count, charge, atom map
const BRACKET_ATOM =
  /^\[(\d*)([A-Z][a-z]?|[a-z][a-z]?|\*)(@(?:@|TH[12]|AL[12]|SP[1-3]|TB\d{1,2}|OH\d{1,2})?)?(H\d*)?([+-]\d+|[+-]*)(:\d+)?\]$/;

function chargeText(charge: number): string {
  if (charge === 0) return "";
  const sign = charge > 0 ? "+" : "-";
  return Math.abs(charge) === 1 ? sign : `${sign}${Math.abs(charge)}`;
}

/**
 * Rewrites the charge and hydrogen count of some atoms in SMILES written by RDKit. `order[k]` is the atom
 * index of the k-th atom in the string (RDKit's _smilesAtomOutputOrder); edited atoms become bracket atoms
 * with an explicit H count, which is how RDKit's Uncharger fixes them (explicit Hs, no implicit ones).
 */
export function rewriteAtoms(
  smiles: string,
  order: readonly number[],
  edits: ReadonlyMap<number, AtomEdit>,
): string {
  let k = 0;
  return smiles.replace(SMILES_ATOM, (token) => {
    const atom = order[k++];
    const edit = atom === undefined ? undefined : edits.get(atom);
    if (!edit) return token;
    const parts = BRACKET_ATOM.exec(token.startsWith("[") ? token : `[${token}]`);
    if (!parts) throw new Error(`cannot edit SMILES atom ${token} in ${smiles}`);
    const [, isotope = "", element = "", chirality = "", , , map = ""] = parts;
    const h = edit.hydrogens === 0 ? "" : edit.hydrogens === 1 ? "H" : `H${edit.hydrogens}`;
    return `[${isotope}${element}${chirality}${h}${chargeText(edit.charge)}${map}]`;
  });
}

// A charge in SMILES is always inside brackets: "[NH3+]", "[O-]", "[Fe+2]".
const CHARGED_ATOM = /\[[^\]]*[+-][^\]]*\]/;

/**
 * Standardises a parsed molecule: largest organic fragment, neutralised, canonical SMILES. Returns a JSMol
 * the caller owns (the input mol itself when nothing changed, otherwise a new one; the input is never
 * deleted here).
 */
export function standardiseMol(rdkit: RDKitModule, input: Mol): StandardisedMol {
  let mol = input;
  let fragmentsRemoved = 0;
  let chargesNeutralised = 0;
  const owned: Mol[] = [];
  try {
    let smiles = mol.get_smiles();
    if (smiles.includes(".")) {
      const { fragment, removed } = largestOrganicFragment(mol);
      owned.push(fragment);
      mol = fragment;
      fragmentsRemoved = removed;
      smiles = mol.get_smiles();
    }
    if (CHARGED_ATOM.test(smiles)) {
      const result = uncharge(rdkit, mol);
      if (result.mol) {
        owned.push(result.mol);
        mol = result.mol;
        chargesNeutralised = result.changed;
        smiles = mol.get_smiles();
      }
    }
    // the returned mol is the caller's; every intermediate one is deleted here
    const keep = mol;
    for (const m of owned) if (m !== keep) m.delete();
    owned.length = 0;
    return { mol: keep, smiles, fragmentsRemoved, chargesNeutralised };
  } finally {
    for (const m of owned) m.delete();
  }
}

/**
 * Standardises SMILES or a molblock and deletes every intermediate JSMol. Throws MoleculeParseError with
 * RDKit's reason when the structure cannot be read.
 */
export function standardiseStructure(rdkit: RDKitModule, input: string): StandardisedStructure {
  const mol = parseMolecule(rdkit, input);
  try {
    const result = standardiseMol(rdkit, mol);
    if (result.mol !== mol) result.mol.delete();
    return {
      smiles: result.smiles,
      fragmentsRemoved: result.fragmentsRemoved,
      chargesNeutralised: result.chargesNeutralised,
    };
  } finally {
    mol.delete();
  }
}

/**
 * Standardises a structure (SMILES or molblock) to its parent: largest organic fragment, neutralised,
 * canonical SMILES. Throws MoleculeParseError with RDKit's reason when the structure cannot be read.
 */
export async function standardise(structure: string): Promise<StandardisedStructure> {
  return standardiseStructure(await loadRDKit(), structure);
}
