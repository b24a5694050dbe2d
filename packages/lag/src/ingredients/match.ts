/**
 * Matching ingredient names across the three sources. Exact first (same canonical key after the
 * normalisation rules and overrides), then two conservative steps for a key found in one region only,
 * both reported so the user can check them:
 * - fuzzy: one edit (insert, delete or substitute a letter) away from exactly one key of another
 *   region, both keys at least 8 letters, the edit not a digit ("interferon beta-1a"/"-1b" stay apart);
 * - split: a name that is two known ingredients written without a separator ("mifepristone
 *   misoprostol"), when exactly one way of cutting it gives keys known elsewhere.
 * - ester: a bare moiety in one region and the same moiety as a prodrug ester in another (JP
 *   "azilsartan", US "azilsartan medoxomil"); never one ester against another (tenofovir disoproxil is
 *   not tenofovir alafenamide), never a depot or steroid ester (see PRODRUG_ESTERS).
 * A step with more than one answer is not taken: it is reported as ambiguous.
 */
import type { EmaRecord } from "../sources/ema.ts";
import type { SourceId, SourceLoad } from "../sources/faults.ts";
import type { FdaRecord } from "../sources/fda.ts";
import type { PmdaRecord } from "../sources/pmda.ts";
import { type NormalisedIngredient, type NormaliseOptions, normaliseIngredient } from "./normalise.ts";
import { PRODRUG_ESTERS } from "./salts.ts";

export type Region = "us" | "eu" | "jp";
export const REGION_OF: Record<SourceId, Region> = { fda: "us", ema: "eu", pmda: "jp" };

export interface ApprovalLoads {
  fda?: SourceLoad<FdaRecord>;
  pmda?: SourceLoad<PmdaRecord>;
  ema?: SourceLoad<EmaRecord>;
}

/** One ingredient name in one row of a source. */
export interface NameUse {
  source: SourceId;
  row: number;
  name: string;
  /** the row is a first-approval candidate (FDA NME, EMA non-generic approval, PMDA new active ingredient) */
  firstApproval: boolean;
}

export type MatchHow = "exact" | "fuzzy" | "split" | "ester";

export interface Resolution {
  key: string;
  components: string[];
  how: MatchHow;
  normalised: NormalisedIngredient;
}

export interface NameReport {
  source: SourceId;
  name: string;
  rows: number[];
  /** the name's own key */
  key: string;
}

export type InexactHow = Exclude<MatchHow, "exact">;

export interface FuzzyMatch extends NameReport {
  matched: string;
  how: InexactHow;
}

export interface AmbiguousName extends NameReport {
  candidates: string[];
  how: InexactHow;
}

export interface IngredientMatch {
  resolve(name: string): Resolution;
  /** the regions where a key (after fuzzy and split steps) is named */
  regionsOf(key: string): ReadonlySet<Region>;
  uses: NameUse[];
  /** matches made by the fuzzy or split step: check these */
  fuzzy: FuzzyMatch[];
  /** first-approval names whose key no other region names */
  unmatched: NameReport[];
  /** names with more than one fuzzy or split candidate (left unmatched) */
  ambiguous: AmbiguousName[];
}

/** Every ingredient name in the loads, with whether its row is a first-approval candidate. */
export function nameUses(loads: ApprovalLoads): NameUse[] {
  const uses: NameUse[] = [];
  for (const r of loads.fda?.rows ?? [])
    uses.push({ source: "fda", row: r.row, name: r.ingredient, firstApproval: true });
  for (const r of loads.ema?.rows ?? [])
    uses.push({
      source: "ema",
      row: r.row,
      name: r.ingredient,
      firstApproval: r.approval && !r.generic && !r.biosimilar,
    });
  for (const r of loads.pmda?.rows ?? [])
    for (const name of r.ingredients)
      uses.push({ source: "pmda", row: r.row, name, firstApproval: r.newActiveIngredient });
  return uses;
}

const VOWELS = new Set(["a", "e", "i", "o", "u", "h"]);

/**
 * True when a and b differ by one typing slip: a vowel or h left out or added ("clofarbine",
 * "silodoshin"), a doubled letter, l written as i ("DiquafosoI"), or the last letter cut off a long
 * name ("voxilaprevi"). Never next to a digit ("interferon gamma-1a"/"-1b"), and never a consonant
 * ("rifamycin"/"rifampicin", "epoetin theta"/"beta" are different medicines).
 */
