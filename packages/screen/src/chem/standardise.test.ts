import { beforeAll, describe, expect, it } from "vitest";
import { PYTHON_PRELUDE, runPythonRdkit } from "./pythonRdkit.ts";
import { loadRDKit, MoleculeParseError, type RDKitModule } from "./rdkit.ts";
import { rewriteAtoms, standardise, standardiseStructure } from "./standardise.ts";
import { drugCentralRows, haveChemData } from "./testSupport.ts";

/** Python: RDKit's own LargestFragmentChooser(preferOrganic=True) then Uncharger(), canonical SMILES. */
const PYTHON_STANDARDISE = `${PYTHON_PRELUDE}
from rdkit.Chem.MolStandardize import rdMolStandardize
chooser = rdMolStandardize.LargestFragmentChooser(preferOrganic=True)
uncharger = rdMolStandardize.Uncharger()
out = []
for smi in data:
    m = Chem.MolFromSmiles(smi)
    out.append(None if m is None else Chem.MolToSmiles(uncharger.uncharge(chooser.choose(m))))
print(json.dumps(out))
`;

let rdkit: RDKitModule;
beforeAll(async () => {
  rdkit = await loadRDKit();
});

/** The same structure? Canonical SMILES written by one toolkit (RDKit.js), else InChIKey (mobile-H tautomers). */
function sameStructure(a: string, b: string): "smiles" | "inchikey" | false {
  const key = (smiles: string) => {
    const mol = rdkit.get_mol(smiles);
    if (!mol) throw new Error(`RDKit.js cannot read ${smiles}`);
    try {
      return { inchikey: rdkit.get_inchikey_for_inchi(mol.get_inchi()) };
    } finally {
      mol.delete();
    }
  };
  if (a === b || canonical(a) === canonical(b)) return "smiles";
  return key(a).inchikey === key(b).inchikey ? "inchikey" : false;
}

function canonical(smiles: string): string {
  const mol = rdkit.get_mol(smiles);
  if (!mol) throw new Error(`RDKit.js cannot read ${smiles}`);
  try {
    return mol.get_smiles();
  } finally {
    mol.delete();
  }
}

describe("rewriting atoms in RDKit SMILES", () => {
  it("sets charge and hydrogen count of the atoms named by output order, keeping isotope, chirality and map", () => {
    // atoms in output order 0..3 are atom indices 3, 2, 1, 0
    const order = [3, 2, 1, 0];
    expect(rewriteAtoms("C[NH3+]CC", [0, 1, 2, 3], new Map([[1, { charge: 0, hydrogens: 2 }]]))).toBe(
      "C[NH2]CC",
    );
    expect(rewriteAtoms("[O-]C(=O)Cl", order, new Map([[3, { charge: 0, hydrogens: 1 }]]))).toBe(
      "[OH]C(=O)Cl",
    );
    expect(rewriteAtoms("C[15N@@H+:7](C)Br", [0, 1, 2, 3], new Map([[1, { charge: 0, hydrogens: 0 }]]))).toBe(
      "C[15N@@:7](C)Br",
    );
    expect(rewriteAtoms("c1cc[n-]n1", [0, 1, 2, 3, 4], new Map([[3, { charge: 0, hydrogens: 1 }]]))).toBe(
      "c1cc[nH]n1",
    );
    expect(rewriteAtoms("C[N+2]C", [0, 1, 2], new Map([[1, { charge: 1, hydrogens: 3 }]]))).toBe("C[NH3+]C");
  });
});

