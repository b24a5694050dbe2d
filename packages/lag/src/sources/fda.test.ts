import { describe, expect, it } from "vitest";
import { LagError } from "../messages.ts";
import { accountFor, faultCounts } from "./faults.ts";
import { checkFdaHeader, parseFda } from "./fda.ts";

const HEADER =
  "Proprietary  Name,Active Ingredient/Moiety,Applicant,NDA/BLA, Application Number(1),FDA Receipt Date,FDA Approval Date,Approval Year,Abbreviated Indication(s),Review Designation,Orphan Drug Designation,Accelerated Approval,Breakthrough Therapy Designation,Fast Track Designation";

// A UTF-8 BOM, a quoted cell over two lines, a combination, a bad date, an empty ingredient, an empty row
// and a year that disagrees with the date: the faults the real file has or could have.
const CSV = `\ufeff${HEADER}
Keytruda,pembrolizumab,Merck,BLA,125514,2/27/2014,9/4/2014,2014,"melanoma,
second line",Priority,Yes,Yes,Yes,No
Harvoni,"ledipasvir, sofosbuvir",Gilead,NDA,205834,2/10/2014,10/10/2014,2014,hepatitis C,Priority,No,No,Yes,No
Broken,brokenib,Acme,NDA,1,1/1/2020,31/31/2020,2020,x,Standard,No,No,No,No
Nameless,,Acme,NDA,2,1/1/2020,1/2/2020,2020,x,Standard,No,No,No,No
,,,,,,,,,,,,,
Skewed,skewmab,Acme,BLA,3,1/1/2020,1/3/2021,2020,x,Standard,Yes (indication [B] only),N/A,N/A,N/A
`;

describe("FDA loader", () => {
  const load = parseFda(CSV, "fda.csv");

  it("reads the rows in the publisher's format, numbered as a spreadsheet shows them (a record over two lines is one row)", () => {
    expect(load.rows.map((r) => [r.row, r.ingredient, r.approvalDate])).toEqual([
      [2, "pembrolizumab", "2014-09-04"],
      [3, "ledipasvir, sofosbuvir", "2014-10-10"],
      [7, "skewmab", "2021-01-03"],
    ]);
    const keytruda = load.rows[0];
    expect(keytruda?.brand).toBe("Keytruda");
    expect(keytruda?.indication).toBe("melanoma, second line");
    expect(keytruda?.orphan).toBe(true);
    expect(keytruda?.priorityReview).toBe(true);
    expect(keytruda?.applicationType).toBe("BLA");
    expect(load.rows[2]?.orphan).toBe(true);
  });

  it("reports every fault kind it meets, with row and column", () => {
    expect(faultCounts(load.faults)).toEqual({
      combination: 1,
      "unparseable-date": 1,
      "missing-ingredient": 1,
      "empty-row": 1,
      "inconsistent-year": 1,
    });
    const bad = load.faults.find((f) => f.kind === "unparseable-date");
    expect(bad).toMatchObject({ source: "fda", row: 4, column: "FDA Approval Date", value: "31/31/2020" });
    expect(load.rows.find((r) => r.ingredient === "ledipasvir, sofosbuvir")?.combination).toBe(true);
  });

  it("accounts for every row: used, or reported, never dropped", () => {
    expect(accountFor(load)).toEqual({
      input: 6,
      used: 3,
      reportedOnly: 3,
      unaccounted: [],
      usedWithWarning: 2,
    });
  });

  it("refuses a file without the expected columns, naming the file, the column and the fix", () => {
    const wrong = "Name,Ingredient,Date\nx,y,1/1/2020\n";
    let error: unknown;
    try {
      parseFda(wrong, "downloads/wrong.csv");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LagError);
    const e = error as LagError;
    expect(e.code).toBe("source-column-missing");
    expect(e.message).toContain("downloads/wrong.csv");
    expect(e.message).toContain('"Proprietary Name"');
    expect(e.text("en").fix).toContain("US FDA (CDER)");
    expect(e.text("ja").detail).toContain("downloads/wrong.csv");
    expect(e.text("ja").detail).toContain("Proprietary Name");
    expect(() => checkFdaHeader(Buffer.from(wrong), "x.csv")).toThrow(LagError);
    expect(() => checkFdaHeader(Buffer.from(CSV), "x.csv")).not.toThrow();
  });
});
