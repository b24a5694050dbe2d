/**
 * Plain-data shapes of group-sequential designs (one-sided upper boundaries on the z scale, or symmetric
 * two-sided ones), named as rpact names them so results can be read side by side with rpact output.
 * An absent boundary is ±Infinity (JSON: null).
 */
import type { AlphaSpendingType, BetaSpendingType } from "./spending.ts";

/**
 * Boundary families: Lan–DeMets alpha spending ("asOF", "asP", "asKD", "asHSD") or the classical
 * constant-shape families c_k = C · t_k^(Δ − 1/2): O'Brien–Fleming ("OF", Δ = 0), Pocock ("P", Δ = 1/2),
 * Wang–Tsiatis ("WT", Δ = deltaWT).
 */
export type TypeOfDesign = "OF" | "P" | "WT" | AlphaSpendingType;

export interface DesignInput {
  /** number of stages K (1–20); default: length of informationRates, else 3 */
  kMax?: number;
  /** cumulative information rates t_1 < … < t_K = 1; default equally spaced k/K */
  informationRates?: readonly number[];
  /** one-sided type I error (total over both sides when sided = 2); default 0.025 */
  alpha?: number;
  /** type II error; power = 1 − beta; default 0.2 */
  beta?: number;
  /** 1: one-sided upper boundaries; 2: symmetric two-sided boundaries; default 1 */
  sided?: 1 | 2;
  /** default "OF" as in rpact */
  typeOfDesign?: TypeOfDesign;
  /** Wang–Tsiatis Δ for typeOfDesign "WT" */
  deltaWT?: number;
  /** parameter of "asKD" (rho > 0) and "asHSD" (gamma) */
  gammaA?: number;
  /** beta-spending futility bounds (one-sided alpha-spending designs only); default "none" */
  typeBetaSpending?: BetaSpendingType | "none";
  /** parameter of "bsKD" / "bsHSD" */
  gammaB?: number;
  /** user futility bounds on the z scale for stages 1..K−1 (−Infinity: none at that stage) */
  futilityBounds?: readonly number[];
  /** binding futility: the efficacy bounds account for stopping at the futility bounds; default false */
  bindingFutility?: boolean;
}

export interface GroupSequentialDesign {
  kMax: number;
  informationRates: number[];
  alpha: number;
  beta: number;
  sided: 1 | 2;
  typeOfDesign: TypeOfDesign;
  deltaWT?: number;
  gammaA?: number;
  typeBetaSpending: BetaSpendingType | "none";
  gammaB?: number;
  bindingFutility: boolean;
  /** efficacy boundaries c_k on the z scale (two-sided: reject when |Z_k| ≥ c_k) */
  criticalValues: number[];
  /** futility bounds for stages 1..K−1 (−Infinity where none) */
  futilityBounds: number[];
  /** cumulative type I error spent by stage k under H0 (with the futility bounds only when binding) */
  alphaSpent: number[];
  /** one-sided nominal level 1 − Φ(c_k) of each stage */
  stageLevels: number[];
  /** beta spending only: cumulative type II error spent (P(stop for futility by stage k) under H1) */
  betaSpent?: number[];
  /** beta spending only: cumulative power by stage k under H1 */
  power?: number[];
}

/** Operating characteristics in units of the fixed design's information (rpact getDesignCharacteristics). */
export interface DesignCharacteristics {
  /** (z_{α/sided} + z_β)²: information of the fixed-sample design with the same alpha and power */
  nFixed: number;
  /** maximum information needed, θ² where E[Z_k] = θ √t_k gives power 1 − β */
  shift: number;
  /** shift / nFixed: maximum sample size relative to the fixed design */
  inflationFactor: number;
  /** information at each stage, t_k · shift */
  information: number[];
  /** cumulative power by stage under H1 */
  power: number[];
  /** P(reject at stage k) under H1 */
  rejectionProbabilities: number[];
  /** P(stop for futility at stage k), k < K, under H1 */
  futilityProbabilities: number[];
  /** expected sample size / fixed sample size under H1 (θ), H0/1 (θ/2) and H0 (0) */
  averageSampleNumber1: number;
  averageSampleNumber01: number;
  averageSampleNumber0: number;
}
