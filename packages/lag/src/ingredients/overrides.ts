/**
 * The curated override table (overrides.tsv, kept as data): names that the rules cannot match, mapped to
 * a canonical name that the rules then normalise. "A + B" is a combination; "A | B" means the cell names
 * several separate products.
 */
import { readFileSync } from "node:fs";

export interface Override {
  canonical: string;
  note: string;
  /** line in the TSV file, for error messages */
  line: number;
}

export type OverrideTable = ReadonlyMap<string, Override>;

/** The lookup form of a name: NFKC, lower case, single spaces, no trailing punctuation. */
export function overrideKey(name: string): string {
  return name
    .normalize("NFKC")
    .replace(/\u1ca2/g, "(")
    .replace(/\u1ca3/g, ")")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/^[\s,;/]+|[\s,;/]+$/g, "")
    .trim();
}

/** Parses the TSV text: a header `name	canonical	note`, then one override per line; # starts a comment. */
export function parseOverrides(text: string, file = "overrides.tsv"): Map<string, Override> {
  const table = new Map<string, Override>();
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? "").split("\t").map((h) => h.trim());
  if (header[0] !== "name" || header[1] !== "canonical" || header[2] !== "note")
    throw new Error(`${file}: the first line must be the header "name<TAB>canonical<TAB>note"`);
  lines.slice(1).forEach((line, i) => {
    const n = i + 2;
    if (!line.trim() || line.startsWith("#")) return;
    const [name, canonical, note] = line.split("\t");
    if (!name?.trim() || !canonical?.trim() || !note?.trim())
      throw new Error(`${file}:${n}: each line needs a name, a canonical name and a note, separated by tabs`);
    const key = overrideKey(name);
    if (table.has(key))
      throw new Error(`${file}:${n}: "${name}" is already overridden on line ${table.get(key)?.line}`);
    table.set(key, { canonical: canonical.trim(), note: note.trim(), line: n });
  });
  return table;
}

let cached: OverrideTable | undefined;

/** The table shipped with the package (read once). */
export function defaultOverrides(): OverrideTable {
  cached ??= parseOverrides(readFileSync(new URL("./overrides.tsv", import.meta.url), "utf8"));
  return cached;
}
