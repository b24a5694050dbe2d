/**
 * Drug-likeness properties from RDKit's descriptors and the two rules a repurposing funnel applies first:
 * Lipinski's rule of five (oral absorption; one violation tolerated, as Lipinski et al. 1997 allow) and
 * Veber's rule (oral bioavailability in rat: ≤ 10 rotatable bonds and TPSA ≤ 140 Å², Veber et al. 2002).
 */
import { loadRDKit, type Mol, withMol } from "./rdkit.ts";

/** Physico-chemical properties of one molecule. */
export interface MolecularProperties {
  /** average molecular weight (g/mol), RDKit Descriptors.MolWt */
  mw: number;
  /** monoisotopic mass, RDKit ExactMolWt */
  exactMw: number;
  /** Wildman–Crippen logP */
  clogp: number;
  /** Lipinski donors: N–H and O–H count (RDKit NHOHCount) */
  hbd: number;
  /** Lipinski acceptors: N and O count (RDKit NOCount) */
  hba: number;
  /** topological polar surface area (Å², Ertl, N and O only) */
  tpsa: number;
  /** rotatable bonds (RDKit's default, strict definition) */
  rotatableBonds: number;
  heavyAtoms: number;
  rings: number;
  aromaticRings: number;
}

export type PropertyName = keyof MolecularProperties;

interface RDKitDescriptors {
  amw: number;
  exactmw: number;
  CrippenClogP: number;
  lipinskiHBD: number;
  lipinskiHBA: number;
  tpsa: number;
  NumRotatableBonds: number;
  NumHeavyAtoms: number;
  NumRings: number;
  NumAromaticRings: number;
}

/** Properties of a parsed molecule from RDKit's get_descriptors. */
export function molecularProperties(mol: Mol): MolecularProperties {
  const d = JSON.parse(mol.get_descriptors()) as RDKitDescriptors;
  return {
    mw: d.amw,
    exactMw: d.exactmw,
    clogp: d.CrippenClogP,
    hbd: d.lipinskiHBD,
    hba: d.lipinskiHBA,
    tpsa: d.tpsa,
    rotatableBonds: d.NumRotatableBonds,
    heavyAtoms: d.NumHeavyAtoms,
    rings: d.NumRings,
    aromaticRings: d.NumAromaticRings,
  };
}

/** Outcome of a rule: passed, and which of its criteria the molecule violates. */
export interface RuleResult {
  passed: boolean;
  violations: string[];
}

/** Lipinski's rule of five: MW ≤ 500, cLogP ≤ 5, HBD ≤ 5, HBA ≤ 10; passes with at most one violation. */
export function lipinski(p: MolecularProperties, allowedViolations = 1): RuleResult {
  const violations: string[] = [];
  if (p.mw > 500) violations.push(`MW ${p.mw.toFixed(1)} > 500`);
  if (p.clogp > 5) violations.push(`cLogP ${p.clogp.toFixed(2)} > 5`);
  if (p.hbd > 5) violations.push(`HBD ${p.hbd} > 5`);
  if (p.hba > 10) violations.push(`HBA ${p.hba} > 10`);
  return { passed: violations.length <= allowedViolations, violations };
}

/** Veber's rule: rotatable bonds ≤ 10 and TPSA ≤ 140 Å²; both must hold. */
export function veber(p: MolecularProperties): RuleResult {
  const violations: string[] = [];
  if (p.rotatableBonds > 10) violations.push(`rotatable bonds ${p.rotatableBonds} > 10`);
  if (p.tpsa > 140) violations.push(`TPSA ${p.tpsa.toFixed(1)} > 140`);
  return { passed: violations.length === 0, violations };
}

/** Allowed ranges per property (inclusive); a property not named is not filtered. */
export type PropertyFilter = Partial<Record<PropertyName, { min?: number; max?: number }>>;

/** Checks a molecule against a PropertyFilter; `violations` names each property outside its range. */
export function applyPropertyFilter(p: MolecularProperties, filter: PropertyFilter): RuleResult {
  const violations: string[] = [];
  for (const [name, range] of Object.entries(filter) as Array<
    [PropertyName, { min?: number; max?: number }]
  >) {
    if (!range) continue;
    const value = p[name];
    if (value === undefined) throw new Error(`unknown property "${name}" in the filter`);
    if (range.min !== undefined && range.max !== undefined && range.min > range.max)
      throw new Error(`property filter for ${name}: min ${range.min} is above max ${range.max}`);
    if (range.min !== undefined && value < range.min) violations.push(`${name} ${value} < ${range.min}`);
    if (range.max !== undefined && value > range.max) violations.push(`${name} ${value} > ${range.max}`);
  }
  return { passed: violations.length === 0, violations };
}

/** Properties of a structure given as SMILES or a molblock (as written, not standardised). */
export async function computeProperties(structure: string): Promise<MolecularProperties> {
  const rdkit = await loadRDKit();
  return withMol(rdkit, structure, molecularProperties);
}
