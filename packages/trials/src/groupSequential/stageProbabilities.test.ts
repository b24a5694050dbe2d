/**
 * The recursive integration against independent computations of the same probabilities:
 * - R's adaptive QUADPACK integrate() (rel.tol 1e-13) of the bivariate (K = 2) and nested trivariate
 *   (K = 3) normal integrals, written from the joint distribution directly;
 * - for K = 5, a brute-force recursion on a uniform grid in the score scale S_k = Z_k √t_k with Simpson's
 *   rule at two step sizes and Richardson extrapolation (a different discretisation and parameterisation);
 * - invariants: the stopping probabilities and the final continuation add up to one.
 */
import { expectClose, get, lazyR, reportObserved } from "@kakehashi/core/r-oracle";
import { afterAll, describe, expect, it } from "vitest";
import { normalLower } from "./normal.ts";
import {
  continuationProbability,
  crossingProbabilities,
  firstStageDensity,
  nextStageDensity,
} from "./stageProbabilities.ts";

interface Case {
  id: string;
  t: number[];
  lower: number[];
  upper: number[];
  drift: number;
}

const INF = Number.POSITIVE_INFINITY;
const TWO_STAGE: Case[] = [
  { id: "OF-like H0", t: [0.5, 1], lower: [-INF, -INF], upper: [2.797, 1.977], drift: 0 },
  { id: "futility H1", t: [0.3, 1], lower: [0.2, -INF], upper: [3.2, 1.96], drift: 2.9 },
  { id: "two-sided", t: [0.6, 1], lower: [-2.2, -2.1], upper: [2.2, 2.1], drift: -1.1 },
];
const THREE_STAGE: Case[] = [
  {
    id: "asOF-like H0",
    t: [1 / 3, 2 / 3, 1],
    lower: [-INF, -INF, -INF],
    upper: [3.71, 2.511, 1.993],
    drift: 0,
  },
  {
    id: "unequal, futility, H1",
    t: [0.15, 0.6, 1],
    lower: [-0.5, 0.8, -INF],
    upper: [4.2, 2.4, 2.0],
    drift: 3.1,
  },
];

const fmt = (x: number[]) =>
  `c(${x.map((v) => (Number.isFinite(v) ? v : v > 0 ? "Inf" : "-Inf")).join(", ")})`;

const script = `
tol <- 1e-13
up <- function(x) pnorm(x, lower.tail = FALSE)
# stage k | stage k-1 = y: Z_k = (y sqrt(t1) + N(drift dt, dt)) / sqrt(t2)
cond <- function(z, y, t1, t2, d) (z * sqrt(t2) - y * sqrt(t1) - d * (t2 - t1)) / sqrt(t2 - t1)
dens <- function(z, y, t1, t2, d) dnorm(cond(z, y, t1, t2, d)) * sqrt(t2) / sqrt(t2 - t1)
two <- function(id, t, l, u, d) {
  m1 <- d * sqrt(t[1])
  emit(paste0(id, ".upper"), c(up(u[1] - m1),
    integrate(function(y) dnorm(y - m1) * up(cond(u[2], y, t[1], t[2], d)), l[1], u[1], rel.tol = tol)$value))
  emit(paste0(id, ".lower"), c(pnorm(l[1] - m1),
    integrate(function(y) dnorm(y - m1) * pnorm(cond(l[2], y, t[1], t[2], d)), l[1], u[1], rel.tol = tol)$value))
}
three <- function(id, t, l, u, d) {
  m1 <- d * sqrt(t[1])
  inner <- function(y1, bound, upper) sapply(y1, function(a) integrate(function(y2)
    dens(y2, a, t[1], t[2], d) * (if (upper) up else pnorm)(cond(bound, y2, t[2], t[3], d)),
    l[2], u[2], rel.tol = tol)$value)
  p3u <- integrate(function(y1) dnorm(y1 - m1) * inner(y1, u[3], TRUE), l[1], u[1], rel.tol = tol)$value
  p2u <- integrate(function(y) dnorm(y - m1) * up(cond(u[2], y, t[1], t[2], d)), l[1], u[1], rel.tol = tol)$value
  p2l <- integrate(function(y) dnorm(y - m1) * pnorm(cond(l[2], y, t[1], t[2], d)), l[1], u[1], rel.tol = tol)$value
  emit(paste0(id, ".upper"), c(up(u[1] - m1), p2u, p3u))
  emit(paste0(id, ".lower"), c(pnorm(l[1] - m1), p2l))
}
${TWO_STAGE.map((c) => `two("${c.id}", ${fmt(c.t)}, ${fmt(c.lower)}, ${fmt(c.upper)}, ${c.drift})`).join("\n")}
${THREE_STAGE.map((c) => `three("${c.id}", ${fmt(c.t)}, ${fmt(c.lower)}, ${fmt(c.upper)}, ${c.drift})`).join("\n")}
`;
const oracle = lazyR(script);

/**
 * Brute force on a uniform grid in the score S = Z √t, Simpson's rule: the density of S_k carried
 * stage to stage by direct convolution with the N(θΔ, Δ) increment density.
 */
