import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Role } from "@kakehashi/core";
import { type Database, DEMO_ACCOUNTS } from "@kakehashi/store";
import type { Kysely } from "kysely";
import { checkDockingTools } from "../docking/tools.ts";
import { registerLibrary, registerTarget, type ScreenWorkspace, screenDb } from "./catalogue.ts";
import { createScreenRun } from "./runs.ts";

/** The most potent Moonshot Mpro inhibitors (IC50 in µM), the known actives of the report's scenario. */
export const MOONSHOT_MPRO_ACTIVES = [
  {
    id: "MAT-POS-7ed7af85-1 (nirmatrelvir), IC50 0.0027 µM",
    smiles: "CC(C)(C)[C@H](NC(=O)C(F)(F)F)C(=O)N1C[C@H]2[C@@H]([C@H]1C(=O)N[C@H](C#N)C[C@@H]1CCNC1=O)C2(C)C",
  },
  {
    id: "MAT-POS-bf364d7a-1, IC50 0.019 µM",
    smiles: "[H][C@@]1(C(=O)Nc2cncc3ccccc23)CN(S(=O)(=O)CC2(C)CS(=O)(=O)C2)Cc2ccc(Cl)cc21",
  },
  {
    id: "MAT-POS-a54ce14d-2, IC50 0.020 µM",
    smiles: "[H][C@@]1(C(=O)Nc2cncc3ccccc23)CN(CC(=O)NC)C(=O)c2ccc(Cl)cc21",
  },
  {
    id: "STE-KUL-d79e3d6a-3, IC50 0.021 µM",
    smiles: "C#CCCCC(=O)N[C@H](C(=O)N[C@H](CC(C)C)C(=O)NN(CCC(N)=O)C(=O)CCl)C(C)(C)C",
  },
  { id: "MAT-POS-e69ad64a-2, IC50 0.032 µM", smiles: "C=CC(=O)N(C(=O)C1COc2ccc(Cl)cc21)c1cncc2ccccc12" },
];
/** HIV / HCV protease inhibitors the national screen and later studies discussed for Mpro. */
export const MPRO_WATCH_LIST = ["nelfinavir", "lopinavir", "ritonavir", "boceprevir"];

export interface ScreenDemo {
  libraries: number;
  targets: number;
  runs: number;
  /** why something was not registered (no shared data, no docking tools) */
  notes: string[];
}

/**
 * A demo instance's screens: the approved-drug library and the Mpro structure from the shared data sets
 * (when this clone has them) as shared reference entries, and the report's scenario queued for the demo
 * researcher — approved drugs ranked by similarity to Moonshot's best Mpro inhibitors, the top five
 * docked into 6LU7 and the watched protease inhibitors docked as references (when Vina is installed).
 * Runs once: a store that already has a shared library is left alone.
 */
export async function seedScreenDemo(
  db: Kysely<Database>,
  ws: ScreenWorkspace,
  sharedData: string,
): Promise<ScreenDemo> {
  const demo: ScreenDemo = { libraries: 0, targets: 0, runs: 0, notes: [] };
  const existing = await screenDb(db)
    .selectFrom("screen_libraries")
    .select("id")
    .where("organisation_id", "is", null)
    .executeTakeFirst();
  if (existing) return demo;
  const drugsFile = path.join(sharedData, "chem", "drugcentral_2023_structures.smiles.tsv");
  const mproFile = path.join(sharedData, "chem", "6lu7_mpro_n3.pdb");
  if (!existsSync(drugsFile)) {
    demo.notes.push(
      `no approved-drug library: ${drugsFile} is missing (upload a library in the screen page)`,
    );
    return demo;
  }
  const library = await registerLibrary(db, ws, "platform", {
    name: "承認薬 / Approved drugs (DrugCentral 2023)",
    fileName: path.basename(drugsFile),
    content: await readFile(drugsFile, "utf8"),
  });
  demo.libraries++;
  let targetId: string | undefined;
  if (existsSync(mproFile)) {
    const target = await registerTarget(db, ws, "platform", {
      name: "SARS-CoV-2 Mpro (PDB 6LU7, N3 site)",
      fileName: path.basename(mproFile),
      content: await readFile(mproFile, "utf8"),
      defaultChain: "A",
      defaultLigand: ["C:*"],
    });
    targetId = target.id;
    demo.targets++;
  } else demo.notes.push(`no Mpro structure: ${mproFile} is missing`);

  const researcher = await db
    .selectFrom("users")
    .select(["id", "email", "organisation_id"])
    .where("email", "=", DEMO_ACCOUNTS[0]?.email ?? "")
    .executeTakeFirst();
  if (!researcher) return demo;
  let docking = targetId !== undefined;
  if (docking)
    await checkDockingTools().catch((error: Error) => {
      docking = false;
      demo.notes.push(`the demo screen has no docking stage: ${error.message}`);
    });
  await createScreenRun(
    db,
    {
      userId: researcher.id,
      organisationId: researcher.organisation_id,
      roles: ["researcher"] as Role[],
      audit: { id: researcher.id, label: researcher.email },
    },
    {
      name: "既存薬 × SARS-CoV-2 Mpro: Moonshot 阻害薬との類似性とドッキング / Approved drugs against Mpro",
      library: library.id,
      watch: MPRO_WATCH_LIST,
      similarity: { queries: MOONSHOT_MPRO_ACTIVES, fusion: "max", topK: 100 },
      ...(docking && targetId
        ? { docking: { receptor: targetId, topN: 5, exhaustiveness: 8, seed: 42, dockWatched: true } }
        : {}),
    },
  );
  demo.runs++;
  return demo;
}