export function typoApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (/[0-9+-]/.test(a[i - 1] ?? "") || /[0-9+-]/.test(a[i] ?? "") || /[0-9+-]/.test(b[i] ?? ""))
    return false;
  if (a.length === b.length) {
    if (a.slice(i + 1) !== b.slice(i + 1)) return false;
    const pair = [a[i], b[i]].sort().join("");
    return pair === "il";
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  if (long.slice(i + 1) !== short.slice(i)) return false;
  const extra = long[i] ?? "";
  if (i === long.length - 1 && long.length >= 10) return true;
  return VOWELS.has(extra) || extra === long[i - 1] || extra === long[i + 1];
}

const MIN_FUZZY_LENGTH = 8;

export interface MatchOptions extends NormaliseOptions {
  /** turn off the fuzzy and split steps (exact matching only) */
  exactOnly?: boolean;
}

export function matchIngredients(loads: ApprovalLoads, options: MatchOptions = {}): IngredientMatch {
  const uses = nameUses(loads);
  const cache = new Map<string, NormalisedIngredient>();
  const norm = (name: string) => {
    let n = cache.get(name);
    if (!n) {
      n = normaliseIngredient(name, options);
      cache.set(name, n);
    }
    return n;
  };
  const regions = new Map<string, Set<Region>>();
  const firstKeys = new Set<string>();
  const byKey = new Map<string, Map<string, NameReport>>();
  for (const u of uses) {
    const n = norm(u.name);
    if (!n.key) continue;
    const set = regions.get(n.key) ?? new Set<Region>();
    set.add(REGION_OF[u.source]);
    regions.set(n.key, set);
    if (u.firstApproval) firstKeys.add(n.key);
    const names = byKey.get(n.key) ?? new Map<string, NameReport>();
    const id = `${u.source}\u0000${u.name}`;
    const report = names.get(id) ?? { source: u.source, name: u.name, rows: [], key: n.key };
    report.rows.push(u.row);
    names.set(id, report);
    byKey.set(n.key, names);
  }

  const alias = new Map<string, { key: string; how: InexactHow }>();
  const fuzzy: FuzzyMatch[] = [];
  const ambiguous: AmbiguousName[] = [];
  const reportsOf = (key: string) => [...(byKey.get(key)?.values() ?? [])];
  const inOtherRegion = (key: string, own: Region) => [...(regions.get(key) ?? [])].some((r) => r !== own);

  if (!options.exactOnly) {
    const keys = [...regions.keys()];
    const byLength = new Map<number, string[]>();
    for (const k of keys) byLength.set(k.length, [...(byLength.get(k.length) ?? []), k]);
    // every component of every key: the pieces a name without separators may be cut into
    const componentKeys = new Set(keys.flatMap((k) => k.split("+")));
    const esterBases = new Map<string, string[]>();
    const baseOf = new Map<string, { base: string; hasEster: boolean }>();
    for (const k of keys) {
      const names = reportsOf(k)[0];
      if (!names) continue;
      const b = esterBase(norm(names.name), options);
      baseOf.set(k, b);
      esterBases.set(b.base, [...(esterBases.get(b.base) ?? []), k]);
    }
    const proposals = new Map<string, { key: string; how: InexactHow }>();
    const ambiguousKeys = new Set<string>();
    for (const key of keys) {
      const own = [...(regions.get(key) ?? [])];
      if (own.length !== 1) continue;
      const region = own[0] as Region;
      const steps: [InexactHow, () => string[]][] = [
        [
          "fuzzy",
          () =>
            key.length < MIN_FUZZY_LENGTH
              ? []
              : [key.length - 1, key.length, key.length + 1].flatMap((len) =>
                  (byLength.get(len) ?? []).filter(
                    (other) =>
                      other.length >= MIN_FUZZY_LENGTH &&
                      inOtherRegion(other, region) &&
                      typoApart(key, other),
                  ),
                ),
        ],
        [
          "ester",
          () => {
            const mine = baseOf.get(key);
            if (!mine || mine.base === "") return [];
            return (esterBases.get(mine.base) ?? []).filter(
              (other) =>
                other !== key &&
                inOtherRegion(other, region) &&
                baseOf.get(other)?.hasEster !== mine.hasEster,
            );
          },
        ],
        [
          "split",
          // only when the pieces make a combination another region names
          () =>
            splitCandidates(key, reportsOf(key), norm, (k) => componentKeys.has(k)).filter((c) =>
              inOtherRegion(c, region),
            ),
        ],
      ];
      for (const [how, find] of steps) {
        const candidates = [...new Set(find())].sort();
        if (candidates.length === 0) continue;
        if (candidates.length === 1 && candidates[0]) proposals.set(key, { key: candidates[0], how });
        else {
          ambiguousKeys.add(key);
          for (const r of reportsOf(key)) ambiguous.push({ ...r, candidates, how });
        }
        break;
      }
    }
    // Two one-region keys can each propose the other ("pipercillin" in the US, "piperacillin" in Japan):
    // keep one direction (towards the whole of a cut-short name, else towards the key named in more
    // rows, then the alphabetically first), and follow chains to their end.
    const weight = (k: string) => reportsOf(k).reduce((n, r) => n + r.rows.length, 0);
    for (const [key, p] of proposals) {
      // nothing joins a name that itself has several candidates: it would join them all to each other
      if (ambiguousKeys.has(p.key)) continue;
      const back = proposals.get(p.key);
      if (back?.key === key) {
        // a name cut short ("voxilaprevi") gives way to the whole name whatever the counts
        const truncated = p.key.startsWith(key) ? true : key.startsWith(p.key) ? false : undefined;
        const keep =
          truncated ?? (weight(key) < weight(p.key) || (weight(key) === weight(p.key) && key > p.key));
        if (!keep) continue;
      }
      alias.set(key, p);
    }
    for (const [key, a] of alias) {
      let target = a.key;
      const seen = new Set([key]);
      while (alias.has(target) && !seen.has(target)) {
        seen.add(target);
        target = alias.get(target)?.key ?? target;
      }
      alias.set(key, { key: target, how: a.how });
      for (const r of reportsOf(key)) fuzzy.push({ ...r, matched: target, how: a.how });
    }
  }

  // regions after aliasing
  const merged = new Map<string, Set<Region>>();
  for (const [key, set] of regions) {
    const target = alias.get(key)?.key ?? key;
    const m = merged.get(target) ?? new Set<Region>();
    for (const r of set) m.add(r);
    merged.set(target, m);
  }
  const unmatched: NameReport[] = [];
  for (const key of firstKeys) {
    const target = alias.get(key)?.key ?? key;
    if ((merged.get(target)?.size ?? 0) > 1) continue;
    unmatched.push(...reportsOf(key).filter((r) => r.key === key));
  }
  unmatched.sort((a, b) => a.source.localeCompare(b.source) || a.name.localeCompare(b.name));

  return {
    resolve(name: string): Resolution {
      const n = norm(name);
      const a = alias.get(n.key);
      if (!a) return { key: n.key, components: n.components, how: "exact", normalised: n };
      return { key: a.key, components: a.key.split("+"), how: a.how, normalised: n };
    },
    regionsOf: (key) => merged.get(key) ?? new Set<Region>(),
    uses,
    fuzzy,
    unmatched,
    ambiguous,
  };
}

