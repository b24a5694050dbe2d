import { describe, expect, it } from "vitest";
import { LagError } from "../messages.ts";
import { accountFor, faultCounts } from "./faults.ts";
import { parsePmda } from "./pmda.ts";

const HEADER =
  ",Review Category,Approval Date,No.,Brand Name (Applicant Company),New Approval/Partial Change,Active Ingredient (underlined: new active ingredient),Indications";

// Rows modelled on the real file: multi-line cells, every date form it uses, a repeated header, a
// continuation row, a missing ingredient, partial changes, orphan tags and the spreadsheet-damaged
// review category "1-Mar" (for 3-1).
const CSV = `\ufeff${HEADER}\r
11,1,"Jan. 18, 2024",12,Voydeya Tablets 50 mg (Alexion Pharma GK),Approval,Danicopan,"A drug with a new active ingredient indicated for the treatment of paroxysmal nocturnal haemoglobinuria.
[Orphan drug]"\r
12,1-Mar,"Sep. 28,
2007",53,"Zintus Tablets 25 mg
Zintus Tablets 50 mg (Nobelpharma Co., Ltd.)","Approval
Approval",Zinc histidine hydrate,"Drugs with new active
ingredients indicated for hypozincemia. <Orphan drug>"\r
13,2,22-Oct-04,,Lipidil capsule 67,Change,Fenofibrate,A drug with a new dosage.\r
14,4,"Aug. 21,
2018
Aug. 22,
2018",32,"Valixa Tablets 450 mg
Valixa Dry Syrup 5000 mg (Mitsubishi Tanabe Pharma Corporation)","Change
Approval",Valganciclovir hydrochloride,Drugs with a new additional pediatric dosage.\r
15,Category,approval,,(name of company),"Supplemental
Change","(Underlined: New
active ingredients)",Note\r
16,,,,(Taiyo Yakuhin Co., Ltd.),,,\r
17,1,"Jul. 1, 2011",75,Simponi Syringe (Janssen Pharmaceutical K.K.),Approval,,A drug with a new active ingredient.\r
18,6,soon,1,Mystery Tablets (Mystery Co.),Approval,Mysterine,A drug with a new indication.\r
19,4,"Jul. 4, 2014",32,"Daklinza Tablets 60 mg (Bristol-Myers K.K.)
Sunvepra Capsules 100 mg (Bristol-Myers K.K.)","Approval
Approval","Daclatasvir hydrochloride
Asunaprevir",Drugs with new active ingredients indicated for hepatitis C.\r
20,1-Jun,"Nov.11, 2021",5,Odefsey Combination Tablets (Janssen Pharmaceutical K.K.),Approval,Rilpivirine hydrochloride/Emtricitabine/Tenofovir alafenamide fumarate,A new combination drug with a new active ingredient indicated for HIV-1 infection.\r
`;

describe("PMDA loader", () => {
  const load = parsePmda(CSV, "pmda.csv");
  const byIndex = (i: string) => load.rows.find((r) => r.index === i);

  it("parses every date form of the file", () => {
    expect(byIndex("11")?.approvalDate).toBe("2024-01-18");
    expect(byIndex("12")?.approvalDate).toBe("2007-09-28");
    // two-digit years are 20YY: the list starts in 2004
    expect(byIndex("13")?.approvalDate).toBe("2004-10-22");
    expect(byIndex("14")?.approvalDate).toBe("2018-08-21");
    expect(byIndex("20")?.approvalDate).toBe("2021-11-11");
    expect(byIndex("18")?.approvalDate).toBeNull();
  });

  it("recognises new active ingredients and orphan tags from the indication text", () => {
    expect(byIndex("11")).toMatchObject({ newActiveIngredient: true, orphan: true });
    // plural, a line break inside the phrase, and the <Orphan drug> form
    expect(byIndex("12")).toMatchObject({ newActiveIngredient: true, orphan: true });
    expect(byIndex("13")).toMatchObject({
      newActiveIngredient: false,
      orphan: false,
      changes: ["partial-change"],
    });
    expect(byIndex("14")?.changes).toEqual(["partial-change", "approval"]);
  });

  it("splits brand and applicant cells and repairs the review category", () => {
    expect(byIndex("12")).toMatchObject({
      brands: ["Zintus Tablets 25 mg", "Zintus Tablets 50 mg"],
      applicants: ["Nobelpharma Co., Ltd."],
      reviewCategory: "3-1",
      ingredient: "Zinc histidine hydrate",
    });
    expect(byIndex("20")?.reviewCategory).toBe("6-1");
  });

  it("keeps several products of one row apart, as the override table says", () => {
    expect(byIndex("19")?.ingredients).toEqual(["daclatasvir", "asunaprevir"]);
    expect(byIndex("19")?.combination).toBe(false);
    expect(byIndex("20")?.combination).toBe(true);
  });

  it("reports each fault kind, and accounts for every row", () => {
    expect(faultCounts(load.faults)).toEqual({
      "multiple-dates": 1,
      "repeated-header": 1,
      "continuation-row": 1,
      "missing-ingredient": 1,
      "unparseable-date": 1,
      "several-products": 1,
      combination: 1,
    });
    expect(load.faults.find((f) => f.kind === "continuation-row")?.message).toContain("item 16");
    expect(accountFor(load)).toEqual({
      input: 10,
      used: 7,
      reportedOnly: 3,
      unaccounted: [],
      usedWithWarning: 4,
    });
  });

  it("refuses another table, naming the missing column", () => {
    expect(() => parsePmda("Brand,Date\nx,y\n", "other.csv")).toThrow(LagError);
    expect(() => parsePmda("Brand,Date\nx,y\n", "other.csv")).toThrow(/other\.csv.*"Review Category"/);
  });
});
