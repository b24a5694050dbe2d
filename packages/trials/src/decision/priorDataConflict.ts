/**
 * The prior-data conflict curve of a two-sample design that borrows control information: type I error
 * (effect 0) and power (other effects) as the true control value moves away from what the control prior
 * expects. An informative control prior buys power near its mean and costs type I error (or power) in
 * conflict; a robust mixture component bounds that cost.
 */
import { moments } from "../mixture/index.ts";
import type { Mixture } from "../mixture/types.ts";
import { requireGrid } from "./checks.ts";
import { oc2S } from "./oc2S.ts";
import type { DecisionRule } from "./rule.ts";

export interface PriorDataConflictRow {
  /** true treatment value θ2 + effect */
  theta1: number;
  /** true control value */
  theta2: number;
  /** θ1 − θ2: 0 gives the type I error, other values power */
  effect: number;
  /** θ2 minus the control prior mean: the size of the prior-data conflict */
  conflict: number;
  /** P(success | θ1, θ2) */
  probability: number;
}

/**
 * Operating characteristics over a grid of true control values `controlValues` for each effect of
 * `effects` (default [0]: type I error only; an effect is a difference θ1 − θ2 on the scale of θ), rows
 * ordered by effect, then control value. Pairs whose treatment value θ2 + effect leaves the parameter space
 * (a rate above 1, say) are left out.
 */
export function priorDataConflict(
  prior1: Mixture,
  prior2: Mixture,
  n1: number,
  n2: number,
  rule: DecisionRule,
  grid: { controlValues: number | readonly number[]; effects?: number | readonly number[] },
  options: { sigma1?: number; sigma2?: number } = {},
): PriorDataConflictRow[] {
  const control = requireGrid("controlValues", grid?.controlValues);
  const effects = requireGrid("effects", grid.effects ?? [0]);
  const priorMean = moments(prior2).mean;
  const inSpace = (t: number) =>
    prior1.family === "beta" ? t >= 0 && t <= 1 : prior1.family === "gamma" ? t >= 0 : true;
  const t1: number[] = [];
  const t2: number[] = [];
  const effectOf: number[] = [];
  for (const e of effects) {
    for (const t of control) {
      if (!inSpace(t + e)) continue;
      t1.push(t + e);
      t2.push(t);
      effectOf.push(e);
    }
  }
  if (t1.length === 0) {
    throw new Error(
      "priorDataConflict: every control value + effect lies outside the parameter space of the treatment arm",
    );
  }
  return oc2S(prior1, prior2, n1, n2, rule, t1, t2, options).map((row, i) => ({
    theta1: row.theta1,
    theta2: row.theta2,
    effect: effectOf[i] as number,
    conflict: row.theta2 - priorMean,
    probability: row.probability,
  }));
}
