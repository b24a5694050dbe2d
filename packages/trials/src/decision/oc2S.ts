/**
 * Exact operating characteristics of a two-sample design (RBesT's oc2S): P(success | θ1, θ2).
 * Binary and Poisson: Σ_{y2} P(Y2 = y2 | θ2) · P(lower(y2) ≤ Y1 ≤ upper(y2) | θ1), with the boundary computed
 * once and both count distributions tabulated once per (θ1, θ2). Normal: the same sum as a 1-D integral over
 * the control mean, by adaptive Gauss–Kronrod.
 */
import type { Mixture } from "../mixture/types.ts";
import {
  type CountBoundary2S,
  type DecisionBoundary2S,
  decisionBoundary2S,
  type NormalBoundary2S,
} from "./boundary2S.ts";
import { requireGrid } from "./checks.ts";
import { CountTable, poissonLimit } from "./countTails.ts";
import { integrate } from "./integrate.ts";
import { normalBetween, normalDensity } from "./normalTails.ts";
import type { DecisionRule } from "./rule.ts";

export interface OperatingCharacteristic2S {
  /** true treatment parameter */
  theta1: number;
  /** true control parameter */
  theta2: number;
  /** P(success | θ1, θ2) */
  probability: number;
}

// control probability mass allowed outside a Poisson boundary's tabulated control counts
const UNCOVERED_MASS = 1e-15;
// the control mean is integrated over θ2 ± this many standard errors (mass outside ≈ 1.5e-23)
const NORMAL_RANGE = 10;

/** Pairs the two grids: equal lengths, or one of them a single value used with every value of the other. */
export function pairGrids(
  theta1: number | readonly number[],
  theta2: number | readonly number[],
): [number[], number[]] {
  const t1 = requireGrid("theta1", theta1);
  const t2 = requireGrid("theta2", theta2);
  if (t1.length === t2.length) return [t1, t2];
  if (t1.length === 1) return [t2.map(() => t1[0] as number), t2];
  if (t2.length === 1) return [t1, t1.map(() => t2[0] as number)];
  throw new Error(
    `theta1 (${t1.length} values) and theta2 (${t2.length} values) are paired value by value: give them the same length, or one a single value`,
  );
}

function checkRates(kind: "binomial" | "poisson", name: string, values: number[]): void {
  values.forEach((t, i) => {
    const ok = kind === "binomial" ? t >= 0 && t <= 1 : t >= 0;
    if (!ok)
      throw new Error(
        `${name}[${i}] must be ${kind === "binomial" ? "a rate in [0, 1]" : "a rate ≥ 0"} (got ${t})`,
      );
  });
}

function countOc(boundary: CountBoundary2S, t1: number[], t2: number[]): OperatingCharacteristic2S[] {
  const { kind, n1, n2, lower, upper } = boundary;
  checkRates(kind, "theta1", t1);
  checkRates(kind, "theta2", t2);
  const capacity = (n: number, grid: number[]) =>
    kind === "binomial" ? n + 1 : Math.max(...grid.map((t) => poissonLimit(n * t))) + 1;
  const table1 = new CountTable(capacity(n1, t1), kind);
  const table2 = new CountTable(capacity(n2, t2), kind);
  const rows: OperatingCharacteristic2S[] = new Array(t1.length);
  for (let i = 0; i < t1.length; i++) {
    const theta1 = t1[i] as number;
    const theta2 = t2[i] as number;
    table1.set(n1, theta1);
    table2.set(n2, theta2);
    const last = Math.min(table2.length - 1, boundary.maxControlCount);
    if (kind === "poisson" && table2.upper(last + 1) > UNCOVERED_MASS) {
      throw new Error(
        `the boundary covers control counts up to ${boundary.maxControlCount}, too few for theta2 = ${theta2}: compute it with maxControlCount ≥ ${table2.length - 1}`,
      );
    }
    const pmf2 = table2.pmf;
    let probability = 0;
    for (let y2 = 0; y2 <= last; y2++) {
      const p2 = pmf2[y2] as number;
      if (p2 === 0) continue;
      probability += p2 * table1.between(lower[y2] as number, upper[y2] as number);
    }
    rows[i] = { theta1, theta2, probability: Math.min(1, probability) };
  }
  return rows;
}

function normalOc(boundary: NormalBoundary2S, t1: number[], t2: number[]): OperatingCharacteristic2S[] {
  const { se1, se2 } = boundary;
  return t1.map((theta1, i) => {
    const theta2 = t2[i] as number;
    // z: the control mean in standard errors from θ2
    const f = (z: number) => {
      const { lower, upper } = boundary.region(theta2 + se2 * z);
      return normalDensity(z) * normalBetween(lower, upper, theta1, se1);
    };
    const probability = integrate(f, -NORMAL_RANGE, NORMAL_RANGE, { absTol: 1e-14, relTol: 1e-12 });
    return { theta1, theta2, probability: Math.min(1, Math.max(0, probability)) };
  });
}

/** P(success | θ1, θ2) for each pair (θ1[i], θ2[i]), from a boundary computed once by decisionBoundary2S. */
export function ocFromBoundary2S(
  boundary: DecisionBoundary2S,
  theta1: number | readonly number[],
  theta2: number | readonly number[],
): OperatingCharacteristic2S[] {
  const [t1, t2] = pairGrids(theta1, theta2);
  return boundary.kind === "normal" ? normalOc(boundary, t1, t2) : countOc(boundary, t1, t2);
}

/**
 * Operating characteristics of a two-sample design, treatment (arm 1: prior1, n1) against control
 * (arm 2: prior2, n2): for each pair of true values (theta1[i], theta2[i]) — equal-length grids, or one a
 * single value — the probability that the trial succeeds under `rule`. Exact for binary and Poisson
 * outcomes (a finite sum over the control outcome), to about 1e-12 for normal outcomes (quadrature).
 */
export function oc2S(
  prior1: Mixture,
  prior2: Mixture,
  n1: number,
  n2: number,
  rule: DecisionRule,
  theta1: number | readonly number[],
  theta2: number | readonly number[],
  options: { sigma1?: number; sigma2?: number } = {},
): OperatingCharacteristic2S[] {
  const [t1, t2] = pairGrids(theta1, theta2);
  let maxControlCount: number | undefined;
  if (prior2?.family === "gamma" && typeof n2 === "number" && n2 > 0) {
    checkRates("poisson", "theta2", t2);
    maxControlCount = Math.max(...t2.map((t) => poissonLimit(n2 * t)));
  }
  const boundary = decisionBoundary2S(prior1, prior2, n1, n2, rule, { ...options, maxControlCount });
  return ocFromBoundary2S(boundary, t1, t2);
}
