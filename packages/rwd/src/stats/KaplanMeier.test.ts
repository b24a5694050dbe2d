import { afterAll, describe, expect, it } from "vitest";
import { type KaplanMeierResult, kaplanMeier } from "./KaplanMeier.ts";
import { expectClose, get, lazyR, mulberry32, type OracleOutput, reportObserved } from "./oracle.ts";

interface Survival {
  time: number[];
  status: (0 | 1)[];
}

/** Whole-day times (many ties, events and censorings on the same day). */
function simulate(seed: number, n: number, censorRate: number, maxDay: number): Survival {
  const rng = mulberry32(seed);
  const set: Survival = { time: [], status: [] };
  for (let i = 0; i < n; i++) {
    set.time.push(1 + (Math.floor(-Math.log(1 - rng()) * maxDay * 0.3) % maxDay));
    set.status.push(rng() < censorRate ? 0 : 1);
  }
  return set;
}

const small = simulate(11, 40, 0.3, 25);
// The last time is a lone event, so S reaches 0 and R's std.err becomes Inf and its limits NA.
const toZero: Survival = { time: [...small.time, 999], status: [...small.status, 1] };
const endsCensored: Survival = { time: [...small.time, 999], status: [...small.status, 0] };
const large = simulate(12, 2000, 0.4, 365);
const fuzzy: Survival = { ...small, time: small.time.map((t, i) => (i % 2 === 0 ? t * (1 + 1e-13) : t)) };
const sets = { small, toZero, endsCensored, large, fuzzy };

const oracle = lazyR(
  `
out <- function(name, f) {
  emit(paste0(name, ".time"), f$time); emit(paste0(name, ".nRisk"), f$n.risk)
  emit(paste0(name, ".nEvent"), f$n.event); emit(paste0(name, ".nCensor"), f$n.censor)
  emit(paste0(name, ".survival"), f$surv); emit(paste0(name, ".stdErr"), f$std.err)
  emit(paste0(name, ".lower"), f$lower); emit(paste0(name, ".upper"), f$upper)
  emit(paste0(name, ".stdErrSurvival"), summary(f, censored = TRUE)$std.err)
}
for (name in c(${Object.keys(sets)
    .map((k) => `"${k}"`)
    .join(", ")})) {
  d <- input(name)
  out(name, survfit(Surv(time, status) ~ 1, d))
}
lung$event <- lung$status - 1
emit("lung.input.time", lung$time); emit("lung.input.status", lung$event)
out("lung", survfit(Surv(time, event) ~ 1, lung))
emit("aml.input.time", aml$time); emit("aml.input.status", aml$status)
out("aml", survfit(Surv(time, status) ~ 1, aml))
`,
  () => Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, { time: v.time, status: v.status }])),
);

const fields = [
  "time",
  "nRisk",
  "nEvent",
  "nCensor",
  "survival",
  "stdErr",
  "stdErrSurvival",
  "lower",
  "upper",
] as const;

function expectMatchesR(km: KaplanMeierResult, r: OracleOutput, name: string): void {
  for (const field of fields)
    expectClose(km[field], get(r, `${name}.${field}`), 1e-6, `kaplanMeier:${name}.${field}`);
}

describe("kaplanMeier against R's survfit", () => {
  afterAll(() => reportObserved("kaplanMeier"));

  it("matches on small data with tied event and censoring times", () => {
    const r = oracle();
    expectMatchesR(kaplanMeier(small), r, "small");
    expectMatchesR(kaplanMeier(endsCensored), r, "endsCensored");
  });

  it("matches when the survival reaches 0 (Inf std.err, NA limits as NaN)", () => {
    const r = oracle();
    const km = kaplanMeier(toZero);
    expect(km.survival.at(-1)).toBe(0);
    expect(km.stdErr.at(-1)).toBe(Number.POSITIVE_INFINITY);
    expect(km.lower.at(-1)).toBeNaN();
    expectMatchesR(km, r, "toZero");
  });

  it("matches on n = 2,000 and on near-equal times that survfit's timefix ties", () => {
    const r = oracle();
    expectMatchesR(kaplanMeier(large), r, "large");
    expectMatchesR(kaplanMeier(fuzzy), r, "fuzzy");
  });

  it("matches on survival's lung and aml data", () => {
    const r = oracle();
    for (const name of ["lung", "aml"]) {
      const data = {
        time: get(r, `${name}.input.time`),
        status: get(r, `${name}.input.status`) as (0 | 1)[],
      };
      expectMatchesR(kaplanMeier(data), r, name);
    }
  });

  it("rejects bad input", () => {
    expect(() => kaplanMeier({ time: [], status: [] })).toThrow(/no observations/);
    expect(() => kaplanMeier({ time: [1, 2], status: [1] })).toThrow(/same length/);
  });
});
