import type { Mixture } from "../mixture/types.ts";

/** What the engine says of one arm's prior: the mixture itself, its summaries and its worth in patients. */
export interface ArmPrior {
  /** where it came from, in words (ja/en), e.g. "MAP prior from 8 historical trials, robust weight 0.2" */
  description: { ja: string; en: string };
  mixture: Mixture;
  mean: number;
  sd: number;
  quantiles: { p: number; q: number }[];
  /**
   * effective sample size by the three usual methods, in patients; null where the method is not
   * defined for this prior (Morita's without an interior mode, e.g. Beta(1, 1); ELIR for a beta
   * component with a or b below 1), with the reason in `essNotes`
   */
  ess: { elir: number | null; moment: number | null; morita: number | null };
  essNotes?: Partial<Record<"elir" | "moment" | "morita", string>>;
  /** MAP priors: the fitted model, its convergence diagnostics and the mixture candidates by AIC */
  map?: {
    tau: { mean: number; quantiles: { p: number; q: number }[] };
    diagnostics: { parameter: string; rhat: number; essBulk: number }[];
    converged: boolean;
    candidates: { components: number; logLik: number; aic: number; chosen: boolean }[];
    studies: { study: string; mean: number; lower: number; upper: number }[];
  };
  /** external controls: what was borrowed, from which RWD study result */
  external?: {
    rwdStudyId?: string;
    rwdArm?: "target" | "comparator";
    data: Record<string, number>;
    method: string;
  };
}

/** One point of an operating-characteristics curve. */
export interface OcPoint {
  /** true treatment − control difference; 0 is the null (type I error) */
  effect: number;
  /** true control value (response rate, mean or event rate) */
  control: number;
  treatment: number;
  /** probability that the trial declares success */
  probability: number;
}

export interface BayesianTwoArmEvaluation {
  kind: "bayesian-two-arm";
  priors: { treatment: ArmPrior; control: ArmPrior };
  /**
   * Binary and count endpoints: for each control outcome, the smallest treatment outcome that succeeds
   * (null when none does); normal: the smallest treatment − control mean difference that succeeds at the
   * prior mean of control.
   */
  boundary:
    | { kind: "discrete"; control: number[]; treatmentCritical: (number | null)[] }
    | { kind: "normal"; criticalDifference: number };
  /** exact OCs over the scenario grid: effect 0 rows are the type I error (prior-data conflict curve) */
  oc: OcPoint[];
  /** the largest type I error over the control grid, and where */
  maxTypeIError: { control: number; probability: number };
  engineVersion: string;
  /** milliseconds the exact computation took */
  elapsedMs: number;
}
