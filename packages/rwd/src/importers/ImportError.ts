/** One value a user has to fix before the import can go through. */
export interface ImportProblem {
  /** the file as given (OMOP CSV), or the input name for FHIR */
  file: string;
  /** 1-based physical line in the file (NDJSON: the resource's line; a multi-line Bundle document: 0) */
  line: number;
  /** FHIR Bundle: index of the entry (also in `column`'s JSON path) */
  entry?: number;
  /** the column as the file names it (CSV header), or a JSON path such as entry[3].resource.birthDate */
  column: string;
  /** the offending text, as found */
  value: string;
  /** what is wrong and how to fix it */
  message: string;
}

const SHOWN = 20;

/** Thrown when an import is refused; nothing of it was written (all-or-nothing). */
export class ImportError extends Error {
  readonly problems: ImportProblem[];
  /** problems found beyond those listed (long runs of the same fault are cut short) */
  readonly omitted: number;

  constructor(problems: ImportProblem[], omitted = 0, summary = "import refused, nothing was written") {
    const lines = problems.slice(0, SHOWN).map((p) => `  ${formatProblem(p)}`);
    const more = problems.length - lines.length + omitted;
    super(
      `${summary}: ${problems.length + omitted} problem(s)\n${lines.join("\n")}${more > 0 ? `\n  … and ${more} more` : ""}`,
    );
    this.name = "ImportError";
    this.problems = problems;
    this.omitted = omitted;
  }
}

export function formatProblem(p: ImportProblem): string {
  const value = p.value.length > 60 ? `${p.value.slice(0, 57)}...` : p.value;
  const parts = [p.entry !== undefined ? `${p.file} entry ${p.entry}` : `${p.file}:${p.line}`];
  if (p.column) parts.push(`column ${p.column}`);
  if (value) parts.push(`value ${JSON.stringify(value)}`);
  return `${parts.join(" ")}: ${p.message}`;
}
