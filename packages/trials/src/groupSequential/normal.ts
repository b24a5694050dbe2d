/**
 * Standard normal tail probabilities and quantiles that keep full relative precision far in the tails,
 * where 1 − Φ(x) computed by subtraction would lose every digit (stage levels of early O'Brien–Fleming
 * looks are ~1e-6 and smaller).
 */
import erfc from "@stdlib/math-base-special-erfc";

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

/** Standard normal density φ(x). */
export function normalDensity(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Φ(x) = P(Z ≤ x), accurate for large negative x. */
export function normalLower(x: number): number {
  return 0.5 * erfc(-x * INV_SQRT2);
}

/** 1 − Φ(x) = P(Z > x), accurate for large positive x. */
export function normalUpper(x: number): number {
  return 0.5 * erfc(x * INV_SQRT2);
}

function poly(c: readonly number[], x: number): number {
  let s = 0;
  for (let i = c.length - 1; i >= 0; i--) s = s * x + (c[i] as number);
  return s;
}

// Wichura (1988) AS 241 PPND16 coefficients, as R's qnorm uses: ~1e-16 relative accuracy in both tails.
// (@stdlib's quantile drifts to ~4e-7 relative error at p = 1e-12, too coarse for early stage levels.)
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852546,
];
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

/**
 * Φ⁻¹ evaluated from the smaller of the two tail probabilities: `tail` = min(p, 1 − p) given exactly,
 * `upper` says whether it is the upper tail. Avoids forming 1 − p for tiny upper-tail p.
 */
function quantileFromTail(tail: number, upper: boolean): number {
  if (tail <= 0) return upper ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  const q = upper ? 0.5 - tail : tail - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  let r = Math.sqrt(-Math.log(tail));
  let v: number;
  if (r <= 5) {
    r -= 1.6;
    v = poly(C, r) / poly(D, r);
  } else {
    r -= 5;
    v = poly(E, r) / poly(F, r);
  }
  return upper ? v : -v;
}

/** Φ⁻¹(p): the lower-tail quantile. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  return p <= 0.5 ? quantileFromTail(p, false) : quantileFromTail(1 - p, true);
}

/** z_p = Φ⁻¹(1 − p): the upper-tail quantile, exact for small p (no 1 − p rounding). */
export function normalUpperQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  return p <= 0.5 ? quantileFromTail(p, true) : quantileFromTail(1 - p, false);
}
