import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onBits } from "./fingerprint.ts";
import {
  buildLibrary,
  deserialiseLibrary,
  loadLibrary,
  type MoleculeLibrary,
  saveLibrary,
  serialiseLibrary,
} from "./library.ts";
import { parseSdf, parseSmilesLines } from "./records.ts";
import { similaritySearch } from "./similarity.ts";

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

// lines 3, 5 and 6 are bad: an unclosed ring, a five-valent nitrogen, an aromatic ring that cannot be kekulised
const SMILES_FILE = [
  "smiles name",
  "CC(=O)Oc1ccccc1C(=O)O aspirin",
  "C1CC broken-ring",
  "CC(C)Cc1ccc(cc1)C(C)C(=O)[O-].[Na+] ibuprofen-sodium",
  "CN(C)(C)(C)C pentavalent",
  "c1cccc1 bad-aromatic",
  "",
  "C[NH+](C)CCCN1c2ccccc2CCc2ccccc21.[Cl-] imipramine-hcl",
].join("\n");

describe("buildLibrary on a small file with bad lines", () => {
  const records = parseSmilesLines(SMILES_FILE, "/data/drugs.smi");
  let library: MoleculeLibrary;
  beforeAll(async () => {
    library = await buildLibrary(records);
  });

  it("loads the good molecules, standardised (salts stripped, charges neutralised)", () => {
    expect(library.molecules.map((m) => [m.name, m.line, m.smiles])).toEqual([
      ["aspirin", 2, "CC(=O)Oc1ccccc1C(=O)O"],
      ["ibuprofen-sodium", 4, "CC(C)Cc1ccc(C(C)C(=O)O)cc1"],
      ["imipramine-hcl", 8, "CN(C)CCCN1c2ccccc2CCc2ccccc21"],
    ]);
  });

  it("reports every bad line with its file, line and RDKit's reason", () => {
    expect(library.failures.map((f) => [f.source, f.line, f.id])).toEqual([
      ["/data/drugs.smi", 3, "broken-ring"],
      ["/data/drugs.smi", 5, "pentavalent"],
      ["/data/drugs.smi", 6, "bad-aromatic"],
    ]);
    expect(library.failures[0]?.reason).toMatch(/unclosed ring/);
    expect(library.failures[1]?.reason).toMatch(
      /Explicit valence for atom # 1 N, 5, is greater than permitted/,
    );
    expect(library.failures[2]?.reason).toMatch(/Can't kekulize mol/);
  });

  it("packs one 2048-bit fingerprint per molecule and counts its bits", () => {
    expect(library.parameters).toMatchObject({ fingerprint: "morgan", radius: 2, nBits: 2048 });
    expect(library.fingerprints.length).toBe(3 * 64);
    for (let i = 0; i < 3; i++)
      expect(library.bitCounts[i]).toBe(onBits(library.fingerprints.subarray(i * 64, (i + 1) * 64)).length);
    expect(library.bitCounts[0]).toBeGreaterThan(10);
  });

  it("computes drug-likeness properties", () => {
    const aspirin = library.molecules[0]?.properties;
    expect(aspirin?.mw).toBeCloseTo(180.159, 3);
    expect([aspirin?.hbd, aspirin?.hba, aspirin?.rotatableBonds]).toEqual([1, 4, 2]);
  });

  it("versions the library by its canonical SMILES and fingerprint parameters", async () => {
    const expected = createHash("sha256")
      .update(library.molecules.map((m) => `${m.smiles}\n`).join(""))
      .update(
        JSON.stringify({
          fingerprint: "morgan",
          radius: 2,
          nBits: 2048,
          rdkit: library.parameters.rdkit,
          standardiser: library.parameters.standardiser,
        }),
      )
      .digest("hex");
    expect(library.version).toBe(expected);
    const again = await buildLibrary(records);
    expect(again.version).toBe(library.version);
    const radius3 = await buildLibrary(records, { radius: 3, nBits: 1024, properties: false });
    expect(radius3.version).not.toBe(library.version);
    expect(radius3.fingerprints.length).toBe(3 * 32);
    expect(radius3.molecules[0]?.properties).toBeUndefined();
  });

  it("is searched with SMILES queries standardised like the library", async () => {
    // aspirin's sodium salt standardises to aspirin, so it finds aspirin with similarity 1
    const [best, ...rest] = await similaritySearch(library, ["CC(=O)Oc1ccccc1C(=O)[O-].[Na+]"], { topK: 3 });
    expect([best?.molecule.name, best?.similarity, best?.bestQuery]).toEqual(["aspirin", 1, 0]);
    expect(rest.every((h) => h.similarity < 0.5)).toBe(true);
    await expect(similaritySearch(library, ["CCO", "C1CC"])).rejects.toThrow(
      /query 2 \("C1CC"\) is not a valid molecule: .*unclosed ring/,
    );
  });

  it("refuses fingerprint lengths that do not pack into words", async () => {
    await expect(buildLibrary(records, { nBits: 1000 })).rejects.toThrow(/multiple of 32/);
  });

  it("serialises to a JSON header plus binary fingerprints and reads back the same library", async () => {
    const bytes = serialiseLibrary(library);
    const back = deserialiseLibrary(bytes);
    expect(back.version).toBe(library.version);
    expect(back.molecules).toEqual(library.molecules);
    expect(back.failures).toEqual(library.failures);
    expect([...back.fingerprints]).toEqual([...library.fingerprints]);
    expect([...back.bitCounts]).toEqual([...library.bitCounts]);
    // fingerprints are stored as raw words, so the file is about header + 256 bytes per molecule
    const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
    expect(bytes.length).toBeLessThanOrEqual(12 + headerLength + 3 + 3 * 256);

    const dir = await mkdtemp(path.join(tmpdir(), "kh-lib-"));
    temps.push(dir);
    const file = path.join(dir, "drugs.kkhlib");
    await saveLibrary(library, file);
    expect((await loadLibrary(file)).version).toBe(library.version);
  });

  it("refuses a damaged or foreign file with a reason", async () => {
    const bytes = serialiseLibrary(library);
    const flipped = bytes.slice();
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
    expect(() => deserialiseLibrary(flipped, "x.kkhlib")).toThrow(
      /x\.kkhlib: .*fingerprint checksum mismatch/,
    );
    expect(() => deserialiseLibrary(bytes.subarray(0, bytes.length - 4))).toThrow(/fingerprint bytes/);
    expect(() => deserialiseLibrary(new TextEncoder().encode("hello world!"))).toThrow(/bad magic/);
    const dir = await mkdtemp(path.join(tmpdir(), "kh-lib-"));
    temps.push(dir);
    const file = path.join(dir, "edited.kkhlib");
    // editing a SMILES in the header breaks the version check
    const text = Buffer.from(bytes)
      .toString("latin1")
      .replace("CC(=O)Oc1ccccc1C(=O)O", "CC(=O)Oc1ccccc1C(=O)N");
    await writeFile(file, Buffer.from(text, "latin1"));
    await expect(loadLibrary(file)).rejects.toThrow(/version does not match/);
    await expect(loadLibrary(path.join(dir, "missing.kkhlib"))).rejects.toThrow(
      /cannot read molecule library .*missing/,
    );
    expect((await readFile(file)).length).toBe(bytes.length);
  });
});

describe("buildLibrary on an SD file", () => {
  it("names molecules by title and reports bad records by record number", async () => {
    const good = `aspirin\n     RDKit          2D\n\n${"  0  0  0  0  0  0  0  0  0  0999 V2000"}\nM  END`;
    const sdf = [
      "ethanol",
      "",
      "",
      "  3  2  0  0  0  0  0  0  0  0999 V2000",
      "    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0",
      "    1.2990    0.7500    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0",
      "    2.5981   -0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0",
      "  1  2  1  0",
      "  2  3  1  0",
      "M  END",
      "$$$$",
      good,
      "$$$$",
    ].join("\n");
    const library = await buildLibrary(parseSdf(sdf, "set.sdf"), { properties: false });
    expect(library.molecules.map((m) => [m.name, m.smiles, m.line])).toEqual([["ethanol", "CCO", 1]]);
    expect(library.failures).toEqual([
      expect.objectContaining({
        source: "set.sdf",
        record: 2,
        line: 12,
        id: "aspirin",
        reason: expect.stringMatching(/no atoms/),
      }),
    ]);
  });
});
