import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LagError } from "../messages.ts";
import { checkEmaWorkbook, emaIngredientName, loadEma, parseEma } from "./ema.ts";
import { accountFor, faultCounts } from "./faults.ts";

const HEADER = [
  "Category",
  "Medicine name",
  "Therapeutic area",
  "International non-proprietary name (INN) / common name",
  "Active substance",
  "Product number",
  "Authorisation status",
  "ATC code",
  "Generic",
  "Biosimilar",
  "Conditional approval",
  "Accelerated assessment",
  "Orphan medicine",
  "Marketing authorisation date",
  "Date of refusal of marketing authorisation",
  "Marketing authorisation holder/company name",
];

const d = (iso: string, hour = 0) => new Date(`${iso}T0${hour}:00:00.000Z`);

// Title rows above the table, as in the EMA export; then rows for each case the loader must handle.
async function workbook(header = HEADER): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Worksheet 1");
  ws.addRow(["Content type:", "European public assessment reports (EPARs)"]);
  ws.addRow([]);
  ws.addRow([null, null, "An agency of the European Union"]);
  ws.addRow(header);
  const rows: unknown[][] = [
    [
      "Human",
      "Keytruda",
      "Melanoma",
      "pembrolizumab",
      "pembrolizumab",
      "EMEA/H/C/003820",
      "Authorised",
      "L01FF02",
      "no",
      "no",
      "no",
      "no",
      "no",
      d("2015-07-17"),
      null,
      "Merck Sharp & Dohme B.V.",
    ],
    [
      "Human",
      "Elocon-like",
      "Asthma",
      "indacaterol, mometasone",
      "indacaterol acetate, Mometasone furoate",
      "EMEA/H/C/1",
      "Withdrawn",
      "R03AL",
      "no",
      "no",
      "no",
      "no",
      "no",
      d("2020-05-26", 1),
      null,
      "Novartis",
    ],
    [
      "Human",
      "Refusix",
      "Pain",
      "refusib",
      "refusib",
      "EMEA/H/C/2",
      "Refused",
      null,
      "no",
      "no",
      "no",
      "no",
      "yes",
      null,
      d("2022-04-29"),
      "Acme",
    ],
    [
      "Veterinary",
      "Bravecto",
      "Fleas",
      "fluralaner",
      "fluralaner",
      "EMEA/V/C/2526",
      "Authorised",
      null,
      "no",
      "no",
      "no",
      "no",
      "no",
      d("2014-02-11", 1),
      null,
      "Intervet",
    ],
    [
      "Human",
      "Nodate",
      "x",
      "nodatib",
      "nodatib",
      "EMEA/H/C/3",
      "Authorised",
      "A10",
      "yes",
      "no",
      "no",
      "no",
      "no",
      null,
      null,
      "Acme",
    ],
    [],
    [
      "Human",
      "Nostatus",
      "x",
      "nostatib",
      "nostatib",
      "EMEA/H/C/4",
      null,
      null,
      "no",
      "no",
      "no",
      "no",
      "yes",
      null,
      null,
      "Acme",
    ],
    [
      "Human",
      "Noinn",
      "x",
      null,
      "Eculizumab",
      "EMEA/H/C/5",
      "Authorised",
      "L04AA25",
      "no",
      "yes",
      "no",
      "no",
      "no",
      d("2023-05-22"),
      null,
      "Samsung Bioepis",
    ],
    [
      "Human",
      "Comboplus",
      "x",
      "sacubitril, valsartan",
      "sacubitril, valsartan",
      "EMEA/H/C/6",
      "Authorised",
      "C09DX04",
      "no",
      "no",
      "no",
      "no",
      "no",
      d("2015-11-24"),
      null,
      "Novartis",
    ],
  ];
  for (const r of rows) ws.addRow(r);
  ws.addRow([]);
  ws.addRow([]);
  return wb;
}

describe("EMA loader", () => {
  let dir = "";
  let file = "";
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "lag-ema-"));
    file = path.join(dir, "ema.xlsx");
    await (await workbook()).xlsx.writeFile(file);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("finds the header below the title rows and reads human medicines", async () => {
    const load = await loadEma(file);
    expect(load.headerRow).toBe(4);
    // the two blank rows after the table are not part of it; the blank row inside it is
    expect(load.dataRows).toEqual({ first: 5, last: 13 });
    const keytruda = load.rows.find((r) => r.medicineName === "Keytruda");
    expect(keytruda).toMatchObject({
      row: 5,
      inn: "pembrolizumab",
      status: "authorised",
      atcCode: "L01FF02",
      authorisationDate: "2015-07-17",
      approval: true,
      generic: false,
    });
    // a time of 01:00 UTC is still that calendar day
    expect(load.rows.find((r) => r.row === 6)).toMatchObject({
      status: "withdrawn",
      authorisationDate: "2020-05-26",
      approval: true,
    });
  });

  it("never counts a refusal as an approval", async () => {
    const load = await loadEma(file);
    expect(load.rows.find((r) => r.medicineName === "Refusix")).toMatchObject({
      status: "refused",
      approval: false,
      refusalDate: "2022-04-29",
      orphan: true,
    });
  });

  it("completes an INN with its kept ester from the active substance, never with a salt", async () => {
    const load = await loadEma(file);
    expect(load.rows.find((r) => r.row === 6)?.ingredient).toBe("indacaterol, mometasone furoate");
    expect(emaIngredientName("dabigatran", "dabigatran etexilate mesilate")).toBe("dabigatran etexilate");
    expect(emaIngredientName("ruxolitinib", "ruxolitinib phosphate")).toBe("ruxolitinib");
  });

  it("reports veterinary rows, missing dates, status and INN, and empty rows; accounts for every row", async () => {
    const load = await loadEma(file);
    expect(faultCounts(load.faults)).toEqual({
      "not-human": 1,
      "missing-date": 1,
      "empty-row": 1,
      "missing-status": 1,
      "missing-inn": 1,
      combination: 2,
    });
    expect(load.rows.find((r) => r.medicineName === "Noinn")).toMatchObject({
      ingredient: "Eculizumab",
      biosimilar: true,
    });
    expect(load.rows.find((r) => r.medicineName === "Nodate")).toMatchObject({
      approval: false,
      generic: true,
    });
    expect(accountFor(load)).toEqual({
      input: 9,
      used: 6,
      reportedOnly: 3,
      unaccounted: [],
      usedWithWarning: 4,
    });
  });

  it("refuses a workbook without the expected columns, naming the column", async () => {
    const wb = await workbook(HEADER.filter((h) => h !== "Orphan medicine"));
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    await expect(parseEma(bytes, "epar.xlsx")).rejects.toThrow(/epar\.xlsx has no column "Orphan medicine"/);
    await expect(checkEmaWorkbook(bytes, "epar.xlsx")).rejects.toBeInstanceOf(LagError);
    await expect(checkEmaWorkbook(Buffer.from("not a zip"), "epar.xlsx")).rejects.toMatchObject({
      code: "source-unreadable",
    });
  });
});
