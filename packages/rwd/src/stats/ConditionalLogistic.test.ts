import { afterAll, describe, expect, it } from "vitest";
import { type ConditionalLogisticResult, conditionalLogistic } from "./ConditionalLogistic.ts";
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

interface MatchedSets {
  stratum: (string | number)[];
  case: (0 | 1)[];
  x: number[][];
}

/**
 * Matched sets of the given sizes, each with `cases(size)` cases; cases are drawn with
 * probability ∝ exp(x·β) within the set, so the conditional model holds.
 */
function simulate(seed: number, sets: number, size: () => number, cases: (m: number) => number): MatchedSets {
  const rng = mulberry32(seed);
  const beta = [0.8, -0.5, 0.3];
  const out: MatchedSets = { stratum: [], case: [], x: [] };
  for (let s = 0; s < sets; s++) {
    const m = size();
    const rows = Array.from({ length: m }, () => [
      rng() < 0.3 ? 1 : 0,
      round(normal(rng), 3),
      round(2 * rng(), 2),
    ]);
    const chosen = new Set<number>();
    const d = cases(m);
    while (chosen.size < d) {
      const weights = rows.map((r, i) =>
        chosen.has(i) ? 0 : Math.exp(r.reduce((acc, v, j) => acc + v * (beta[j] as number), 0)),
      );
      let u = rng() * weights.reduce((a, b) => a + b, 0);
      let pick = 0;
      while (pick < m - 1 && u > (weights[pick] as number)) u -= weights[pick++] as number;
      if (chosen.has(pick)) pick = weights.findIndex((w) => w > 0);
      chosen.add(pick);
    }
    rows.forEach((r, i) => {
      out.stratum.push(`set${s}`);
      out.case.push(chosen.has(i) ? 1 : 0);
      out.x.push(r);
    });
  }
  return out;
}

const rngSizes = mulberry32(41);
const oneToFour = simulate(
  42,
  80,
  () => 5,
  () => 1,
);
// Several cases per set, varying set sizes, and a few sets that are all cases or all controls.
const several = simulate(
  43,
  70,
  () => 3 + Math.floor(rngSizes() * 6),
  (m) => (rngSizes() < 0.05 ? (rngSizes() < 0.5 ? 0 : m) : 1 + Math.floor(rngSizes() * Math.min(3, m - 1))),
);
const large = simulate(
  44,
  400,
  () => 5,
  () => (rngSizes() < 0.3 ? 2 : 1),
);
const sets = { oneToFour, several, large };

function table(d: MatchedSets) {
  return {
    stratum: d.stratum,
    case: d.case,
    x1: d.x.map((r) => r[0] as number),
    x2: d.x.map((r) => r[1] as number),
    x3: d.x.map((r) => r[2] as number),
  };
}

const oracle = lazyR(
  `
out <- function(name, fit) {
  s <- summary(fit)
  emit(paste0(name, ".coef"), coef(fit)); emit(paste0(name, ".se"), sqrt(diag(fit$var)))
  emit(paste0(name, ".or"), s$conf.int[, "exp(coef)"])
  emit(paste0(name, ".lower"), s$conf.int[, "lower .95"]); emit(paste0(name, ".upper"), s$conf.int[, "upper .95"])
  emit(paste0(name, ".z"), s$coefficients[, "z"]); emit(paste0(name, ".p"), s$coefficients[, "Pr(>|z|)"])
  emit(paste0(name, ".loglik"), fit$loglik); emit(paste0(name, ".var"), fit$var)
}
for (name in c(${Object.keys(sets)
    .map((k) => `"${k}"`)
    .join(", ")})) {
  d <- input(name)
  out(name, clogit(case ~ x1 + x2 + x3 + strata(stratum), d, method = "exact"))
}
d <- input("oneToFour")
out("oneToFour.single", clogit(case ~ x1 + strata(stratum), d))
emit("infert.stratum", infert$stratum); emit("infert.case", infert$case)
emit("infert.spontaneous", infert$spontaneous); emit("infert.induced", infert$induced)
out("infert", clogit(case ~ spontaneous + induced + strata(stratum), infert))
`,
  () => Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, table(v)])),
);

function expectMatchesR(fit: ConditionalLogisticResult, r: OracleOutput, name: string): void {
  const label = `clogit:${name}`;
  expectClose(fit.coef, get(r, `${name}.coef`), 1e-6, `${label}.coef`);
  expectClose(fit.se, get(r, `${name}.se`), 1e-6, `${label}.se`);
  expectClose(fit.or, get(r, `${name}.or`), 1e-6, `${label}.or`);
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
  expectClose(fit.z, get(r, `${name}.z`), 1e-6, `${label}.z`);
  expectClose(fit.p, get(r, `${name}.p`), 1e-6, `${label}.p`);
  expectClose([fit.logLikNull, fit.logLik], get(r, `${name}.loglik`), 1e-6, `${label}.loglik`);
  expectClose(fit.varianceMatrix.flat(), get(r, `${name}.var`), 1e-6, `${label}.var`);
  expect(fit.converged).toBe(true);
}

describe("conditionalLogistic against R's clogit (method = exact)", () => {
  afterAll(() => reportObserved("conditionalLogistic"));

  it("matches on 1:4 matched sets, with one and with three covariates", () => {
    const r = oracle();
    expectMatchesR(conditionalLogistic(oneToFour), r, "oneToFour");
    const single = { ...oneToFour, x: oneToFour.x.map((row) => [row[0] as number]) };
    expectMatchesR(conditionalLogistic(single), r, "oneToFour.single");
  });

  it("matches with several cases per set, varying set sizes and uninformative sets", () => {
    const r = oracle();
    const perSet = new Map<string | number, number[]>();
    several.stratum.forEach((s, i) => {
      const v = perSet.get(s) ?? [0, 0];
      v[several.case[i] as number] = (v[several.case[i] as number] as number) + 1;
      perSet.set(s, v);
    });
    const counts = [...perSet.values()];
    expect(counts.some(([, c]) => (c as number) >= 2)).toBe(true);
    expect(counts.some(([ctrl, c]) => ctrl === 0 || c === 0)).toBe(true);
    expectMatchesR(conditionalLogistic(several), r, "several");
  });

  it("matches on n = 2,000 (400 sets of 5, some with 2 cases)", () => {
    const r = oracle();
    expect(large.case.length).toBe(2000);
    expectMatchesR(conditionalLogistic(large), r, "large");
  });

  it("matches on R's infert data", () => {
    const r = oracle();
    const spontaneous = get(r, "infert.spontaneous");
    const induced = get(r, "infert.induced");
    const fit = conditionalLogistic({
      stratum: get(r, "infert.stratum"),
      case: get(r, "infert.case") as (0 | 1)[],
      x: spontaneous.map((s, i) => [s, induced[i] as number]),
    });
    expectMatchesR(fit, r, "infert");
  });

  it("throws when no set has both a case and a control, or covariates are collinear", () => {
    expect(() =>
      conditionalLogistic({ stratum: [1, 1, 2, 2], case: [1, 1, 0, 0], x: [[1], [2], [3], [4]] }),
    ).toThrow(/no matched set/);
    const collinear = oneToFour.x.map((row) => [row[1] as number, -(row[1] as number)]);
    expect(() => conditionalLogistic({ ...oneToFour, x: collinear })).toThrow(/singular/);
  });
});
