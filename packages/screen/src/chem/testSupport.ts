/** Test helpers: where the shared real data sets are, and samples of them. Not part of the public API. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
/** ../shared/data beside the clone, or KAKEHASHI_SHARED_DATA (CI always has it). */
export const sharedData = process.env.KAKEHASHI_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data");
export const drugCentralFile = path.join(sharedData, "chem", "drugcentral_2023_structures.smiles.tsv");
export const moonshotFile = path.join(sharedData, "chem", "moonshot_mpro_noncovalent_2023-10-18.csv");
export const haveChemData = existsSync(drugCentralFile) && existsSync(moonshotFile);
if (!haveChemData)
  console.warn(
    `shared chemistry data not found under ${sharedData}: the tests on DrugCentral/Moonshot did not run`,
  );

/** RDKit's PAINS example molecules shipped by Debian's rdkit-data (one per alert, for most alerts). */
export const painsExamplesFile = "/usr/share/RDKit/Data/Pains/test_data/test_set3.txt";

export interface DrugRow {
  line: number;
  smiles: string;
  id: string;
  name: string;
}

/** DrugCentral rows (SMILES, id, INN); `every` takes each n-th row for a deterministic spread sample. */
export function drugCentralRows(every = 1): DrugRow[] {
  const lines = readFileSync(drugCentralFile, "utf8").split("\n");
  const rows: DrugRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = (lines[i] ?? "").split("\t");
    if (!cells[0]) continue;
    if ((i - 1) % every === 0)
      rows.push({ line: i + 1, smiles: cells[0], id: cells[3] ?? "", name: cells[4] ?? "" });
  }
  return rows;
}
