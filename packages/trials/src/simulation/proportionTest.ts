/**
 * Pooled two-proportion z statistic, the large-sample test of H0: p_treatment = p_control that
 * rpact's getSampleSizeRates / getPowerRates use with `normalApproximation = TRUE`.
 */

/**
 * z = (p̂₁ − p̂₀) / √(p̄(1 − p̄)(1/n₁ + 1/n₀)) with p̄ = (x₁ + x₀)/(n₁ + n₀): positive when the treatment
 * (x₁ responders of n₁) responds more often than the control (x₀ of n₀). NaN when it is undefined (an
 * empty arm, or all or no responders in both arms), which the simulation reads as "no evidence".
 */
export function pooledProportionZ(x1: number, n1: number, x0: number, n0: number): number {
  if (n1 <= 0 || n0 <= 0) return Number.NaN;
  const pooled = (x1 + x0) / (n1 + n0);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n0);
  if (!(variance > 0)) return Number.NaN;
  return (x1 / n1 - x0 / n0) / Math.sqrt(variance);
}
