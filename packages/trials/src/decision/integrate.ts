/**
 * Adaptive Gauss–Kronrod quadrature (QUADPACK's 21-point rule with its error heuristic), used where an
 * operating characteristic or a posterior probability is a one-dimensional integral of a smooth function.
 */

// Kronrod abscissae on [−1, 1], from the outermost inwards; the odd-indexed ones are the 10 Gauss nodes.
const XGK = [
  0.9956571630258081, 0.9739065285171717, 0.9301574913557082, 0.8650633666889845, 0.7808177265864169,
  0.6794095682990244, 0.5627571346686047, 0.4333953941292472, 0.2943928627014602, 0.14887433898163122, 0,
];
const WGK = [
  0.011694638867371874, 0.032558162307964725, 0.054755896574351995, 0.07503967481091996, 0.0931254545836976,
  0.10938715880229764, 0.12349197626206584, 0.13470921731147334, 0.14277593857706009, 0.14773910490133849,
  0.1494455540029169,
];
// Gauss weights of XGK[1], XGK[3], …, XGK[9]
const WG = [
  0.06667134430868814, 0.1494513491505806, 0.21908636251598204, 0.26926671930999635, 0.29552422471475287,
];

interface Piece {
  a: number;
  b: number;
  value: number;
  error: number;
}

const fvalues = new Float64Array(21);

function kronrod21(f: (x: number) => number, a: number, b: number): Piece {
  const centre = 0.5 * (a + b);
  const half = 0.5 * (b - a);
  const fc = f(centre);
  let kronrod = fc * (WGK[10] as number);
  let gauss = 0;
  fvalues[10] = fc;
  for (let j = 0; j < 10; j++) {
    const dx = half * (XGK[j] as number);
    const f1 = f(centre - dx);
    const f2 = f(centre + dx);
    fvalues[j] = f1;
    fvalues[20 - j] = f2;
    kronrod += (WGK[j] as number) * (f1 + f2);
    if (j % 2 === 1) gauss += (WG[(j - 1) / 2] as number) * (f1 + f2);
  }
  const mean = kronrod * 0.5;
  let resasc = (WGK[10] as number) * Math.abs(fc - mean);
  for (let j = 0; j < 10; j++) {
    resasc +=
      (WGK[j] as number) *
      (Math.abs((fvalues[j] as number) - mean) + Math.abs((fvalues[20 - j] as number) - mean));
  }
  resasc *= Math.abs(half);
  const value = kronrod * half;
  let error = Math.abs((kronrod - gauss) * half);
  // QUADPACK's scaling: |K − G| grossly overstates the error of the Kronrod value once the rule resolves f
  if (resasc !== 0 && error !== 0) error = resasc * Math.min(1, ((200 * error) / resasc) ** 1.5);
  return { a, b, value, error };
}

export interface IntegrationOptions {
  absTol?: number;
  relTol?: number;
  /** most subintervals before giving up on the tolerance (the best estimate is returned) */
  maxPieces?: number;
}

/**
 * ∫ f over [points[0], points[last]] with the given break points (sorted, finite), bisecting the piece with
 * the largest error estimate until the summed estimate meets max(absTol, relTol·|value|).
 */
export function integrateWithError(
  f: (x: number) => number,
  points: readonly number[],
  options: IntegrationOptions = {},
): { value: number; error: number } {
  const absTol = options.absTol ?? 1e-13;
  const relTol = options.relTol ?? 1e-12;
  const maxPieces = options.maxPieces ?? 400;
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i] as number;
    const b = points[i + 1] as number;
    if (b > a) pieces.push(kronrod21(f, a, b));
  }
  for (;;) {
    let value = 0;
    let error = 0;
    let worst = 0;
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i] as Piece;
      value += p.value;
      error += p.error;
      if (p.error > (pieces[worst] as Piece).error) worst = i;
    }
    if (error <= Math.max(absTol, relTol * Math.abs(value)) || pieces.length >= maxPieces)
      return { value, error };
    const p = pieces[worst] as Piece;
    const mid = 0.5 * (p.a + p.b);
    if (!(mid > p.a && mid < p.b)) return { value, error };
    pieces[worst] = kronrod21(f, p.a, mid);
    pieces.push(kronrod21(f, mid, p.b));
  }
}

/** ∫_a^b f(x) dx for finite a < b (0 when a ≥ b), adaptive Gauss–Kronrod. */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  options: IntegrationOptions = {},
): number {
  if (!(a < b)) return 0;
  return integrateWithError(f, [a, b], options).value;
}
