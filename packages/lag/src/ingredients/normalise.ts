/**
 * Ingredient names → canonical keys, so the same medicine is found under the FDA's USAN, the EMA's INN
 * and the PMDA's JAN name. A name becomes one or more components (a combination is several), each a
 * readable canonical name and a matching key; the medicine key is the sorted component keys joined by "+".
 */
import { defaultOverrides, type OverrideTable, overrideKey } from "./overrides.ts";
import {
  ALKYL_WORDS,
  ELEMENT_WORDS,
  HYDRATE_PHRASES,
  ISOTOPES,
  NOT_BIOLOGIC_SUFFIXES,
  SALT_PHRASES,
  US_BIOLOGIC_PREFIXES,
} from "./salts.ts";
import { foldWord } from "./spelling.ts";

export type NormalisationRule =
  | "override"
  | "several-products"
  | "combination"
  | "jan-tag"
  | "qualifier"
  | "isotope"
  | "biologic-affix"
  | "salt"
  | "hydrate-solvate"
  | "acid-ate"
  | "spelling";

export interface Component {
  /** the matching key: spelling-folded, without spaces or punctuation; radionuclide after a hyphen */
  key: string;
  /** readable canonical name: lower case, salts and tags removed */
  name: string;
}

export interface NormalisedIngredient {
  input: string;
  /** the medicine key: `components` joined by "+" ("" for an empty name) */
  key: string;
  /** sorted component keys */
  components: string[];
  /** readable names, in the order of `components` */
  names: string[];
  combination: boolean;
  /** rules that changed something, for checking a match by eye */
  rules: NormalisationRule[];
}

export interface NormaliseOptions {
  overrides?: OverrideTable;
}