describe("standardise on hand-picked salts, zwitterions and charge-separated groups", () => {
  const cases: Array<[string, string]> = [
    // input, parent written by hand
    ["CC(=O)[O-].[Na+]", "CC(=O)O"], // sodium acetate
    ["C[NH+](C)CCCN1c2ccccc2CCc2ccccc21.[Cl-]", "CN(C)CCCN1c2ccccc2CCc2ccccc21"], // imipramine HCl
    ["[NH3+][C@@H](C)C(=O)[O-]", "C[C@H](N)C(=O)O"], // L-alanine zwitterion
    ["C[N+](C)(C)CC(=O)[O-]", "C[N+](C)(C)CC(=O)[O-]"], // betaine: quaternary N+ balanced by the carboxylate
    ["C[N+](C)(C)CCO.[Cl-]", "C[N+](C)(C)CCO"], // choline chloride: N+ cannot lose a proton
    ["O=[N+]([O-])c1ccccc1", "O=[N+]([O-])c1ccccc1"], // nitro stays charge-separated
    ["[O-][n+]1ccccc1", "[O-][n+]1ccccc1"], // pyridine N-oxide
    ["c1ccc(-c2nn[n-]n2)cc1.[K+]", "c1ccc(-c2nn[nH]n2)cc1"], // potassium tetrazolide
    ["CS(=O)(=O)[O-].c1cc[nH+]cc1", "c1ccncc1"], // pyridinium mesylate: larger organic fragment is pyridine
    ["O.O.Cl.CCN(CC)CC", "CCN(CC)CC"], // hydrate hydrochloride
    ["[Na+].[Cl-]", "Cl"], // no organic fragment: equal atom counts, so the heavier chloride, then protonated
    ["OC(=O)C(O)C(O)C(=O)O.CN1CCC[C@H]1c1cccnc1", "CN1CCC[C@H]1c1cccnc1"], // nicotine tartrate (atom count ties go to mass)
    ["[O-]P(=O)([O-])OC.[Na+].[Na+]", "COP(=O)(O)O"], // disodium methyl phosphate
    ["C/C=C/C(=O)[O-].[K+]", "C/C=C/C(=O)O"], // potassium sorbate-like: double-bond stereo kept
    ["[15NH3+]CC(=O)[O-]", "[15NH2]CC(=O)O"], // isotope label kept on the neutralised atom
    ["C[C@H]([NH3+])c1ccccc1.[Cl-]", "C[C@H](N)c1ccccc1"], // tetrahedral stereo kept
    ["CCCC[N+](CCCC)(CCCC)CCCC.CC(=O)[O-]", "CCCC[N+](CCCC)(CCCC)CCCC"], // a salt whose cation is the parent
  ];

  it("gives the parent written by hand", () => {
    for (const [input, parent] of cases)
      expect(standardiseStructure(rdkit, input).smiles, input).toBe(canonical(parent));
  });

  it("gives the parent RDKit's rdMolStandardize gives (python3-rdkit 2022.09)", () => {
    const expected = runPythonRdkit<Array<string | null>>(
      PYTHON_STANDARDISE,
      cases.map(([input]) => input),
    );
    for (const [i, [input]] of cases.entries())
      expect(sameStructure(standardiseStructure(rdkit, input).smiles, expected[i] ?? ""), input).toBe(
        "smiles",
      );
  });

  it("says what it removed and neutralised", async () => {
    expect(await standardise("C[NH+](C)CCCN1c2ccccc2CCc2ccccc21.[Cl-]")).toEqual({
      smiles: "CN(C)CCCN1c2ccccc2CCc2ccccc21",
      fragmentsRemoved: 1,
      chargesNeutralised: 1,
    });
    expect(await standardise("CCO")).toEqual({ smiles: "CCO", fragmentsRemoved: 0, chargesNeutralised: 0 });
  });

  it("names the reason when RDKit cannot read the structure", async () => {
    await expect(standardise("C1CC")).rejects.toThrow(MoleculeParseError);
    await expect(standardise("C1CC")).rejects.toThrow(/unclosed ring for input: 'C1CC'/);
    await expect(standardise("")).rejects.toThrow(/empty structure/);
  });
});

