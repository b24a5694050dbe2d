/** Mean, sd and quantiles of Monte-Carlo draws (R's type-7 quantiles, the default of quantile()). */
import type { SampleSummary } from "./types.ts";

/** Type-7 quantile of an ascending-sorted sample. */
export function sortedQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

/** Mean, sd (n − 1 denominator) and the `probs` quantiles of the draws. */
export function summarizeSample(draws: Float64Array, probs: readonly number[]): SampleSummary {
  const n = draws.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += draws[i] as number;
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += ((draws[i] as number) - m) ** 2;
  const sorted = draws.slice().sort();
  return {
    mean: m,
    sd: Math.sqrt(v / (n - 1)),
    quantiles: probs.map((p) => ({ p, q: sortedQuantile(sorted, p) })),
  };
}

/** All chains' draws in one array, chain after chain. */
export function pool(chains: readonly Float64Array[]): Float64Array {
  let total = 0;
  for (const c of chains) total += c.length;
  const out = new Float64Array(total);
  let k = 0;
  for (const c of chains) {
    out.set(c, k);
    k += c.length;
  }
  return out;
}
