/**
 * Probabilities of count outcomes for the exact operating characteristics: single tails by the regularized
 * incomplete beta / gamma functions (one-sample, O(1) per θ), and whole distributions with both tails
 * accumulated from the pmf (two-sample, where one θ needs P(Y1 ∈ [lo, hi]) for every control count).
 */
import betainc from "@stdlib/math-base-special-betainc";
import gammainc from "@stdlib/math-base-special-gammainc";

/** P(Y ≥ k) for Y ~ Binomial(n, θ). */
export function binomialUpper(k: number, n: number, theta: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return betainc(theta, k, n - k + 1, true, false);
}

/** P(Y ≤ k) for Y ~ Binomial(n, θ). */
export function binomialLower(k: number, n: number, theta: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return betainc(theta, k + 1, n - k, true, true);
}

/** P(Y ≥ k) for Y ~ Poisson(λ). */
export function poissonUpper(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (k === Number.POSITIVE_INFINITY) return 0;
  return gammainc(lambda, k, true, false);
}

/** P(Y ≤ k) for Y ~ Poisson(λ). */
export function poissonLower(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (k === Number.POSITIVE_INFINITY) return 1;
  return gammainc(lambda, k + 1, true, true);
}

/** P(lo ≤ Y ≤ hi) from the two tail functions, subtracting within the smaller tail to keep relative accuracy. */
export function probabilityBetween(
  lo: number,
  hi: number,
  upper: (k: number) => number,
  lower: (k: number) => number,
): number {
  if (lo > hi) return 0;
  const above = upper(lo);
  if (hi === Number.POSITIVE_INFINITY) return above;
  if (lo <= 0) return lower(hi);
  if (above <= 0.5) return Math.max(0, above - upper(hi + 1));
  return Math.max(0, lower(hi) - lower(lo - 1));
}

/** Largest Poisson count worth tabulating: P(Y > limit) < 1e-30 (Chernoff bound) for every λ ≥ 0. */
export function poissonLimit(lambda: number): number {
  return Math.ceil(lambda + 12 * Math.sqrt(lambda) + 40);
}

/**
 * A count distribution tabulated on 0..length−1 (Binomial(n, θ): n + 1 counts; Poisson(λ): up to
 * poissonLimit(λ)), with P(Y ≥ k) and P(Y ≤ k) each summed from its own end, so that small tails keep
 * their relative accuracy. Re-used across θ values: `set` overwrites the table in place.
 */
export class CountTable {
  readonly pmf: Float64Array;
  private readonly upperSums: Float64Array;
  private readonly lowerSums: Float64Array;
  private lambda = 0;
  private count = 0;

  constructor(
    capacity: number,
    private readonly kind: "binomial" | "poisson",
  ) {
    this.pmf = new Float64Array(capacity);
    this.upperSums = new Float64Array(capacity + 1);
    this.lowerSums = new Float64Array(capacity);
  }

  /** Tabulates Binomial(n, θ) (kind binomial) or Poisson(λ = n θ) (kind poisson). */
  set(n: number, theta: number): void {
    const pmf = this.pmf;
    let count: number;
    let mode: number;
    if (this.kind === "binomial") {
      count = n + 1;
      mode = theta >= 1 ? n : Math.min(n, Math.floor((n + 1) * theta));
    } else {
      this.lambda = n * theta;
      count = poissonLimit(this.lambda) + 1;
      mode = Math.floor(this.lambda);
    }
    if (count > pmf.length) throw new Error(`CountTable: capacity ${pmf.length} is below ${count}`);
    this.count = count;
    pmf.fill(0, 0, count);
    // the ratio recurrence from the mode, normalised by the sum: no factorials, no underflow near the mode
    pmf[mode] = 1;
    if (this.kind === "binomial") {
      if (theta > 0 && theta < 1) {
        const odds = theta / (1 - theta);
        for (let y = mode + 1; y <= n; y++) pmf[y] = (pmf[y - 1] as number) * ((n - y + 1) / y) * odds;
        for (let y = mode - 1; y >= 0; y--) pmf[y] = ((pmf[y + 1] as number) * ((y + 1) / (n - y))) / odds;
      }
    } else if (this.lambda > 0) {
      const lambda = this.lambda;
      for (let y = mode + 1; y < count; y++) pmf[y] = ((pmf[y - 1] as number) * lambda) / y;
      for (let y = mode - 1; y >= 0; y--) pmf[y] = ((pmf[y + 1] as number) * (y + 1)) / lambda;
    }
    let total = 0;
    for (let y = 0; y < count; y++) total += pmf[y] as number;
    const lower = this.lowerSums;
    const upper = this.upperSums;
    let acc = 0;
    for (let y = 0; y < count; y++) {
      const p = (pmf[y] as number) / total;
      pmf[y] = p;
      acc += p;
      lower[y] = acc;
    }
    acc = 0;
    upper[count] = 0;
    for (let y = count - 1; y >= 0; y--) {
      acc += pmf[y] as number;
      upper[y] = acc;
    }
  }

  /** Number of tabulated counts (0..length−1). */
  get length(): number {
    return this.count;
  }

  /** P(Y ≥ k) */
  upper(k: number): number {
    if (k <= 0) return 1;
    if (k < this.count) return this.upperSums[k] as number;
    if (this.kind === "binomial") return 0;
    // beyond the table (mass below 1e-30): the exact tail, for the relative accuracy of tiny probabilities
    return poissonUpper(k, this.lambda);
  }

  /** P(Y ≤ k) */
  lower(k: number): number {
    if (k < 0) return 0;
    if (k < this.count) return Math.min(1, this.lowerSums[k] as number);
    return 1;
  }

  /** P(lo ≤ Y ≤ hi), subtracting within the smaller tail */
  between(lo: number, hi: number): number {
    if (lo > hi) return 0;
    const above = this.upper(lo);
    if (hi >= this.count - 1 && this.kind === "binomial") return above;
    if (hi === Number.POSITIVE_INFINITY) return above;
    if (lo <= 0) return this.lower(hi);
    if (above <= 0.5) return Math.max(0, above - this.upper(hi + 1));
    return Math.max(0, this.lower(hi) - this.lower(lo - 1));
  }
}
