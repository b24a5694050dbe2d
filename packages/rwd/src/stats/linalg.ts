/**
 * Dense symmetric positive-definite algebra for the small p×p information matrices of the regressions.
 * Matrices are row-major Float64Array of length p·p; only the lower triangle of the factor is meaningful.
 */

/** R's coxph uses toler.chol = .Machine$double.eps^0.75 relative to the largest diagonal element. */
export const CHOLESKY_TOLERANCE = 2.220446049250313e-16 ** 0.75;

export class SingularMatrixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SingularMatrixError";
  }
}

/**
 * Cholesky factor L (lower, row-major) of a symmetric matrix, A = L·L'. A pivot at or below
 * tolerance·max|diag| means the matrix is singular or not positive definite: R would alias the
 * column (NA coefficient); we refuse, since a silently dropped covariate in a safety study misleads.
 */
export function cholesky(a: Float64Array, p: number, tolerance = CHOLESKY_TOLERANCE): Float64Array {
  const l = new Float64Array(p * p);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * p + i] as number));
  const eps = tolerance * maxDiag;
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j] as number;
    for (let k = 0; k < j; k++) {
      const v = l[j * p + k] as number;
      d -= v * v;
    }
    if (!(d > eps)) {
      throw new SingularMatrixError(`matrix is singular or not positive definite (pivot ${j + 1} of ${p})`);
    }
    const djj = Math.sqrt(d);
    l[j * p + j] = djj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * p + k] as number) * (l[j * p + k] as number);
      l[i * p + j] = s / djj;
    }
  }
  return l;
}

/** Solves (L·L')·x = b for x. */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * p + k] as number) * (y[k] as number);
    y[i] = s / (l[i * p + i] as number);
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < p; k++) s -= (l[k * p + i] as number) * (x[k] as number);
    x[i] = s / (l[i * p + i] as number);
  }
  return x;
}

/** (L·L')⁻¹ as a full symmetric matrix: the variance of the estimates from the information's factor. */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, p, e);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i] as number;
  }
  // Symmetrise so that the variance matrix is exactly symmetric despite rounding in the two solves.
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * ((inv[i * p + j] as number) + (inv[j * p + i] as number));
      inv[i * p + j] = v;
      inv[j * p + i] = v;
    }
  }
  return inv;
}

/** Row-major p×p Float64Array to nested arrays for the public results. */
export function toRows(a: Float64Array, p: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < p; i++) rows.push(Array.from(a.subarray(i * p, (i + 1) * p)));
  return rows;
}
