/** Power of a two-sample design: the operating characteristic at θ1 = θ2 + effect. */
import type { Mixture } from "../mixture/types.ts";
import { requireGrid } from "./checks.ts";
import { type OperatingCharacteristic2S, oc2S } from "./oc2S.ts";
import type { DecisionRule } from "./rule.ts";

/**
 * P(success | θ1 = θ2 + effect) for every control value θ2 of `theta2` and every `effect` (rows ordered by
 * effect, then θ2). The effect is a difference on the scale of θ (rates, means), whatever the rule's link;
 * a treatment value outside the parameter space (a rate above 1 or below 0) is an error.
 */
export function power2S(
  prior1: Mixture,
  prior2: Mixture,
  n1: number,
  n2: number,
  rule: DecisionRule,
  theta2: number | readonly number[],
  effect: number | readonly number[],
  options: { sigma1?: number; sigma2?: number } = {},
): OperatingCharacteristic2S[] {
  const control = requireGrid("theta2", theta2);
  const effects = requireGrid("effect", effect);
  const t1: number[] = [];
  const t2: number[] = [];
  for (const e of effects) {
    for (const t of control) {
      t1.push(t + e);
      t2.push(t);
    }
  }
  return oc2S(prior1, prior2, n1, n2, rule, t1, t2, options);
}
