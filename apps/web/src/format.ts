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