/**
 * The key without prodrug ester words at the end of each component ("azilsartan medoxomil" →
 * "azilsartan"), and whether there were any.
 */
function esterBase(n: NormalisedIngredient, options: NormaliseOptions): { base: string; hasEster: boolean } {
  let hasEster = false;
  const bases = n.names.map((name) => {
    const words = name.split(" ");
    while (words.length > 1 && PRODRUG_ESTERS.has(words[words.length - 1] ?? "")) {
      words.pop();
      hasEster = true;
    }
    return words.join(" ");
  });
  if (!hasEster) return { base: n.key, hasEster };
  return { base: normaliseIngredient(bases.join(" + "), options).key, hasEster };
}

/**
 * Ways to cut a one-component name into 2–3 parts that are each a known key ("mifepristone
 * misoprostol" → mifepristone + misoprostol). Returns the combined keys.
 */
function splitCandidates(
  key: string,
  reports: readonly NameReport[],
  norm: (name: string) => NormalisedIngredient,
  known: (key: string) => boolean,
): string[] {
  if (key.includes("+")) return [];
  const out = new Set<string>();
  for (const r of reports) {
    const n = norm(r.name);
    const words = (n.names[0] ?? "").split(" ").filter(Boolean);
    if (words.length < 2 || words.length > 8) continue;
    const cut = (from: number, parts: string[]) => {
      if (parts.length > 3) return;
      if (from === words.length) {
        if (parts.length >= 2) out.add([...new Set(parts)].sort().join("+"));
        return;
      }
      for (let to = from + 1; to <= words.length; to++) {
        const part = norm(words.slice(from, to).join(" "));
        if (part.components.length === 1 && part.key && known(part.key)) cut(to, [...parts, part.key]);
      }
    };
    cut(0, []);
  }
  return [...out];
}
