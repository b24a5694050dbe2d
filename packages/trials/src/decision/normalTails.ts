/** Normal probabilities with both tails computed directly (erfc), so small tails keep relative accuracy. */
import erfc from "@stdlib/math-base-special-erfc";

/** P(Z > z) for standard normal Z */
export function normalUpper(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** P(lower < X < upper) for X ~ N(mean, sd²) */
export function normalBetween(lower: number, upper: number, mean: number, sd: number): number {
  if (!(lower < upper)) return 0;
  const a = (lower - mean) / sd;
  const b = (upper - mean) / sd;
  if (b === Number.POSITIVE_INFINITY) return normalUpper(a);
  if (a === Number.NEGATIVE_INFINITY) return normalUpper(-b);
  // subtract within the tail where both ends lie
  if (a >= 0) return Math.max(0, normalUpper(a) - normalUpper(b));
  if (b <= 0) return Math.max(0, normalUpper(-b) - normalUpper(-a));
  return Math.max(0, 1 - normalUpper(-a) - normalUpper(b));
}

/** Standard normal density */
export function normalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}
