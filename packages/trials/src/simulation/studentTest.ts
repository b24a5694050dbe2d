/**
 * Student's two-sample t test of a normal endpoint (pooled variance), reported on the z scale through
 * its p-value so that the same z boundaries (e.g. of a group-sequential design) apply to it.
 */
import betainc from "@stdlib/math-base-special-betainc";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

/**
 * Student's t statistic with pooled variance, from each arm's size n, mean and sum of squared
 * deviations ss, returned as Φ⁻¹(P(T_ν ≤ t)) with ν = n₁ + n₀ − 2: comparing it with a z bound b is the
 * t test at the nominal one-sided level 1 − Φ(b). Positive when the treatment mean is higher; NaN when
 * ν < 1 or the pooled variance is 0.
 */
export function pooledTAsZ(
  mean1: number,
  n1: number,
  ss1: number,
  mean0: number,
  n0: number,
  ss0: number,
): number {
  const df = n1 + n0 - 2;
  if (n1 <= 0 || n0 <= 0 || df < 1) return Number.NaN;
  const variance = (ss1 + ss0) / df;
  if (!(variance > 0)) return Number.NaN;
  const t = (mean1 - mean0) / Math.sqrt(variance * (1 / n1 + 1 / n0));
  // work with the smaller tail so that no 1 − p loses digits: Φ⁻¹(1 − p) = −Φ⁻¹(p)
  const smaller = studentSmallerTail(t, df);
  return t >= 0 ? -normalQuantile(smaller, 0, 1) : normalQuantile(smaller, 0, 1);
}

/** P(T_ν > t) for Student's t with ν degrees of freedom. */
export function studentUpperTail(t: number, df: number): number {
  const tail = studentSmallerTail(t, df);
  return t >= 0 ? tail : 1 - tail;
}

/** P(T_ν > |t|) via the regularised incomplete beta function: I_{ν/(ν+t²)}(ν/2, 1/2) / 2. */
function studentSmallerTail(t: number, df: number): number {
  return 0.5 * betainc(df / (df + t * t), df / 2, 0.5, true, false);
}
