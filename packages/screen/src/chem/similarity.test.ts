import { mulberry32 } from "@kakehashi/core/r-oracle";
import { describe, expect, it } from "vitest";
import { tanimoto } from "./fingerprint.ts";
import {
  type LibraryMolecule,
  type LibraryParameters,
  libraryFromParts,
  type MoleculeLibrary,
} from "./library.ts";
import { searchFingerprints, similarityScores } from "./similarity.ts";

const PARAMS: LibraryParameters = {
  fingerprint: "morgan",
  radius: 2,
  nBits: 128,
  rdkit: "test",
  standardiser: 1,
};

function fp(bits: number[], nBits = 128): Uint32Array {
  const out = new Uint32Array(nBits / 32);
  for (const b of bits) out[b >>> 5] = ((out[b >>> 5] as number) | (1 << (b & 31))) >>> 0;
  return out;
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

function library(fps: Uint32Array[], params = PARAMS): MoleculeLibrary {
  const words = params.nBits / 32;
  const all = new Uint32Array(fps.length * words);
  for (const [i, f] of fps.entries()) all.set(f, i * words);
  const molecules: LibraryMolecule[] = fps.map((_, i) => ({
    id: `M${i}`,
    name: `M${i}`,
    smiles: `C${i}`,
    source: "test",
    line: i + 1,
    fields: {},
  }));
  return libraryFromParts(molecules, all, params);
}

// query Q = bits 0..9; similarities computed by hand: |A∩Q| / |A∪Q|
const Q = fp(range(0, 10));
const HAND = library([
  fp(range(0, 5)), // M0: 5/10 = 0.5
  fp(range(0, 10)), // M1: 1
  fp(range(0, 5)), // M2: 0.5 (ties with M0)
  fp(range(20, 30)), // M3: 0
  fp(range(0, 8)), // M4: 8/10 = 0.8
  fp([0, 1, 2, 3, 4]), // M5: 0.5 (ties)
  fp([...range(0, 10), ...range(40, 50)]), // M6: 10/20 = 0.5 (ties, more bits)
]);

describe("similaritySearch ranking on hand-made fingerprints", () => {
  it("ranks by Tanimoto, best first, and keeps library order among equal similarities", () => {
    const hits = searchFingerprints(HAND, [Q], { topK: 10 });
    expect(hits.map((h) => [h.molecule.id, h.similarity])).toEqual([
      ["M1", 1],
      ["M4", 0.8],
      ["M0", 0.5],
      ["M2", 0.5],
      ["M5", 0.5],
      ["M6", 0.5],
      ["M3", 0],
    ]);
    expect(hits.every((h) => h.bestQuery === 0 && h.bestQuerySimilarity === h.similarity)).toBe(true);
  });

  it("cuts the top k inside a tie by library order", () => {
    expect(searchFingerprints(HAND, [Q], { topK: 3 }).map((h) => h.molecule.id)).toEqual(["M1", "M4", "M0"]);
    expect(searchFingerprints(HAND, [Q], { topK: 4 }).map((h) => h.molecule.id)).toEqual([
      "M1",
      "M4",
      "M0",
      "M2",
    ]);
    expect(searchFingerprints(HAND, [Q], { topK: 0 })).toEqual([]);
  });

  it("keeps only hits at or above the threshold", () => {
    expect(searchFingerprints(HAND, [Q], { topK: 100, threshold: 0.8 }).map((h) => h.molecule.id)).toEqual([
      "M1",
      "M4",
    ]);
    expect(searchFingerprints(HAND, [Q], { threshold: 0.5 }).map((h) => h.molecule.id)).toEqual([
      "M1",
      "M4",
      "M0",
      "M2",
      "M5",
      "M6",
    ]);
  });

  it("fuses several queries by max (reporting the best query) or by mean", () => {
    // Q2 = bits 20..29 matches M3 exactly and nothing else
    const Q2 = fp(range(20, 30));
    const max = searchFingerprints(HAND, [Q, Q2], { topK: 3, fusion: "max" });
    expect(max.map((h) => [h.molecule.id, h.similarity, h.bestQuery])).toEqual([
      ["M1", 1, 0],
      ["M3", 1, 1],
      ["M4", 0.8, 0],
    ]);
    // mean: M1 (1 + 0)/2, M4 (0.8 + 0)/2, M3 (0 + 1)/2, M0 (0.5 + 0)/2
    const mean = searchFingerprints(HAND, [Q, Q2], { topK: 4, fusion: "mean" });
    expect(mean.map((h) => [h.molecule.id, h.similarity, h.bestQuery, h.bestQuerySimilarity])).toEqual([
      ["M1", 0.5, 0, 1],
      ["M3", 0.5, 1, 1],
      ["M4", 0.4, 0, 0.8],
      ["M0", 0.25, 0, 0.5],
    ]);
    // a query that equals another only adds weight to it under mean fusion
    const [first] = searchFingerprints(HAND, [Q, Q], { topK: 1, fusion: "mean" });
    expect(first?.similarity).toBe(1);
  });

  it("refuses bad options and mismatched fingerprints", () => {
    expect(() => searchFingerprints(HAND, [], {})).toThrow(/at least one query/);
    expect(() => searchFingerprints(HAND, [Q], { topK: -1 })).toThrow(/topK/);
    expect(() => searchFingerprints(HAND, [Q], { topK: 2.5 })).toThrow(/topK/);
    expect(() => searchFingerprints(HAND, [Q], { threshold: 1.5 })).toThrow(/threshold/);
    expect(() => searchFingerprints(HAND, [fp([1], 64)], {})).toThrow(
      /64-bit fingerprint, the library's have 128/,
    );
    // @ts-expect-error: checking the run-time guard
    expect(() => searchFingerprints(HAND, [Q], { fusion: "sum" })).toThrow(/fusion/);
  });
});

describe("similaritySearch against a brute-force ranking", () => {
  // random fingerprints of varied density, so that the bit-count bound prunes some molecules and not others
  const rng = mulberry32(7);
  const nBits = 256;
  const params = { ...PARAMS, nBits };
  const randomFp = () => {
    const density = 0.02 + rng() * 0.2;
    return fp(
      range(0, nBits).filter(() => rng() < density),
      nBits,
    );
  };
  const fps = Array.from({ length: 3000 }, randomFp);
  // duplicates make ties, which must come out in library order
  for (let i = 0; i < 200; i++) fps.push(fps[Math.floor(rng() * fps.length)] as Uint32Array);
  const lib = library(fps, params);
  const queries = Array.from({ length: 4 }, randomFp);

  function bruteForce(qs: Uint32Array[], fusion: "max" | "mean", topK: number, threshold: number) {
    const scored = fps.map((f, index) => {
      const sims = qs.map((q) => tanimoto(q, f));
      const best = Math.max(...sims);
      const fused = fusion === "max" ? best : sims.reduce((a, b) => a + b, 0) / sims.length;
      return { index, fused, bestQuery: sims.indexOf(best), best };
    });
    return scored
      .filter((s) => s.fused >= threshold)
      .sort((a, b) => b.fused - a.fused || a.index - b.index)
      .slice(0, topK);
  }

  for (const fusion of ["max", "mean"] as const)
    for (const [topK, threshold] of [
      [1, 0],
      [25, 0],
      [500, 0.1],
      [Number.POSITIVE_INFINITY, 0.3],
    ] as const)
      it(`gives the same hits, order and best query (${fusion}, top ${topK}, threshold ${threshold})`, () => {
        for (const qs of [queries.slice(0, 1), queries]) {
          const expected = bruteForce(qs, fusion, topK, threshold);
          const hits = searchFingerprints(lib, qs, { fusion, topK, threshold });
          expect(hits.map((h) => h.index)).toEqual(expected.map((e) => e.index));
          for (const [i, h] of hits.entries()) {
            const e = expected[i];
            expect(h.similarity).toBeCloseTo(e?.fused ?? Number.NaN, 12);
            expect(h.bestQuery).toBe(e?.bestQuery);
            expect(h.bestQuerySimilarity).toBe(e?.best);
          }
        }
      });

  it("scores every molecule in library order", () => {
    const q = queries[0] as Uint32Array;
    const scores = similarityScores(lib, q);
    expect(scores.length).toBe(fps.length);
    for (const i of [0, 1, 17, 2999, 3100]) expect(scores[i]).toBe(tanimoto(q, fps[i] as Uint32Array));
  });
});

describe("similaritySearch speed", () => {
  it("scans 1,000,000 2048-bit fingerprints for one query in well under a second", () => {
    const rng = mulberry32(11);
    const words = 64;
    // 4,000 distinct ECFP4-like fingerprints (~45 of 2048 bits) repeated to one million
    const distinct = 4000;
    const base = new Uint32Array(distinct * words);
    for (let i = 0; i < distinct; i++)
      for (let b = 0; b < 45; b++) {
        const bit = Math.floor(rng() * 2048);
        base[i * words + (bit >>> 5)] = ((base[i * words + (bit >>> 5)] as number) | (1 << (bit & 31))) >>> 0;
      }
    const n = 1_000_000;
    const all = new Uint32Array(n * words);
    for (let i = 0; i < n; i += distinct)
      all.set(base.subarray(0, Math.min(distinct, n - i) * words), i * words);
    const molecules = Array.from({ length: n }, (_, i) => ({
      id: `M${i}`,
      name: "",
      smiles: "C",
      source: "bench",
      line: i,
      fields: {},
    }));
    const big = libraryFromParts(molecules, all, { ...PARAMS, nBits: 2048 });
    const query = new Uint32Array(words);
    for (let b = 0; b < 45; b++) {
      const bit = Math.floor(rng() * 2048);
      query[bit >>> 5] = ((query[bit >>> 5] as number) | (1 << (bit & 31))) >>> 0;
    }
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      const scores = similarityScores(big, query);
      best = Math.min(best, performance.now() - t0);
      expect(scores.length).toBe(n);
    }
    const t0 = performance.now();
    const hits = searchFingerprints(big, [query], { topK: 100 });
    const ranked = performance.now() - t0;
    console.info(`1M × 1 query: all scores ${best.toFixed(0)} ms, top-100 search ${ranked.toFixed(0)} ms`);
    expect(hits.length).toBe(100);
    expect(best).toBeLessThan(1000);
    expect(ranked).toBeLessThan(1000);
  });
});
