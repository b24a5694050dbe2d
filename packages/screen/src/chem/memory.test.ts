/**
 * Every JSMol lives on RDKit's WASM heap until deleted; a forgotten delete in a loop over a million molecules
 * exhausts it. Two checks: JSMols are counted as RDKit.js makes and deletes them (exact, for every API), and
 * the heap (WASM linear memory, which only grows) must not grow over 10,000 molecules after a warm-up; the
 * last test shows that the heap measure does catch a leak.
 */
import { describe, expect, it } from "vitest";
import { alertsForMol } from "./alerts.ts";
import { moleculeSvg } from "./depict.ts";
import { morganFingerprint } from "./fingerprint.ts";
import { buildLibrary } from "./library.ts";
import { molecularProperties } from "./properties.ts";
import { loadRDKit, parseMolecule, type RDKitModule, rdkitHeapBytes, withMol } from "./rdkit.ts";
import type { MoleculeRecord } from "./records.ts";
import { similaritySearch } from "./similarity.ts";
import { standardiseStructure } from "./standardise.ts";
import { substructureSearch } from "./substructure.ts";
import { drugCentralRows, haveChemData } from "./testSupport.ts";

// salts, charges, stereo and structures RDKit refuses, so that the error paths are exercised too
const HAND = [
  "CC(=O)Oc1ccccc1C(=O)O",
  "C[NH+](C)CCCN1c2ccccc2CCc2ccccc21.[Cl-]",
  "[NH3+][C@@H](C)C(=O)[O-]",
  "C/C=C/C(=O)[O-].[K+]",
  "C[N+](C)(C)CC(=O)[O-]",
  "c1ccc(-c2nn[n-]n2)cc1.[Na+]",
  "S=C1SC(=Cc2ccccc2)C(=O)N1",
  "C1CC",
  "CN(C)(C)(C)C",
  "c1cccc1",
];

function structures(n: number): string[] {
  const real = haveChemData ? drugCentralRows(1).map((r) => r.smiles) : [];
  const pool = [...HAND, ...real];
  return Array.from({ length: n }, (_, i) => pool[i % pool.length] as string);
}

function records(smiles: string[]): MoleculeRecord[] {
  return smiles.map((s, i) => ({
    source: "memory",
    line: i + 1,
    id: String(i),
    name: String(i),
    structure: s,
    format: "smiles",
    fields: {},
  }));
}

/** One pass over every API that creates JSMols, including the failing inputs. */
async function everyApi(smiles: string[]): Promise<void> {
  const rdkit = await loadRDKit();
  const library = await buildLibrary(records(smiles.slice(0, 20)), { properties: true });
  await similaritySearch(library, ["CC(=O)Oc1ccccc1C(=O)O", library.fingerprints.slice(0, 64)], { topK: 5 });
  await substructureSearch(library, "c1ccccc1");
  await substructureSearch(library, "C(=O)[OX2H1]", { prefilter: false });
  await expect(substructureSearch(library, "[C;")).rejects.toThrow();
  for (const s of smiles) {
    try {
      withMol(rdkit, s, (mol) => {
        alertsForMol(rdkit, mol);
        molecularProperties(mol);
        morganFingerprint(mol);
      });
      standardiseStructure(rdkit, s);
      await moleculeSvg(s, { highlight: [0, 1] });
    } catch {
      // the refused structures: their error paths must not leak either
    }
  }
}

/**
 * Counts live JSMols by wrapping the module's functions that make them and Mol.prototype.delete. Only the
 * test process's module is wrapped (vitest runs each test file in its own process).
 */
function countLiveMols(rdkit: RDKitModule): { live: () => number; made: () => number } {
  let made = 0;
  let deleted = 0;
  const counted = <T>(mol: T): T => {
    if (mol) made++;
    return mol;
  };
  const module = rdkit as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ["get_mol", "get_qmol", "get_mol_copy"]) {
    const original = module[name] as ((...args: unknown[]) => unknown) & { overloadTable?: unknown };
    const wrapper = Object.assign((...args: unknown[]) => counted(original.apply(rdkit, args)), {
      // embind's overloaded functions find their overloads through Module[name].overloadTable
      overloadTable: original.overloadTable,
    });
    module[name] = wrapper;
  }
  const listProto = rdkit.MolList.prototype as unknown as { at: (i: number) => unknown };
  const at = listProto.at;
  listProto.at = function (this: unknown, i: number) {
    return counted(at.call(this, i));
  };
  const molProto = (rdkit.Mol as unknown as { prototype: { delete: () => void } }).prototype;
  const del = molProto.delete;
  molProto.delete = function (this: unknown) {
    deleted++;
    del.call(this);
  };
  return { live: () => made - deleted, made: () => made };
}

describe("JSMol accounting", () => {
  it("deletes every JSMol that any API makes, on good and refused structures alike", async () => {
    const rdkit = await loadRDKit();
    const counter = countLiveMols(rdkit);
    // the first pass creates the long-lived query mols (PAINS, uncharger SMARTS) that are kept on purpose
    await everyApi(structures(30));
    const kept = counter.live();
    const madeBefore = counter.made();
    await everyApi(structures(30));
    expect(counter.made() - madeBefore).toBeGreaterThan(150);
    expect(counter.live()).toBe(kept);
    // PAINS (480) and uncharger (4) queries are all that stays
    expect(kept).toBe(484);
  });
});

describe("RDKit heap", () => {
  it("does not grow while 10,000 molecules are read, standardised and fingerprinted after a warm-up", async () => {
    await loadRDKit();
    const warmUp = structures(500);
    await buildLibrary(records(warmUp), { properties: false });
    const before = rdkitHeapBytes();
    expect(before).toBeGreaterThan(0);

    const many = structures(10_000);
    const library = await buildLibrary(records(many), { properties: false });
    const after = rdkitHeapBytes();

    expect(library.molecules.length + library.failures.length).toBe(10_000);
    expect(library.failures.length).toBeGreaterThan(0);
    console.info(`RDKit heap: ${before / 2 ** 20} MiB before, ${after / 2 ** 20} MiB after 10,000 molecules`);
    expect(after).toBe(before);
  });

  it("does grow when JSMols are not deleted (the measure can see a leak)", async () => {
    const rdkit = await loadRDKit();
    const before = rdkitHeapBytes();
    const leaked = [];
    for (const s of structures(3000).filter((x) => !HAND.slice(7).includes(x)))
      leaked.push(parseMolecule(rdkit, s));
    const after = rdkitHeapBytes();
    for (const mol of leaked) mol.delete();
    console.info(`${leaked.length} undeleted JSMols grew the heap by ${(after - before) / 2 ** 20} MiB`);
    expect(after).toBeGreaterThan(before);
  });
});
