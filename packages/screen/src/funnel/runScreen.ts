import { mkdir } from "node:fs/promises";
import path from "node:path";
import { structuralAlerts } from "../chem/alerts.ts";
import { buildLibrary, type LibraryMolecule, loadLibrary, type MoleculeLibrary } from "../chem/library.ts";
import { applyPropertyFilter, lipinski, veber } from "../chem/properties.ts";
import { readMoleculeFile } from "../chem/records.ts";
import { similaritySearch } from "../chem/similarity.ts";
import {
  boxFromCoordinates,
  boxFromLigand,
  type DockingRun,
  dockLibrary,
  prepareReceptor,
} from "../docking/index.ts";
import { ScreenDefinition, type ScreenDefinitionInput } from "./ScreenDefinition.ts";

/** One compound that came through the whole funnel, with the evidence for where it ranks. */
export interface ScreenHit {
  rank: number;
  id: string;
  name: string;
  smiles: string;
  /** fused Tanimoto similarity to the known actives, and the most similar one */
  similarity?: { value: number; query: string; querySimilarity: number };
  /** best Vina score (kcal/mol, lower is better) and the pose file */
  docking?: { score: number; posePath: string };
  /** PAINS alerts the molecule matches (kept as a warning unless the screen excludes them) */
  alerts: string[];
  /** Lipinski / Veber / property-range violations it was allowed through with (Lipinski tolerates one) */
  ruleViolations: string[];
}

export interface StageAttrition {
  stage: "library" | "filters" | "similarity" | "docking";
  in: number;
  out: number;
  /** why compounds left at this stage, with counts */
  reasons: Record<string, number>;
}

/** Where a watched compound went: the last stage it reached, its rank there, or why it left. */
export interface WatchedCompound {
  query: string;
  found: boolean;
  id?: string;
  name?: string;
  /** the last stage it passed */
  reached?: StageAttrition["stage"];
  /** why it did not go further (absent for a final hit) */
  stoppedBecause?: string;
  /** rank among the hits, if it is one */
  rank?: number;
  /** fused similarity to the known actives, its rank among the molecules that passed the filters, and the closest active */
  similarity?: number;
  similarityRank?: number;
  closestActive?: { query: string; similarity: number };
  dockingScore?: number;
  /**
   * docked as a reference after it stopped earlier (`docking.dockWatched`): its score, and the rank it would
   * have taken among the docked hits — it is not a hit
   */
  reference?: { score: number; wouldRank: number; posePath: string };
}

export interface ScreenResult {
  definition: ScreenDefinition;
  libraryVersion: string;
  attrition: StageAttrition[];
  hits: ScreenHit[];
  watched: WatchedCompound[];
  /** molecules that could not be read, and ligands that could not be docked, with the reason */
  failures: { id: string; stage: string; reason: string; line?: number; source?: string }[];
  docking?: DockingRun["provenance"];
  seconds: number;
}

export interface RunScreenOptions {
  /** where libraries built from structure files, prepared receptors and docking results are cached */
  cacheDir: string;
  /** resolves the file names of the definition (library, receptor), e.g. against the definition's folder */
  baseDir?: string;
  workers?: number;
  onProgress?: (stage: string, done: number, total: number) => void;
  /** stops the docking stage (DockingAbortedError); what was docked stays in the cache */
  signal?: AbortSignal;
}

async function openLibrary(file: string, options: RunScreenOptions): Promise<MoleculeLibrary> {
  if (file.endsWith(".khlib")) return loadLibrary(file);
  const records = await readMoleculeFile(file);
  return buildLibrary(records, {
    properties: true,
    onProgress: (done, total) => options.onProgress?.("library", done, total),
  });
}

const bump = (reasons: Record<string, number>, why: string) => {
  reasons[why] = (reasons[why] ?? 0) + 1;
};

/**
 * Runs a screen definition end to end: load (or build) the library, apply the drug-likeness filters and
 * structural alerts, rank by similarity to known actives, dock the best candidates, and return the ranked
 * hits with each stage's attrition. A molecule or ligand that fails is reported and the run goes on.
 */
