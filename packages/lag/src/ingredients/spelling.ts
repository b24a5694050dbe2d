/**
 * Spelling rules that make JAN, INN, USAN and older British names of the same substance compare equal.
 * They are applied to the matching key only (never to the names shown), word by word, to both sides of
 * every comparison, so a rule can only merge names that differ by exactly these spellings. Each rule
 * carries the real pair it exists for; the tests check each pair and that the rule is needed.
 * Names that no rule can reach (albuterol / salbutamol) go in overrides.tsv instead.
 */

export interface SpellingRule {
  id: string;
  /** applied with String.replace to each lower-case word */
  pattern: RegExp;
  replacement: string;
  why: string;
  /** two spellings of one substance that only this rule (with the ones before it) makes equal */
  example: readonly [string, string];
}

export const SPELLING_RULES: readonly SpellingRule[] = [
  {
    id: "ph-f",
    pattern: /ph/g,
    replacement: "f",
    why: "INN and JAN write f where USAN and older names write ph (cefalexin, alfa, sulfate)",
    example: ["cephalexin", "cefalexin"],
  },
  {
    id: "th-t",
    pattern: /th/g,
    replacement: "t",
    why: "INN dropped the h of th in many names (beclometasone, tiotixene)",
    example: ["beclomethasone", "beclometasone"],
  },
  {
    id: "ch-c",
    pattern: /ch/g,
    replacement: "c",
    why: "INN colecalciferol against USAN cholecalciferol",
    example: ["cholecalciferol", "colecalciferol"],
  },
  {
    id: "ae-e",
    pattern: /ae/g,
    replacement: "e",
    why: "British ae (haemin) against American e (hemin)",
    example: ["haemin", "hemin"],
  },
  {
    id: "oe-e",
    pattern: /oe/g,
    replacement: "e",
    why: "British oe (oestradiol) against e (estradiol)",
    example: ["oestradiol", "estradiol"],
  },
  {
    id: "y-i",
    pattern: /y/g,
    replacement: "i",
    why: "INN and JAN write i where USAN writes y (aciclovir, ciclosporin, amoxicillin)",
    example: ["acyclovir", "aciclovir"],
  },
  {
    id: "final-e",
    pattern: /e$/,
    replacement: "",
    why: "INN drops the final e that USAN keeps (ciclosporin, cyclosporine)",
    example: ["cyclosporine", "ciclosporin"],
  },
];

/** The matching form of one lower-case word. */
export function foldWord(word: string): string {
  let out = word;
  for (const rule of SPELLING_RULES) out = out.replace(rule.pattern, rule.replacement);
  return out;
}
