import { describe, expect, it } from "vitest";
import { UNCLASSIFIED, UNCLASSIFIED_TEXT } from "../atc.ts";
import { monthsBetween } from "../dates.ts";
import type { Medicine } from "../medicines.ts";
import { DEFINITIONS } from "./definitions.ts";
import { lagByArea, lagByYear } from "./lag.ts";
import { lossShareByYear, notApprovedInJapan } from "./loss.ts";
import { orphanComparison } from "./orphan.ts";
import { quantile, summarise } from "./quantile.ts";

describe("quantile (type 7, R's default)", () => {
  // hand-computed: h = (n − 1)p, Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]) on the sorted values (0-based)
  it("matches hand-computed values", () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12); // h = 0.75
    expect(quantile([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25, 12);
    // unsorted input; R: quantile(c(7, 1, 3, 10, 5)) gives 3, 5, 7
    expect(summarise([7, 1, 3, 10, 5])).toEqual({ n: 5, q1: 3, median: 5, q3: 7 });
    // R: quantile(c(2, 4, 4, 5, 7, 9)) gives 25% 4.0, 50% 4.5, 75% 6.5
    expect(summarise([2, 4, 4, 5, 7, 9])).toEqual({ n: 6, q1: 4, median: 4.5, q3: 6.5 });
    expect(quantile([-3.5], 0.75)).toBe(-3.5);
    expect(quantile([1, 2], 0)).toBe(1);
    expect(quantile([1, 2], 1)).toBe(2);
  });

  it("says when there is nothing to summarise", () => {
    expect(summarise([])).toEqual({ n: 0, median: null, q1: null, q3: null });
    expect(() => quantile([], 0.5)).toThrow();
    expect(() => quantile([1], 1.5)).toThrow();
  });
});

interface Spec {
  id: string;
  us?: string;
  eu?: string;
  jp?: string;
  approvedJp?: boolean;
  area?: string;
  orphanUs?: boolean;
  orphanEu?: boolean;
  inDevelopment?: boolean;
}

function medicine(s: Spec): Medicine {
  const first = [s.us, s.eu].filter((d): d is string => !!d).sort()[0];
  const region = first && first === s.us ? "us" : "eu";
  const approval = (date: string, source: "fda" | "ema" | "pmda") => ({
    date,
    source,
    row: 2,
    name: s.id,
    brand: "",
    sponsor: "",
    orphan: false,
  });
  return {
    id: s.id,
    components: [s.id],
    name: s.id,
    combination: false,
    us: s.us
      ? { ...approval(s.us, "fda"), priorityReview: false, accelerated: false, breakthrough: false }
      : null,
    eu: s.eu
      ? { ...approval(s.eu, "ema"), conditional: false, accelerated: false, status: "Authorised" }
      : null,
    jp: s.jp ? { ...approval(s.jp, "pmda"), reviewCategory: "1" } : null,
    firstUsEu: first ? { region, date: first } : null,
    lagMonths: s.jp && first ? monthsBetween(first, s.jp) : null,
    jpStatus:
      s.jp || s.approvedJp ? "approved-jp" : s.inDevelopment ? "in-development-jp" : "not-approved-jp",
    jpApprovedOutsideList: !s.jp && !!s.approvedJp,
    jpName: null,
    orphan: { us: !!s.orphanUs, eu: !!s.orphanEu, jp: false },
    therapeuticArea: {
      code: s.area ?? UNCLASSIFIED,
      label: s.area ? { ja: s.area, en: s.area } : UNCLASSIFIED_TEXT,
      atcCode: null,
      emaArea: null,
    },
    brands: { us: [], eu: [], jp: [] },
    sponsors: { us: [], eu: [], jp: [] },
    jpIndications: [],
    matchedBy: {},
    rows: [],
  };
}

// Lags (months, days / 30.4375) chosen to be easy to check: a 2010-01-01 US approval and JP dates
// 365.25·k days later.
const meds = [
  medicine({ id: "a", us: "2010-01-01", jp: "2011-01-01", area: "L", orphanUs: true }), // 365 d
  medicine({ id: "b", us: "2010-01-01", eu: "2009-07-01", jp: "2011-07-01", area: "L" }), // from EU: 730 d
  medicine({ id: "c", eu: "2012-03-01", jp: "2012-01-01", area: "N" }), // Japan first: −60 d
  medicine({ id: "d", us: "2012-06-01", jp: "2016-06-01", orphanEu: true }), // 1461 d, unclassified
  medicine({ id: "e", us: "2012-05-05" }), // drug loss
  medicine({ id: "f", eu: "2010-02-02", approvedJp: true }), // approved in Japan, date outside the list
  medicine({ id: "g", us: "2011-01-01", jp: "2030-01-01", orphanUs: true }), // JP approval after the cut-off
  medicine({ id: "h", jp: "2015-01-01" }), // Japan only: no lag, not in the loss cohort
  medicine({ id: "i", us: "2012-01-01", inDevelopment: true }),
];
const lag = (id: string) => meds.find((m) => m.id === id)?.lagMonths as number;

