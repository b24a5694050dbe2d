import { afterAll, describe, expect, it } from "vitest";
import { conditionalLogistic } from "./ConditionalLogistic.ts";
import { type CoxResult, coxPh } from "./CoxModel.ts";
import {
  expectClose,
  get,
  lazyR,
  mulberry32,
  normal,
  type OracleOutput,
  reportObserved,
  round,
} from "./oracle.ts";

interface SurvivalSet {
  time: number[];
  status: (0 | 1)[];
  x: number[][];
  strata?: string[];
  weights?: number[];
}

/** Exponential times from a proportional-hazards model, rounded to whole days so that many tie. */
function simulate(
  seed: number,
  n: number,
  options: { strata?: number; weights?: "integer" | "real"; p?: number; effect?: number },
) {
  const rng = mulberry32(seed);
  const p = options.p ?? 3;
  const beta = [options.effect ?? 0.7, -0.02, 0.4, 0.25, -0.5].slice(0, p);
  const set: SurvivalSet = { time: [], status: [], x: [] };
  if (options.strata) set.strata = [];
  if (options.weights) set.weights = [];
  for (let i = 0; i < n; i++) {
    const row = [
      rng() < 0.4 ? 1 : 0,
      round(60 + 10 * normal(rng), 1),
      round(normal(rng), 3),
      rng() < 0.2 ? 1 : 0,
      round(rng() * 3, 2),
    ].slice(0, p);
    const stratum = options.strata ? Math.floor(rng() * options.strata) : 0;
    let eta = 0.3 * stratum;
    for (let j = 0; j < p; j++) eta += (beta[j] as number) * ((row[j] as number) - (j === 1 ? 60 : 0));
    const event = -Math.log(1 - rng()) / (0.01 * Math.exp(eta));
    const censor = 20 + rng() * 150;
    set.time.push(Math.max(1, Math.ceil(Math.min(event, censor))));
    set.status.push(event <= censor ? 1 : 0);
    set.x.push(row);
    set.strata?.push(`s${stratum}`);
    if (options.weights === "integer") set.weights?.push(1 + Math.floor(rng() * 3));
    if (options.weights === "real") set.weights?.push(round(0.3 + 2 * rng(), 3));
  }
  return set;
}

const small = simulate(1, 80, {});
const stratified = simulate(2, 400, { strata: 5, p: 2 });
const weighted = simulate(3, 300, { weights: "integer" });
const realWeights = simulate(4, 250, { weights: "real", p: 2 });
// A hazard ratio of realistic size: at z ≈ 13, p ≈ 1e-38 would magnify the remaining error of R's own
// estimate (it stops at a relative change of 1e-9 in the log-likelihood) by z².
const large = simulate(5, 2000, { strata: 10, p: 1, effect: 0.25 });
const wide = simulate(6, 500, { p: 5 });
// Times that differ by floating-point noise only: coxph's timefix makes them ties.
const fuzzy: SurvivalSet = {
  ...small,
  time: small.time.map((t, i) => (i % 3 === 0 ? t + t * 1e-12 : i % 3 === 1 ? t / 3 / (1 / 3) : t)),
};

function table(set: SurvivalSet) {
  const cols: Record<string, (number | string)[]> = { time: set.time, status: set.status };
  (set.x[0] ?? []).forEach((_, j) => {
    cols[`x${j + 1}`] = set.x.map((r) => r[j] as number);
  });
  if (set.strata) cols.stratum = set.strata;
  if (set.weights) cols.w = set.weights;
  return cols;
}

