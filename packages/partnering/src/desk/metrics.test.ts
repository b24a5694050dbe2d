import { describe, expect, it } from "vitest";
import { type CaseFacts, computeDeskMetrics, median } from "./metrics.ts";

const at = (iso: string) => new Date(iso);
const hoursAfter = (d: Date, h: number) => new Date(d.getTime() + h * 3_600_000);
const base = at("2026-04-01T00:00:00Z");

// six hand-made cases whose figures are worked out by hand below
const cases: CaseFacts[] = [
  {
    topic: "ip",
    status: "closed",
    createdAt: base,
    firstResponseAt: hoursAfter(base, 2),
    outcome: "resolved",
    satisfaction: 5,
  },
  {
    topic: "ip",
    status: "closed",
    createdAt: base,
    firstResponseAt: hoursAfter(base, 10),
    outcome: "not_resolved",
    satisfaction: 2,
  },
  {
    topic: "regulatory",
    status: "closed",
    createdAt: base,
    firstResponseAt: hoursAfter(base, 4),
    outcome: "resolved",
    satisfaction: null,
  },
  {
    topic: "funding",
    status: "closed",
    createdAt: base,
    firstResponseAt: null,
    outcome: "withdrawn",
    satisfaction: null,
  },
  {
    topic: "business",
    status: "in_progress",
    createdAt: base,
    firstResponseAt: hoursAfter(base, 30),
    outcome: null,
    satisfaction: null,
  },
  {
    topic: "overseas",
    status: "new",
    createdAt: base,
    firstResponseAt: null,
    outcome: null,
    satisfaction: null,
  },
];

describe("desk metrics", () => {
  it("computes median response time, cases by topic, resolution rate and satisfaction", () => {
    const m = computeDeskMetrics(cases);
    expect(m.cases).toBe(6);
    expect(m.open).toBe(2);
    expect(m.closed).toBe(4);
    expect(m.byTopic).toEqual({ ip: 2, regulatory: 1, business: 1, funding: 1, overseas: 1 });
    // responses after 2, 4, 10 and 30 hours: median (4 + 10) / 2
    expect(m.responded).toBe(4);
    expect(m.medianHoursToFirstResponse).toBe(7);
    // 2 resolved of 3 closed by the desk (the withdrawn one is left out)
    expect(m.resolved).toBe(2);
    expect(m.resolutionRate).toBeCloseTo(2 / 3, 12);
    expect(m.rated).toBe(2);
    expect(m.satisfactionMean).toBe(3.5);
  });

  it("says 'no figure' rather than zero when there is nothing to measure", () => {
    const m = computeDeskMetrics([]);
    expect(m.medianHoursToFirstResponse).toBeNull();
    expect(m.resolutionRate).toBeNull();
    expect(m.satisfactionMean).toBeNull();
    expect(median([3])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
  });
});
