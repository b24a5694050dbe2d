import { describe, expect, it } from "vitest";
import {
  addMonths,
  daysBetween,
  disclosureRisk,
  type IpApplicationInput,
  type IpFamilyInput,
  ipDeadlines,
  upcomingIpWarnings,
} from "./ipDeadlines.ts";

const app = (
  office: IpApplicationInput["office"],
  status: IpApplicationInput["status"],
  filedOn: string | null,
  id: string = office,
) => ({
  id,
  office,
  status,
  filedOn,
});

const family = (
  applications: IpApplicationInput[],
  priorityDate = "2024-04-10",
  id = "fam-1",
): IpFamilyInput => ({
  id,
  title: "抗体 X / antibody X",
  priorityDate,
  applications,
});

const jpBasic = app("JP", "filed", "2024-04-10", "jp-basic");

describe("addMonths", () => {
  it("keeps the day of the month when the target month has it", () => {
    expect(addMonths("2024-04-10", 12)).toBe("2025-04-10");
    expect(addMonths("2024-04-10", 18)).toBe("2025-10-10");
    expect(addMonths("2023-11-15", 2)).toBe("2024-01-15");
  });

  it("falls back to the last day of a shorter month (PCT Rule 80.2 / 80.5)", () => {
    expect(addMonths("2023-08-31", 30)).toBe("2026-02-28");
    expect(addMonths("2023-03-31", 1)).toBe("2023-04-30");
    expect(addMonths("2021-01-31", 1)).toBe("2021-02-28");
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
  });

  it("handles 29 February", () => {
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    // 2020-02-29 + 30 months lands in August, which has a 29th
    expect(addMonths("2020-02-29", 30)).toBe("2022-08-29");
    expect(addMonths("2020-02-29", 48)).toBe("2024-02-29");
  });

  it("refuses malformed dates", () => {
    expect(() => addMonths("2024-02-30", 1)).toThrow(RangeError);
    expect(() => addMonths("2024/01/01", 1)).toThrow(RangeError);
  });
});

describe("daysBetween", () => {
  it("counts calendar days across month ends and leap days", () => {
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2023-02-28", "2023-03-01")).toBe(1);
    expect(daysBetween("2024-03-01", "2024-02-28")).toBe(-2);
    // a span over the March daylight-saving change in other time zones still counts whole days
    expect(daysBetween("2024-03-01", "2024-04-01")).toBe(31);
  });
});

