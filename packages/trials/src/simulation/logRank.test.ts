import { expectClose, get, lazyR, mulberry32, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { logRank } from "./logRank.ts";

interface Survival {
  time: number[];
  status: number[];
  group: number[];
}

/** Exponential times with a hazard ratio, censoring; `round` whole months make many ties. */
function simulate(seed: number, n: number, hr: number, round: boolean): Survival {
  const rng = mulberry32(seed);
  const set: Survival = { time: [], status: [], group: [] };
  for (let i = 0; i < n; i++) {
    const g = rng() < 0.45 ? 1 : 0;
    const event = -Math.log(1 - rng()) / (0.05 * (g ? hr : 1));
    const censor = 5 + rng() * 40;
    const t = Math.min(event, censor);
    set.time.push(round ? Math.max(1, Math.ceil(t)) : Math.round(t * 1e6) / 1e6);
    set.status.push(event <= censor ? 1 : 0);
    set.group.push(g);
  }
  return set;
}

const SETS: Record<string, Survival> = {
  continuous: simulate(1, 300, 0.7, false),
  ties: simulate(2, 400, 0.8, true),
  small: simulate(3, 25, 1.3, true),
};

const oracle = lazyR(
  Object.keys(SETS)
    .map(
      (name) => `
d <- input("${name}")
sd <- survdiff(Surv(time, status) ~ group, data = d)
# O − E and its variance for group 1 (the second level)
emit("${name}_oe", sd$obs[2] - sd$exp[2])
emit("${name}_var", sd$var[2, 2])
emit("${name}_chisq", sd$chisq)
fit <- coxph(Surv(time, status) ~ group, data = d, ties = "breslow", control = coxph.control(eps = 1e-14, iter.max = 100))
emit("${name}_coef", coef(fit))`,
    )
    .join("\n"),
  () =>
    Object.fromEntries(
      Object.entries(SETS).map(([k, s]) => [k, { time: s.time, status: s.status, group: s.group }]),
    ),
  { packages: ["survival"] },
);

describe("log-rank test and Cox hazard ratio (vs R survival::survdiff / coxph, Breslow ties)", () => {
  afterAll(() => reportObserved("simulation/logRank"));

  it.each(Object.keys(SETS))("%s data", (name) => {
    const set = SETS[name] as Survival;
    const r = logRank(set.time, set.status, set.group);
    const out = oracle();
    expectClose(r.observed - r.expected, get(out, `${name}_oe`), 1e-10, "O − E");
    expectClose(r.variance, get(out, `${name}_var`), 1e-10, "variance");
    expectClose(r.z * r.z, get(out, `${name}_chisq`), 1e-10, "chi-square");
    expect(Math.sign(r.z)).toBe(-Math.sign(r.observed - r.expected));
    expectClose(r.logHazardRatio, get(out, `${name}_coef`), 1e-8, "Cox log HR");
    expect(r.petoLogHazardRatio).toBeCloseTo((r.observed - r.expected) / r.variance, 14);
  });

  it("falls back to the Peto estimate when one arm has no events, and rejects bad input", () => {
    const r = logRank([1, 2, 3, 4], [1, 1, 0, 0], [0, 0, 1, 1]);
    expect(r.observed).toBe(0);
    expect(r.logHazardRatio).toBe(r.petoLogHazardRatio);
    expect(Number.isFinite(r.logHazardRatio)).toBe(true);
    const none = logRank([1, 2], [0, 0], [0, 1]);
    expect(Number.isNaN(none.z)).toBe(true);
    expect(() => logRank([1, 2], [1], [0, 1])).toThrow(/same length/);
    expect(() => logRank([1, -2], [1, 1], [0, 1])).toThrow(/time\[1\] must be ≥ 0/);
    expect(() => logRank([1, 2], [1, 1], [0, 2])).toThrow(/group\[1\] must be 0 \(control\) or 1/);
  });
});
