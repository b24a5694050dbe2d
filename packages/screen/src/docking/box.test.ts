import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { boxFromCoordinates, boxFromLigand, VINA_VOLUME_ADVICE } from "./box.ts";

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

/** A PDB atom record in the fixed columns of the format (written here independently of pdb.ts). */
function atomLine(
  record: "ATOM" | "HETATM",
  serial: number,
  name: string,
  residue: string,
  chain: string,
  resSeq: number,
  x: number,
  y: number,
  z: number,
  element: string,
): string {
  return (
    record.padEnd(6) +
    String(serial).padStart(5) +
    " " +
    ` ${name}`.padEnd(4) +
    " " +
    residue.padStart(3) +
    " " +
    chain +
    String(resSeq).padStart(4) +
    "    " +
    x.toFixed(3).padStart(8) +
    y.toFixed(3).padStart(8) +
    z.toFixed(3).padStart(8) +
    "  1.00 20.00          " +
    element.padStart(2)
  );
}

async function handMadePdb(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "kh-box-"));
  temps.push(dir);
  const file = path.join(dir, "toy.pdb");
  const lines = [
    atomLine("ATOM", 1, "CA", "GLY", "A", 1, 0, 0, 0, "C"),
    atomLine("ATOM", 2, "CA", "GLY", "A", 2, 30, 30, 30, "C"),
    // ligand LIG in chain B spans x 1..5, y 2..4, z -3..3
    atomLine("HETATM", 3, "C1", "LIG", "B", 1, 1, 2, -3, "C"),
    atomLine("HETATM", 4, "C2", "LIG", "B", 1, 5, 4, 3, "C"),
    atomLine("HETATM", 5, "O1", "LIG", "B", 1, 3, 3, 0, "O"),
    // a water right beside it must not widen the box
    atomLine("HETATM", 6, "O", "HOH", "B", 2, 40, 40, 40, "O"),
    // the same residue name in another chain
    atomLine("HETATM", 7, "C1", "LIG", "C", 1, -10, -10, -10, "C"),
    "END",
  ];
  await writeFile(file, `${lines.join("\n")}\n`);
  return file;
}

