/**
 * Brent's method (zeroin): bisection safety with inverse quadratic interpolation speed. Every boundary
 * of a group-sequential design is the root of a monotone probability in one unknown.
 */

export interface RootOptions {
  /** absolute tolerance on the root */
  tolerance?: number;
  maxIterations?: number;
}

/**
 * The root of `f` in [lower, upper]; f(lower) and f(upper) must have opposite signs (or one be zero).
 * Throws, naming `what`, when the bracket does not hold a sign change.
 */
export function findRoot(
  f: (x: number) => number,
  lower: number,
  upper: number,
  what: string,
  options: RootOptions = {},
): number {
  const tol = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 200;
  let a = lower;
  let b = upper;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (!(fa * fb < 0)) {
    throw new Error(
      `${what}: no solution between ${lower} and ${upper} (values ${fa} and ${fb} have the same sign); ` +
        "check that the inputs describe a feasible design",
    );
  }
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let i = 0; i < maxIterations; i++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
  }
  throw new Error(`${what}: root search did not converge in ${maxIterations} iterations`);
}
