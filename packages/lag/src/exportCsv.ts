/**
 * CSV export (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote, CR or LF, or with
 * spaces at either end, quoted, quotes doubled). Written here rather than with csv-stringify, which is
 * not among this package's dependencies.
 */
import type { Medicine } from "./medicines.ts";

export type CsvValue = string | number | boolean | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return `${[columns, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}

const round = (x: number | null, digits = 2) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

export const MEDICINE_COLUMNS = [
  "id",
  "name",
  "combination",
  "us_first_approval",
  "us_brand",
  "us_sponsor",
  "eu_first_approval",
  "eu_brand",
  "eu_sponsor",
  "jp_first_approval",
  "jp_name",
  "jp_brand",
  "jp_sponsor",
  "first_us_eu_region",
  "first_us_eu_date",
  "lag_months",
  "jp_status",
  "jp_approved_outside_list",
  "orphan_us",
  "orphan_eu",
  "orphan_jp",
  "atc_level1",
  "atc_code",
  "therapeutic_area_en",
  "therapeutic_area_ja",
  "ema_therapeutic_area",
  "matched_by",
  "jp_indication_rows",
] as const;

export function medicineRow(m: Medicine): CsvValue[] {
  return [
    m.id,
    m.name,
    m.combination,
    m.us?.date,
    m.us?.brand,
    m.us?.sponsor,
    m.eu?.date,
    m.eu?.brand,
    m.eu?.sponsor,
    m.jp?.date,
    m.jpName,
    m.jp?.brand ?? m.brands.jp[0],
    m.jp?.sponsor ?? m.sponsors.jp.join("; "),
    m.firstUsEu?.region,
    m.firstUsEu?.date,
    round(m.lagMonths),
    m.jpStatus,
    m.jpApprovedOutsideList,
    m.orphan.us,
    m.orphan.eu,
    m.orphan.jp,
    m.therapeuticArea.code,
    m.therapeuticArea.atcCode,
    m.therapeuticArea.label.en,
    m.therapeuticArea.label.ja,
    m.therapeuticArea.emaArea,
    Object.entries(m.matchedBy)
      .map(([region, how]) => `${region}:${how}`)
      .join(" "),
    m.jpIndications.map((i) => i.row).join(" "),
  ];
}

/** The medicine table. */
export function medicinesCsv(medicines: readonly Medicine[]): string {
  return toCsv(MEDICINE_COLUMNS, medicines.map(medicineRow));
}

/**
 * The medicines behind a figure: one line per medicine and group it is counted in (a figure's groups
 * each carry `ids`), with the figure's group name first.
 */
export function figureCsv(
  figure: { groups: readonly { group: string; ids: readonly string[] }[] },
  medicines: readonly Medicine[],
): string {
  const byId = new Map(medicines.map((m) => [m.id, m]));
  const rows: CsvValue[][] = [];
  for (const g of figure.groups)
    for (const id of g.ids) {
      const m = byId.get(id);
      if (!m) throw new Error(`figure group ${g.group} names ${id}, which is not among the medicines`);
      rows.push([g.group, ...medicineRow(m)]);
    }
  return toCsv(["group", ...MEDICINE_COLUMNS], rows);
}