describe("ipDeadlines", () => {
  it("lists foreign filing at 12 months and publication at 18, without national phase when there is no PCT", () => {
    const deadlines = ipDeadlines(family([jpBasic]), "2024-05-01");
    expect(deadlines.map((d) => [d.kind, d.dueDate])).toEqual([
      ["foreign_filing", "2025-04-10"],
      ["publication", "2025-10-10"],
    ]);
    expect(deadlines.some((d) => d.kind === "national_phase")).toBe(false);
    const foreign = deadlines[0];
    expect(foreign?.labelJa).toBe("PCT・外国出願期限（優先日から12か月）");
    expect(foreign?.labelEn).toBe("PCT / foreign filing deadline (12 months from priority)");
    expect(foreign?.daysLeft).toBe(344);
    expect(foreign?.met).toBe(false);
    expect(foreign?.warning).toBeNull();
  });

  it("gives a national-phase deadline per office: 30 months for JP, US, CN and 31 for EP, KR", () => {
    const deadlines = ipDeadlines(family([jpBasic, app("PCT", "filed", "2025-04-08")]), "2025-05-01");
    const national = deadlines.filter((d) => d.kind === "national_phase");
    expect(national.map((d) => [d.office, d.dueDate])).toEqual([
      ["JP", "2026-10-10"],
      ["US", "2026-10-10"],
      ["CN", "2026-10-10"],
      ["EP", "2026-11-10"],
      ["KR", "2026-11-10"],
    ]);
    expect(national[3]?.labelJa).toBe("国内移行期限：欧州（EPO）（優先日から31か月）");
    expect(national[3]?.labelEn).toBe(
      "National-phase entry deadline: Europe (EPO) (31 months from priority)",
    );
  });

  it("applies the month-end rule to national phase", () => {
    const deadlines = ipDeadlines(
      family([app("JP", "filed", "2023-08-31"), app("PCT", "filed", "2024-08-30")], "2023-08-31"),
      "2024-09-01",
    );
    const due = Object.fromEntries(
      deadlines.filter((d) => d.kind === "national_phase").map((d) => [d.office, d.dueDate]),
    );
    expect(due).toEqual({
      JP: "2026-02-28",
      US: "2026-02-28",
      CN: "2026-02-28",
      EP: "2026-03-31",
      KR: "2026-03-31",
    });
  });

  it("meets the priority year with a PCT or foreign application filed in time, not with the basic one", () => {
    const foreign = (apps: IpApplicationInput[]) => ipDeadlines(family(apps), "2025-03-01")[0];
    expect(foreign([jpBasic])?.met).toBe(false);
    expect(foreign([jpBasic, app("PCT", "filed", "2025-04-10")])?.met).toBe(true);
    expect(foreign([jpBasic, app("US", "published", "2025-01-20")])?.met).toBe(true);
    expect(foreign([jpBasic, app("US", "filed", null)])?.met).toBe(true);
    // one day late: priority is lost
    expect(foreign([jpBasic, app("PCT", "filed", "2025-04-11")])?.met).toBe(false);
    // a second Japanese filing (domestic priority) is not a foreign filing
    expect(foreign([jpBasic, app("JP", "filed", "2025-03-01", "jp-2")])?.met).toBe(false);
    expect(foreign([jpBasic, app("PCT", "planned", "2025-04-01")])?.met).toBe(false);
    expect(foreign([jpBasic, app("PCT", "abandoned", "2025-04-01")])?.met).toBe(false);
    expect(foreign([jpBasic, app("EP", "refused", "2025-04-01")])?.met).toBe(false);
  });

  it("meets the priority year with a Japanese filing when the first filing was abroad", () => {
    const usFirst = family([app("US", "filed", "2024-04-10"), app("JP", "filed", "2025-04-01")]);
    expect(ipDeadlines(usFirst, "2025-03-01")[0]?.met).toBe(true);
  });

  it("meets a national phase only with a filed application in that office, other than the basic one", () => {
    const apps = [
      jpBasic,
      app("PCT", "filed", "2025-04-08"),
      app("EP", "filed", "2026-09-20"),
      app("US", "planned", "2026-10-01"),
    ];
    const met = Object.fromEntries(
      ipDeadlines(family(apps), "2026-10-01")
        .filter((d) => d.kind === "national_phase")
        .map((d) => [d.office, d.met]),
    );
    expect(met).toEqual({ JP: false, US: false, CN: false, EP: true, KR: false });
  });

  it("has no national phase once the PCT application is withdrawn", () => {
    const deadlines = ipDeadlines(family([jpBasic, app("PCT", "abandoned", "2025-04-08")]), "2025-05-01");
    expect(deadlines.some((d) => d.kind === "national_phase")).toBe(false);
  });

  it("treats publication as information: met once its date has come or an application is published", () => {
    const publication = (apps: IpApplicationInput[], today: string) =>
      ipDeadlines(family(apps), today).find((d) => d.kind === "publication");
    expect(publication([jpBasic], "2025-10-09")?.met).toBe(false);
    expect(publication([jpBasic], "2025-10-10")?.met).toBe(true);
    expect(publication([app("JP", "published", "2024-04-10")], "2025-01-01")?.met).toBe(true);
  });

  it("warns at 90, 30 and overdue, exactly on the thresholds", () => {
    // foreign filing due 2025-04-10
    const at = (daysLeft: number) => {
      const today = addDays("2025-04-10", -daysLeft);
      const d = ipDeadlines(family([jpBasic]), today)[0];
      expect(d?.daysLeft).toBe(daysLeft);
      return d?.warning;
    };
    expect(at(91)).toBeNull();
    expect(at(90)).toBe("due_90");
    expect(at(31)).toBe("due_90");
    expect(at(30)).toBe("due_30");
    expect(at(0)).toBe("due_30");
    expect(at(-1)).toBe("overdue");
    expect(at(-60)).toBe("overdue");
    // past the two months in which a missed deadline can still be remedied, the chance is gone
    expect(at(-61)).toBeNull();
  });

  it("marks an unmet deadline lapsed once 60 days have passed, and leaves it out of the warnings", () => {
    const due = "2025-04-10"; // foreign filing of jpBasic
    const at = (today: string) => ipDeadlines(family([jpBasic]), today)[0];
    expect(at(addDays(due, 60))).toMatchObject({ warning: "overdue", lapsed: false });
    expect(at(addDays(due, 61))).toMatchObject({ warning: null, lapsed: true, met: false });
    expect(upcomingIpWarnings([family([jpBasic])], addDays(due, 61))).toEqual([]);
    // a met deadline is never lapsed
    const met = ipDeadlines(family([jpBasic, app("PCT", "filed", "2025-04-01")]), "2027-01-01")[0];
    expect(met).toMatchObject({ met: true, lapsed: false, warning: null });
  });

  it("never warns about a met deadline, even a past one", () => {
    const d = ipDeadlines(family([jpBasic, app("PCT", "filed", "2025-04-01")]), "2025-06-01")[0];
    expect(d).toMatchObject({ kind: "foreign_filing", met: true, warning: null, daysLeft: -52 });
  });
});

