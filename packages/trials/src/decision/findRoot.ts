/**
 * Brent's root finder (the zeroin algorithm of R's uniroot) and a bracket search, used for the critical
 * sample mean of normal endpoints, where the posterior probability crosses the decision threshold.
 */

/** A root of f in [a, b] where f(a) and f(b) have opposite signs (or one is 0), to within `tol`. */
export function brentRoot(
  f: (x: number) => number,
  a0: number,
  b0: number,
  tol: number,
  fa0?: number,
  fb0?: number,
): number {
  let a = a0;
  let b = b0;
  let fa = fa0 ?? f(a);
  let fb = fb0 ?? f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa > 0 === fb > 0)
    throw new Error(`brentRoot: f(${a}) = ${fa} and f(${b}) = ${fb} do not bracket a root`);
  let c = a;
  let fc = fa;
  const EPS = Number.EPSILON;
  for (let iter = 0; iter < 200; iter++) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * EPS * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) return b;
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      // interpolation: secant when only two points are distinct, inverse quadratic otherwise
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) newStep = p / q;
    }
    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b;
}

/**
 * The point where an increasing function f crosses 0: brackets it by doubling steps from `guess`
 * (first step `scale`), then refines with Brent to absolute tolerance `tol`.
 */
export function increasingRoot(f: (x: number) => number, guess: number, scale: number, tol: number): number {
  let a = guess;
  let fa = f(a);
  if (fa === 0) return a;
  let step = scale;
  let b = a;
  let fb = fa;
  for (let k = 0; k < 200; k++) {
    b = fa < 0 ? a + step : a - step;
    fb = f(b);
    if (fb === 0) return b;
    if (fb > 0 !== fa > 0) break;
    a = b;
    fa = fb;
    step *= 2;
    if (k === 199) throw new Error(`increasingRoot: no sign change found from ${guess} (last point ${b})`);
  }
  return a < b ? brentRoot(f, a, b, tol, fa, fb) : brentRoot(f, b, a, tol, fb, fa);
}
