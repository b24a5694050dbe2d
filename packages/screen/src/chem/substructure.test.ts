import { beforeAll, describe, expect, it } from "vitest";
import { buildLibrary, type MoleculeLibrary } from "./library.ts";
import { PYTHON_PRELUDE, runPythonRdkit } from "./pythonRdkit.ts";
import { parseSmilesLines } from "./records.ts";
import { substructureSearch } from "./substructure.ts";
import { drugCentralRows, haveChemData } from "./testSupport.ts";

const SMALL = parseSmilesLines(
  [
    "CC(=O)Oc1ccccc1C(=O)O aspirin",
    "CC(C)Cc1ccc(cc1)C(C)C(=O)O ibuprofen",
    "CN1C=NC2=C1C(=O)N(C(=O)N2C)C caffeine",
    "Cc1ccccc1 toluene",
    "NS(=O)(=O)c1ccc(N)cc1 sulfanilamide",
  ].join("\n"),
  "small.smi",
);

describe("substructureSearch on a hand-made library", () => {
  let library: MoleculeLibrary;
  beforeAll(async () => {
    library = await buildLibrary(SMALL, { properties: false });
  });

  it("finds the molecules containing the pattern, with the matched atoms", async () => {
    const acids = await substructureSearch(library, "C(=O)[OX2H1]");
    expect(acids.hits.map((h) => h.molecule.name)).toEqual(["aspirin", "ibuprofen"]);
    // aspirin's canonical SMILES is CC(=O)Oc1ccccc1C(=O)O: the acid carbon and its oxygens are atoms 10–12
    expect(acids.hits[0]?.atoms).toEqual([10, 11, 12]);
    const benzene = await substructureSearch(library, "c1ccccc1");
    expect(benzene.hits.map((h) => h.molecule.name)).toEqual([
      "aspirin",
      "ibuprofen",
      "toluene",
      "sulfanilamide",
    ]);
    expect((await substructureSearch(library, "S(=O)(=O)N")).hits.map((h) => h.molecule.name)).toEqual([
      "sulfanilamide",
    ]);
  });

  it("screens with pattern fingerprints before matching", async () => {
    const result = await substructureSearch(library, "S(=O)(=O)N");
    expect(result.screened).toBe(5);
    expect(result.candidates).toBeLessThan(5);
    const unscreened = await substructureSearch(library, "S(=O)(=O)N", { prefilter: false });
    expect(unscreened.candidates).toBe(5);
    expect(unscreened.hits.map((h) => h.index)).toEqual(result.hits.map((h) => h.index));
  });

  it("stops at maxHits", async () => {
    const result = await substructureSearch(library, "c1ccccc1", { maxHits: 2 });
    expect(result.hits.map((h) => h.molecule.name)).toEqual(["aspirin", "ibuprofen"]);
  });

  it("names a bad SMARTS pattern in the error", async () => {
    await expect(substructureSearch(library, "C(=O")).rejects.toThrow(/invalid SMARTS pattern "C\(=O"/);
    await expect(substructureSearch(library, "[C;")).rejects.toThrow(
      /invalid SMARTS pattern "\[C;": SMARTS Parse Error/,
    );
    await expect(substructureSearch(library, "")).rejects.toThrow(/empty SMARTS/);
  });
});

describe.skipIf(!haveChemData)("substructureSearch on DrugCentral against RDKit's HasSubstructMatch", () => {
  const patterns = [
    "c1ccccc1", // benzene
    "C(=O)[OX2H1]", // carboxylic acid
    "S(=O)(=O)[NX3]", // sulfonamide
    "O=C1CCN1", // β-lactam
    "[NX3;H2,H1;!$(NC=O)]", // primary or secondary amine, not amide
    "C1CCC2C(C1)CCC1C2CCC2CCCC12", // steroid core
    "[#6]-[F,Cl,Br,I]", // halogen on carbon
    "[$(C(=O)N[C@@H]),$(C(=O)N[C@H])]", // amide to a stereocentre (recursive SMARTS)
    "c1ccc2[nH]ccc2c1", // indole
    "[CX3]=[CX3][CX3]=O", // Michael acceptor
    "[R2][R2]", // ring fusion atoms
    "*~*~*~*~*~*~*~*~*~*~*~*", // any 12-atom path
  ];
  let library: MoleculeLibrary;
  beforeAll(async () => {
    const rows = drugCentralRows(24);
    library = await buildLibrary(
      parseSmilesLines(rows.map((r) => `${r.smiles} ${r.name}`).join("\n"), "drugcentral"),
      { properties: false },
    );
  });

  it("finds exactly the molecules RDKit finds, with and without the fingerprint screen", async () => {
    const expected = runPythonRdkit<number[][]>(
      `${PYTHON_PRELUDE}
mols = [Chem.MolFromSmiles(s) for s in data['smiles']]
out = []
for p in data['patterns']:
    q = Chem.MolFromSmarts(p)
    out.append([i for i, m in enumerate(mols) if m.HasSubstructMatch(q)])
print(json.dumps(out))
`,
      { smiles: library.molecules.map((m) => m.smiles), patterns },
    );
    let screenedOut = 0;
    for (const [k, pattern] of patterns.entries()) {
      const screened = await substructureSearch(library, pattern);
      expect(
        screened.hits.map((h) => h.index),
        pattern,
      ).toEqual(expected[k]);
      const plain = await substructureSearch(library, pattern, { prefilter: false });
      expect(
        plain.hits.map((h) => h.index),
        pattern,
      ).toEqual(expected[k]);
      screenedOut += screened.screened - screened.candidates;
    }
    console.info(
      `substructure on ${library.molecules.length} drugs × ${patterns.length} SMARTS: ` +
        `${expected.reduce((n, e) => n + e.length, 0)} hits, fingerprint screen removed ${screenedOut} of ${
          library.molecules.length * patterns.length
        } molecule–pattern pairs`,
    );
    expect(library.molecules.length).toBe(165);
    expect(expected.every((e) => e.length > 0)).toBe(true);
    expect(screenedOut).toBeGreaterThan(library.molecules.length);
  });
});