function simpsonRecursion(c: Case, h: number): { upper: number[]; lower: number[] } {
  const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const upper: number[] = [];
  const lower: number[] = [];
  let s: number[] = [];
  let m: number[] = [];
  for (let k = 0; k < c.t.length; k++) {
    const t = c.t[k] as number;
    const dt = t - (k === 0 ? 0 : (c.t[k - 1] as number));
    const sd = Math.sqrt(dt);
    const uS = (c.upper[k] as number) * Math.sqrt(t);
    const lS = (c.lower[k] as number) * Math.sqrt(t);
    // P(S_k > uS) = Σ m_j P(increment > uS − s_j)
    const tail = (x: number) => normalLower(-x);
    if (k === 0) {
      upper.push(tail((uS - c.drift * dt) / sd));
      lower.push(normalLower((lS - c.drift * dt) / sd));
    } else {
      let a = 0;
      let b = 0;
      for (let j = 0; j < s.length; j++) {
        a += (m[j] as number) * tail((uS - (s[j] as number) - c.drift * dt) / sd);
        b += (m[j] as number) * normalLower((lS - (s[j] as number) - c.drift * dt) / sd);
      }
      upper.push(a);
      lower.push(b);
    }
    if (k === c.t.length - 1) break;
    const mean = c.drift * t;
    const lo = Math.max(lS, mean - 9 * Math.sqrt(t));
    const hi = Math.min(uS, mean + 9 * Math.sqrt(t));
    const n = 2 * Math.ceil((hi - lo) / h / 2);
    const step = (hi - lo) / n;
    const ns: number[] = [];
    const nm: number[] = [];
    for (let i = 0; i <= n; i++) {
      const x = lo + i * step;
      const w = ((i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * step) / 3;
      let f = 0;
      if (k === 0) f = phi((x - c.drift * dt) / sd) / sd;
      else
        for (let j = 0; j < s.length; j++)
          f += (m[j] as number) * (phi((x - (s[j] as number) - c.drift * dt) / sd) / sd);
      ns.push(x);
      nm.push(w * f);
    }
    s = ns;
    m = nm;
  }
  return { upper, lower };
}

describe("stage crossing probabilities", () => {
  afterAll(() => reportObserved("stage probabilities vs R integrate()"));

  it.each([...TWO_STAGE, ...THREE_STAGE])("match R's adaptive quadrature: $id", (c) => {
    const out = oracle();
    const p = crossingProbabilities(c.t, c.lower, c.upper, c.drift);
    expectClose(p.upper, get(out, `${c.id}.upper`), 1e-10, "upper crossing (K = 2, 3)");
    const lower = get(out, `${c.id}.lower`);
    expectClose(p.lower.slice(0, lower.length), lower, 1e-10, "lower crossing (K = 2, 3)");
  });

  it("match a Richardson-extrapolated Simpson recursion for five unequal stages under drift", () => {
    const c: Case = {
      id: "K5",
      t: [0.12, 0.3, 0.55, 0.8, 1],
      lower: [-INF, -0.3, 0.4, 1.1, -INF],
      upper: [4.6, 3.1, 2.6, 2.3, 2.05],
      drift: 2.6,
    };
    const ours = crossingProbabilities(c.t, c.lower, c.upper, c.drift);
    const coarse = simpsonRecursion(c, 0.02);
    const fine = simpsonRecursion(c, 0.01);
    const extrapolate = (f: number[], g: number[]) => f.map((v, i) => v + (v - (g[i] as number)) / 15);
    expectClose(ours.upper, extrapolate(fine.upper, coarse.upper), 1e-9, "upper crossing (K = 5, Simpson)");
    expectClose(
      ours.lower.slice(1, 4),
      extrapolate(fine.lower, coarse.lower).slice(1, 4),
      1e-9,
      "lower crossing (K = 5, Simpson)",
    );
  });

  it("conserve probability: all stops plus the last continuation add to one", () => {
    const t = [0.2, 0.5, 0.7, 1];
    const lower = [-1, 0, 0.6, -INF];
    const upper = [3.5, 2.8, 2.4, 2];
    for (const drift of [-1, 0, 1.5, 3.5]) {
      const p = crossingProbabilities(t, lower, upper, drift);
      // mass continuing past stage 3, from the carried density itself
      let dens = firstStageDensity(t[0] as number, lower[0] as number, upper[0] as number, drift, t[1]);
      dens = nextStageDensity(dens, t[1] as number, lower[1] as number, upper[1] as number, t[2]);
      dens = nextStageDensity(dens, t[2] as number, lower[2] as number, upper[2] as number, t[3]);
      const stopped = [0, 1, 2].reduce((s, k) => s + (p.upper[k] as number) + (p.lower[k] as number), 0);
      expect(Math.abs(stopped + continuationProbability(dens) - 1)).toBeLessThan(1e-13);
      // at the last stage every path ends above or below the critical value
      const last = crossingProbabilities(t, lower, [3.5, 2.8, 2.4, 2], drift);
      const lastBelow = crossingProbabilities(t, [-1, 0, 0.6, 2], upper, drift).lower[3] as number;
      expect(Math.abs((last.upper[3] as number) + lastBelow - continuationProbability(dens))).toBeLessThan(
        1e-13,
      );
    }
  });
});
