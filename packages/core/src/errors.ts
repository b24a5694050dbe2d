import { type core, z } from "zod";
import type { Locale } from "./locale.ts";
import { type ProblemCode, problemText } from "./messages.ts";

/** One invalid field of a request: where it is, what is wrong and how to fix it. */
export interface FieldError {
  /** for file imports: the line of the file the field is on (1 = the first line, the header) */
  line?: number;
  field: string;
  pointer: string;
  message: string;
  fix: string;
}

/** RFC 9457 problem details, with Kakehashi's `code`, `fix` and `errors` extensions. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ProblemCode;
  fix: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/**
 * An error that is the caller's to fix (or a known refusal). The text is rendered at the edge, in the
 * language of the request, so the same error reads in ja or en.
 */
export class KakehashiError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly status: number,
    readonly params: Record<string, string | number> = {},
    readonly fieldIssues: readonly core.$ZodIssue[] = [],
    /** issues of an imported file, by line; their paths name columns */
    readonly lineIssues: readonly { line: number; issues: readonly core.$ZodIssue[] }[] = [],
  ) {
    super(problemText(code, "en", params).detail);
    this.name = "KakehashiError";
  }
}

export const notFound = (what: string) => new KakehashiError("not-found", 404, { what });
export const forbidden = (action: string) => new KakehashiError("forbidden", 403, { action });
export const conflict = (what: string) => new KakehashiError("conflict", 409, { what });
export const unauthenticated = () => new KakehashiError("unauthenticated", 401);

export function problemFor(
  code: ProblemCode,
  status: number,
  locale: Locale,
  params: Record<string, string | number> = {},
  instance?: string,
): Problem {
  const text = problemText(code, locale, params);
  return { type: `urn:kakehashi:problem:${code}`, status, code, ...text, ...(instance ? { instance } : {}) };
}

export function problemFromError(error: KakehashiError, locale: Locale, instance?: string): Problem {
  const problem = problemFor(error.code, error.status, locale, error.params, instance);
  const errors = fieldErrors(error.fieldIssues, locale);
  for (const { line, issues } of error.lineIssues)
    for (const e of fieldErrors(issues, locale))
      errors.push({ ...e, line, pointer: `/lines/${line}${e.pointer}` });
  if (errors.length > 0) problem.errors = errors;
  return problem;
}

/** A file with bad rows: reported line by line, and nothing of it is committed. */
export function importError(
  file: string,
  lineIssues: readonly { line: number; issues: readonly core.$ZodIssue[] }[],
): KakehashiError {
  const count = lineIssues.reduce((n, l) => n + l.issues.length, 0);
  return new KakehashiError("import-invalid", 400, { file, count, lines: lineIssues.length }, [], lineIssues);
}

export function validationError(issues: readonly core.$ZodIssue[]): KakehashiError {
  return new KakehashiError("validation-error", 400, { count: issues.length }, issues);
}

const zodLocales = { ja: z.locales.ja().localeError, en: z.locales.en().localeError };

type Bilingual = Record<Locale, string>;

/**
 * A field error found by our own checks (not by a schema), with its message and fix in both languages;
 * a bare custom issue falls back to its (English) message rather than zod's generic "invalid input".
 */
export function fieldIssue(
  path: readonly PropertyKey[],
  message: Bilingual,
  fix?: Bilingual,
  input?: unknown,
): core.$ZodIssue {
  return {
    code: "custom",
    path: [...path],
    message: message.en,
    input,
    params: { message, ...(fix ? { fix } : {}) },
  } as core.$ZodIssue;
}

const customText = (issue: core.$ZodIssue, key: "message" | "fix", locale: Locale): string | undefined =>
  issue.code === "custom" ? (issue.params?.[key] as Bilingual | undefined)?.[locale] : undefined;

function zodMessage(issue: core.$ZodIssue, locale: Locale): string {
  const custom = customText(issue, "message", locale);
  if (custom) return custom;
  if (issue.code === "custom" && issue.message && issue.message !== "Invalid input") return issue.message;
  const out = zodLocales[locale](issue as unknown as core.$ZodRawIssue);
  if (typeof out === "string") return out;
  return out?.message ?? issue.message;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(body)" : path.map(String).join(".");
}

/** Examples for fields checked by a pattern, so the fix can show what a good value looks like. */
const FORMAT_EXAMPLES: Record<string, string> = {
  icd10: "C34.1 (ICD-10)",
  targetUniprot: "P01116 (UniProt)",
  target_uniprot: "P01116 (UniProt)",
  targetSymbol: "KRAS (HGNC)",
  target_symbol: "KRAS (HGNC)",
};

function fixFor(issue: core.$ZodIssue, field: string, locale: Locale): string {
  const ja = locale === "ja";
  const customFix = customText(issue, "fix", locale);
  if (customFix) return customFix;
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined)
        return ja ? `「${field}」を指定してください。` : `Add the field "${field}".`;
      return ja
        ? `「${field}」には ${issue.expected} 型の値を送ってください。`
        : `Send a ${issue.expected} for "${field}".`;
    case "too_small":
      return issue.origin === "string"
        ? ja
          ? `${issue.minimum} 文字以上にしてください。`
          : `Use at least ${issue.minimum} characters.`
        : issue.inclusive === false
          ? ja
            ? `${issue.minimum} より大きくしてください。`
            : `Use more than ${issue.minimum}.`
          : ja
            ? `${issue.minimum} 以上にしてください。`
            : `Use ${issue.minimum} or more.`;
    case "too_big":
      return issue.origin === "string"
        ? ja
          ? `${issue.maximum} 文字以下にしてください。`
          : `Use at most ${issue.maximum} characters.`
        : issue.inclusive === false
          ? ja
            ? `${issue.maximum} より小さくしてください。`
            : `Use less than ${issue.maximum}.`
          : ja
            ? `${issue.maximum} 以下にしてください。`
            : `Use ${issue.maximum} or less.`;
    case "invalid_format":
      if (issue.format === "email")
        return ja
          ? "name@example.jp のような形式で入力してください。"
          : "Use an address like name@example.jp.";
      if (issue.format === "regex") {
        const example = FORMAT_EXAMPLES[field.split(".").pop() ?? ""];
        if (example)
          return ja ? `${example} のような形式で入力してください。` : `Use the form of ${example}.`;
        return ja ? "形式を確かめて入力し直してください。" : "Check the format and enter it again.";
      }
      if (issue.format === "date")
        return ja ? "2026-04-01 のような形式で入力してください。" : "Use a date like 2026-04-01.";
      return ja ? `${issue.format} 形式で入力してください。` : `Use the ${issue.format} format.`;
    case "invalid_value":
      return ja
        ? `次のいずれかを使ってください: ${issue.values.map(String).join(", ")}`
        : `Use one of: ${issue.values.map(String).join(", ")}`;
    case "unrecognized_keys":
      return ja ? `次の項目を削除してください: ${issue.keys.join(", ")}` : `Remove: ${issue.keys.join(", ")}`;
    default:
      return ja ? "この値を修正してください。" : "Correct this value.";
  }
}

export function fieldErrors(issues: readonly core.$ZodIssue[], locale: Locale): FieldError[] {
  return issues.map((issue) => {
    const field = fieldName(issue.path);
    return {
      field,
      pointer: `/${issue.path.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`,
      message: zodMessage(issue, locale),
      fix: fixFor(issue, field, locale),
    };
  });
}
