import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseSdf, parseSmilesLines, parseTable, readMoleculeFile } from "./records.ts";
import { drugCentralFile, haveChemData, moonshotFile } from "./testSupport.ts";

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});
async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "kh-chem-"));
  temps.push(dir);
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

const ETHANOL_MOLBLOCK = `ethanol
     RDKit          2D

  3  2  0  0  0  0  0  0  0  0999 V2000
    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    1.2990    0.7500    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    2.5981   -0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
  1  2  1  0
  2  3  1  0
M  END`;

describe("SMILES lines", () => {
  it("reads SMILES and names with their line numbers, skipping a header, comments and blank lines", () => {
    const text = "# made by hand\nsmiles name\nCCO ethanol\n\n# a comment\nc1ccccc1 benzene ring\nCC(=O)O\n";
    const { records, failures } = parseSmilesLines(text, "/x/set.smi");
    expect(failures).toEqual([]);
    expect(records.map((r) => [r.line, r.structure, r.id, r.name])).toEqual([
      [3, "CCO", "ethanol", "ethanol"],
      [6, "c1ccccc1", "benzene ring", "benzene ring"],
      [7, "CC(=O)O", "set.smi:7", "set.smi:7"],
    ]);
    expect(records[0]?.format).toBe("smiles");
  });
});

describe("tables with a SMILES column", () => {
  it("finds the SMILES, id and name columns and keeps the others as fields", () => {
    const csv =
      'Compound_ID,SMILES,Name,IC50\nA-1,CCO,"ethanol, absolute",12.5\nA-2,,empty,3\nA-3,"c1ccccc1",benzene,> 99.5\n';
    const { records, failures } = parseTable(csv, "assay.csv");
    expect(records.map((r) => [r.line, r.id, r.name, r.structure, r.fields.IC50])).toEqual([
      [2, "A-1", "ethanol, absolute", "CCO", "12.5"],
      [4, "A-3", "benzene", "c1ccccc1", "> 99.5"],
    ]);
    expect(failures).toEqual([
      { source: "assay.csv", line: 3, id: "A-2", input: "A-2,,empty,3", reason: "empty SMILES cell" },
    ]);
  });

  it("counts lines of quoted fields that span lines", () => {
    const csv = 'id,smiles,note\n1,CCO,"two\nlines"\n2,CCN,x\n';
    expect(parseTable(csv, "t.csv").records.map((r) => [r.id, r.line])).toEqual([
      ["1", 2],
      ["2", 4],
    ]);
  });

  it("uses columns named by the caller and refuses one that is missing", () => {
    const tsv = "structure_smiles\tother_smiles\tcode\nCCO\tCCC\tX1\n";
    const picked = parseTable(tsv, "t.tsv", {
      delimiter: "\t",
      columns: { smiles: "other_smiles", id: "code" },
    });
    expect(picked.records.map((r) => [r.structure, r.id])).toEqual([["CCC", "X1"]]);
    expect(() => parseTable(tsv, "t.tsv", { delimiter: "\t", columns: { smiles: "nope" } })).toThrow(
      /no SMILES column "nope"/,
    );
    expect(() => parseTable("a,b\n1,2\n", "t.csv")).toThrow(/t\.csv: no SMILES column/);
  });

  it("reports a broken CSV with its file and line", () => {
    expect(() => parseTable('smiles,id\nCCO,"1\nCCN,2\n', "bad.csv")).toThrow(
      /bad\.csv: line \d+: .*Quote Not Closed/,
    );
  });
});

describe("SD files", () => {
  it("reads molblocks, titles and data items, and reports a record without M  END", () => {
    const sdf = [
      ETHANOL_MOLBLOCK,
      "> <ID>",
      "E-1",
      "",
      "> <NOTE>",
      "first line",
      "second line",
      "",
      "$$$$",
      "broken record",
      "  no counts line here",
      "$$$$",
      ETHANOL_MOLBLOCK.replace("ethanol", ""),
      "$$$$",
      "",
    ].join("\n");
    const { records, failures } = parseSdf(sdf, "lib.sdf", { idField: "ID" });
    expect(records.map((r) => [r.record, r.line, r.id, r.name, r.format])).toEqual([
      [1, 1, "E-1", "ethanol", "molblock"],
      [3, 22, "lib.sdf#3", "lib.sdf#3", "molblock"],
    ]);
    expect(records[0]?.fields).toEqual({ ID: "E-1", NOTE: "first line\nsecond line" });
    expect(records[0]?.structure.endsWith("M  END")).toBe(true);
    expect(failures).toEqual([
      expect.objectContaining({
        source: "lib.sdf",
        line: 19,
        record: 2,
        reason: 'molblock has no "M  END" line',
      }),
    ]);
  });
});

describe("readMoleculeFile", () => {
  it("chooses the reader by extension and names a missing or unknown file", async () => {
    const smi = await tempFile("a.smi", "CCO ethanol\n");
    expect((await readMoleculeFile(smi)).records[0]?.id).toBe("ethanol");
    const tsvAsSmiles = await tempFile("b.smiles", "SMILES\tID\nCCO\t7\n");
    expect((await readMoleculeFile(tsvAsSmiles)).records[0]?.id).toBe("7");
    const sdf = await tempFile("c.sdf", `${ETHANOL_MOLBLOCK}\n$$$$\n`);
    expect((await readMoleculeFile(sdf)).records[0]?.name).toBe("ethanol");
    await expect(readMoleculeFile("/nonexistent/x.smi")).rejects.toThrow(
      /cannot read compound file \/nonexistent\/x\.smi/,
    );
    const other = await tempFile("d.xyz", "");
    await expect(readMoleculeFile(other)).rejects.toThrow(/unknown compound file type/);
  });
});

describe.skipIf(!haveChemData)("real compound files", () => {
  it("reads DrugCentral's TSV: 3,949 structures with DrugCentral id and INN", async () => {
    const { records, failures } = await readMoleculeFile(drugCentralFile);
    expect(failures).toEqual([]);
    expect(records.length).toBe(3949);
    const first = records[0];
    expect([first?.line, first?.id, first?.name]).toEqual([2, "4", "levobupivacaine"]);
    expect(first?.fields.InChIKey).toBe("LEBVLXFERQHONN-INIZCTEOSA-N");
    expect(records.find((r) => r.name === "nelfinavir")).toBeDefined();
  });

  it("reads a COVID Moonshot CSV with PostEra ids and IC50 fields", async () => {
    const { records, failures } = await readMoleculeFile(moonshotFile);
    expect(records.length + failures.length).toBe(2146);
    expect(records[0]?.id).toBe("WIL-UNI-1faa9b10-57");
    expect(records[0]?.fields["IC50_(µM)"]).toBe("> 99.5");
  });
});
