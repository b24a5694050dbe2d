/**
 * Evaluating the matching against pairs checked by hand (handChecked.tsv): precision and recall of
 * "same medicine", and the pairs it got wrong.
 */
import { readFileSync } from "node:fs";
import type { SourceId } from "../sources/faults.ts";
import { ingredientKey } from "./normalise.ts";

export interface HandCheckedPair {
  a: string;
  sourceA: SourceId;
  b: string;
  sourceB: SourceId;
  truth: "same" | "different";
  note: string;
  /** line in the TSV file */
  line: number;
}

const SOURCES = new Set<string>(["fda", "pmda", "ema"]);

/** Parses handChecked.tsv: name_a, source_a, name_b, source_b, truth (same|different), note. */
export function parseHandChecked(text: string, file = "handChecked.tsv"): HandCheckedPair[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "").split("\t");
  if (header.join("\t") !== "name_a\tsource_a\tname_b\tsource_b\ttruth\tnote")
    throw new Error(
      `${file}: the first line must be the header name_a, source_a, name_b, source_b, truth, note`,
    );
  const pairs: HandCheckedPair[] = [];
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (!raw.trim() || raw.startsWith("#")) return;
    const [a, sourceA, b, sourceB, truth, note] = raw.split("\t");
    if (!a || !b || !sourceA || !sourceB || !note)
      throw new Error(`${file}:${line}: six tab-separated fields are needed`);
    if (!SOURCES.has(sourceA) || !SOURCES.has(sourceB))
      throw new Error(`${file}:${line}: sources must be fda, pmda or ema`);
    if (truth !== "same" && truth !== "different")
      throw new Error(`${file}:${line}: truth must be same or different`);
    pairs.push({ a, sourceA: sourceA as SourceId, b, sourceB: sourceB as SourceId, truth, note, line });
  });
  return pairs;
}

/** The pairs shipped with the package. */
export function handCheckedPairs(): HandCheckedPair[] {
  return parseHandChecked(readFileSync(new URL("./handChecked.tsv", import.meta.url), "utf8"));
}

export interface MatchingEvaluation {
  pairs: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  /** TP / (TP + FP): of the pairs called the same medicine, the share that are */
  precision: number;
  /** TP / (TP + FN): of the pairs that are the same medicine, the share found */
  recall: number;
  falsePositiveList: (HandCheckedPair & { keyA: string; keyB: string })[];
  falseNegativeList: (HandCheckedPair & { keyA: string; keyB: string })[];
}

/**
 * Scores a resolver (name → medicine key) on the pairs: a pair is called "same" when both names
 * resolve to the same non-empty key. The default resolver is the normalisation alone; pass
 * `matchIngredients(loads).resolve` (keyed by `.key`) to include the fuzzy steps over real data.
 */
export function evaluateMatching(
  pairs: readonly HandCheckedPair[],
  resolve: (name: string) => string = (name) => ingredientKey(name),
): MatchingEvaluation {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  const falsePositiveList: MatchingEvaluation["falsePositiveList"] = [];
  const falseNegativeList: MatchingEvaluation["falseNegativeList"] = [];
  for (const pair of pairs) {
    const keyA = resolve(pair.a);
    const keyB = resolve(pair.b);
    const same = keyA !== "" && keyA === keyB;
    if (pair.truth === "same") {
      if (same) tp++;
      else {
        fn++;
        falseNegativeList.push({ ...pair, keyA, keyB });
      }
    } else if (same) {
      fp++;
      falsePositiveList.push({ ...pair, keyA, keyB });
    } else tn++;
  }
  return {
    pairs: pairs.length,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    precision: tp + fp > 0 ? tp / (tp + fp) : 1,
    recall: tp + fn > 0 ? tp / (tp + fn) : 1,
    falsePositiveList,
    falseNegativeList,
  };
}