const oracle = lazyR(
  `
out <- function(name, fit) {
  s <- summary(fit)
  emit(paste0(name, ".coef"), coef(fit))
  emit(paste0(name, ".se"), sqrt(diag(fit$var)))
  emit(paste0(name, ".hr"), s$conf.int[, "exp(coef)"])
  emit(paste0(name, ".z"), s$coefficients[, "z"])
  emit(paste0(name, ".p"), s$coefficients[, "Pr(>|z|)"])
  emit(paste0(name, ".lower"), s$conf.int[, "lower .95"])
  emit(paste0(name, ".upper"), s$conf.int[, "upper .95"])
  emit(paste0(name, ".loglik"), fit$loglik)
  emit(paste0(name, ".var"), fit$var)
  emit(paste0(name, ".n"), c(fit$n, fit$nevent))
}
small <- input("small")
out("small.efron", coxph(Surv(time, status) ~ x1 + x2 + x3, small))
out("small.breslow", coxph(Surv(time, status) ~ x1 + x2 + x3, small, ties = "breslow"))
out("small.treatment", coxph(Surv(time, status) ~ x1, small))
st <- input("stratified")
out("stratified.efron", coxph(Surv(time, status) ~ x1 + x2 + strata(stratum), st))
out("stratified.breslow", coxph(Surv(time, status) ~ x1 + x2 + strata(stratum), st, ties = "breslow"))
wt <- input("weighted")
out("weighted.efron", coxph(Surv(time, status) ~ x1 + x2 + x3, wt, weights = w))
out("weighted.breslow", coxph(Surv(time, status) ~ x1 + x2 + x3, wt, weights = w, ties = "breslow"))
rw <- input("realWeights")
out("realWeights.model", coxph(Surv(time, status) ~ x1 + x2, rw, weights = w, robust = FALSE))
out("realWeights.robust", coxph(Surv(time, status) ~ x1 + x2, rw, weights = w))
out("realWeights.breslow", coxph(Surv(time, status) ~ x1 + x2, rw, weights = w, ties = "breslow"))
out("stratified.robust", coxph(Surv(time, status) ~ x1 + x2 + strata(stratum), st, robust = TRUE))
small$cl <- seq_len(nrow(small)) %/% 3
out("small.cluster", coxph(Surv(time, status) ~ x1 + x2 + x3, small, cluster = cl))
large <- input("large")
out("large.efron", coxph(Surv(time, status) ~ x1 + strata(stratum), large))
out("large.unstratified", coxph(Surv(time, status) ~ x1, large))
wide <- input("wide")
out("wide.efron", coxph(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5, wide))
fz <- input("fuzzy")
out("fuzzy.efron", coxph(Surv(time, status) ~ x1 + x2 + x3, fz))
lung2 <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog")])
emit("lung.time", lung2$time); emit("lung.status", lung2$status - 1)
emit("lung.age", lung2$age); emit("lung.sex", lung2$sex); emit("lung.ecog", lung2$ph.ecog)
out("lung.efron", coxph(Surv(time, status) ~ age + sex + ph.ecog, lung2))
out("lung.breslow", coxph(Surv(time, status) ~ age + sex + ph.ecog, lung2, ties = "breslow"))
emit("ovarian.time", ovarian$futime); emit("ovarian.status", ovarian$fustat)
emit("ovarian.age", ovarian$age); emit("ovarian.ecog", ovarian$ecog.ps); emit("ovarian.rx", ovarian$rx)
out("ovarian.efron", coxph(Surv(futime, fustat) ~ age + ecog.ps + strata(rx), ovarian))
`,
  () => ({
    small: table(small),
    stratified: table(stratified),
    weighted: table(weighted),
    realWeights: table(realWeights),
    large: table(large),
    wide: table(wide),
    fuzzy: table(fuzzy),
  }),
);

function expectMatchesR(fit: CoxResult, r: OracleOutput, name: string): void {
  const label = `coxPh:${name}`;
  expectClose(fit.coef, get(r, `${name}.coef`), 1e-6, `${label}.coef`);
  expectClose(fit.se, get(r, `${name}.se`), 1e-6, `${label}.se`);
  expectClose(fit.hr, get(r, `${name}.hr`), 1e-6, `${label}.hr`);
  expectClose(fit.z, get(r, `${name}.z`), 1e-6, `${label}.z`);
  expectClose(fit.p, get(r, `${name}.p`), 1e-6, `${label}.p`);
  expectClose(
    fit.ci95.map((c) => c[0]),
    get(r, `${name}.lower`),
    1e-6,
    `${label}.lower`,
  );
  expectClose(
    fit.ci95.map((c) => c[1]),
    get(r, `${name}.upper`),
    1e-6,
    `${label}.upper`,
  );
  expectClose([fit.logLikNull, fit.logLik], get(r, `${name}.loglik`), 1e-6, `${label}.loglik`);
  // R's var is column-major; it is symmetric, so row-major reads the same.
  expectClose(fit.varianceMatrix.flat(), get(r, `${name}.var`), 1e-6, `${label}.var`);
  expect([fit.n, fit.events]).toEqual(get(r, `${name}.n`));
  expect(fit.converged).toBe(true);
}

function column(r: OracleOutput, name: string): number[] {
  return get(r, name);
}

