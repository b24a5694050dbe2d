/**
 * Adaptive Gauss–Kronrod quadrature (G10/K21, QUADPACK's qk21 rule and error heuristic) with global
 * error control over several pieces at once. Callers split the range where the integrand is peaked
 * and change variables at singular ends, so each piece sees a smooth, bounded integrand.
 */

// QUADPACK qk21 abscissae (positive half, descending; XGK[1], XGK[3], … are the 10-point Gauss nodes).
const XGK = [
  0.9956571630258081, 0.9739065285171717, 0.9301574913557082, 0.8650633666889845, 0.7808177265864169,
  0.6794095682990244, 0.5627571346686047, 0.4333953941292472, 0.2943928627014602, 0.14887433898163122, 0,
];
const WGK = [
  0.011694638867371874, 0.032558162307964725, 0.054755896574351995, 0.07503967481091996, 0.0931254545836976,
  0.10938715880229764, 0.12349197626206584, 0.13470921731147334, 0.14277593857706009, 0.14773910490133849,
  0.1494455540029169,
];
const WG = [
  0.06667134430868814, 0.1494513491505806, 0.21908636251598204, 0.26926671930999635, 0.29552422471475287,
];

const EPS = Number.EPSILON;
const TINY = Number.MIN_VALUE;

/** One Gauss–Kronrod 21-point estimate of ∫_a^b f with QUADPACK's error estimate. */
export function gaussKronrod21(
  f: (t: number) => number,
  a: number,
  b: number,
): { value: number; error: number } {
  const center = 0.5 * (a + b);
  const half = 0.5 * (b - a);
  const fc = f(center);
  let resg = 0;
  let resk = (WGK[10] as number) * fc;
  let resabs = Math.abs(resk);
  const fv1 = new Float64Array(10);
  const fv2 = new Float64Array(10);
  for (let j = 0; j < 10; j++) {
    const dx = half * (XGK[j] as number);
    const f1 = f(center - dx);
    const f2 = f(center + dx);
    fv1[j] = f1;
    fv2[j] = f2;
    const wk = WGK[j] as number;
    resk += wk * (f1 + f2);
    resabs += wk * (Math.abs(f1) + Math.abs(f2));
    if (j % 2 === 1) resg += (WG[(j - 1) / 2] as number) * (f1 + f2);
  }
  const reskh = resk * 0.5;
  let resasc = (WGK[10] as number) * Math.abs(fc - reskh);
  for (let j = 0; j < 10; j++) {
    resasc +=
      (WGK[j] as number) * (Math.abs((fv1[j] as number) - reskh) + Math.abs((fv2[j] as number) - reskh));
  }
  const absHalf = Math.abs(half);
  const value = resk * half;
  resabs *= absHalf;
  resasc *= absHalf;
  let error = Math.abs((resk - resg) * half);
  if (resasc !== 0 && error !== 0) error = resasc * Math.min(1, ((200 * error) / resasc) ** 1.5);
  if (resabs > TINY / (50 * EPS)) error = Math.max(EPS * 50 * resabs, error);
  if (!Number.isFinite(value)) return { value: Number.NaN, error: Number.POSITIVE_INFINITY };
  return { value, error };
}

export interface Piece {
  f: (t: number) => number;
  a: number;
  b: number;
}

/**
 * ∫ of each piece's f over [a, b], summed, by global adaptive bisection of the interval with the
 * largest error until the summed error is below relTol·|total| (or maxIntervals is reached, when the
 * best estimate is returned).
 */
