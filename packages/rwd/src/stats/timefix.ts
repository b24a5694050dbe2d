const TOLERANCE = Math.sqrt(2.220446049250313e-16);

/**
 * R's aeqSurv, which coxph and survfit apply by default (timefix = TRUE): times that differ only by
 * floating-point noise (e.g. days/365.25 computed two ways) are made exact ties, each mapped down to the
 * first of its run of near-equal distinct times. Without it, ties R sees as one risk-set event would
 * be separate events here and the Efron correction and Kaplan–Meier steps would differ.
 */
export function fixTies(time: readonly number[]): Float64Array {
  const out = Float64Array.from(time);
  const unique = Array.from(new Set(time.filter(Number.isFinite))).sort((a, b) => a - b);
  if (unique.length < 2) return out;
  let meanAbs = 0;
  for (const t of unique) meanAbs += Math.abs(t);
  meanAbs /= unique.length;
  const cuts: number[] = [unique[0] as number];
  for (let i = 1; i < unique.length; i++) {
    const dy = (unique[i] as number) - (unique[i - 1] as number);
    const tied = dy <= TOLERANCE || dy / meanAbs <= TOLERANCE;
    if (!tied) cuts.push(unique[i] as number);
  }
  if (cuts.length === unique.length) return out;
  for (let i = 0; i < out.length; i++) {
    const t = out[i] as number;
    if (!Number.isFinite(t)) continue;
    // Largest cut ≤ t (R's findInterval); t ≥ cuts[0] always, as cuts[0] is the smallest time.
    let lo = 0;
    let hi = cuts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((cuts[mid] as number) <= t) lo = mid;
      else hi = mid - 1;
    }
    out[i] = cuts[lo] as number;
  }
  return out;
}
