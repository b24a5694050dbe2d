import { describe, expect, it } from "vitest";
import { DAYS_PER_MONTH } from "./dates.ts";
import { ingredientKey } from "./ingredients/normalise.ts";
import { buildMedicines } from "./medicines.ts";
import { emaRecord, fdaRecord, fixtureLoads, pmdaRecord } from "./testSupport.ts";

const loads = fixtureLoads({
  fda: [
    fdaRecord(2, "pembrolizumab", "2014-09-04", {
      orphan: true,
      applicant: "Merck Sharp Dohme",
      brand: "Keytruda",
    }),
    fdaRecord(3, "nivolumab", "2014-12-22"),
    fdaRecord(4, "usonlymab", "2019-05-01"),
    fdaRecord(5, "donepezil hydrochloride", "1996-11-25"),
    fdaRecord(6, "epoetin alfa", "1989-06-01"),
    fdaRecord(7, "epoetin alfa", "1995-09-29"),
  ],
  ema: [
    emaRecord(10, "pembrolizumab", "2015-07-17", {
      atcCode: "L01FF02",
      therapeuticArea: "Melanoma",
      medicineName: "Keytruda",
    }),
    // a generic, a biosimilar and a refusal of the same ingredient never count as the first EU approval
    emaRecord(11, "pembrolizumab", "2014-01-01", { generic: true }),
    emaRecord(12, "pembrolizumab", "2013-01-01", { biosimilar: true }),
    emaRecord(13, "pembrolizumab", null, {
      status: "refused",
      statusText: "Refused",
      approval: false,
      refusalDate: "2012-01-01",
    }),
    emaRecord(14, "nivolumab", "2015-06-19", { orphan: true }),
    // a later EU product of the same ingredient is not a first approval
    emaRecord(15, "nivolumab", "2019-01-01", { medicineName: "Nivolumab duplicate" }),
    emaRecord(16, "euonlyzumab", "2018-03-03"),
  ],
  pmda: [
    pmdaRecord(20, "Pembrolizumab", "2016-09-28", { orphan: true, brands: ["Keytruda Injection 20 mg"] }),
    pmdaRecord(21, "Pembrolizumab", "2017-11-30", {
      newActiveIngredient: false,
      changes: ["partial-change"],
      indication: "A drug with a new indication.",
    }),
    pmdaRecord(22, "Nivolumab", "2014-07-04"),
    // donepezil: JP rows are a partial change (2007) and, later, a new salt form counted as a new ingredient
    pmdaRecord(23, "Donepezil hydrochloride", "2007-08-23", {
      newActiveIngredient: false,
      changes: ["partial-change"],
    }),
    pmdaRecord(24, "Donepezil", "2022-12-23"),
    pmdaRecord(25, "Jponlyinib", "2020-02-02"),
    pmdaRecord(26, "Epoetin alfa", null, { newActiveIngredient: false, changes: ["partial-change"] }),
  ],
});

describe("buildMedicines", () => {
  const build = buildMedicines(loads, { pipelineJp: ["Usonlymab"] });
  // medicines are keyed by the canonical key of their ingredient
  const med = (name: string) => {
    const m = build.medicines.find((x) => x.id === ingredientKey(name));
    if (!m) throw new Error(`no medicine ${name}`);
    return m;
  };

  it("takes the first approval of each region, and JP minus the earliest of US/EU as the lag", () => {
    const p = med("pembrolizumab");
    expect(p.us?.date).toBe("2014-09-04");
    expect(p.eu).toMatchObject({ date: "2015-07-17", row: 10, brand: "Keytruda" });
    expect(p.jp).toMatchObject({ date: "2016-09-28", row: 20 });
    expect(p.firstUsEu).toEqual({ region: "us", date: "2014-09-04" });
    // 2014-09-04 → 2016-09-28 is 755 days
    expect(p.lagMonths).toBeCloseTo(755 / DAYS_PER_MONTH, 10);
    expect(p.jpStatus).toBe("approved-jp");
  });

  it("gives a negative lag when Japan was first", () => {
    const n = med("nivolumab");
    expect(n.firstUsEu).toEqual({ region: "us", date: "2014-12-22" });
    expect(n.eu?.date).toBe("2015-06-19");
    // 2014-07-04 is 171 days before 2014-12-22
    expect(n.lagMonths).toBeCloseTo(-171 / DAYS_PER_MONTH, 10);
  });

  it("keeps partial changes as indications, not as first approvals", () => {
    const p = med("pembrolizumab");
    expect(p.jpIndications).toEqual([
      {
        row: 21,
        date: "2017-11-30",
        changes: ["partial-change"],
        newActiveIngredient: false,
        text: "A drug with a new indication.",
      },
    ]);
  });

  it("knows a JP approval from before the list: approved, but without a first-approval date or lag", () => {
    const d = med("donepezil");
    expect(d).toMatchObject({
      jpStatus: "approved-jp",
      jpApprovedOutsideList: true,
      jp: null,
      lagMonths: null,
    });
    expect(d.jpIndications.map((i) => i.row)).toEqual([23, 24]);
    const e = med("epoetin alfa");
    expect(e).toMatchObject({ jpStatus: "approved-jp", jpApprovedOutsideList: true, jp: null });
    expect(e.us?.date).toBe("1989-06-01");
    expect(build.report.jpApprovedOutsideList).toEqual([
      ingredientKey("donepezil"),
      ingredientKey("epoetin alfa"),
    ]);
  });

  it("marks medicines not approved in Japan, and in development only when pipeline data says so", () => {
    expect(med("usonlymab").jpStatus).toBe("in-development-jp");
    expect(med("euonlyzumab").jpStatus).toBe("not-approved-jp");
    expect(med("jponlyinib")).toMatchObject({ jpStatus: "approved-jp", firstUsEu: null, lagMonths: null });
  });

  it("takes the therapeutic area from the EMA's ATC code, else reports it unclassified", () => {
    expect(med("pembrolizumab").therapeuticArea).toMatchObject({
      code: "L",
      atcCode: "L01FF02",
      emaArea: "Melanoma",
    });
    expect(med("pembrolizumab").therapeuticArea.label.en).toBe("Antineoplastic and immunomodulating agents");
    expect(med("usonlymab").therapeuticArea.code).toBe("unclassified");
    expect(build.report.unclassified).toContain(ingredientKey("usonlymab"));
    expect(build.report.unclassified).not.toContain("pembrolizumab");
  });

  it("records orphan flags, brands, sponsors and the JP name per region", () => {
    const p = med("pembrolizumab");
    expect(p.orphan).toEqual({ us: true, eu: false, jp: true });
    expect(med("nivolumab").orphan.eu).toBe(true);
    expect(p.brands.us).toEqual(["Keytruda"]);
    expect(p.brands.eu).toEqual(["Keytruda"]);
    expect(p.brands.jp).toContain("Keytruda Injection 20 mg");
    expect(p.sponsors.us).toEqual(["Merck Sharp Dohme"]);
    expect(p.jpName).toBe("Pembrolizumab");
    expect(med("nivolumab").brands.eu).toEqual(["nivolumab EU", "Nivolumab duplicate"]);
  });

  it("makes one medicine per key and never one from rows that are no first approval anywhere", () => {
    const ids = build.medicines.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const names = [
      "donepezil",
      "epoetin alfa",
      "euonlyzumab",
      "jponlyinib",
      "nivolumab",
      "pembrolizumab",
      "usonlymab",
    ];
    expect(ids.sort()).toEqual(names.map((n) => ingredientKey(n)).sort());
  });
});
