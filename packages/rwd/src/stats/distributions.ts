/**
 * The few distribution functions the engine needs, written to R's accuracy (full double precision in
 * the tails) because p-values and exact confidence limits are compared with R's to 1e-6 relative.
 */

/** qnorm(0.975): the 95% Wald multiplier R uses in confint and summary.coxph. */
export const Z_975 = 1.959963984540054;

const LN_SQRT_2PI = 0.9189385332046728; // log(sqrt(2*pi))
const M_1_SQRT_2PI = 0.3989422804014327;
const M_SQRT_32 = 5.656854249492381;

// Cody's coefficients (R's pnorm.c), written as the doubles their 20-digit decimal forms round to.
const A = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745,
];
const B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
];
const D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
const P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934,
  0.000029112874951168793, 0.023073441764940174,
];
const Q = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 0.00007297515550839662,
];

function c(arr: readonly number[], i: number): number {
  return arr[i] as number;
}

/**
 * Standard normal distribution function, lower tail P(Z ≤ x), by Cody's rational approximations as in
 * R's pnorm.c; the upper tail is P(Z > x) = normalCdf(−x) with the same relative accuracy.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let xnum = 0;
    let xden = 0;
    if (y > 1.1102230246251565e-16) {
      const xsq = x * x;
      xnum = c(A, 4) * xsq;
      xden = xsq;
      for (let i = 0; i < 3; i++) {
        xnum = (xnum + c(A, i)) * xsq;
        xden = (xden + c(B, i)) * xsq;
      }
    }
    return 0.5 + (x * (xnum + c(A, 3))) / (xden + c(B, 3));
  }
  let temp: number;
  if (y <= M_SQRT_32) {
    let xnum = c(C, 8) * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + c(C, i)) * y;
      xden = (xden + c(D, i)) * y;
    }
    temp = (xnum + c(C, 7)) / (xden + c(D, 7));
  } else if (y < 37.5193) {
    const xsq = 1 / (x * x);
    let xnum = c(P, 5) * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + c(P, i)) * xsq;
      xden = (xden + c(Q, i)) * xsq;
    }
    temp = (xsq * (xnum + c(P, 4))) / (xden + c(Q, 4));
    temp = (M_1_SQRT_2PI - temp) / y;
  } else {
    return x > 0 ? 1 : 0;
  }
  // Splitting y² as in Cody avoids the cancellation in exp(−y²/2) for large y.
  const xsq = Math.trunc(y * 16) / 16;
  const del = (y - xsq) * (y + xsq);
  const tail = Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * temp;
  return x > 0 ? 1 - tail : tail;
}

/** Two-sided Wald p-value for z, as R's 2·pnorm(−|z|). */
export function twoSidedP(z: number): number {
  return 2 * normalCdf(-Math.abs(z));
}

/** log Γ(x) for x > 0: upward recurrence to x ≥ 15, then the Stirling series (error < 1e-16 there). */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  // Exact factorials, so that log Γ(1) = log Γ(2) = 0 exactly as in R.
  if (Number.isInteger(x) && x <= 23) {
    let f = 1;
    for (let k = 2; k < x; k++) f *= k;
    return Math.log(f);
  }
  if (x < 15) {
    let prod = 1;
    let y = x;
    while (y < 15) {
      prod *= y;
      y += 1;
    }
    return logGammaStirling(y) - Math.log(prod);
  }
  return logGammaStirling(x);
}

function logGammaStirling(x: number): number {
  return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingSeries(x);
}

function stirlingSeries(x: number): number {
  const x2 = 1 / (x * x);
  return (
    (1 / 12 -
      x2 * (1 / 360 - x2 * (1 / 1260 - x2 * (1 / 1680 - x2 * (1 / 1188 - x2 * (691 / 360360 - x2 / 156)))))) /
    x
  );
}

/** log(a!) − log(√(2π)·a^(a+½)·e^−a): Stirling's error term, as R's stirlerr. */
function stirlingError(a: number): number {
  if (a > 15) return stirlingSeries(a);
  return logGamma(a + 1) - (a + 0.5) * Math.log(a) + a - LN_SQRT_2PI;
}

/** x·log(x/m) + m − x without the cancellation when x ≈ m (Loader's bd0, as in R's dpois). */
function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
  }
  return x * Math.log(x / m) + m - x;
}

/** m^a·e^−m / Γ(a+1) for real a > 0, accurate in relative terms even when a and m are large. */
function poissonDensity(a: number, m: number): number {
  if (m === 0) return 0;
  return Math.exp(-stirlingError(a) - bd0(a, m)) / Math.sqrt(2 * Math.PI * a);
}

/** Density of the Gamma(shape a, rate 1) distribution. */
export function gammaDensity(x: number, a: number): number {
  if (x <= 0) return 0;
  return (a / x) * poissonDensity(a, x);
}

/**
 * Regularised incomplete gamma: lower P(a, x) and upper Q(a, x) = 1 − P, each computed directly in the
 * region where it is the smaller, so that tail probabilities keep their relative accuracy.
 */
export function gammaTails(x: number, a: number): { lower: number; upper: number } {
  if (!(a > 0) || Number.isNaN(x)) return { lower: Number.NaN, upper: Number.NaN };
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x === Number.POSITIVE_INFINITY) return { lower: 1, upper: 0 };
  if (x < a + 1) {
    // Series Σ x^k / ((a+1)…(a+k)); terms shrink once a+k > x, so it converges here.
    let term = 1;
    let sum = 1;
    for (let k = 1; k < 100000; k++) {
      term *= x / (a + k);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    const lower = poissonDensity(a, x) * sum;
    return { lower, upper: 1 - lower };
  }
  // Legendre's continued fraction for Q by the modified Lentz method.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let cc = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    cc = b + an / cc;
    if (Math.abs(cc) < tiny) cc = tiny;
    d = 1 / d;
    const del = d * cc;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  const upper = a * poissonDensity(a, x) * h;
  return { lower: 1 - upper, upper };
}

/**
 * Quantile of the Gamma(shape a, rate 1) distribution, as R's qgamma(p, a) (or with upper = true,
 * qgamma(p, a, lower.tail = FALSE)). Safeguarded Newton: the root is kept bracketed and a step that
 * leaves the bracket becomes a bisection, so it cannot diverge for any a.
 */
export function gammaQuantile(p: number, a: number, upper = false): number {
  if (!(a > 0) || !(p >= 0 && p <= 1)) return Number.NaN;
  const lowerP = upper ? 1 - p : p;
  const upperP = upper ? p : 1 - p;
  if (lowerP === 0) return 0;
  if (upperP === 0) return Number.POSITIVE_INFINITY;
  // Work with whichever tail is the smaller so the target keeps its relative precision.
  const useLower = lowerP <= 0.5;
  const f = (x: number): number => {
    const t = gammaTails(x, a);
    return useLower ? t.lower - lowerP : upperP - t.upper;
  };
  let lo = 0;
  let hi = Math.max(a, 1);
  while (f(hi) < 0) {
    lo = hi;
    hi *= 2;
  }
  let x = Math.min(Math.max(a, lo + 0.5 * (hi - lo) * 1e-3), hi);
  for (let i = 0; i < 500; i++) {
    const fx = f(x);
    if (fx === 0) return x;
    if (fx < 0) lo = x;
    else hi = x;
    const dens = gammaDensity(x, a);
    let next = x - fx / dens;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-15 * Math.abs(next) || hi - lo <= 1e-15 * hi) return next;
    x = next;
  }
  return x;
}