/** Unicode and layout clean-up shared by every step (keeps case, for radionuclide symbols). */
export function cleanName(input: string): string {
  return (
    input
      .normalize("NFKC")
      // the PMDA file has full-width brackets turned into Georgian letters by a wrong code page
      .replace(/\u1ca2/g, "(")
      .replace(/\u1ca3/g, ")")
      .replace(/[\u2018\u2019\u201c\u201d`]/g, "'")
      .replace(/[\uff65\u30fb\u00b7]/g, " ")
      .replace(/[\u2010-\u2015]/g, "-")
      .replace(/\s+/g, " ")
      .trim()
  );
}

// one product's numbered parts: "(1) X/ (2) Y", "1: X 2: Y", "1) 2) X", "[1] X", "(21)\nX"
const NUMBER_MARKERS = /(^|[\s/,;])(\(\d{1,2}\)|\[\d{1,2}\]|\d{1,2}\)|\d{1,2}:)(?=\s|$)/g;
// names that describe a biological mixture: commas and "and" in them are not separators
const DESCRIPTIVE =
  /\b(vaccines?|serotypes?|virus|viruses|toxoids?|antigens?|polysaccharides?|immunoglobulin|extract|pollen|strain|rna)\b/i;

function removeNumberMarkers(text: string): string {
  return text.replace(NUMBER_MARKERS, "$1 ");
}

/** Splits a (clean) name into component texts. */
function splitComponents(text: string): string[] {
  let t = text.replace(/\(?\bco-packaged\b\)?/gi, " ");
  if (DESCRIPTIVE.test(t)) return [t.trim()].filter(Boolean);
  // separators that are not inside numbers ("10,000") or units ("AU/mL")
  t = t.replace(/(\d),(\d)/g, "$1\ue000$2");
  t = t.replace(/\/(?=\s*(ml|g|kg|l|dose)\b)/gi, "\ue001");
  const parts = t
    .split(/\s*(?:\/|\+|;|,|&|\band\b)\s*/i)
    .map((p) =>
      p
        .replace(/\ue000/g, ",")
        .replace(/\ue001/g, "/")
        .trim(),
    )
    .filter((p) => p.length > 0);
  return parts;
}

interface Working {
  text: string;
  isotopes: string[];
  rules: Set<NormalisationRule>;
}

// JAN tags: "(genetical recombination)" (also cut short), and biosimilars "[filgrastim biosimilar 2]"
const JAN_TAG =
  /[([]\s*genetic(?:al)?\s+recombination\s*[)\]]|\(\s*genetic(?:al)?\s+reco[a-z]*\s*$|\[[^\]]*\bbiosimilar\b[^\]]*\]/gi;
// "(former ingredient name: CX- 024414)": the new name is the one that counts
const FORMER_NAME = /\(\s*former\s+(?:ingredient\s+)?name\s*:[^)]*\)/gi;
const QUALIFIER =
  /\(\s*(?:rdna(?: origin)?|recombinant|recombinant dna origin|activated)\s*\)|\s+recombinant\s*$/gi;

const SALT_SET = new Set(SALT_PHRASES);
const HYDRATE_SET = new Set(HYDRATE_PHRASES);

const ELEMENT_SYMBOL = new Map(Object.entries(ISOTOPES).map(([symbol, e]) => [e.element, symbol]));

function isotopeToken(symbol: string, mass: string): string | undefined {
  const entry = ISOTOPES[symbol.toLowerCase()];
  if (!entry?.masses.includes(mass.toLowerCase())) return undefined;
  return `${mass.toLowerCase()}${symbol.toLowerCase()}`;
}

function extractIsotopes(w: Working): void {
  const found: string[] = [];
  const take = (whole: string, symbol: string, mass: string): string => {
    const token = isotopeToken(symbol, mass);
    if (!token) return whole;
    found.push(token);
    return " ";
  };
  let t = w.text;
  // INN/JAN: "(18F)", "(99mTc)"; some JAN names reverse it: "(F18)"
  t = t.replace(/[([]\s*(\d{1,3}m?)\s*([A-Za-z]{1,2})\s*[)\]]/g, (m, mass: string, sym: string) =>
    take(m, sym, mass),
  );
  t = t.replace(/[([]\s*([A-Za-z]{1,2})\s*-?\s*(\d{1,3}m?)\s*[)\]]/g, (m, sym: string, mass: string) =>
    take(m, sym, mass),
  );
  // "strontium 89 chloride"
  t = t.replace(/\b([A-Za-z]+)\s*-?\s*(\d{1,3}m?)\b/g, (m, word: string, mass: string) => {
    const symbol = ELEMENT_SYMBOL.get(word.toLowerCase());
    return symbol ? take(m, symbol, mass) : m;
  });
  // "13C-urea", "13 C Urea"
  t = t.replace(/\b(\d{1,3}m?)\s*([A-Z][a-z]?)(?:-|\s+)(?=[A-Za-z])/g, (m, mass: string, sym: string) =>
    take(m, sym, mass),
  );
  // USAN: "fludeoxyglucose F 18", "lutetium Lu 177 dotatate", "Ga 68 DOTATOC" (symbols keep their case)
  t = t.replace(/\b([A-Z][a-z]?)\s*-?\s*(\d{1,3}m?)\b/g, (m, sym: string, mass: string) =>
    take(m, sym, mass),
  );
  if (found.length === 0) return;
  // the element's own name is redundant next to its nuclide ("lutetium (177Lu) oxodotreotide")
  const elements = new Set(found.map((f) => ISOTOPES[f.replace(/^\d+m?/, "")]?.element));
  const words = t.split(/\s+/).filter((word) => word && !elements.has(word.toLowerCase()));
  w.text = words.length > 0 ? words.join(" ") : t;
  w.isotopes.push(...found);
  w.rules.add("isotope");
}

/** Strips salt and hydrate phrases from the end of a word list, never leaving nothing or a bare element. */
function stripTrailing(words: string[], rules: Set<NormalisationRule>): string[] {
  let out = words;
  for (;;) {
    let stripped = false;
    for (const n of [3, 2, 1]) {
      if (out.length <= n) continue;
      const phrase = out.slice(-n).join(" ");
      const isSalt = SALT_SET.has(phrase);
      const isHydrate = HYDRATE_SET.has(phrase);
      if (!isSalt && !isHydrate) continue;
      const rest = out.slice(0, -n);
      if (rest.length === 1 && ELEMENT_WORDS.has(rest[0] ?? "")) continue;
      if (isSalt && phrase.endsWith("fumarate") && rest.every((r) => ALKYL_WORDS.has(r))) continue;
      out = rest;
      rules.add(isSalt ? "salt" : "hydrate-solvate");
      stripped = true;
      break;
    }
    if (!stripped) return out;
  }
}

/** Removes "(as sulfate)", "(acetate)" and similar salt remarks in parentheses. */
function dropSaltRemarks(text: string, rules: Set<NormalisationRule>): string {
  return text.replace(/\(\s*(?:as\s+)?([a-z -]+?)\s*\)/gi, (m, inner: string) => {
    const words = inner.toLowerCase().trim();
    if (SALT_SET.has(words) || HYDRATE_SET.has(words) || /^as\s/i.test(m.slice(1).trim())) {
      rules.add("salt");
      return " ";
    }
    return m;
  });
}

function foldKey(name: string): string {
  return name
    .split(/[\s\-'.,()[\]]+/)
    .filter(Boolean)
    .map(foldWord)
    .join("");
}

/**
 * The canonical component of one component text, or the override that applies once its salts are gone
 * ("propitocaine hydrochloride" → the override of "propitocaine").
 */
function normaliseComponent(
  raw: string,
  rules: Set<NormalisationRule>,
  overrides: OverrideTable,
): Component | { override: string } | undefined {
  const w: Working = { text: raw, isotopes: [], rules };
  const beforeTags = w.text;
  w.text = w.text.replace(JAN_TAG, " ");
  if (w.text !== beforeTags) rules.add("jan-tag");
  const beforeQualifier = w.text;
  w.text = w.text.replace(QUALIFIER, " ").replace(FORMER_NAME, " ");
  if (w.text !== beforeQualifier) rules.add("qualifier");
  w.text = dropSaltRemarks(w.text, rules);
  extractIsotopes(w);
  let text = w.text
    .toLowerCase()
    // stereo descriptors of a salt: "(S)-malate" → "s-malate"
    .replace(/\(([a-z])\)-/g, "$1-")
    .replace(/[()[\]]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  // FDA's biological product names: "ado-trastuzumab emtansine", "trastuzumab-dkst"
  const prefix = /^([a-z]{3})-(?=[a-z])/.exec(text);
  if (prefix && US_BIOLOGIC_PREFIXES.includes(prefix[1] ?? "")) {
    text = text.slice(4);
    rules.add("biologic-affix");
  }
  const suffix = /(?<=[a-z0-9])\s*-([a-z]{4})$/.exec(text);
  if (suffix && !NOT_BIOLOGIC_SUFFIXES.has(suffix[1] ?? "")) {
    text = text.slice(0, suffix.index).trim();
    rules.add("biologic-affix");
  }
  let words = text.split(" ").filter(Boolean);
  words = stripTrailing(words, rules);
  const late = overrides.get(overrideKey(words.join(" ")));
  if (late !== undefined) return { override: late.canonical };
  // INN "ibandronic acid" = USAN/JAN "ibandronate": one form for both
  const last = words.length;
  if (last >= 2 && words[last - 1] === "acid" && /ic$/.test(words[last - 2] ?? "")) {
    words = [...words.slice(0, -2), (words[last - 2] ?? "").replace(/ic$/, "ate")];
    rules.add("acid-ate");
  }
  if (words.length === 0) return undefined;
  const name = words.join(" ");
  const isotopes = [...new Set(w.isotopes)].sort();
  const folded = foldKey(name);
  if (folded !== name.replace(/[\s\-'.,()[\]]+/g, "")) rules.add("spelling");
  const key = isotopes.length > 0 ? `${folded}-${isotopes.join("-")}` : folded;
  const shown = isotopes.length > 0 ? `${name} (${isotopes.join(", ")})` : name;
  return { key, name: shown };
}

function finish(input: string, components: Component[], rules: Set<NormalisationRule>): NormalisedIngredient {
  const byKey = new Map<string, string>();
  for (const c of components) if (c.key && !byKey.has(c.key)) byKey.set(c.key, c.name);
  const keys = [...byKey.keys()].sort();
  if (keys.length > 1) rules.add("combination");
  return {
    input,
    key: keys.join("+"),
    components: keys,
    names: keys.map((k) => byKey.get(k) ?? k),
    combination: keys.length > 1,
    rules: [...rules],
  };
}

function componentsOf(text: string, overrides: OverrideTable, rules: Set<NormalisationRule>): Component[] {
  const out: Component[] = [];
  for (const part of splitComponents(removeNumberMarkers(text))) {
    const direct = overrides.get(overrideKey(part));
    if (direct !== undefined) {
      rules.add("override");
      out.push(...componentsOf(direct.canonical, new Map(), rules));
      continue;
    }
    const c = normaliseComponent(part, rules, overrides);
    if (!c) continue;
    if ("override" in c) {
      rules.add("override");
      out.push(...componentsOf(c.override, new Map(), rules));
    } else out.push(c);
  }
  return out;
}

/**
 * The canonical components of an ingredient name. A name that an override splits into several
 * products ("A | B") gets the union of their components and the rule "several-products": callers
 * that keep products apart use `splitProducts` first.
 */
export function normaliseIngredient(input: string, options: NormaliseOptions = {}): NormalisedIngredient {
  const overrides = options.overrides ?? defaultOverrides();
  const rules = new Set<NormalisationRule>();
  const clean = cleanName(input);
  const whole = overrides.get(overrideKey(clean));
  let text = clean;
  if (whole !== undefined) {
    rules.add("override");
    text = whole.canonical;
    if (text.includes("|")) {
      rules.add("several-products");
      text = text.replace(/\|/g, "+");
    }
    return finish(input, componentsOf(text, new Map(), rules), rules);
  }
  return finish(input, componentsOf(text, overrides, rules), rules);
}

/**
 * The products one cell names: one, unless the override table says the cell lists several
 * ("daclatasvir | asunaprevir" for a PMDA row that approved Daklinza and Sunvepra together).
 */
export function splitProducts(input: string, options: NormaliseOptions = {}): string[] {
  const overrides = options.overrides ?? defaultOverrides();
  const whole = overrides.get(overrideKey(cleanName(input)));
  if (whole?.canonical.includes("|"))
    return whole.canonical
      .split("|")
      .map((p) => p.trim())
      .filter(Boolean);
  return cleanName(input) ? [input] : [];
}

/** The medicine key of a name (shorthand for `normaliseIngredient(name).key`). */
export function ingredientKey(input: string, options: NormaliseOptions = {}): string {
  return normaliseIngredient(input, options).key;
}