describe("lag figures", () => {
  it("group by the year of the Japanese approval, with n, median and quartiles and the ids behind them", () => {
    const fig = lagByYear(meds);
    expect(fig.basis).toBe("jp-approval");
    expect(fig.definition).toBe(DEFINITIONS.lagByJpYear);
    expect(fig.groups.map((g) => [g.group, g.ids])).toEqual([
      ["2011", ["a", "b"]],
      ["2012", ["c"]],
      ["2016", ["d"]],
      ["2030", ["g"]],
    ]);
    const y2011 = fig.groups[0];
    expect(y2011?.median).toBeCloseTo((365 + 730) / 2 / 30.4375, 10);
    expect(lag("c")).toBeCloseTo(-60 / 30.4375, 10);
    expect(fig.overall.n).toBe(5);
    expect(fig.overall.median).toBeCloseTo(lag("b"), 10);
  });

  it("group by the year of the first US/EU approval when asked, within a window", () => {
    const fig = lagByYear(meds, { basis: "first-us-eu-approval", from: 2010 });
    expect(fig.definition).toBe(DEFINITIONS.lagByFirstYear);
    expect(fig.groups.map((g) => [g.group, g.ids])).toEqual([
      ["2010", ["a"]],
      ["2011", ["g"]],
      ["2012", ["c", "d"]],
    ]);
  });

  it("group by therapeutic area, unclassified included", () => {
    const fig = lagByArea(meds);
    expect(fig.groups.map((g) => [g.group, g.n])).toEqual([
      ["L", 2],
      ["N", 1],
      ["unclassified", 2],
    ]);
    expect(fig.groups[2]?.label).toEqual(UNCLASSIFIED_TEXT);
  });
});

describe("drug-loss share", () => {
  it("counts first US/EU approvals not approved in Japan by the cut-off, per year", () => {
    const fig = lossShareByYear(meds, { cutoff: "2024-03-26", from: 2009, to: 2012 });
    expect(fig.definition).toBe(DEFINITIONS.lossShare);
    expect(fig.groups.map((g) => [g.group, g.n, g.notApproved, g.notApprovedIds])).toEqual([
      ["2009", 1, 0, []],
      ["2010", 2, 0, []],
      ["2011", 1, 1, ["g"]],
      ["2012", 4, 2, ["e", "i"]],
    ]);
    expect(fig.groups[3]?.share).toBe(0.5);
    expect(fig.groups[3]?.inDevelopment).toBe(1);
    expect(fig.overall).toMatchObject({ n: 8, notApproved: 3, share: 3 / 8 });
    expect(notApprovedInJapan(meds[6] as Medicine, "2031-01-01")).toBe(false);
  });

  it("takes the cut-off and the first year from the PMDA list's coverage by default", () => {
    const fig = lossShareByYear(meds, { jpCoverage: { first: "2011-04-01", last: "2012-12-31" } });
    expect([fig.cutoff, fig.from, fig.to]).toEqual(["2012-12-31", 2011, 2012]);
    // d's Japanese approval (2016) comes after this cut-off: a loss at that date
    expect(fig.groups.map((g) => [g.group, g.notApprovedIds])).toEqual([
      ["2011", ["g"]],
      ["2012", ["d", "e", "i"]],
    ]);
    expect(() => lossShareByYear(meds)).toThrow(/cut-off/);
  });
});

describe("orphan against non-orphan", () => {
  it("compares lag and loss of medicines designated orphan in the US or EU with the rest", () => {
    const cmp = orphanComparison(meds, { cutoff: "2024-03-26", from: 2009 });
    expect(cmp.definition).toBe(DEFINITIONS.orphan);
    expect(cmp.orphan.lag.ids).toEqual(["a", "d", "g"]);
    expect(cmp.orphan.loss).toMatchObject({ n: 3, notApproved: 1, notApprovedIds: ["g"] });
    expect(cmp.nonOrphan.lag.ids).toEqual(["b", "c"]);
    expect(cmp.nonOrphan.loss).toMatchObject({ n: 5, notApproved: 2 });
    expect(cmp.orphan.lag.median).toBeCloseTo(lag("d"), 10);
  });
});

describe("definitions", () => {
  it("are written in both languages and state the month and quartile conventions", () => {
    for (const d of Object.values(DEFINITIONS)) {
      expect(d.ja.length).toBeGreaterThan(40);
      expect(d.en.length).toBeGreaterThan(40);
    }
    expect(DEFINITIONS.lagByJpYear.en).toContain("30.4375");
    expect(DEFINITIONS.lagByJpYear.en).toContain("type 7");
  });
});
