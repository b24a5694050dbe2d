import { afterAll, describe, expect, it } from "vitest";
import { incidenceRate } from "./IncidenceRate.ts";
import { expectClose, get, lazyR, mulberry32, reportObserved, round } from "./oracle.ts";

const rng = mulberry32(51);
// From no events and a handful (where exact limits matter most) to a large database's counts.
const cases: [number, number][] = [
  [0, 120.5],
  [1, 88],
  [2, 1500.25],
  [5, 12.75],
  [37, 10234.5],
  [1000, 2.5e6],
  [123456, 9.87e7],
  ...Array.from({ length: 20 }, (): [number, number] => [
    Math.floor(rng() * 300),
    round(50 + rng() * 50000, 2),
  ]),
];
const pers = [1000, 100000, 1];

const oracle = lazyR(
  `
d <- input("cases")
# r (the null rate) only affects the p-value, whose search over counts near r·T takes R minutes when
# T is large and r = 1; the interval does not depend on it.
ci <- t(mapply(function(x, t) poisson.test(x, t, r = max(x, 1) / t)$conf.int, d$events, d$personYears))
for (per in c(${pers.join(", ")})) {
  name <- format(per, scientific = FALSE)
  emit(paste0("rate", name), d$events / d$personYears * per)
  emit(paste0("lower", name), ci[, 1] * per); emit(paste0("upper", name), ci[, 2] * per)
}
`,
  () => ({ cases: { events: cases.map((c) => c[0]), personYears: cases.map((c) => c[1]) } }),
  { survival: false },
);

describe("incidenceRate against R's poisson.test", () => {
  afterAll(() => reportObserved("incidenceRate"));

  it("matches the exact Poisson limits for 0 to 123,456 events, per 1,000, 100,000 and 1 person-years", () => {
    const r = oracle();
    for (const per of pers) {
      const fits = cases.map(([e, py]) => incidenceRate(e, py, per));
      expectClose(
        fits.map((f) => f.rate),
        get(r, `rate${per}`),
        1e-6,
        "incidenceRate:rate",
      );
      expectClose(
        fits.map((f) => f.lower),
        get(r, `lower${per}`),
        1e-6,
        "incidenceRate:lower",
      );
      expectClose(
        fits.map((f) => f.upper),
        get(r, `upper${per}`),
        1e-6,
        "incidenceRate:upper",
      );
    }
  });

  it("defaults to per 1,000 and rejects impossible input", () => {
    expect(incidenceRate(3, 1000).rate).toBe(3);
    expect(incidenceRate(0, 10).lower).toBe(0);
    expect(() => incidenceRate(-1, 10)).toThrow(/events/);
    expect(() => incidenceRate(1.5, 10)).toThrow(/whole number/);
    expect(() => incidenceRate(1, 0)).toThrow(/personYears/);
  });
});