export function integratePieces(pieces: readonly Piece[], relTol = 1e-11, maxIntervals = 4000): number {
  const cap = maxIntervals + pieces.length + 2;
  const lo = new Float64Array(cap);
  const hi = new Float64Array(cap);
  const val = new Float64Array(cap);
  const err = new Float64Array(cap);
  const owner = new Int32Array(cap);
  let n = 0;
  let total = 0;
  let totalErr = 0;
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p] as Piece;
    if (!(piece.b > piece.a)) continue;
    const r = gaussKronrod21(piece.f, piece.a, piece.b);
    lo[n] = piece.a;
    hi[n] = piece.b;
    val[n] = r.value;
    err[n] = r.error;
    owner[n] = p;
    total += r.value;
    totalErr += r.error;
    n++;
  }
  let frozen = 0;
  while (n + 1 < cap) {
    if (!(totalErr + frozen > relTol * Math.abs(total)) || totalErr === 0) break;
    let worst = 0;
    for (let i = 1; i < n; i++) if ((err[i] as number) > (err[worst] as number)) worst = i;
    const a = lo[worst] as number;
    const b = hi[worst] as number;
    const mid = 0.5 * (a + b);
    const f = (pieces[owner[worst] as number] as Piece).f;
    if (!(mid > a && mid < b)) {
      // no room left to bisect: keep the estimate and stop refining this interval
      frozen += err[worst] as number;
      totalErr -= err[worst] as number;
      err[worst] = 0;
      continue;
    }
    const left = gaussKronrod21(f, a, mid);
    const right = gaussKronrod21(f, mid, b);
    total += left.value + right.value - (val[worst] as number);
    totalErr += left.error + right.error - (err[worst] as number);
    hi[worst] = mid;
    val[worst] = left.value;
    err[worst] = left.error;
    lo[n] = mid;
    hi[n] = b;
    val[n] = right.value;
    err[n] = right.error;
    owner[n] = owner[worst] as number;
    n++;
  }
  // re-add the pieces' values from scratch so the running sum's rounding does not accumulate
  let sum = 0;
  for (let i = 0; i < n; i++) sum += val[i] as number;
  return sum;
}

/**
 * Power substitution x = origin + dir·c·u^k on u ∈ (0, 1], for ∫ over (origin, origin + dir·c] of an
 * integrand that behaves like |x − origin|^(γ−1) at the origin: with k = 1/γ the transformed
 * integrand is bounded. `g` receives the offset d = c·u^k ≥ 0 from the origin and the log of the
 * Jacobian c·k·u^(k−1) (added in log space so neither underflows).
 */
export function powerPiece(
  g: (offset: number, logOffset: number, logJacobian: number) => number,
  c: number,
  gamma: number,
): Piece {
  // offsets below the double range (k is large when γ is small) are fine: g works from logOffset
  const k = 1 / gamma;
  const logC = Math.log(c);
  const logCK = logC + Math.log(k);
  return {
    a: 0,
    b: 1,
    f: (u: number) => {
      const logU = Math.log(u);
      const logOffset = logC + k * logU;
      return g(Math.exp(logOffset), logOffset, logCK + (k - 1) * logU);
    },
  };
}

/**
 * x = start + scale·t/(1 − t) for t ∈ [0, 1): maps [start, ∞) to a finite range; `g` gets x and
 * the log Jacobian.
 */
export function tailPiece(
  g: (x: number, logJacobian: number) => number,
  start: number,
  scale: number,
): Piece {
  const logScale = Math.log(scale);
  return {
    a: 0,
    b: 1,
    f: (t: number) => {
      const r = 1 - t;
      if (r <= 0) return 0;
      return g(start + (scale * t) / r, logScale - 2 * Math.log(r));
    },
  };
}

/** Sorted, de-duplicated break points strictly inside (lo, hi), with lo and hi at the ends. */
export function breakPoints(lo: number, hi: number, candidates: readonly number[]): number[] {
  const inside = candidates.filter((x) => Number.isFinite(x) && x > lo && x < hi).sort((x, y) => x - y);
  let scale = hi - lo;
  if (!Number.isFinite(scale)) {
    const first = inside[0] ?? 0;
    const last = inside[inside.length - 1] ?? 0;
    scale = last - first > 0 ? last - first : Math.max(1, Math.abs(first));
  }
  const gap = 1e-9 * scale;
  const out = [lo];
  for (const x of inside) {
    const prev = out[out.length - 1] as number;
    if (!Number.isFinite(prev) || x - prev > gap) out.push(x);
  }
  if (out.length > 1 && hi - (out[out.length - 1] as number) <= gap) out.pop();
  out.push(hi);
  return out;
}
