import type { CompoundLibrary, ScreenRequest, TargetStructure } from "../../api.ts";
import { MPRO_EXAMPLE } from "./examples.ts";

/**
 * The new-screen form's inputs as typed (strings, so that a half-typed number stays as it is) and their
 * translation to the API's screen definition. Nothing is checked here beyond splitting lines: the server
 * validates the definition (and reads every query SMILES) and reports each problem by field path.
 */

/** The property ranges the form offers (the API takes a few more). */
export const RANGE_PROPERTIES = ["mw", "clogp", "tpsa"] as const;
export type RangeProperty = (typeof RANGE_PROPERTIES)[number];

export type Fusion = "max" | "mean";
export const FUSIONS: readonly Fusion[] = ["max", "mean"];

export interface Draft {
  name: string;
  library: string;
  /** names or ids, separated by commas or new lines */
  watch: string;
  lipinski: boolean;
  veber: boolean;
  excludeAlerts: boolean;
  ranges: Record<RangeProperty, { min: string; max: string }>;
  useSimilarity: boolean;
  /** one known active a line: "id SMILES" (the SMILES is the last word; the id may hold spaces) */
  queries: string;
  fusion: Fusion;
  topK: string;
  threshold: string;
  useDocking: boolean;
  target: string;
  /** "" = the target's default chain */
  chain: string;
  /** residues of the ligand that defines the box, e.g. "C:*"; "" = the target's default ligand */
  boxLigand: string;
  topN: string;
  exhaustiveness: string;
  seed: string;
  scoreThreshold: string;
  dockWatched: boolean;
}

const emptyRanges = (): Draft["ranges"] => ({
  mw: { min: "", max: "" },
  clogp: { min: "", max: "" },
  tpsa: { min: "", max: "" },
});

/** The server's defaults, written out so that the user sees them. */
export function initialDraft(libraries: CompoundLibrary[], targets: TargetStructure[]): Draft {
  const target = targets[0];
  return {
    name: "",
    library: libraries[0]?.id ?? "",
    watch: "",
    lipinski: false,
    veber: false,
    excludeAlerts: false,
    ranges: emptyRanges(),
    useSimilarity: true,
    queries: "",
    fusion: "max",
    topK: "200",
    threshold: "",
    useDocking: false,
    target: target?.id ?? "",
    chain: target?.defaultChain ?? "",
    boxLigand: "",
    topN: "50",
    exhaustiveness: "8",
    seed: "1",
    scoreThreshold: "",
    dockWatched: false,
  };
}

/** The draft with another target: its default chain comes with it. */
export function withTarget(draft: Draft, targets: TargetStructure[], id: string): Draft {
  const target = targets.find((t) => t.id === id);
  return { ...draft, target: id, chain: target?.defaultChain ?? "", boxLigand: "" };
}

/**
 * The Mpro repurposing example: its name, watch list and the five Moonshot actives; its library and its
 * docking stage too where the catalogue holds the DrugCentral library and a 6LU7 structure.
 */
export function withMproExample(
  draft: Draft,
  libraries: CompoundLibrary[],
  targets: TargetStructure[],
): Draft {
  const library = libraries.find((l) => MPRO_EXAMPLE.libraryFile.test(l.sourceName));
  const target = targets.find((t) => MPRO_EXAMPLE.docking.receptorFile.test(t.sourceName));
  const next: Draft = {
    ...draft,
    name: MPRO_EXAMPLE.name,
    library: library?.id ?? draft.library,
    watch: MPRO_EXAMPLE.watch.join(", "),
    lipinski: false,
    veber: false,
    excludeAlerts: false,
    ranges: emptyRanges(),
    useSimilarity: true,
    queries: MPRO_EXAMPLE.queries.map((q) => `${q.id}\t${q.smiles}`).join("\n"),
    fusion: MPRO_EXAMPLE.fusion,
    topK: String(MPRO_EXAMPLE.topK),
    threshold: "",
  };
  if (!target) return next;
  const { docking } = MPRO_EXAMPLE;
  return {
    ...next,
    useDocking: true,
    target: target.id,
    chain: target.chains.includes(docking.chain) ? docking.chain : (target.defaultChain ?? ""),
    boxLigand: "",
    topN: String(docking.topN),
    exhaustiveness: String(docking.exhaustiveness),
    seed: String(docking.seed),
    scoreThreshold: "",
    dockWatched: docking.dockWatched,
  };
}

