/**
 * Similarity search speed beside RDKit's own C++ (Debian python3-rdkit, DataStructs.BulkTanimotoSimilarity)
 * on the same fingerprints in the same run, and an enrichment benchmark on the COVID Moonshot Mpro data.
 *  1. DrugCentral's 3,949 approved drugs (Morgan r = 2, 2048 bits), and a 1,000,000-fingerprint library
 *     made by repeating them; 1 query and 10 queries (Moonshot inhibitors, not in the library).
 *  2. Moonshot: the five most potent inhibitors are the queries; every other compound with a measured IC50
 *     is ranked by its largest Tanimoto similarity to them; actives are IC50 < BENCH_ACTIVE_UM (default 1 µM).
 *
 *   npm run bench:screen
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildLibrary,
  libraryFromParts,
  onBits,
  readMoleculeFile,
  searchFingerprints,
  similarityScores,
  summarizeEnrichment,
  wordsPerFingerprint,
} from "@kakehashi/screen";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const chem = path.join(process.env.KAKEHASHI_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data"), "chem");
const ACTIVE_UM = Number(process.env.BENCH_ACTIVE_UM ?? 1);
const N = 1_000_000;

function best(run: () => unknown, repeats = 3): number {
  let t = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    run();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

const drugs = await buildLibrary(
  await readMoleculeFile(path.join(chem, "drugcentral_2023_structures.smiles.tsv")),
  {
    properties: false,
  },
);
const moonshot = await readMoleculeFile(path.join(chem, "moonshot_mpro_noncovalent_2023-10-18.csv"));
const measured = moonshot.records
  .map((r) => ({ r, ic50: Number(r.fields["IC50_(µM)"]) }))
  .filter((x) => Number.isFinite(x.ic50))
  .sort((a, b) => a.ic50 - b.ic50);
const mlib = await buildLibrary(
  measured.map((x) => x.r),
  { properties: false },
);
const words = wordsPerFingerprint(drugs.parameters.nBits);
const fp = (lib: typeof drugs, i: number) => lib.fingerprints.slice(i * words, (i + 1) * words);

// 1. speed
const queries = Array.from({ length: 10 }, (_, i) => fp(mlib, i * 37));
const fps = new Uint32Array(N * words);
const molecules = new Array(N);
for (let i = 0; i < N; i++) {
  const j = i % drugs.molecules.length;
  fps.set(drugs.fingerprints.subarray(j * words, (j + 1) * words), i * words);
  molecules[i] = drugs.molecules[j];
}
const big = libraryFromParts(molecules, fps, drugs.parameters);
const ours = {
  drugs1: best(() => similarityScores(drugs, queries[0] as Uint32Array), 5),
  big1: best(() => similarityScores(big, queries[0] as Uint32Array)),
  big1top: best(() => searchFingerprints(big, queries.slice(0, 1), { topK: 100 })),
  big10: best(() => {
    for (const q of queries) similarityScores(big, q);
  }, 1),
  big10top: best(() => searchFingerprints(big, queries, { topK: 100 }), 1),
};
const script = `
import json, sys, time
from rdkit import DataStructs
d = json.load(sys.stdin)
def bv(bits):
    v = DataStructs.ExplicitBitVect(d["nBits"]); v.SetBitsFromList(bits); return v
lib = [bv(b) for b in d["library"]]; qs = [bv(b) for b in d["queries"]]
big = [lib[i % len(lib)] for i in range(d["N"])]
def best(f, r=3):
    t = 1e9
    for _ in range(r):
        t0 = time.perf_counter(); f(); t = min(t, time.perf_counter() - t0)
    return 1000 * t
print(json.dumps({
  "drugs1": best(lambda: DataStructs.BulkTanimotoSimilarity(qs[0], lib), 5),
  "big1": best(lambda: DataStructs.BulkTanimotoSimilarity(qs[0], big)),
  "big10": best(lambda: [DataStructs.BulkTanimotoSimilarity(q, big) for q in qs], 1),
  "check": DataStructs.BulkTanimotoSimilarity(qs[0], lib[:50]),
}))
`;
const py = spawnSync(process.env.KAKEHASHI_PYTHON_RDKIT ?? "/usr/bin/python3", ["-c", script], {
  input: JSON.stringify({
    nBits: drugs.parameters.nBits,
    N,
    library: drugs.molecules.map((_, i) => onBits(drugs.fingerprints, i * words, words)),
    queries: queries.map((q) => onBits(q)),
  }),
  encoding: "utf8",
  maxBuffer: 64 * 1024 * 1024,
});
if (py.status !== 0) throw new Error(`python3-rdkit is needed (apt-get install python3-rdkit): ${py.stderr}`);
const rd = JSON.parse(py.stdout) as Record<string, number> & { check: number[] };
const mine = similarityScores(drugs, queries[0] as Uint32Array);
const worst = Math.max(...rd.check.map((v, i) => Math.abs(v - (mine[i] as number))));
const row = (label: string, a: number, b: number) =>
  console.log(
    `${label.padEnd(52)} ours ${a.toFixed(1).padStart(8)} ms   RDKit C++ ${b.toFixed(1).padStart(8)} ms   ratio ${(b / a).toFixed(2)}×`,
  );
row("1 query × 3,949 drugs (all similarities)", ours.drugs1, rd.drugs1 as number);
row("1 query × 1,000,000 (all similarities)", ours.big1, rd.big1 as number);
row("10 queries × 1,000,000 (all similarities)", ours.big10, rd.big10 as number);
console.log(
  `${"1 query × 1,000,000, top 100 (bound-pruned)".padEnd(52)} ours ${ours.big1top.toFixed(1).padStart(8)} ms`,
);
console.log(
  `${"10 queries × 1,000,000, top 100, max fusion".padEnd(52)} ours ${ours.big10top.toFixed(1).padStart(8)} ms`,
);
console.log(`  largest |ours − RDKit| Tanimoto on 50 pairs: ${worst.toExponential(1)}`);

// 2. enrichment on Moonshot
const queryCount = 5;
// by id: a compound the library could not read is left out, so positions need not line up
const ic50ById = new Map(measured.map((x) => [x.r.id, x.ic50]));
const toQueries = Array.from({ length: queryCount }, (_, q) => similarityScores(mlib, fp(mlib, q)));
const ranked = mlib.molecules.slice(queryCount).map((_, k) => {
  const i = k + queryCount;
  return {
    score: Math.max(...toQueries.map((scores) => scores[i] as number)),
    active: (ic50ById.get((mlib.molecules[i] as { id: string }).id) ?? Number.POSITIVE_INFINITY) < ACTIVE_UM,
  };
});
const e = summarizeEnrichment(ranked);
if (mlib.failures.length)
  console.log(`  ${mlib.failures.length} Moonshot compounds could not be read and are left out`);
console.log(
  `Moonshot Mpro (${e.compounds} compounds, ${e.actives} with IC50 < ${ACTIVE_UM} µM; queries: the ${queryCount} most potent): ROC-AUC ${e.rocAuc.toFixed(3)}, EF1% ${e.ef1.toFixed(1)}, EF5% ${e.ef5.toFixed(1)}, BEDROC(20) ${e.bedroc20.toFixed(3)}`,
);
