/**
 * The three real files, whole: exact row counts (counted here independently of the loaders, and
 * pinned), every row used or reported, and facts about well-known medicines checked against the raw
 * rows. Runs when ../shared/data (or KAKEHASHI_SHARED_DATA) is there; says so when it did not run.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { lagByYear } from "./analyses/lag.ts";
import { lossShareByYear } from "./analyses/loss.ts";
import { ingredientKey } from "./ingredients/normalise.ts";
import { type ApprovalsLoad, loadApprovals } from "./loadApprovals.ts";
import type { Medicine } from "./medicines.ts";
import { faultCounts } from "./sources/faults.ts";
import { approvalFiles, approvalsDir, haveApprovalsData } from "./testSupport.ts";

const rawCsv = (file: string) =>
  parse(readFileSync(file), { bom: true, relax_column_count: true }) as string[][];

describe.skipIf(!haveApprovalsData)("the real approval files", () => {
  let a: ApprovalsLoad;
  let fdaRaw: string[][];
  let pmdaRaw: string[][];
  let emaRaw: { n: number; cells: string[] }[];
  const med = (name: string): Medicine => {
    const m = a.medicines.find((x) => x.id === ingredientKey(name));
    if (!m) throw new Error(`no medicine ${name}`);
    return m;
  };

  beforeAll(async () => {
    a = await loadApprovals(approvalsDir);
    fdaRaw = rawCsv(approvalFiles.fda);
    pmdaRaw = rawCsv(approvalFiles.pmda);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(approvalFiles.ema);
    emaRaw = [];
    wb.worksheets[0]?.eachRow((row, n) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      emaRaw.push({
        n,
        cells: values.map((v) =>
          v instanceof Date ? v.toISOString().slice(0, 10) : v == null ? "" : String(v),
        ),
      });
    });
  }, 60_000);

  it("has the row counts we count ourselves (and pin)", () => {
    // CSV: raw records minus the header; EMA: rows after the header row that have any cell
    const emaHeader = emaRaw.find((r) => r.cells.includes("Medicine name"))?.n ?? 0;
    const counts = {
      fda: fdaRaw.length - 1,
      pmda: pmdaRaw.length - 1,
      ema: emaRaw.filter((r) => r.n > emaHeader && r.cells.some((c) => c.trim())).length,
    };
    expect(counts).toEqual({ fda: 1341, pmda: 2448, ema: 2041 });
    expect(emaHeader).toBe(9);
    for (const s of ["fda", "pmda", "ema"] as const) {
      expect(a.accounts[s].input, s).toBe(counts[s]);
      expect(a.accounts[s].used + a.accounts[s].reportedOnly, s).toBe(counts[s]);
      expect(a.accounts[s].unaccounted, s).toEqual([]);
    }
  });

  it("uses or reports every row, with the faults pinned", () => {
    expect([a.loads.fda.rows.length, a.loads.pmda.rows.length, a.loads.ema.rows.length]).toEqual([
      1341, 2401, 1758,
    ]);
    expect(faultCounts(a.loads.fda.faults)).toEqual({ combination: 65 });
    expect(faultCounts(a.loads.pmda.faults)).toEqual({
      combination: 199,
      "missing-ingredient": 3,
      "several-products": 4,
      "continuation-row": 43,
      "multiple-dates": 1,
      "missing-date": 2,
      "repeated-header": 1,
    });
    expect(faultCounts(a.loads.ema.faults)).toEqual({
      combination: 202,
      "not-human": 282,
      "missing-date": 3,
      "missing-inn": 2,
      "missing-status": 1,
    });
    // independent: the veterinary rows of the raw sheet are exactly the ones reported as not human
    const vet = emaRaw.filter((r) => r.cells[0] === "Veterinary").map((r) => r.n);
    expect(a.loads.ema.faults.filter((f) => f.kind === "not-human").map((f) => f.row)).toEqual(vet);
    // independent: PMDA rows whose indication names a new active ingredient; those the loader did not
    // use are all reported
    const nai = pmdaRaw
      .map((r, i) => ({ row: i + 1, indication: r[7] ?? "" }))
      .filter((r) => r.row > 1 && /new\s+active\s+ingredients?/i.test(r.indication))
      .map((r) => r.row);
    expect(nai).toHaveLength(742);
    const used = new Set(a.loads.pmda.rows.filter((r) => r.newActiveIngredient).map((r) => r.row));
    expect(used.size).toBe(741);
    const reported = new Set(a.loads.pmda.faults.map((f) => f.row));
    expect(nai.filter((row) => !used.has(row) && !reported.has(row))).toEqual([]);
  });

  it("builds the medicine table (pinned) and reports what it could not match", () => {
    const ms = a.medicines;
    expect(ms).toHaveLength(1854);
    expect(ms.filter((m) => m.jpStatus === "approved-jp")).toHaveLength(895);
    expect(ms.filter((m) => m.jp)).toHaveLength(720);
    expect(ms.filter((m) => m.lagMonths !== null)).toHaveLength(550);
    expect(a.jpCoverage).toEqual({ first: "2004-04-23", last: "2024-03-26" });
    expect(a.match.ambiguous).toEqual([]);
    // every inexact match is listed for checking, and there are few
    expect(a.match.fuzzy.map((f) => `${f.source}:${f.how}:${f.name}`).sort()).toEqual([
      "ema:fuzzy:sofosbuvir, velpatasvir, voxilaprevi",
      "fda:fuzzy:clofarbine",
      "fda:fuzzy:indium In 111 pentetreotide",
      "fda:fuzzy:tazobactam sodium, pipercillin sodium",
      "pmda:ester:Azilsartan",
      "pmda:split:Brinzolamide Timolol maleate",
      "pmda:split:Ciprofloxacin Ciprofloxacin hydrochloride",
      "pmda:split:Indacaterol maleate Glycopyrronium bromide",
      "pmda:split:Tegafur Gimeracil Oteracil potassium",
      "pmda:split:Trifluridine Tipiracil hydrochloride",
    ]);
    const overall = lagByYear(ms).overall;
    console.log(
      `medicines ${ms.length}; lag n ${overall.n}, median ${overall.median?.toFixed(1)} months (Q1 ${overall.q1?.toFixed(1)}, Q3 ${overall.q3?.toFixed(1)})`,
    );
    expect(overall.median).toBeCloseTo(30.47, 2);
    const loss = lossShareByYear(ms, { jpCoverage: a.jpCoverage });
    expect([loss.from, loss.to, loss.overall.n, loss.overall.notApproved]).toEqual([2004, 2024, 1015, 542]);
  });

  /** The raw FDA row of an ingredient (column 1) and its approval date (column 14). */
  const fdaDate = (ingredient: string) => fdaRaw.find((r) => r[1] === ingredient)?.[14];
  const pmdaRow = (ingredient: string, date: RegExp) =>
    pmdaRaw.find(
      (r) => (r[6] ?? "").trim() === ingredient && date.test(r[2] ?? "") && /new\s+active/i.test(r[7] ?? ""),
    );
  const emaDate = (medicineName: string) => emaRaw.find((r) => r.cells[1] === medicineName)?.cells[16];

  it("knows pembrolizumab: US Sept 2014, EU July 2015, Japan Sept 2016 (about two years of lag)", () => {
    expect(fdaDate("pembrolizumab")).toBe("9/4/2014");
    expect(emaDate("Keytruda")).toBe("2015-07-17");
    expect(pmdaRow("Pembrolizumab", /Sep\. 28, 2016/)).toBeDefined();
    const m = med("pembrolizumab");
    expect([m.us?.date, m.eu?.date, m.jp?.date]).toEqual(["2014-09-04", "2015-07-17", "2016-09-28"]);
    expect(m.lagMonths).toBeCloseTo(755 / 30.4375, 6);
    expect(m.therapeuticArea.code).toBe("L");
  });

  it("knows nivolumab was approved in Japan first (negative lag)", () => {
    expect(fdaDate("nivolumab")).toBe("12/22/2014");
    expect(emaDate("Opdivo")).toBe("2015-06-19");
    expect(pmdaRow("Nivolumab", /Jul\. 4, 2014/)).toBeDefined();
    const m = med("nivolumab");
    expect(m.jp?.date).toBe("2014-07-04");
    expect(m.lagMonths).toBeLessThan(0);
  });

  it("knows sofosbuvir and tafamidis (EU first, US years later)", () => {
    expect(fdaDate("sofosbuvir")).toBe("12/6/2013");
    expect(emaDate("Sovaldi")).toBe("2014-01-16");
    expect(pmdaRow("Sofosbuvir", /Mar\. 26, 2015/)).toBeDefined();
    expect([med("sofosbuvir").us?.date, med("sofosbuvir").eu?.date, med("sofosbuvir").jp?.date]).toEqual([
      "2013-12-06",
      "2014-01-16",
      "2015-03-26",
    ]);
    expect(emaDate("Vyndaqel")).toBe("2011-11-16");
    const t = med("tafamidis");
    expect(t.firstUsEu).toEqual({ region: "eu", date: "2011-11-16" });
    expect(t.orphan).toEqual({ us: true, eu: true, jp: true });
  });

  it("knows imatinib and trastuzumab were approved in Japan before the list starts", () => {
    for (const name of ["imatinib mesylate", "trastuzumab"]) {
      const m = med(name);
      expect(m.jpStatus, name).toBe("approved-jp");
      expect(m.jpApprovedOutsideList, name).toBe(true);
      expect(m.lagMonths, name).toBeNull();
    }
  });

  it("counts lecanemab as approved in the US and Japan, not (in this 2023 table) in the EU", () => {
    const m = med("lecanemab");
    expect([m.us?.date, m.eu, m.jp?.date]).toEqual(["2023-01-06", null, "2023-09-25"]);
  });
});

if (!haveApprovalsData)
  console.warn(`real approval files not found under ${approvalsDir}: src/real.test.ts did not run`);
