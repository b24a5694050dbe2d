import { describe, expect, it } from "vitest";
import { MoleculeParseError } from "../chem/rdkit.ts";
import { vinaScores } from "./dock.ts";
import { canonicalLigand, checkGeometry, checkLigandPdbqt } from "./ligand.ts";

/** A V2000 molfile written here by hand: atoms as [element, x, y, z], bonds as [from, to] (1-based). */
function molfile(atoms: [string, number, number, number][], bonds: [number, number][]): string {
  const f = (v: number) => v.toFixed(4).padStart(10);
  return [
    "",
    " hand-made",
    "",
    `${String(atoms.length).padStart(3)}${String(bonds.length).padStart(3)}  0  0  0  0  0  0  0  0999 V2000`,
    ...atoms.map(([e, x, y, z]) => `${f(x)}${f(y)}${f(z)} ${e.padEnd(3)} 0  0  0  0  0  0  0  0  0  0  0  0`),
    ...bonds.map(([a, b]) => `${String(a).padStart(3)}${String(b).padStart(3)}  1  0  0  0  0`),
    "M  END",
  ].join("\n");
}

describe("checkGeometry", () => {
  it("accepts bonds near covalent length: C-C 1.54 Å, C-O 1.43 Å, C=C 1.34 Å, C#N 1.16 Å", () => {
    const ok = molfile(
      [
        ["C", 0, 0, 0],
        ["C", 1.54, 0, 0],
        ["O", 2.0, 1.36, 0],
        ["C", -0.7, -1.15, 0.2],
        ["N", -1.3, -2.1, 0.4],
      ],
      [
        [1, 2],
        [2, 3],
        [1, 4],
        [4, 5],
      ],
    );
    expect(checkGeometry(ok)).toBeUndefined();
  });

  it("names the stretched bond (C-C 2.6 Å, 1.71× the radii) and the all-at-origin failure", () => {
    const stretched = molfile(
      [
        ["C", 0, 0, 0],
        ["C", 2.6, 0, 0],
        ["C", 3.5, 1.1, 0],
      ],
      [
        [1, 2],
        [2, 3],
      ],
    );
    expect(checkGeometry(stretched)).toMatch(/^1 of 2 bonds have impossible lengths .* C1-C2 2\.60 Å$/);
    const flat = molfile(
      [
        ["C", 0, 0, 0],
        ["O", 0, 0, 0],
      ],
      [[1, 2]],
    );
    expect(checkGeometry(flat)).toMatch(/all atoms at the origin/);
    // squeezed: 0.9 Å between two carbons is 0.59× the radii
    const squeezed = molfile(
      [
        ["C", 0, 0, 0],
        ["C", 0.9, 0, 0],
      ],
      [[1, 2]],
    );
    expect(checkGeometry(squeezed)).toMatch(/C1-C2 0\.90 Å/);
  });
});

describe("checkLigandPdbqt", () => {
  it("wants one torsion tree with atoms and TORSDOF", () => {
    const atom = "ATOM      1  C   UNL     1       0.000   0.000   0.000  0.00  0.00    +0.000 C ";
    expect(checkLigandPdbqt(`ROOT\n${atom}\nENDROOT\nTORSDOF 0\n`)).toBeUndefined();
    expect(checkLigandPdbqt(`ROOT\n${atom}\nENDROOT\nROOT\n${atom}\nENDROOT\nTORSDOF 0\n`)).toMatch(
      /2 torsion-tree roots/,
    );
    expect(checkLigandPdbqt("ROOT\nENDROOT\nTORSDOF 0\n")).toMatch(/no atoms/);
    expect(checkLigandPdbqt(`ROOT\n${atom}\nENDROOT\n`)).toMatch(/no TORSDOF/);
  });
});

describe("vinaScores", () => {
  it("reads every model's REMARK VINA RESULT in order", () => {
    const pose = [
      "MODEL 1",
      "REMARK VINA RESULT:    -7.125      0.000      0.000",
      "REMARK INTER + INTRA:          -9.060",
      "ENDMDL",
      "MODEL 2",
      "REMARK VINA RESULT:    -6.5        1.737      3.993",
      "ENDMDL",
    ].join("\n");
    expect(vinaScores(pose)).toEqual([-7.125, -6.5]);
    expect(vinaScores("MODEL 1\nENDMDL\n")).toEqual([]);
  });
});

describe("canonicalLigand", () => {
  it("gives one SMILES for two spellings of a molecule (the cache key) and keeps the largest fragment", async () => {
    const kekule = await canonicalLigand("CC(=O)OC1=CC=CC=C1C(O)=O");
    const aromatic = await canonicalLigand("OC(=O)c1ccccc1OC(C)=O");
    expect(kekule.canonicalSmiles).toBe(aromatic.canonicalSmiles);
    expect(kekule.droppedFragments).toEqual([]);
    const salt = await canonicalLigand("[Na+].[O-]C(=O)c1ccccc1OC(C)=O.O");
    expect(salt.droppedFragments.sort()).toEqual(["O", "[Na+]"]);
    expect(salt.canonicalSmiles).toBe((await canonicalLigand("CC(=O)Oc1ccccc1C(=O)[O-]")).canonicalSmiles);
  });

  it("throws MoleculeParseError with RDKit's reason for a SMILES that does not parse", async () => {
    await expect(canonicalLigand("C1CC(")).rejects.toBeInstanceOf(MoleculeParseError);
    await expect(canonicalLigand("C(C)(C)(C)(C)C")).rejects.toThrow(/valence/i);
    await expect(canonicalLigand("")).rejects.toThrow(/empty/);
  });
});