/** The watch list as typed: names or ids separated by commas or new lines. */
export const watchList = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A known active as typed, with the line it is on (1-based) for messages. */
export interface QueryLine {
  line: number;
  id: string;
  smiles: string;
}

/**
 * The known actives, one a line: the SMILES is the line's last word (a SMILES has no spaces), the id what
 * comes before it (tab or spaces); a line with the SMILES alone is named by its SMILES. Blank lines are skipped.
 */
export function queryLines(text: string): QueryLine[] {
  const out: QueryLine[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^(.*?)\s+(\S+)$/.exec(line);
    const id = match?.[1]?.trim() || line;
    const smiles = match?.[2] ?? line;
    out.push({ line: i + 1, id, smiles });
  }
  return out;
}

/** A number as typed: left out (the server's default) when empty; anything else is the server's to judge. */
const num = (value: string): number | undefined => (value.trim() === "" ? undefined : Number(value));

const residues = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function toRequest(draft: Draft): ScreenRequest {
  const properties: NonNullable<NonNullable<ScreenRequest["filters"]>["properties"]> = {};
  for (const property of RANGE_PROPERTIES) {
    const min = num(draft.ranges[property].min);
    const max = num(draft.ranges[property].max);
    if (min === undefined && max === undefined) continue;
    properties[property] = {
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
    };
  }
  const request: ScreenRequest = {
    name: draft.name,
    library: draft.library,
    watch: watchList(draft.watch),
    filters: {
      lipinski: draft.lipinski,
      veber: draft.veber,
      excludeAlerts: draft.excludeAlerts,
      properties,
    },
  };
  if (draft.useSimilarity) {
    const threshold = num(draft.threshold);
    const topK = num(draft.topK);
    request.similarity = {
      queries: queryLines(draft.queries).map(({ id, smiles }) => ({ id, smiles })),
      fusion: draft.fusion,
      ...(topK === undefined ? {} : { topK }),
      ...(threshold === undefined ? {} : { threshold }),
    };
  }
  if (draft.useDocking) {
    const ligand = residues(draft.boxLigand);
    const optional = {
      topN: num(draft.topN),
      exhaustiveness: num(draft.exhaustiveness),
      seed: num(draft.seed),
      scoreThreshold: num(draft.scoreThreshold),
    };
    request.docking = {
      receptor: draft.target,
      ...(draft.chain ? { chain: draft.chain } : {}),
      ...(ligand.length ? { box: { ligandResidues: ligand } } : {}),
      ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
      dockWatched: draft.dockWatched,
    };
  }
  return request;
}

/** The form's controls, by the API field path they edit (also the suffix of their element ids). */
export const CONTROLS = [
  "name",
  "library",
  "watch",
  "filters.lipinski",
  "filters.veber",
  "filters.excludeAlerts",
  ...RANGE_PROPERTIES.map((p) => `filters.properties.${p}` as const),
  "similarity.queries",
  "similarity.fusion",
  "similarity.topK",
  "similarity.threshold",
  "docking.receptor",
  "docking.chain",
  "docking.box",
  "docking.topN",
  "docking.exhaustiveness",
  "docking.seed",
  "docking.scoreThreshold",
  "docking.dockWatched",
] as const;
export type Control = (typeof CONTROLS)[number];

/**
 * The control a server field path belongs to: the control itself, or the one around it
 * (`similarity.queries.1.smiles` → the actives, `filters.properties.mw.min` → the MW range, `watch.3` →
 * the watch list); a whole stage's error goes to its first control.
 */
export function controlOf(field: string): Control | undefined {
  if (field === "similarity") return "similarity.queries";
  if (field === "docking") return "docking.receptor";
  const around = CONTROLS.filter((c) => field === c || field.startsWith(`${c}.`));
  return around.sort((a, b) => b.length - a.length)[0];
}

/** For an error inside the actives (`similarity.queries.1.smiles`), the line of the text it is about. */
export function queryLineOf(field: string, draft: Draft): number | undefined {
  const match = /^similarity\.queries\.(\d+)(\.|$)/.exec(field);
  if (!match) return undefined;
  return queryLines(draft.queries)[Number(match[1])]?.line;
}
