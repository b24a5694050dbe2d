/**
 * Exact discrete variates on the shared seeded generator. The core Rng's Poisson falls back to a normal
 * approximation above a mean of 30, which biases tail probabilities (type I error, power) exactly where
 * a trial simulation looks, so the trial engine draws counts here instead.
 */
import type { Rng } from "@kakehashi/core/random";

/**
 * One draw of Binomial(n, p): number of successes in n independent trials with success probability p.
 * Inversion (sequential search from 0) when n·min(p, 1 − p) < 30, otherwise BTPE (Kachitvichyanukul &
 * Schmeiser 1988, as corrected in NumPy). Both are exact up to the 2⁻³² resolution of the uniforms.
 */
export function drawBinomial(rng: Rng, n: number, p: number): number {
  if (!(Number.isInteger(n) && n >= 0)) {
    throw new Error(`drawBinomial: n must be a non-negative integer, got ${n}`);
  }
  if (!(p >= 0 && p <= 1)) throw new Error(`drawBinomial: p must lie in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  const r = p <= 0.5 ? p : 1 - p;
  const y = n * r < 30 ? binomialInversion(rng, n, r) : binomialBtpe(rng, n, r);
  return p <= 0.5 ? y : n - y;
}

/** Sequential search over the pmf, p ≤ 0.5 and n·p < 30 so q^n cannot underflow. */
function binomialInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  const q0 = q ** n;
  // rounding can leave the summed pmf short of u near 1: restart then (rare, and keeps exactness)
  const bound = Math.min(n, Math.floor(n * p + 10 * Math.sqrt(n * p * q + 1) + 10));
  for (;;) {
    let u = rng.next();
    let x = 0;
    let px = q0;
    while (u > px) {
      u -= px;
      x++;
      if (x > bound) break;
      px *= a / x - s;
    }
    if (x <= bound) return x;
  }
}

/** BTPE: triangle / parallelogram / exponential-tail hat with squeezes, for p ≤ 0.5 and n·p ≥ 30. */
function binomialBtpe(rng: Rng, n: number, r: number): number {
  const q = 1 - r;
  const fm = n * r + r;
  const m = Math.floor(fm);
  const p1 = Math.floor(2.195 * Math.sqrt(n * r * q) - 4.6 * q) + 0.5;
  const xm = m + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + m);
  let a = (fm - xl) / (fm - xl * r);
  const laml = a * (1 + a / 2);
  a = (xr - fm) / (xr * q);
  const lamr = a * (1 + a / 2);
  const p2 = p1 * (1 + 2 * c);
  const p3 = p2 + c / laml;
  const p4 = p3 + c / lamr;
  const nrq = n * r * q;
  for (;;) {
    const u = rng.next() * p4;
    let v = rng.next();
    let y: number;
    if (u <= p1) {
      // inside the triangle: accepted without evaluating the pmf
      return Math.floor(xm - p1 * v + u);
    }
    if (u <= p2) {
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
      if (v > 1) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      y = Math.floor(xl + Math.log(v) / laml);
      if (y < 0 || v === 0) continue;
      v = v * (u - p2) * laml;
    } else {
      y = Math.floor(xr - Math.log(v) / lamr);
      if (y > n || v === 0) continue;
      v = v * (u - p3) * lamr;
    }
    const k = Math.abs(y - m);
    if (k <= 20 || k >= nrq / 2 - 1) {
      // explicit ratio f(y)/f(m) by recursion
      const s = r / q;
      const aa = s * (n + 1);
      let f = 1;
      if (m < y) for (let i = m + 1; i <= y; i++) f *= aa / i - s;
      else if (m > y) for (let i = y + 1; i <= m; i++) f /= aa / i - s;
      if (v > f) continue;
      return y;
    }
    // squeeze on log f(y)/f(m), then the Stirling-corrected bound
    const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const t = (-k * k) / (2 * nrq);
    const logV = Math.log(v);
    if (logV < t - rho) return y;
    if (logV > t + rho) continue;
    const x1 = y + 1;
    const f1 = m + 1;
    const z = n + 1 - m;
    const w = n - y + 1;
    if (
      logV >
      xm * Math.log(f1 / x1) +
        (n - m + 0.5) * Math.log(z / w) +
        (y - m) * Math.log((w * r) / (x1 * q)) +
        stirlingTail(f1) +
        stirlingTail(z) +
        stirlingTail(x1) +
        stirlingTail(w)
    ) {
      continue;
    }
    return y;
  }
}

/** The 1/(12x) − 1/(360x³) + … series of log Γ beyond Stirling's formula. */
function stirlingTail(x: number): number {
  const x2 = x * x;
  return (13680 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
}

/**
 * One draw of Poisson(mean). Inversion (sequential search) for mean < 10, otherwise Hörmann's PTRS
 * transformed rejection with squeeze (1993); both exact, no normal approximation at any mean.
 */
export function drawPoisson(rng: Rng, mean: number): number {
  if (!(mean >= 0 && Number.isFinite(mean))) {
    throw new Error(`drawPoisson: mean must be finite and ≥ 0, got ${mean}`);
  }
  if (mean === 0) return 0;
  return mean < 10 ? poissonInversion(rng, mean) : poissonPtrs(rng, mean);
}

function poissonInversion(rng: Rng, mean: number): number {
  const p0 = Math.exp(-mean);
  for (;;) {
    let u = rng.next();
    let x = 0;
    let px = p0;
    while (u > px) {
      u -= px;
      x++;
      px *= mean / x;
      // the pmf beyond 60 is below 1e-29 at mean < 10: only rounding gets here, so draw again
      if (x > 60) break;
    }
    if (x <= 60) return x;
  }
}

function poissonPtrs(rng: Rng, mean: number): number {
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k)) {
      return k;
    }
  }
}

/** log k! for k < 256, summed once; the error stays below 1e-13 (absolute). */
const LOG_FACTORIAL = (() => {
  const table = new Float64Array(256);
  for (let k = 1; k < 256; k++) table[k] = (table[k - 1] as number) + Math.log(k);
  return table;
})();
const HALF_LOG_2PI = 0.9189385332046728;

/**
 * log k!, from the table or Stirling's series for log Γ(k + 1) (error below 1e-17 for k ≥ 256). Kept
 * here rather than imported so that worker threads need not load a special-function library.
 */
function logFactorial(k: number): number {
  if (k < 256) return LOG_FACTORIAL[k] as number;
  const x = k + 1;
  const x2 = x * x;
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + (1 / 12 - (1 / 360 - 1 / (1260 * x2)) / x2) / x;
}
