/** Type I error of a two-sample design: the operating characteristic on the null line θ1 = θ2. */
import type { Mixture } from "../mixture/types.ts";
import { requireGrid } from "./checks.ts";
import { type OperatingCharacteristic2S, oc2S } from "./oc2S.ts";
import type { DecisionRule } from "./rule.ts";

/**
 * P(success | θ1 = θ2 = θ) for each θ of the grid: the type I error of a rule claiming treatment better
 * (or worse) than control, as a function of the common true value.
 */
export function typeIError2S(
  prior1: Mixture,
  prior2: Mixture,
  n1: number,
  n2: number,
  rule: DecisionRule,
  theta: number | readonly number[],
  options: { sigma1?: number; sigma2?: number } = {},
): OperatingCharacteristic2S[] {
  const grid = requireGrid("theta", theta);
  return oc2S(prior1, prior2, n1, n2, rule, grid, grid, options);
}
