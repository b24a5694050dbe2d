/**
 * Docking throughput on SARS-CoV-2 Mpro (6LU7, N3 box + 8 Å): seconds per ligand and ligands per minute.
 *
 *   npx tsx packages/screen/src/docking/bench.ts [ligands=10] [workers=2] [exhaustiveness=8] [rdkit|obabel]
 *
 * Ligands are every n-th row of DrugCentral (a fixed, spread-out sample); the cache is a fresh temporary
 * folder, so every ligand is prepared and docked.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { boxFromLigand } from "./box.ts";
import { dockLibrary, type LibraryLigand } from "./dock.ts";
import { prepareReceptor } from "./receptor.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const sharedData = process.env.KAKEHASHI_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data");
const [count = 10, workers = 2, exhaustiveness = 8] = process.argv.slice(2, 5).map(Number);
const embedder = process.argv[5] === "obabel" ? "obabel" : "rdkit";

const tsv = await readFile(path.join(sharedData, "chem", "drugcentral_2023_structures.smiles.tsv"), "utf8");
const rows = tsv
  .split("\n")
  .slice(1)
  .filter((l) => l.trim() !== "")
  .map((l) => l.split("\t"));
const step = Math.max(1, Math.floor(rows.length / count));
const library: LibraryLigand[] = rows
  .filter((_, i) => i % step === 0)
  .slice(0, count)
  .map((r) => ({ id: r[4] ?? r[3] ?? "?", smiles: r[0] ?? "" }));

const cacheDir = await mkdtemp(path.join(tmpdir(), "kh-dock-bench-"));
try {
  const pdb = path.join(sharedData, "chem", "6lu7_mpro_n3.pdb");
  const receptor = await prepareReceptor(pdb, { chain: "A" }, cacheDir);
  const box = await boxFromLigand(pdb, ["C:*"], 8);
  const started = performance.now();
  const run = await dockLibrary(receptor, library, box, {
    exhaustiveness,
    workers,
    embedder,
    cacheDir,
    onProgress: (p) => console.log(`${p.done}/${p.total} ${p.id} ${p.outcome}`),
  });
  const minutes = (performance.now() - started) / 60_000;
  for (const r of run.results) console.log(`${r.id}\t${r.score}\t${r.seconds} s`);
  for (const f of run.failures) console.log(`${f.id}\tFAILED ${f.stage}: ${f.reason.slice(0, 160)}`);
  console.log(
    `${library.length} ligands, ${workers} workers, exhaustiveness ${exhaustiveness}, ${embedder} 3D, box ` +
      `${box.size.x}×${box.size.y}×${box.size.z} Å: ${(minutes * 60).toFixed(0)} s, ` +
      `${(library.length / minutes).toFixed(2)} ligands/min; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
  );
} finally {
  await rm(cacheDir, { recursive: true, force: true });
}