export async function runScreen(
  input: ScreenDefinitionInput,
  options: RunScreenOptions,
): Promise<ScreenResult> {
  const started = performance.now();
  const definition = ScreenDefinition.parse(input);
  const resolve = (file: string) => path.resolve(options.baseDir ?? ".", file);
  await mkdir(options.cacheDir, { recursive: true });
  const library = await openLibrary(resolve(definition.library), options);
  const failures: ScreenResult["failures"] = library.failures.map((f) => ({
    id: f.id ?? `line ${f.line}`,
    stage: "library",
    reason: f.reason,
    line: f.line,
    source: f.source,
  }));
  const attrition: StageAttrition[] = [
    {
      stage: "library",
      in: library.molecules.length + library.failures.length,
      out: library.molecules.length,
      reasons: library.failures.length
        ? { "not readable or not standardisable": library.failures.length }
        : {},
    },
  ];

  // filters: drug-likeness rules, property ranges and PAINS alerts
  const { filters } = definition;
  const kept = new Map<number, { alerts: string[]; violations: string[] }>();
  const stopped = new Map<number, string>();
  const reasons: Record<string, number> = {};
  for (const [i, molecule] of library.molecules.entries()) {
    const p = molecule.properties;
    const violations: string[] = [];
    let pass = true;
    if (p) {
      for (const [rule, check] of [
        ["Lipinski", filters.lipinski ? lipinski(p) : undefined],
        ["Veber", filters.veber ? veber(p) : undefined],
        ["property range", applyPropertyFilter(p, filters.properties)],
      ] as const) {
        if (!check) continue;
        violations.push(...check.violations);
        if (!check.passed) {
          pass = false;
          bump(reasons, rule);
          stopped.set(i, `${rule}: ${check.violations.join(", ")}`);
        }
      }
    } else if (filters.lipinski || filters.veber || Object.keys(filters.properties).length) {
      pass = false;
      bump(reasons, "no properties in the library");
    }
    if (!pass) continue;
    const alerts = (await structuralAlerts(molecule.smiles)).map((a) => a.alert.id);
    if (alerts.length && filters.excludeAlerts) {
      bump(reasons, "PAINS alert");
      stopped.set(i, `PAINS alert: ${alerts.join(", ")}`);
      continue;
    }
    kept.set(i, { alerts, violations });
  }
  attrition.push({ stage: "filters", in: library.molecules.length, out: kept.size, reasons });

  // similarity to known actives: the ranking every later stage starts from
  let ranked: { index: number; similarity?: ScreenHit["similarity"] }[] = [...kept.keys()].map((index) => ({
    index,
  }));
  let similarityRanked = ranked;
  const similarityAll = new Map<
    number,
    { value: number; rank: number; query: string; querySimilarity: number }
  >();
  if (definition.similarity) {
    const s = definition.similarity;
    const hits = await similaritySearch(
      library,
      s.queries.map((q) => q.smiles),
      { fusion: s.fusion, threshold: s.threshold, topK: Number.POSITIVE_INFINITY },
    );
    const before = ranked.length;
    ranked = hits
      .filter((h) => kept.has(h.index))
      .slice(0, s.topK)
      .map((h) => ({
        index: h.index,
        similarity: {
          value: h.similarity,
          query: s.queries[h.bestQuery]?.id ?? String(h.bestQuery),
          querySimilarity: h.bestQuerySimilarity,
        },
      }));
    const passed = new Set(ranked.map((r) => r.index));
    let rankAmongKept = 0;
    for (const h of hits)
      if (kept.has(h.index))
        similarityAll.set(h.index, {
          value: h.similarity,
          rank: ++rankAmongKept,
          query: s.queries[h.bestQuery]?.id ?? String(h.bestQuery),
          querySimilarity: h.bestQuerySimilarity,
        });
    for (const h of hits)
      if (kept.has(h.index) && !passed.has(h.index))
        stopped.set(h.index, `similarity ${h.similarity.toFixed(3)}: not among the ${s.topK} most similar`);
    similarityRanked = ranked;
    attrition.push({
      stage: "similarity",
      in: before,
      out: ranked.length,
      reasons: {
        [`not among the ${s.topK} most similar (threshold ${s.threshold})`]: before - ranked.length,
      },
    });
  }

  // docking of the best-ranked candidates
  let dockingRun: DockingRun | undefined;
  const scores = new Map<number, { score: number; posePath: string }>();
  const references = new Map<number, { score: number; wouldRank: number; posePath: string }>();
  const watchIndex = definition.watch.map((query) => {
    const q = query.toLowerCase();
    return library.molecules.findIndex((m) => m.id.toLowerCase() === q || m.name.toLowerCase() === q);
  });
  if (definition.docking) {
    const d = definition.docking;
    const receptorPdb = resolve(d.receptor);
    const receptor = await prepareReceptor(receptorPdb, d.chain ? { chain: d.chain } : {}, options.cacheDir);
    const box =
      "ligandResidues" in d.box
        ? await boxFromLigand(receptorPdb, d.box.ligandResidues, d.box.padding)
        : boxFromCoordinates(
            { x: d.box.center[0], y: d.box.center[1], z: d.box.center[2] },
            { x: d.box.size[0], y: d.box.size[1], z: d.box.size[2] },
          );
    const candidates = ranked.slice(0, d.topN);
    const byId = new Map(
      candidates.map((c) => [(library.molecules[c.index] as LibraryMolecule).id, c.index]),
    );
    const dock = (indices: number[], stage: string) =>
      dockLibrary(
        receptor,
        indices.map((index) => {
          const m = library.molecules[index] as LibraryMolecule;
          return { id: m.id, smiles: m.smiles };
        }),
        box,
        {
          exhaustiveness: d.exhaustiveness,
          seed: d.seed,
          cacheDir: options.cacheDir,
          ...(options.workers ? { workers: options.workers } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          onProgress: (p) => options.onProgress?.(stage, p.done, p.total),
        },
      );
    dockingRun = await dock(
      candidates.map((c) => c.index),
      "docking",
    );
    for (const r of dockingRun.results) {
      const index = byId.get(r.id);
      if (index !== undefined) scores.set(index, { score: r.score, posePath: r.posePath });
    }
    for (const f of dockingRun.failures)
      failures.push({ id: f.id, stage: `docking (${f.stage})`, reason: f.reason });
    const dockReasons: Record<string, number> = {};
    if (ranked.length > candidates.length)
      dockReasons[`beyond the top ${d.topN}`] = ranked.length - candidates.length;
    if (dockingRun.failures.length) dockReasons["could not be docked"] = dockingRun.failures.length;
    for (const c of ranked.slice(d.topN))
      stopped.set(c.index, `ranked below the top ${d.topN} sent to docking`);
    for (const f of dockingRun.failures) {
      const index = byId.get(f.id);
      if (index !== undefined) stopped.set(index, `could not be docked (${f.stage}): ${f.reason}`);
    }
    const docked = candidates.filter((c) => scores.has(c.index));
    const passing = docked.filter(
      (c) => d.scoreThreshold === undefined || (scores.get(c.index)?.score ?? 0) <= d.scoreThreshold,
    );
    for (const c of docked)
      if (!passing.includes(c))
        stopped.set(c.index, `Vina score ${scores.get(c.index)?.score} above ${d.scoreThreshold} kcal/mol`);
    if (docked.length > passing.length)
      dockReasons[`score above ${d.scoreThreshold} kcal/mol`] = docked.length - passing.length;
    attrition.push({ stage: "docking", in: ranked.length, out: passing.length, reasons: dockReasons });
    // lower energy first; ties keep the similarity order
    ranked = passing.sort((a, b) => (scores.get(a.index)?.score ?? 0) - (scores.get(b.index)?.score ?? 0));

    // watched compounds that stopped earlier, docked the same way so their scores can be set beside the hits'
    const stoppedWatched = [...new Set(watchIndex)].filter((i) => i >= 0 && !scores.has(i));
    if (d.dockWatched && stoppedWatched.length) {
      const hitScores = ranked.map((c) => scores.get(c.index)?.score ?? 0);
      const referenceRun = await dock(stoppedWatched, "reference docking");
      for (const r of referenceRun.results) {
        const index = stoppedWatched.find((i) => library.molecules[i]?.id === r.id);
        if (index === undefined) continue;
        const wouldRank = 1 + hitScores.filter((score) => score < r.score).length;
        references.set(index, { score: r.score, wouldRank, posePath: r.posePath });
      }
      for (const f of referenceRun.failures)
        failures.push({ id: f.id, stage: `reference docking (${f.stage})`, reason: f.reason });
    }
  }

  const reached = new Map<number, StageAttrition["stage"]>();
  for (const i of kept.keys()) reached.set(i, "filters");
  if (definition.similarity) for (const r of similarityRanked) reached.set(r.index, "similarity");
  for (const i of scores.keys()) reached.set(i, "docking");

  const hits: ScreenHit[] = ranked.map((r, i) => {
    const m = library.molecules[r.index] as LibraryMolecule;
    const filtersOf = kept.get(r.index);
    const docking = scores.get(r.index);
    return {
      rank: i + 1,
      id: m.id,
      name: m.name,
      smiles: m.smiles,
      ...(r.similarity ? { similarity: r.similarity } : {}),
      ...(docking ? { docking } : {}),
      alerts: filtersOf?.alerts ?? [],
      ruleViolations: filtersOf?.violations ?? [],
    };
  });
  const rankOf = new Map(hits.map((h) => [h.id, h.rank]));
  const watched: WatchedCompound[] = definition.watch.map((query, w) => {
    const index = watchIndex[w] ?? -1;
    const m = library.molecules[index];
    if (!m) return { query, found: false, stoppedBecause: "not in the library (or not readable)" };
    const rank = rankOf.get(m.id);
    const similar = similarityAll.get(index);
    const dockingScore = scores.get(index)?.score;
    const reference = references.get(index);
    const stoppedBecause = rank === undefined ? stopped.get(index) : undefined;
    return {
      query,
      found: true,
      id: m.id,
      name: m.name,
      reached: reached.get(index) ?? "library",
      ...(stoppedBecause ? { stoppedBecause } : {}),
      ...(rank !== undefined ? { rank } : {}),
      ...(similar
        ? {
            similarity: similar.value,
            similarityRank: similar.rank,
            closestActive: { query: similar.query, similarity: similar.querySimilarity },
          }
        : {}),
      ...(dockingScore !== undefined ? { dockingScore } : {}),
      ...(reference ? { reference } : {}),
    };
  });
  return {
    definition,
    libraryVersion: library.version,
    attrition,
    hits,
    watched,
    failures,
    ...(dockingRun ? { docking: dockingRun.provenance } : {}),
    seconds: (performance.now() - started) / 1000,
  };
}
