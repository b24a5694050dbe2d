/**
 * Mode of a mixture prior, as RBesT's mixmode: the density is maximised around each component (within
 * its central 99%) so that a local bump is not mistaken for the global maximum, and the highest of
 * those maxima is kept. Golden-section search gets close; Newton steps on the score then give the
 * mode to full precision (the Morita ESS evaluates the information there).
 */
import { componentQuantile, type Prepared } from "./component.ts";
import { type InformationResult, informationScale, localInformation } from "./information.ts";

const GOLDEN = (Math.sqrt(5) - 1) / 2;

export interface ModeResult {
  mode: number;
  logDensity: number;
  /** −d²/dθ² log p at the mode (≤ 0 or NaN where the maximum is at an end of the support) */
  information: number;
}

/** Global mode of a prepared mixture, with its log density and local information. */
export function mixtureMode(p: Prepared): ModeResult {
  const logs = new Float64Array(p.k);
  const out: InformationResult = { logDensity: 0, scaledGradient: 0, scaledInformation: 0 };
  const evaluate = (x: number) => localInformation(p, x, 1 - x, Math.log(x), Math.log1p(-x), logs, out);
  const logDensity = (x: number) => evaluate(x).logDensity;
  let best: ModeResult = {
    mode: Number.NaN,
    logDensity: Number.NEGATIVE_INFINITY,
    information: Number.NaN,
  };
  for (let i = 0; i < p.k; i++) {
    const a = p.p1[i] as number;
    const b = p.p2[i] as number;
    const rangeLo = componentQuantile(p.family, a, b, 0.005, true);
    const rangeHi = componentQuantile(p.family, a, b, 0.005, false);
    let lo = rangeLo;
    let hi = rangeHi;
    // golden-section search for the maximum of log p on [lo, hi]
    let x1 = hi - GOLDEN * (hi - lo);
    let x2 = lo + GOLDEN * (hi - lo);
    let f1 = logDensity(x1);
    let f2 = logDensity(x2);
    for (let it = 0; it < 200 && hi - lo > 1e-9 * (Math.abs(lo) + Math.abs(hi) + 1e-300); it++) {
      if (f1 >= f2) {
        hi = x2;
        x2 = x1;
        f2 = f1;
        x1 = hi - GOLDEN * (hi - lo);
        f1 = logDensity(x1);
      } else {
        lo = x1;
        x1 = x2;
        f1 = f2;
        x2 = lo + GOLDEN * (hi - lo);
        f2 = logDensity(x2);
      }
    }
    let x = f1 >= f2 ? x1 : x2;
    // Newton on the score d/dθ log p = gradient/s, with −(log p)″ = Q/s² (so the step is s·t/Q)
    for (let it = 0; it < 30; it++) {
      const r = evaluate(x);
      const s = informationScale(p, x, 1 - x);
      if (!(r.scaledInformation > 0)) break;
      const next = x + (s * r.scaledGradient) / r.scaledInformation;
      if (!(next >= rangeLo && next <= rangeHi)) break;
      if (p.family !== "normal" && (next <= 0 || (p.family === "beta" && next >= 1))) break;
      const done = Math.abs(next - x) <= 4 * Number.EPSILON * Math.abs(x);
      x = next;
      if (done) break;
    }
    const r = evaluate(x);
    if (r.logDensity > best.logDensity) {
      const s = informationScale(p, x, 1 - x);
      best = { mode: x, logDensity: r.logDensity, information: r.scaledInformation / (s * s) };
    }
  }
  return best;
}
