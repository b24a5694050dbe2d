/** Shared preparation of the design for the regressions. */

/** Dense integer ids for strata labels; `1` and `"1"` are different strata, as R's factor levels would be. */
export function strataIds(strata: readonly (string | number)[] | undefined, n: number): Int32Array {
  const ids = new Int32Array(n);
  if (!strata) return ids;
  const seen = new Map<string | number, number>();
  for (let i = 0; i < n; i++) {
    const key = strata[i] as string | number;
    let id = seen.get(key);
    if (id === undefined) {
      id = seen.size;
      seen.set(key, id);
    }
    ids[i] = id;
  }
  return ids;
}

/**
 * Centres each column on its weighted mean and scales it by the inverse weighted mean absolute
 * deviation, in place, as coxfit6 does; returns the scale factors (coef = β_scaled · scale).
 */
export function centreAndScale(x: Float64Array, n: number, p: number, weight: Float64Array): Float64Array {
  const scale = new Float64Array(p);
  let wsum = 0;
  for (let i = 0; i < n; i++) wsum += weight[i] as number;
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (weight[i] as number) * (x[i * p + j] as number);
    mean /= wsum;
    let mad = 0;
    for (let i = 0; i < n; i++) {
      const v = (x[i * p + j] as number) - mean;
      x[i * p + j] = v;
      mad += (weight[i] as number) * Math.abs(v);
    }
    const s = mad > 0 ? wsum / mad : 1;
    for (let i = 0; i < n; i++) x[i * p + j] = (x[i * p + j] as number) * s;
    scale[j] = s;
  }
  return scale;
}