describe("upcomingIpWarnings", () => {
  it("keeps open deadlines with a warning, soonest (most overdue) first", () => {
    const a = family([jpBasic], "2024-04-10", "a"); // foreign filing due 2025-04-10
    const b = family([app("JP", "filed", "2024-02-01")], "2024-02-01", "b"); // due 2025-02-01
    const c = family(
      [app("JP", "filed", "2024-12-01"), app("PCT", "filed", "2024-12-20")],
      "2024-12-01",
      "c",
    ); // met
    const warnings = upcomingIpWarnings([a, b, c], "2025-02-15");
    expect(warnings.map((w) => [w.familyId, w.kind, w.warning, w.daysLeft])).toEqual([
      ["b", "foreign_filing", "overdue", -14],
      ["a", "foreign_filing", "due_90", 54],
    ]);
  });
});

describe("disclosureRisk", () => {
  const fam = family([jpBasic]);

  it("is silent for unpublished seeds and for disclosure on or after the priority date", () => {
    expect(disclosureRisk(null, [])).toBeNull();
    expect(disclosureRisk("2024-04-10", [fam])).toBeNull();
    expect(disclosureRisk("2025-01-01", [fam])).toBeNull();
  });

  it("flags a public seed with no patent family", () => {
    const flag = disclosureRisk("2025-01-01", []);
    expect(flag?.code).toBe("published_without_filing");
    expect(flag?.ja).toContain("特許法第30条");
    expect(flag?.ja).toContain("2026-01-01");
    expect(flag?.en).toContain("Art. 30");
  });

  it("flags disclosure before the earliest priority date and names the one-year grace period", () => {
    const later = family([app("JP", "filed", "2024-09-01")], "2024-09-01", "fam-2");
    const flag = disclosureRisk("2024-03-01", [later, fam]);
    expect(flag?.code).toBe("published_before_priority");
    expect(flag?.ja).toContain("2024-04-10");
    expect(flag?.ja).toContain("1年");
    expect(flag?.en).toContain("one year");
    expect(disclosureRisk("2024-05-01", [later, fam])).toBeNull();
  });
});

function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