// Counter-ions and solvents as drugs are sold with; DrugCentral itself lists parents, so salts are made here.
const COUNTER_IONS = [".Cl", ".O.O", ".[Na+].[Cl-]", ".CS(=O)(=O)O", ".OC(=O)/C=C\\C(=O)O"];

/**
 * Python: ionised forms as in water at pH 7 (carboxylic, sulfonic and phosphonic acids deprotonated, aliphatic
 * amines protonated), made by RDKit in Python so that the input does not come from the code under test.
 */
const PYTHON_IONISE = `${PYTHON_PRELUDE}
acid = Chem.MolFromSmarts('[OX2H1][CX3,SX4,PX4]=O')
base = Chem.MolFromSmarts('[NX3;!H3;!$(N[#6,#16,#15]=[O,S,N]);!$(N-a);!$(N#*);!$(N=*);!$(N-[N,O])]')
out = []
for smi in data:
    m = Chem.RWMol(Chem.MolFromSmiles(smi))
    for (o, *_) in m.GetSubstructMatches(acid):
        a = m.GetAtomWithIdx(o); a.SetFormalCharge(-1); a.SetNumExplicitHs(0); a.SetNoImplicit(True)
    for (n,) in m.GetSubstructMatches(base):
        a = m.GetAtomWithIdx(n); h = a.GetTotalNumHs(); a.SetFormalCharge(1); a.SetNumExplicitHs(h + 1); a.SetNoImplicit(True)
    Chem.SanitizeMol(m)
    out.append(Chem.MolToSmiles(m))
print(json.dumps(out))
`;

describe.skipIf(!haveChemData)("standardise on DrugCentral structures against rdMolStandardize", () => {
  it("gives the same parent for ≥ 99.9 % of every 4th drug and of salts and ionised forms of every 8th", () => {
    const drugs = drugCentralRows();
    const every8th = drugs.filter((_, i) => i % 8 === 0);
    const ionised = runPythonRdkit<string[]>(
      PYTHON_IONISE,
      every8th.map((r) => r.smiles),
    );
    const inputs = [
      ...drugs
        .filter((_, i) => i % 4 === 0)
        .map((r) => ({ what: `${r.name} (line ${r.line})`, smiles: r.smiles })),
      ...every8th.flatMap((r, i) => {
        const ion = COUNTER_IONS[i % COUNTER_IONS.length] as string;
        return [
          { what: `${r.name}${ion}`, smiles: `${r.smiles}${ion}` },
          { what: `${r.name}, ionised`, smiles: ionised[i] as string },
        ];
      }),
    ];
    const mine = inputs.map((r) => standardiseStructure(rdkit, r.smiles));
    const expected = runPythonRdkit<Array<string | null>>(
      PYTHON_STANDARDISE,
      inputs.map((r) => r.smiles),
    );
    let bySmiles = 0;
    let byKey = 0;
    const different: string[] = [];
    for (const [i, input] of inputs.entries()) {
      const theirs = expected[i];
      const verdict = theirs ? sameStructure(mine[i]?.smiles ?? "", theirs) : false;
      if (verdict === "smiles") bySmiles++;
      else if (verdict === "inchikey") byKey++;
      else different.push(`${input.what}: ours ${mine[i]?.smiles}, RDKit ${theirs}`);
    }
    const salts = mine.filter((m) => m.fragmentsRemoved > 0).length;
    const charged = mine.filter((m) => m.chargesNeutralised > 0).length;
    console.info(
      `standardisation vs rdMolStandardize: ${bySmiles} identical canonical SMILES, ${byKey} same InChIKey only, ` +
        `${different.length} different (of ${inputs.length}; ${salts} had fragments removed, ${charged} charges neutralised)`,
      different.slice(0, 10),
    );
    expect(drugs.length).toBe(3949);
    expect(salts).toBeGreaterThan(490);
    expect(charged).toBeGreaterThan(200);
    expect((bySmiles + byKey) / inputs.length).toBeGreaterThanOrEqual(0.999);
  });
});
