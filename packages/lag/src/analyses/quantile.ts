/**
 * Quantiles by Hyndman & Fan's type 7 (R's default `quantile(x, type = 7)`, numpy's default "linear"):
 * for sorted x[1..n] and probability p, h = (n − 1)·p + 1 and
 * Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("quantile of no values");
  if (!(p >= 0 && p <= 1)) throw new Error(`quantile probability ${p} is outside [0, 1]`);
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  const a = x[lo] as number;
  const b = x[Math.min(lo + 1, x.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

export interface Summary {
  n: number;
  /** null when n = 0 */
  median: number | null;
  q1: number | null;
  q3: number | null;
}

/** n, median and quartiles (type 7) of the finite values. */
export function summarise(values: readonly number[]): Summary {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length === 0) return { n: 0, median: null, q1: null, q3: null };
  return { n: v.length, median: quantile(v, 0.5), q1: quantile(v, 0.25), q3: quantile(v, 0.75) };
}
