/**
 * Timings of the chemistry core on real data (run: npx tsx packages/screen/src/chem/benchmark.ts).
 * DrugCentral's 3,949 approved drugs are read, standardised and fingerprinted; a one-million-molecule library
 * is made by repeating their fingerprints and searched with Moonshot Mpro inhibitors as queries (not in the
 * library, so that the ranking is not a run of exact copies).
 */
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { morganFingerprint, wordsPerFingerprint } from "./fingerprint.ts";
import { buildLibrary, libraryFromParts, loadLibrary, saveLibrary } from "./library.ts";
import { loadRDKit, withMol } from "./rdkit.ts";
import { readMoleculeFile } from "./records.ts";
import { searchFingerprints, similarityScores, similaritySearch } from "./similarity.ts";
import { drugCentralFile, haveChemData, moonshotFile } from "./testSupport.ts";

async function time<T>(label: string, run: () => T | Promise<T>, repeats = 1): Promise<T> {
  let best = Number.POSITIVE_INFINITY;
  let result: T | undefined;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    result = await run();
    best = Math.min(best, performance.now() - t0);
  }
  console.log(
    `${label.padEnd(64)} ${best.toFixed(0).padStart(7)} ms${repeats > 1 ? ` (best of ${repeats})` : ""}`,
  );
  return result as T;
}

async function main(): Promise<void> {
  if (!haveChemData) throw new Error(`shared data not found (${drugCentralFile})`);
  const rdkit = await time("RDKit.js initialisation", () => loadRDKit());
  const drugs = await time("read DrugCentral TSV (3,949 rows)", () => readMoleculeFile(drugCentralFile));
  await time("parse + Morgan r=2/2048 fingerprint, 3,949 drugs (no standardisation)", () => {
    for (const r of drugs.records) withMol(rdkit, r.structure, (mol) => morganFingerprint(mol));
  });
  const library = await time("buildLibrary: standardise + fingerprint, 3,949 drugs", () =>
    buildLibrary(drugs, { properties: false }),
  );
  await time("buildLibrary with properties (RDKit descriptors), 3,949 drugs", () => buildLibrary(drugs));
  const file = path.join(tmpdir(), `kh-bench-${process.pid}.kkhlib`);
  await time("saveLibrary (3,949)", () => saveLibrary(library, file));
  const size = (await readFile(file)).length;
  await time(`loadLibrary (3,949; ${(size / 1024).toFixed(0)} KiB)`, () => loadLibrary(file), 5);
  await rm(file);

  const words = wordsPerFingerprint(library.parameters.nBits);
  const n = 1_000_000;
  const big = await time("assemble 1,000,000 fingerprints by repetition", () => {
    const fps = new Uint32Array(n * words);
    const molecules = new Array(n);
    for (let i = 0; i < n; i++) {
      const j = i % library.molecules.length;
      fps.set(library.fingerprints.subarray(j * words, (j + 1) * words), i * words);
      molecules[i] = library.molecules[j];
    }
    return libraryFromParts(molecules, fps, library.parameters);
  });
  const moonshot = await readMoleculeFile(moonshotFile);
  const queries = moonshot.records.filter((_, i) => i % 97 === 0).slice(0, 10);
  const queryFps = (
    await Promise.all(
      queries.map((q) =>
        buildLibrary([q], { properties: false }).then((l) => l.fingerprints.slice(0, words) as Uint32Array),
      ),
    )
  ).filter((f) => f.length === words);
  const one = queryFps.slice(0, 1);
  await time(
    "1M × 1 query: Tanimoto to every molecule",
    () => similarityScores(big, one[0] as Uint32Array),
    3,
  );
  await time("1M × 1 query: top 100", () => searchFingerprints(big, one, { topK: 100 }), 3);
  await time("1M × 1 query: top 100, SMILES query (standardised first)", () =>
    similaritySearch(big, [queries[0]?.structure as string], { topK: 100 }),
  );
  await time(
    "1M × 10 queries: top 100, max fusion",
    () => searchFingerprints(big, queryFps, { topK: 100 }),
    3,
  );
  await time(
    "1M × 10 queries: top 100, mean fusion",
    () => searchFingerprints(big, queryFps, { topK: 100, fusion: "mean" }),
    3,
  );
  const hits = searchFingerprints(big, queryFps, { topK: 3 });
  for (const h of hits)
    console.log(
      `  hit ${h.molecule.name} ${h.similarity.toFixed(3)} (best query ${queries[h.bestQuery]?.id})`,
    );
}

await main();
