import type { Language } from "./i18n/index.ts";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const locale = (lang: Language) => (lang === "ja" ? "ja-JP" : "en-GB");

/** A date (YYYY-MM-DD, shown as that calendar day) or a timestamp, in the language's usual style. */
export function formatDate(value: string | null | undefined, lang: Language): string {
  if (!value) return "";
  const dateOnly = DATE_ONLY.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(lang), {
    dateStyle: "medium",
    ...(dateOnly ? { timeZone: "UTC" } : {}),
  }).format(date);
}

/** An amount of yen: ja-JP or en-JP currency format. */
export function formatJpy(value: number | null | undefined, lang: Language): string {
  if (value === null || value === undefined) return "";
  return new Intl.NumberFormat(lang === "ja" ? "ja-JP" : "en-JP", {
    style: "currency",
    currency: "JPY",
    maximumFractionDigits: 0,
  }).format(value);
}

export function formatNumber(value: number, lang: Language): string {
  return new Intl.NumberFormat(lang === "ja" ? "ja-JP" : "en-JP", { maximumFractionDigits: 1 }).format(value);
}

/** A ratio (0.25) as a percentage ("25%"). */
export function formatPercent(ratio: number, lang: Language): string {
  return new Intl.NumberFormat(lang === "ja" ? "ja-JP" : "en-JP", {
    style: "percent",
    maximumFractionDigits: 1,
  }).format(ratio);
}

/** Today as YYYY-MM-DD in the browser's time zone (for date inputs' defaults). */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const numberLocale = (lang: Language) => (lang === "ja" ? "ja-JP" : "en-JP");

/** A timestamp with its time of day ("2026/04/01 9:30", "1 Apr 2026, 09:30"). */
export function formatDateTime(value: string | null | undefined, lang: Language): string {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** A number with exactly `digits` decimals ("1.85"). */
export function formatDecimal(value: number, digits: number, lang: Language): string {
  return new Intl.NumberFormat(numberLocale(lang), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A p-value: three decimals, or "<0.001". */
export function formatPValue(p: number, lang: Language): string {
  return p < 0.001 ? `<${formatDecimal(0.001, 3, lang)}` : formatDecimal(p, 3, lang);
}

/** A released count: a number formatted, or the server's text ("<10", "suppressed") as given. */
export function formatCount(value: number | string | null | undefined, lang: Language): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "number" ? formatNumber(value, lang) : value;
}

/** A size in bytes as megabytes ("12.3 MB"). */
export function formatMegabytes(bytes: number, lang: Language): string {
  return `${formatNumber(bytes / 1_000_000, lang)} MB`;
}

/** A model output of any scale to `digits` significant digits ("0.0253", "12.3", "1,234"). */
export function formatSignificant(value: number, lang: Language, digits = 3): string {
  return new Intl.NumberFormat(numberLocale(lang), { maximumSignificantDigits: digits }).format(value);
}
