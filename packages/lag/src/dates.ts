/** Calendar dates as ISO strings (YYYY-MM-DD), parsed from the publishers' formats. */

/** Days in an average Gregorian month (365.2425 / 12), so lag months are comparable across years. */
export const DAYS_PER_MONTH = 30.4375;

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function monthNumber(name: string): number | undefined {
  const lower = name.toLowerCase();
  return MONTHS[lower] ?? MONTHS[lower.slice(0, 3)];
}

/** ISO date of a valid calendar day, or undefined (31 February is not a day). */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  const t = Date.UTC(year, month - 1, day);
  const d = new Date(t);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return undefined;
  return d.toISOString().slice(0, 10);
}

/** FDA's M/D/YYYY. */
export function parseUsDate(text: string): string | undefined {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return undefined;
  return isoDate(Number(m[3]), Number(m[1]), Number(m[2]));
}

export interface ParsedDates {
  /** every date found in the cell, in order */
  dates: string[];
  /** text left over that is not a date (empty when the whole cell was dates) */
  rest: string;
}

// "Jun. 26, 2023", "May 24,\n2007", "Nov.11, 2021", "June 26, 2023"
const LONG = /([A-Za-z]{3,9})\.?\s*(\d{1,2}),?\s*(\d{4})/g;
// "22-Oct-04": the PMDA file's older rows went through a spreadsheet that rewrote them
const SHORT = /(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4})\b/g;

/**
 * The dates in a PMDA date cell. Two-digit years are 20YY: the list starts in 2004, so no row can be
 * from the 1900s.
 */
export function parsePmdaDates(text: string): ParsedDates {
  const dates: string[] = [];
  let rest = text;
  for (const m of text.matchAll(LONG)) {
    const month = monthNumber(m[1] ?? "");
    const iso = month ? isoDate(Number(m[3]), month, Number(m[2])) : undefined;
    if (iso) {
      dates.push(iso);
      rest = rest.replace(m[0], " ");
    }
  }
  for (const m of text.matchAll(SHORT)) {
    const month = monthNumber(m[2] ?? "");
    const y = m[3] ?? "";
    const year = y.length === 2 ? 2000 + Number(y) : Number(y);
    const iso = month ? isoDate(year, month, Number(m[1])) : undefined;
    if (iso) {
      dates.push(iso);
      rest = rest.replace(m[0], " ");
    }
  }
  return { dates, rest: rest.replace(/[\s,.]+/g, " ").trim() };
}

/** The UTC calendar day of a spreadsheet date (exceljs gives midnight-ish UTC times for dates). */
export function isoFromDate(d: Date): string | undefined {
  if (Number.isNaN(d.getTime())) return undefined;
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Decimal months from `from` to `to`: days / 30.4375 (negative when `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  return daysBetween(from, to) / DAYS_PER_MONTH;
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

export function earliest(dates: readonly (string | undefined | null)[]): string | undefined {
  let best: string | undefined;
  for (const d of dates) if (d && (best === undefined || d < best)) best = d;
  return best;
}