describe("coxPh against R's coxph", () => {
  afterAll(() => reportObserved("coxPh"));

  it("matches with Efron and Breslow ties, tied times and censoring", () => {
    const r = oracle();
    expectMatchesR(coxPh(small), r, "small.efron");
    expectMatchesR(coxPh(small, { ties: "breslow" }), r, "small.breslow");
    expectMatchesR(coxPh({ ...small, x: small.x.map((row) => [row[0] as number]) }), r, "small.treatment");
    expectMatchesR(coxPh(wide), r, "wide.efron");
  });

  it("matches the stratified partial likelihood", () => {
    const r = oracle();
    expectMatchesR(coxPh(stratified), r, "stratified.efron");
    expectMatchesR(coxPh(stratified, { ties: "breslow" }), r, "stratified.breslow");
  });

  it("matches with case weights", () => {
    const r = oracle();
    expectMatchesR(coxPh(weighted), r, "weighted.efron");
    expectMatchesR(coxPh(weighted, { ties: "breslow" }), r, "weighted.breslow");
    expectMatchesR(coxPh(realWeights, { robust: false }), r, "realWeights.model");
  });

  it("matches the robust variance: by default with non-integer weights, with clusters, or on request", () => {
    const r = oracle();
    const fit = coxPh(realWeights);
    expect(fit.robust).toBe(true);
    expectMatchesR(fit, r, "realWeights.robust");
    expectMatchesR(coxPh(realWeights, { ties: "breslow" }), r, "realWeights.breslow");
    expectMatchesR(coxPh(stratified, { robust: true }), r, "stratified.robust");
    const cluster = small.time.map((_, i) => Math.floor((i + 1) / 3));
    expectMatchesR(coxPh({ ...small, cluster }), r, "small.cluster");
  });

  it("matches on n = 2,000 with one treatment covariate, with and without 10 strata", () => {
    const r = oracle();
    expectMatchesR(coxPh(large), r, "large.efron");
    const { strata: _, ...unstratified } = large;
    expectMatchesR(coxPh(unstratified), r, "large.unstratified");
  });

  it("ties times that differ by floating-point noise, as coxph's timefix", () => {
    const r = oracle();
    expect(new Set(fuzzy.time).size).toBeGreaterThan(new Set(small.time).size);
    expectMatchesR(coxPh(fuzzy), r, "fuzzy.efron");
  });

  it("matches on survival's lung and ovarian data", () => {
    const r = oracle();
    const age = column(r, "lung.age");
    const sex = column(r, "lung.sex");
    const ecog = column(r, "lung.ecog");
    const lung = {
      time: column(r, "lung.time"),
      status: column(r, "lung.status") as (0 | 1)[],
      x: age.map((a, i) => [a, sex[i] as number, ecog[i] as number]),
    };
    expectMatchesR(coxPh(lung), r, "lung.efron");
    expectMatchesR(coxPh(lung, { ties: "breslow" }), r, "lung.breslow");
    const oAge = column(r, "ovarian.age");
    const oEcog = column(r, "ovarian.ecog");
    const ovarian = {
      time: column(r, "ovarian.time"),
      status: column(r, "ovarian.status") as (0 | 1)[],
      x: oAge.map((a, i) => [a, oEcog[i] as number]),
      strata: column(r, "ovarian.rx"),
    };
    expectMatchesR(coxPh(ovarian), r, "ovarian.efron");
  });
});

describe("coxPh without R", () => {
  it("equals conditional logistic regression for 1:M matched sets on a common time", () => {
    const rng = mulberry32(9);
    const stratum: number[] = [];
    const status: (0 | 1)[] = [];
    const x: number[][] = [];
    for (let s = 0; s < 60; s++) {
      for (let k = 0; k < 4; k++) {
        stratum.push(s);
        status.push(k === 0 ? 1 : 0);
        x.push([round(normal(rng) + (k === 0 ? 0.5 : 0), 3), rng() < 0.3 ? 1 : 0]);
      }
    }
    const cox = coxPh({ time: status.map(() => 1), status, x, strata: stratum });
    const breslow = coxPh({ time: status.map(() => 1), status, x, strata: stratum }, { ties: "breslow" });
    const clogit = conditionalLogistic({ stratum, case: status, x });
    expectClose(cox.coef, clogit.coef, 1e-9, "equivalence");
    expectClose(breslow.coef, clogit.coef, 1e-9, "equivalence");
    expectClose(cox.se, clogit.se, 1e-9, "equivalence");
    expectClose(cox.logLik, clogit.logLik, 1e-9, "equivalence");
  });

  it("throws a clear error with no events or a singular information matrix", () => {
    expect(() => coxPh({ time: [1, 2, 3], status: [0, 0, 0], x: [[1], [2], [3]] })).toThrow(/no events/);
    const collinear = small.x.map((row) => [row[0] as number, 2 * (row[0] as number)]);
    expect(() => coxPh({ ...small, x: collinear })).toThrow(/singular/);
    expect(() => coxPh({ ...small, x: small.x.map(() => [1]) })).toThrow(/singular/);
    expect(() => coxPh({ ...small, status: [1] })).toThrow(/same length/);
  });
});
