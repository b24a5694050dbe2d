/**
 * z test of a difference in means of a normal endpoint with known standard deviations.
 */

/**
 * z = (ȳ₁ − ȳ₀) / √(σ₁²/n₁ + σ₀²/n₀) for known per-arm sds σ; positive when the treatment mean (ȳ₁ of
 * n₁ patients) is higher. NaN when an arm is empty.
 */
export function knownSdZ(
  mean1: number,
  n1: number,
  sd1: number,
  mean0: number,
  n0: number,
  sd0: number,
): number {
  if (n1 <= 0 || n0 <= 0) return Number.NaN;
  return (mean1 - mean0) / Math.sqrt((sd1 * sd1) / n1 + (sd0 * sd0) / n0);
}
