import { describe, expect, it } from "vitest";
import {
  applyPropertyFilter,
  computeProperties,
  lipinski,
  type MolecularProperties,
  veber,
} from "./properties.ts";

const drugLike: MolecularProperties = {
  mw: 300,
  exactMw: 299.9,
  clogp: 2,
  hbd: 2,
  hba: 5,
  tpsa: 80,
  rotatableBonds: 4,
  heavyAtoms: 22,
  rings: 2,
  aromaticRings: 1,
};

describe("Lipinski's rule of five", () => {
  it("passes at the limits, which are inclusive", () => {
    expect(lipinski({ ...drugLike, mw: 500, clogp: 5, hbd: 5, hba: 10 })).toEqual({
      passed: true,
      violations: [],
    });
  });

  it("tolerates one violation and fails on two, naming them", () => {
    expect(lipinski({ ...drugLike, mw: 500.1 })).toEqual({ passed: true, violations: ["MW 500.1 > 500"] });
    expect(lipinski({ ...drugLike, mw: 720.9, hbd: 6 })).toEqual({
      passed: false,
      violations: ["MW 720.9 > 500", "HBD 6 > 5"],
    });
    expect(lipinski({ ...drugLike, clogp: 5.01, hba: 11 }).violations).toEqual([
      "cLogP 5.01 > 5",
      "HBA 11 > 10",
    ]);
    expect(lipinski({ ...drugLike, mw: 501 }, 0).passed).toBe(false);
  });
});

describe("Veber's rule", () => {
  it("requires both ≤ 10 rotatable bonds and TPSA ≤ 140", () => {
    expect(veber({ ...drugLike, rotatableBonds: 10, tpsa: 140 })).toEqual({ passed: true, violations: [] });
    expect(veber({ ...drugLike, rotatableBonds: 11 })).toEqual({
      passed: false,
      violations: ["rotatable bonds 11 > 10"],
    });
    expect(veber({ ...drugLike, tpsa: 140.5 }).violations).toEqual(["TPSA 140.5 > 140"]);
  });
});

describe("PropertyFilter", () => {
  it("checks inclusive ranges and names each property outside its range", () => {
    const filter = { mw: { min: 150, max: 600 }, tpsa: { max: 90 }, heavyAtoms: { min: 25 } };
    expect(applyPropertyFilter(drugLike, { mw: { min: 300, max: 300 } })).toEqual({
      passed: true,
      violations: [],
    });
    expect(applyPropertyFilter(drugLike, filter)).toEqual({
      passed: false,
      violations: ["heavyAtoms 22 < 25"],
    });
    expect(applyPropertyFilter({ ...drugLike, tpsa: 95 }, filter).violations).toEqual([
      "tpsa 95 > 90",
      "heavyAtoms 22 < 25",
    ]);
    expect(applyPropertyFilter(drugLike, {})).toEqual({ passed: true, violations: [] });
  });

  it("refuses an unknown property or an empty range", () => {
    expect(() => applyPropertyFilter(drugLike, { weight: { max: 1 } } as never)).toThrow(
      /unknown property "weight"/,
    );
    expect(() => applyPropertyFilter(drugLike, { mw: { min: 5, max: 1 } })).toThrow(/min 5 is above max 1/);
  });
});

describe("computeProperties", () => {
  it("gives aspirin's properties as computed by hand", async () => {
    // C9H8O4: 9 × 12.011 + 8 × 1.008 + 4 × 15.999 = 180.159; O–H donor 1; N+O acceptors 4;
    // TPSA: ester O 9.23 + 2 carbonyl O 2 × 17.07 + hydroxyl O 20.23 = 63.60 (Ertl 2000)
    const p = await computeProperties("CC(=O)Oc1ccccc1C(=O)O");
    expect(p.mw).toBeCloseTo(180.159, 3);
    expect(p.exactMw).toBeCloseTo(180.042259, 5);
    expect(p.tpsa).toBeCloseTo(63.6, 6);
    expect([p.hbd, p.hba, p.heavyAtoms, p.rings, p.aromaticRings]).toEqual([1, 4, 13, 1, 1]);
    expect(lipinski(p).passed && veber(p).passed).toBe(true);
  });

  it("passes nelfinavir (MW 568) on Lipinski with its one violation and on Veber; names a bad SMILES", async () => {
    const nelfinavir = await computeProperties(
      "CC1=C(C=CC=C1O)C(=O)N[C@@H](CSC2=CC=CC=C2)[C@@H](O)CN3C[C@H]4CCCC[C@H]4C[C@H]3C(=O)NC(C)(C)C",
    );
    expect(nelfinavir.mw).toBeCloseTo(567.79, 1);
    expect(lipinski(nelfinavir)).toEqual({ passed: true, violations: ["MW 567.8 > 500"] });
    expect(veber(nelfinavir).passed).toBe(true);
    await expect(computeProperties("C1CC")).rejects.toThrow(/unclosed ring/);
  });
});
