/**
 * Oracle tests on real drugs: RDKit.js (WASM, 2026.09) against Debian's python3-rdkit (C++, 2022.09), run as a
 * subprocess. Fingerprint bits, Tanimoto values and descriptors are compared molecule by molecule.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { morganFingerprint, onBits, tanimoto } from "./fingerprint.ts";
import { molecularProperties } from "./properties.ts";
import { PYTHON_PRELUDE, runPythonRdkit } from "./pythonRdkit.ts";
import { loadRDKit, type RDKitModule, withMol } from "./rdkit.ts";
import { type DrugRow, drugCentralRows, haveChemData } from "./testSupport.ts";

let rdkit: RDKitModule;
let drugs: DrugRow[];
beforeAll(async () => {
  rdkit = await loadRDKit();
  // every 20th of the 3,949 DrugCentral structures: 198 drugs spread over the file
  drugs = haveChemData ? drugCentralRows(20) : [];
});

interface PythonMorgan {
  bits: number[][];
}

function pythonMorgan(smiles: string[], radius: number, nBits: number): number[][] {
  return runPythonRdkit<PythonMorgan>(
    `${PYTHON_PRELUDE}
from rdkit.Chem import AllChem
bits = []
for smi in data['smiles']:
    m = Chem.MolFromSmiles(smi)
    bits.append(list(AllChem.GetMorganFingerprintAsBitVect(m, data['radius'], nBits=data['nBits']).GetOnBits()))
print(json.dumps({'bits': bits}))
`,
    { smiles, radius, nBits },
  ).bits;
}

describe.skipIf(!haveChemData)("Morgan fingerprints against RDKit's GetMorganFingerprintAsBitVect", () => {
  for (const [radius, nBits] of [
    [2, 2048],
    [3, 1024],
  ] as const)
    it(`sets the same bits for ≥ 99 % of 198 DrugCentral drugs (radius ${radius}, ${nBits} bits)`, () => {
      const expected = pythonMorgan(
        drugs.map((d) => d.smiles),
        radius,
        nBits,
      );
      const differing: string[] = [];
      for (const [i, d] of drugs.entries()) {
        const mine = withMol(rdkit, d.smiles, (mol) => onBits(morganFingerprint(mol, { radius, nBits })));
        if (JSON.stringify(mine) !== JSON.stringify(expected[i]))
          differing.push(`${d.name} (line ${d.line})`);
      }
      const identical = (drugs.length - differing.length) / drugs.length;
      console.info(
        `Morgan r=${radius} ${nBits} bits: ${drugs.length - differing.length}/${drugs.length} identical` +
          (differing.length ? `; differing: ${differing.join(", ")}` : ""),
      );
      expect(drugs.length).toBe(198);
      expect(identical).toBeGreaterThanOrEqual(0.99);
    });
});

describe.skipIf(!haveChemData)("Tanimoto against DataStructs.BulkTanimotoSimilarity", () => {
  it("gives RDKit's values to 1e-12 for 10 queries × 198 drugs", () => {
    const fps = drugs.map((d) => withMol(rdkit, d.smiles, (mol) => morganFingerprint(mol)));
    const queries = [0, 17, 42, 77, 99, 120, 150, 170, 190, 197];
    // our fingerprints go to Python as bit lists, so this checks the arithmetic, not the fingerprinting
    const expected = runPythonRdkit<number[][]>(
      `${PYTHON_PRELUDE}
from rdkit import DataStructs
def bv(bits):
    v = DataStructs.ExplicitBitVect(2048)
    for b in bits: v.SetBit(b)
    return v
fps = [bv(b) for b in data['fps']]
print(json.dumps([DataStructs.BulkTanimotoSimilarity(fps[q], fps) for q in data['queries']]))
`,
      { fps: fps.map((f) => onBits(f)), queries },
    );
    let compared = 0;
    for (const [k, q] of queries.entries())
      for (const [i, f] of fps.entries()) {
        expect(Math.abs(tanimoto(fps[q] as Uint32Array, f) - (expected[k]?.[i] ?? Number.NaN))).toBeLessThan(
          1e-12,
        );
        compared++;
      }
    expect(compared).toBe(10 * 198);
  });

  it("gives RDKit's values from RDKit's own fingerprints where the fingerprints agree", () => {
    const theirs = pythonMorgan(
      drugs.map((d) => d.smiles),
      2,
      2048,
    );
    const expected = runPythonRdkit<number[]>(
      `${PYTHON_PRELUDE}
from rdkit import DataStructs
from rdkit.Chem import AllChem
fps = [AllChem.GetMorganFingerprintAsBitVect(Chem.MolFromSmiles(s), 2, nBits=2048) for s in data]
print(json.dumps(DataStructs.BulkTanimotoSimilarity(fps[0], fps)))
`,
      drugs.map((d) => d.smiles),
    );
    const fps = drugs.map((d) => withMol(rdkit, d.smiles, (mol) => morganFingerprint(mol)));
    let compared = 0;
    for (const [i, f] of fps.entries()) {
      if (JSON.stringify(onBits(f)) !== JSON.stringify(theirs[i])) continue;
      expect(Math.abs(tanimoto(fps[0] as Uint32Array, f) - (expected[i] ?? Number.NaN))).toBeLessThan(1e-12);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(196);
  });
});

describe.skipIf(!haveChemData)(
  "descriptors against RDKit's Descriptors, Crippen and rdMolDescriptors",
  () => {
    it("gives MW, TPSA and cLogP to 1e-6 and the same HBD, HBA and rotatable bonds for 198 drugs", () => {
      const expected = runPythonRdkit<number[][]>(
        `${PYTHON_PRELUDE}
from rdkit.Chem import Descriptors, Crippen, rdMolDescriptors as D
out = []
for smi in data:
    m = Chem.MolFromSmiles(smi)
    out.append([Descriptors.MolWt(m), Descriptors.ExactMolWt(m), D.CalcTPSA(m), Crippen.MolLogP(m),
                D.CalcNumLipinskiHBD(m), D.CalcNumLipinskiHBA(m), D.CalcNumRotatableBonds(m)])
print(json.dumps(out))
`,
        drugs.map((d) => d.smiles),
      );
      let worst = 0;
      for (const [i, d] of drugs.entries()) {
        const p = withMol(rdkit, d.smiles, molecularProperties);
        const [mw, exactMw, tpsa, clogp, hbd, hba, rotb] = expected[i] as number[];
        for (const [ours, theirs] of [
          [p.mw, mw],
          [p.exactMw, exactMw],
          [p.tpsa, tpsa],
          [p.clogp, clogp],
        ] as const) {
          const diff = Math.abs(ours - (theirs ?? Number.NaN));
          worst = Math.max(worst, diff);
          expect(diff, `${d.name}: ${ours} vs ${theirs}`).toBeLessThan(1e-6);
        }
        expect([p.hbd, p.hba, p.rotatableBonds], d.name).toEqual([hbd, hba, rotb]);
      }
      console.info(`descriptors of ${drugs.length} drugs: largest difference ${worst.toExponential(2)}`);
    });
  },
);
