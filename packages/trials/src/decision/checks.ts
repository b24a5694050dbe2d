/** Argument checks of the decision functions: the mixture functions' checks, plus grids of true values. */
import { requireFinite, show } from "../mixture/inputs.ts";

export {
  requireFinite,
  requireNonNegative,
  requireNonNegativeInteger,
  requirePositive,
  requirePositiveInteger,
  show,
} from "../mixture/inputs.ts";

/** A grid of parameter values: one number or a non-empty array of them. */
export function requireGrid(name: string, x: unknown): number[] {
  const values = typeof x === "number" ? [x] : x;
  if (!Array.isArray(values) || values.length === 0) {
    throw new Error(`${name} must be a number or a non-empty array of numbers (got ${show(x)})`);
  }
  return values.map((v, i) => requireFinite(`${name}[${i}]`, v));
}
