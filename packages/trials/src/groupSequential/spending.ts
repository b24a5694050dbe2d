/**
 * Lan–DeMets spending functions: the cumulative type I (alpha) or type II (beta) error allowed to be
 * spent by information rate t ∈ [0, 1], with the parameterisations of rpact's getDesignGroupSequential.
 */
import { normalUpper, normalUpperQuantile } from "./normal.ts";

/** Alpha-spending families: O'Brien–Fleming type, Pocock type, Kim–DeMets power, Hwang–Shih–DeCani. */
export type AlphaSpendingType = "asOF" | "asP" | "asKD" | "asHSD";
/** Beta-spending families for futility bounds, same shapes as the alpha families. */
export type BetaSpendingType = "bsOF" | "bsP" | "bsKD" | "bsHSD";
export type SpendingType = AlphaSpendingType | BetaSpendingType;

/**
 * Cumulative error spent at information rate t for total error `level` (alpha or beta):
 * - OF type: 2·sided·(1 − Φ(z_{level/(2·sided)} / √t)) for alpha (sided = 1 or 2), 2(1 − Φ(z_{level/2}/√t)) for beta
 * - P type: level · log(1 + (e − 1) t)
 * - KD: level · t^gamma (gamma > 0)
 * - HSD: level · (1 − e^{−gamma t}) / (1 − e^{−gamma}); level · t when gamma = 0
 */
export function spendingFunction(
  type: SpendingType,
  level: number,
  t: number,
  options: { gamma?: number; sided?: 1 | 2 } = {},
): number {
  const sided = type === "bsOF" ? 1 : (options.sided ?? 1);
  switch (type) {
    case "asOF":
    case "bsOF": {
      if (t <= 0) return 0;
      return 2 * sided * normalUpper(normalUpperQuantile(level / (2 * sided)) / Math.sqrt(t));
    }
    case "asP":
    case "bsP":
      return level * Math.log1p((Math.E - 1) * t);
    case "asKD":
    case "bsKD": {
      const gamma = requireGamma(type, options.gamma);
      if (!(gamma > 0)) throw new Error(`gamma (${gamma}) of ${type} must be > 0, e.g. 1, 2 or 3`);
      return level * t ** gamma;
    }
    case "asHSD":
    case "bsHSD": {
      const gamma = requireGamma(type, options.gamma);
      if (gamma === 0) return level * t;
      return (level * -Math.expm1(-gamma * t)) / -Math.expm1(-gamma);
    }
  }
}

function requireGamma(type: SpendingType, gamma: number | undefined): number {
  if (gamma === undefined || !Number.isFinite(gamma)) {
    const name = type.startsWith("as") ? "gammaA" : "gammaB";
    throw new Error(`${name} is required for ${type}: give a finite number (e.g. -4, -2 or 1 for HSD)`);
  }
  return gamma;
}
