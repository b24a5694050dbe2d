/** Drug lag: n, median and quartiles of the lag in months, by year or by therapeutic area. */
import type { LocalText } from "../atc.ts";
import { yearOf } from "../dates.ts";
import type { Medicine } from "../medicines.ts";
import { DEFINITIONS, type Definition } from "./definitions.ts";
import { type Summary, summarise } from "./quantile.ts";

export interface LagGroup extends Summary {
  group: string;
  label?: LocalText;
  /** the medicines behind the figure */
  ids: string[];
}

export interface LagFigure {
  definition: Definition;
  groups: LagGroup[];
  overall: LagGroup;
}

export type LagYearBasis = "jp-approval" | "first-us-eu-approval";

export interface LagOptions {
  /** only medicines whose first US/EU approval year is in [from, to] */
  from?: number;
  to?: number;
}

/** Medicines with a lag (approved in Japan as a new active ingredient, and in the US or the EU). */
export function withLag(medicines: readonly Medicine[], options: LagOptions = {}): Medicine[] {
  return medicines.filter((m) => {
    if (m.lagMonths === null || !m.firstUsEu) return false;
    const y = yearOf(m.firstUsEu.date);
    return (options.from === undefined || y >= options.from) && (options.to === undefined || y <= options.to);
  });
}

function group(name: string, members: readonly Medicine[], label?: LocalText): LagGroup {
  return {
    group: name,
    ...(label ? { label } : {}),
    ...summarise(members.map((m) => m.lagMonths as number)),
    ids: members.map((m) => m.id),
  };
}

function groupBy(members: readonly Medicine[], keyOf: (m: Medicine) => string): Map<string, Medicine[]> {
  const out = new Map<string, Medicine[]>();
  for (const m of members) out.set(keyOf(m), [...(out.get(keyOf(m)) ?? []), m]);
  return out;
}

export function lagByYear(
  medicines: readonly Medicine[],
  options: LagOptions & { basis?: LagYearBasis } = {},
): LagFigure & { basis: LagYearBasis } {
  const basis = options.basis ?? "jp-approval";
  const members = withLag(medicines, options);
  const year = (m: Medicine) =>
    String(yearOf(basis === "jp-approval" ? (m.jp?.date ?? "") : (m.firstUsEu?.date ?? "")));
  const groups = [...groupBy(members, year)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([y, ms]) => group(y, ms));
  return {
    definition: basis === "jp-approval" ? DEFINITIONS.lagByJpYear : DEFINITIONS.lagByFirstYear,
    basis,
    groups,
    overall: group("all", members),
  };
}

export function lagByArea(medicines: readonly Medicine[], options: LagOptions = {}): LagFigure {
  const members = withLag(medicines, options);
  const groups = [...groupBy(members, (m) => m.therapeuticArea.code)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, ms]) => group(code, ms, ms[0]?.therapeuticArea.label));
  return { definition: DEFINITIONS.lagByArea, groups, overall: group("all", members) };
}