describe("boxFromLigand on a hand-made PDB", () => {
  it("is the selected atoms' bounding box, centred, padded on each side, with a minimum edge", async () => {
    const file = await handMadePdb();
    // chain B: x 1..5 (4 Å), y 2..4 (2 Å), z -3..3 (6 Å); padding 4 → 12, 10, 14; no minimum
    const box = await boxFromLigand(file, ["B:LIG"], 4, { minEdge: 0 });
    expect(box.center).toEqual({ x: 3, y: 3, z: 0 });
    expect(box.size).toEqual({ x: 12, y: 10, z: 14 });
    expect(box.ligandAtoms).toBe(3);
    expect(box.ligandResidues).toEqual(["B:LIG1"]);
    // default minimum edge 20 Å lifts all three edges
    const lifted = await boxFromLigand(file, ["B:LIG"], 4);
    expect(lifted.size).toEqual({ x: 20, y: 20, z: 20 });
    // without a chain, LIG of chain C (-10,-10,-10) joins: x -10..5 → centre -2.5, edge 15 + 2·1
    const both = await boxFromLigand(file, ["LIG"], 1, { minEdge: 0 });
    expect(both.center.x).toBeCloseTo(-2.5, 9);
    expect(both.size.x).toBeCloseTo(17, 9);
    expect(both.ligandAtoms).toBe(4);
    // "B:*" takes the whole chain except its water
    const chain = await boxFromLigand(file, ["B:*"], 0, { minEdge: 0 });
    expect(chain.ligandAtoms).toBe(3);
    expect(chain.size).toEqual({ x: 4, y: 2, z: 6 });
  });

  it("names the file and the hetero groups it has when nothing matches, and the file when it is missing", async () => {
    const file = await handMadePdb();
    await expect(boxFromLigand(file, ["N3"], 8)).rejects.toThrow(
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: no atom matches ligand N3; hetero groups in the file: B:LIG1, C:LIG1`,
      ),
    );
    await expect(boxFromLigand(path.join(path.dirname(file), "absent.pdb"), ["LIG"])).rejects.toThrow(
      /absent\.pdb: cannot read the PDB file \(ENOENT\)/,
    );
    await expect(boxFromLigand(file, [])).rejects.toThrow(/no ligand residue names/);
    await expect(boxFromLigand(file, ["B:"])).rejects.toThrow(/no residue name after the chain/);
  });

  it("names the file and line of a record whose coordinates do not parse", async () => {
    const file = await handMadePdb();
    const text = await readFile(file, "utf8");
    const broken = text.replace(/^(HETATM {4}4.{24}).{8}/m, "$1   x.yz ");
    await writeFile(file, broken);
    await expect(boxFromLigand(file, ["B:LIG"])).rejects.toThrow(
      /toy\.pdb:4: HETATM record without readable x, y, z/,
    );
  });
});

describe("boxFromCoordinates", () => {
  it("keeps a valid box and warns, as Vina does, above 27,000 Å³", () => {
    const ok = boxFromCoordinates({ x: 1, y: 2, z: 3 }, { x: 30, y: 30, z: 30 });
    expect(ok.warnings).toEqual([]); // exactly 27,000 is Vina's limit, not above it
    const big = boxFromCoordinates({ x: 1, y: 2, z: 3 }, { x: 30, y: 30, z: 30.1 });
    expect(big.warnings).toHaveLength(1);
    expect(big.warnings[0]).toMatch(/27090 Å³ is above Vina's advised 27000/);
    expect(VINA_VOLUME_ADVICE).toBe(30 * 30 * 30);
  });

  it("refuses sizes that are not positive numbers and centres that are not numbers", () => {
    expect(() => boxFromCoordinates({ x: 0, y: 0, z: 0 }, { x: 0, y: 10, z: 10 })).toThrow(
      /size x must be a positive/,
    );
    expect(() => boxFromCoordinates({ x: 0, y: 0, z: 0 }, { x: 10, y: -1, z: 10 })).toThrow(/size y/);
    expect(() => boxFromCoordinates({ x: 0, y: Number.NaN, z: 0 }, { x: 10, y: 10, z: 10 })).toThrow(
      /centre y/,
    );
  });
});

// Real data: PDB 6LU7, SARS-CoV-2 Mpro with the covalent inhibitor N3 (chain C).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const sharedData = process.env.KAKEHASHI_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data");
const mproPdb = path.join(sharedData, "chem", "6lu7_mpro_n3.pdb");
const haveMpro = existsSync(mproPdb);
if (!haveMpro) console.warn(`shared data not found at ${mproPdb}: the 6LU7 box tests did not run`);

/** Coordinates of matching lines, read by splitting on white space (not by pdb.ts's columns). */
async function coordinates(filter: (fields: string[]) => boolean): Promise<number[][]> {
  const text = await readFile(mproPdb, "utf8");
  return text
    .split("\n")
    .filter((l) => l.startsWith("HETATM") || l.startsWith("ATOM"))
    .map((l) => l.trim().split(/\s+/))
    .filter(filter)
    .map((f) => [Number(f[6]), Number(f[7]), Number(f[8])]);
}

describe.skipIf(!haveMpro)("the N3 box in 6LU7", () => {
  it("sits on N3's HETATM centroid, holds every N3 atom with the padding, and holds the catalytic dyad", async () => {
    const box = await boxFromLigand(mproPdb, ["C:*"], 8);
    // N3's HETATM pieces (02J, PJE, 010) in chain C: f[4] is the chain when split on white space
    const het = await coordinates((f) => f[0] === "HETATM" && f[4] === "C" && f[3] !== "HOH");
    expect(het).toHaveLength(29); // HET records of the file: 02J 8 + PJE 13 + 010 8 atoms
    const centroid = [0, 1, 2].map((i) => het.reduce((s, c) => s + (c[i] ?? 0), 0) / het.length);
    const offset = Math.hypot(
      box.center.x - (centroid[0] ?? 0),
      box.center.y - (centroid[1] ?? 0),
      box.center.z - (centroid[2] ?? 0),
    );
    // the box centre is the middle of N3's bounding box, not a centroid: 2.0 Å from the HETATM centroid
    // (PJE's 13 atoms pull it towards S1), far inside a box whose shortest half-edge is 12.7 Å
    expect(offset).toBeCloseTo(2.0, 1);
    const chainC = await coordinates((f) => f[4] === "C" && f[3] !== "HOH");
    expect(chainC).toHaveLength(49);
    expect(box.ligandAtoms).toBe(49);
    for (const [x = 0, y = 0, z = 0] of chainC) {
      expect(Math.abs(x - box.center.x)).toBeLessThanOrEqual(box.size.x / 2 - 8 + 1e-3);
      expect(Math.abs(y - box.center.y)).toBeLessThanOrEqual(box.size.y / 2 - 8 + 1e-3);
      expect(Math.abs(z - box.center.z)).toBeLessThanOrEqual(box.size.z / 2 - 8 + 1e-3);
    }
    // His41 and Cys145 (the catalytic dyad N3 is bonded to, Jin et al. 2020) lie in the box
    const dyad = await coordinates(
      (f) =>
        f[0] === "ATOM" &&
        f[4] === "A" &&
        ((f[3] === "HIS" && f[5] === "41") || (f[3] === "CYS" && f[5] === "145")),
    );
    expect(dyad.length).toBeGreaterThan(10);
    for (const [x = 0, y = 0, z = 0] of dyad) {
      expect(Math.abs(x - box.center.x)).toBeLessThan(box.size.x / 2);
      expect(Math.abs(y - box.center.y)).toBeLessThan(box.size.y / 2);
      expect(Math.abs(z - box.center.z)).toBeLessThan(box.size.z / 2);
    }
    // edges: N3's extent (9.3 × 19.9 × 11.3 Å) + 2 × 8 Å, under Vina's volume advice
    for (const [i, axis] of (["x", "y", "z"] as const).entries()) {
      const values = chainC.map((c) => c[i] ?? 0);
      expect(box.size[axis]).toBeCloseTo(Math.max(...values) - Math.min(...values) + 16, 3);
    }
    expect(box.warnings).toEqual([]);
  });

  it("from the HETATM residue names alone misses ALA-VAL-LEU's outermost atom, 0.96 Å in x", async () => {
    const het = await boxFromLigand(mproPdb, ["02J", "PJE", "010"], 8);
    const whole = await boxFromLigand(mproPdb, ["C:*"], 8);
    expect(het.ligandAtoms).toBe(29);
    const minX = (rows: number[][]) => Math.min(...rows.map((c) => c[0] ?? 0));
    const hetX = minX(await coordinates((f) => f[0] === "HETATM" && f[4] === "C"));
    const allX = minX(await coordinates((f) => f[4] === "C" && f[3] !== "HOH"));
    expect(hetX - allX).toBeCloseTo(0.957, 3);
    expect(whole.size.x - het.size.x).toBeCloseTo(hetX - allX, 3);
    expect(het.size.y).toBe(whole.size.y);
    expect(het.size.z).toBe(whole.size.z);
  });
});
