import type { TFunction } from "i18next";
import type { Bilingual, JpStatus, LagRegion, MedicineSummary } from "../../api.ts";
import type { BadgeTone } from "../../components/Badge.tsx";
import { pick } from "../../display.ts";
import { formatDecimal } from "../../format.ts";
import type { Language } from "../../i18n/index.ts";

/** ATC level-1 letters (the therapeutic areas), then medicines the EMA does not classify. */
export const AREA_CODES = [
  "A",
  "B",
  "C",
  "D",
  "G",
  "H",
  "J",
  "L",
  "M",
  "N",
  "P",
  "R",
  "S",
  "V",
  "unclassified",
] as const;

export const STATUS_TONE: Record<JpStatus, BadgeTone> = {
  "approved-jp": "success",
  "not-approved-jp": "danger",
  "in-development-jp": "warning",
};

/** Months with one decimal and the unit ("24.8 か月", "24.8 months"); "—" when there is none. */
export function formatLag(t: TFunction, months: number | null | undefined, lang: Language): string {
  if (months === null || months === undefined) return "—";
  return t("lag.months", { value: formatDecimal(months, 1, lang) });
}

/** Months with one decimal, no unit (table cells under a "months" heading). */
export function formatMonths(months: number | null | undefined, lang: Language): string {
  return months === null || months === undefined ? "—" : formatDecimal(months, 1, lang);
}

export const localText = (text: Bilingual | null | undefined, lang: Language) =>
  text ? pick(text.ja, text.en, lang) : "";

/** The therapeutic area's label in the language, with its ATC letter ("L 抗悪性腫瘍薬と免疫調節薬"). */
export function areaLabel(t: TFunction, code: string, label: Bilingual | undefined, lang: Language): string {
  if (code === "unclassified") return label ? localText(label, lang) : t("lag.areas.unclassified");
  return `${code} ${label ? localText(label, lang) : t(`lag.areas.${code}`)}`;
}

/** The regions where the medicine is an orphan drug ("米・欧", "US, EU"), or "". */
export function orphanRegions(t: TFunction, orphan: MedicineSummary["orphan"]): string {
  const regions = (["us", "eu", "jp"] as LagRegion[]).filter((r) => orphan[r]);
  return regions.map((r) => t(`lag.regionShort.${r}`)).join(t("lag.regionSeparator"));
}

/** The URL length the server is sure to take: longer lists of ids are paged here, 50 at a time. */
export const IDS_IN_ONE_REQUEST = 3000;

/**
 * The x axis of a figure by year, with each year's n under it; many years are written upright, so that
 * they stay readable beside the table.
 */
export function yearAxis(years: readonly string[], nOf: ReadonlyMap<string, number>, label: string) {
  const upright = years.length > 12;
  return {
    axis: {
      type: "point" as const,
      domain: [...years],
      padding: 0.5,
      label,
      ...(upright ? { tickRotate: -90, labelOffset: 92 } : {}),
      tickFormat: (year: string) =>
        upright ? `${year} n=${nOf.get(year) ?? 0}` : `${year}\nn=${nOf.get(year) ?? 0}`,
    },
    marginBottom: upright ? 104 : 52,
  };
}
