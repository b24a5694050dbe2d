import { twoSidedP, Z_975 } from "./distributions.ts";

/**
 * Wald statistics from estimates and their variance, as summary.coxph reports them: se, exp(coef),
 * z = coef/se, two-sided p and the 95% limits exp(coef ± 1.959963984540054·se).
 */
export function waldSummary(
  coef: number[],
  variance: Float64Array,
  p: number,
): { coef: number[]; se: number[]; hr: number[]; ci95: [number, number][]; z: number[]; p: number[] } {
  const se = coef.map((_, j) => Math.sqrt(variance[j * p + j] as number));
  const z = coef.map((b, j) => b / (se[j] as number));
  return {
    coef,
    se,
    hr: coef.map(Math.exp),
    ci95: coef.map((b, j): [number, number] => [
      Math.exp(b - Z_975 * (se[j] as number)),
      Math.exp(b + Z_975 * (se[j] as number)),
    ]),
    z,
    p: z.map(twoSidedP),
  };
}
