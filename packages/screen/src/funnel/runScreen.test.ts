import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { hitsCsv } from "./exportHits.ts";
import { screenReportHtml } from "./Report.ts";
import { runScreen } from "./runScreen.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const sharedData = process.env.KAKEHASHI_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data");
const mpro = path.join(sharedData, "chem", "6lu7_mpro_n3.pdb");
const haveChem = existsSync(mpro);
if (!haveChem)
  console.warn(`shared data not found at ${path.dirname(mpro)}: the screen funnel test did not run`);

const folder = mkdtempSync(path.join(tmpdir(), "kh-screen-funnel-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// a small library: three HIV/HCV protease inhibitors, small drugs, a PAINS catechol, a salt and a bad line
const LIBRARY = `SMILES\tID\tINN
CC(C)(C)NC(=O)C1CC2CCCCC2CN1CC(O)C(CC1=CC=CC=C1)NC(=O)C(CC(N)=O)NC(=O)C1=NC2=CC=CC=C2C=C1\t1\tsaquinavir
CC1(C2C1C(N(C2)C(=O)C(C(C)(C)C)NC(=O)NC(C)(C)C)C(=O)NC(CC3CCC3)C(=O)C(=O)N)C\t2\tboceprevir
CC(=O)OC1=CC=CC=C1C(=O)O\t3\taspirin
CN1C=NC2=C1C(=O)N(C(=O)N2C)C\t4\tcaffeine
OC1=CC=CC=C1O\t5\tcatechol
[Na+].CC(=O)[O-]\t6\tsodium acetate
C1CC1(\t7\tbroken
`;

describe.skipIf(!haveChem)("a screen definition run end to end on Mpro (6LU7)", () => {
  it("filters, ranks by similarity to a known inhibitor, docks the best one, and says where each compound stopped", async () => {
    writeFileSync(path.join(folder, "library.tsv"), LIBRARY);
    const result = await runScreen(
      {
        name: "mini Mpro screen",
        library: "library.tsv",
        watch: ["saquinavir", "catechol", "sodium acetate", "nelfinavir"],
        filters: { excludeAlerts: true },
        similarity: {
          // nirmatrelvir
          queries: [
            {
              id: "nirmatrelvir",
              smiles:
                "CC(C)(C)[C@H](NC(=O)C(F)(F)F)C(=O)N1C[C@H]2[C@@H]([C@H]1C(=O)N[C@H](C#N)C[C@@H]1CCNC1=O)C2(C)C",
            },
          ],
          topK: 4,
        },
        docking: {
          receptor: mpro,
          chain: "A",
          box: { ligandResidues: ["C:*"], padding: 6 },
          topN: 1,
          exhaustiveness: 1,
          seed: 7,
          dockWatched: true,
        },
      },
      { cacheDir: path.join(folder, "cache"), baseDir: folder, workers: 2 },
    );
    const [library, filters, similarity, docking] = result.attrition;
    // the unparsable line is reported with its line number, the salt is standardised to acetic acid
    expect(library).toMatchObject({ stage: "library", in: 7, out: 6 });
    expect(result.failures.find((f) => f.stage === "library")).toMatchObject({ line: 8 });
    expect(filters).toMatchObject({ stage: "filters", in: 6, out: 5 });
    expect(filters?.reasons["PAINS alert"]).toBe(1);
    expect(similarity).toMatchObject({ in: 5, out: 4 });
    expect(docking).toMatchObject({ in: 4, out: 1 });
    // boceprevir (the peptidomimetic protease inhibitor) is the most similar to nirmatrelvir and is docked
    expect(result.hits.map((h) => h.name)).toContain("boceprevir");
    for (const h of result.hits) {
      expect(h.docking?.score).toBeLessThan(0);
      expect(existsSync(h.docking?.posePath as string)).toBe(true);
    }
    const watched = Object.fromEntries(result.watched.map((w) => [w.query, w]));
    expect(watched.catechol?.stoppedBecause).toMatch(/^PAINS alert: catechol/);
    expect(watched["sodium acetate"]?.reached).toBe("filters");
    expect(watched["sodium acetate"]?.stoppedBecause).toMatch(/not among the 4 most similar/);
    expect(watched.saquinavir?.stoppedBecause).toMatch(/ranked below the top 1 sent to docking/);
    expect(watched.nelfinavir).toMatchObject({ found: false });
    // how similar each watched compound was, and to which active; the ones that stopped are docked as references
    expect(watched["sodium acetate"]?.similarityRank).toBe(5);
    expect(watched.saquinavir?.similarityRank).toBeLessThanOrEqual(4);
    expect(watched.saquinavir?.closestActive?.query).toBe("nirmatrelvir");
    expect(watched.catechol?.similarityRank).toBeUndefined();
    const hitScore = result.hits[0]?.docking?.score as number;
    for (const name of ["saquinavir", "catechol", "sodium acetate"]) {
      const reference = watched[name]?.reference;
      expect(reference?.score).toBeLessThan(0);
      expect(reference?.wouldRank).toBe((reference?.score as number) < hitScore ? 1 : 2);
      expect(watched[name]?.rank).toBeUndefined();
    }
    expect(result.hits).toHaveLength(1);

    const csv = hitsCsv(result);
    expect(csv.split("\n")[0]).toBe(
      "rank,id,name,smiles,similarity,most_similar_query,vina_score_kcal_mol,pose_file,pains_alerts,rule_violations",
    );
    const html = await screenReportHtml(result, { engineVersion: "test", generatedAt: "now" });
    expect(html).toContain("<svg");
    expect(html).toContain("PAINS alert: catechol");
  }, 240_000);
});
