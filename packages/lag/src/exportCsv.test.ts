import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { lagByYear } from "./analyses/lag.ts";
import { csvField, figureCsv, MEDICINE_COLUMNS, medicinesCsv, toCsv } from "./exportCsv.ts";
import { buildMedicines } from "./medicines.ts";
import { fdaRecord, fixtureLoads, pmdaRecord } from "./testSupport.ts";

describe("CSV (RFC 4180)", () => {
  it("quotes only what needs quoting and doubles quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvField(1.5)).toBe("1.5");
    expect(csvField(false)).toBe("false");
    expect(toCsv(["a", "b"], [["x", 'y"z']])).toBe('a,b\r\nx,"y""z"\r\n');
  });

  it("round-trips through a CSV parser", () => {
    const rows = [["Keytruda (MSD K.K.)", 'He said "no"', "line\nbreak", "", "12.5"]];
    const text = toCsv(["a", "b", "c", "d", "e"], rows);
    expect(parse(text)).toEqual([["a", "b", "c", "d", "e"], ...rows]);
  });

  it("exports the medicine table and the medicines behind a figure", () => {
    const build = buildMedicines(
      fixtureLoads({
        fda: [fdaRecord(2, "pembrolizumab", "2014-09-04", { brand: "Keytruda, injection" })],
        pmda: [pmdaRecord(2, "Pembrolizumab", "2016-09-28")],
      }),
    );
    const table = parse(medicinesCsv(build.medicines), { columns: true }) as Record<string, string>[];
    expect(Object.keys(table[0] ?? {})).toEqual([...MEDICINE_COLUMNS]);
    expect(table[0]).toMatchObject({
      id: "pembrolizumab",
      us_brand: "Keytruda, injection",
      jp_first_approval: "2016-09-28",
      lag_months: "24.8",
      jp_status: "approved-jp",
    });
    const figure = parse(figureCsv(lagByYear(build.medicines), build.medicines), { columns: true }) as Record<
      string,
      string
    >[];
    expect(figure.map((r) => [r.group, r.id])).toEqual([["2016", "pembrolizumab"]]);
    expect(() => figureCsv({ groups: [{ group: "x", ids: ["nothing"] }] }, build.medicines)).toThrow(
      /nothing/,
    );
  });
});
