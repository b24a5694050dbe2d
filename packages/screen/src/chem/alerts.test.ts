import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { alertsForMol, PAINS_ALERTS, structuralAlerts } from "./alerts.ts";
import { PYTHON_PRELUDE, runPythonRdkit } from "./pythonRdkit.ts";
import { loadRDKit, type RDKitModule, withMol } from "./rdkit.ts";
import { drugCentralRows, haveChemData, painsExamplesFile } from "./testSupport.ts";

/** Python: the descriptions of RDKit's FilterCatalog PAINS entries that match each molecule. */
const PYTHON_PAINS = `${PYTHON_PRELUDE}
from rdkit.Chem.FilterCatalog import FilterCatalog, FilterCatalogParams
p = FilterCatalogParams(); p.AddCatalog(FilterCatalogParams.FilterCatalogs.PAINS)
catalog = FilterCatalog(p)
print(json.dumps([sorted({e.GetDescription() for e in catalog.GetMatches(Chem.MolFromSmiles(s))}) for s in data]))
`;

let rdkit: RDKitModule;
beforeAll(async () => {
  rdkit = await loadRDKit();
});

function ourAlerts(smiles: string): string[] {
  return [
    ...new Set(withMol(rdkit, smiles, (mol) => alertsForMol(rdkit, mol)).map((a) => a.alert.id)),
  ].sort();
}

describe("PAINS definitions", () => {
  it("has RDKit's 480 alerts in families A, B and C as RDKit's PAINS_A/B/C catalogs", () => {
    const families = runPythonRdkit<Record<string, string[]>>(
      `${PYTHON_PRELUDE}
from rdkit.Chem.FilterCatalog import FilterCatalog, FilterCatalogParams
out = {}
for fam in ['A', 'B', 'C']:
    p = FilterCatalogParams(); p.AddCatalog(getattr(FilterCatalogParams.FilterCatalogs, 'PAINS_' + fam))
    c = FilterCatalog(p)
    out[fam] = sorted(c.GetEntryWithIdx(i).GetDescription() for i in range(c.GetNumEntries()))
print(json.dumps(out))
`,
      null,
    );
    expect(PAINS_ALERTS.length).toBe(480);
    for (const family of ["A", "B", "C"] as const)
      expect(
        PAINS_ALERTS.filter((a) => a.family === family)
          .map((a) => a.id)
          .sort(),
      ).toEqual(families[family]);
    expect(Object.values(families).map((f) => f.length)).toEqual([16, 55, 409]);
  });

  it("finds a textbook alert: the 5-benzylidene rhodanine (ene_rhod_A)", async () => {
    const found = await structuralAlerts("S=C1SC(=Cc2ccccc2)C(=O)N1");
    expect(found.map((a) => [a.alert.name, a.alert.family])).toEqual([["ene_rhod_A", "A"]]);
    // the match covers the rhodanine ring atoms (heavy atoms only)
    expect(found[0]?.atoms).toEqual(expect.arrayContaining([0, 1, 2, 3, 4]));
    expect(await structuralAlerts("CC(=O)Oc1ccccc1C(=O)O")).toEqual([]);
  });
});

describe.skipIf(!existsSync(painsExamplesFile))("PAINS alerts on RDKit's example molecules", () => {
  it("fire exactly as RDKit's FilterCatalog(PAINS) on one example per alert", () => {
    // test_set3.txt: "<index> <regId> <SMILES> <source> <source id>", one molecule per alert
    const examples = readFileSync(painsExamplesFile, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "" && !l.startsWith("#"))
      .map((l) => l.trim().split(/\s+/))
      .map(([index, , smiles]) => ({ index: Number(index), smiles: smiles as string }));
    const expected = runPythonRdkit<string[][]>(
      PYTHON_PAINS,
      examples.map((e) => e.smiles),
    );
    const covered = new Set<string>();
    for (const [i, e] of examples.entries()) {
      const mine = ourAlerts(e.smiles);
      expect(mine, e.smiles).toEqual(expected[i]);
      // and the example fires the alert it was chosen for
      expect(mine).toContain(PAINS_ALERTS[e.index]?.id);
      for (const id of mine) covered.add(id);
    }
    console.info(
      `PAINS examples: ${examples.length} molecules, ${covered.size} of 480 alerts exercised, all as RDKit`,
    );
    expect(covered.size).toBeGreaterThan(450);
  });
});

describe.skipIf(!haveChemData)("PAINS alerts on DrugCentral", () => {
  it("fire exactly as RDKit's FilterCatalog(PAINS) on every 24th drug", () => {
    const drugs = drugCentralRows(24);
    const expected = runPythonRdkit<string[][]>(
      PYTHON_PAINS,
      drugs.map((d) => d.smiles),
    );
    let flagged = 0;
    for (const [i, d] of drugs.entries()) {
      const mine = ourAlerts(d.smiles);
      expect(mine, `${d.name} ${d.smiles}`).toEqual(expected[i]);
      if (mine.length > 0) flagged++;
    }
    console.info(`PAINS on ${drugs.length} DrugCentral drugs: ${flagged} flagged, identical to RDKit`);
    expect(flagged).toBeGreaterThan(3);
  });
});
