/**
 * Decision rules of a trial, RBesT's decision1S / decision2S: a list of criteria that must all hold.
 * A criterion { probability c, threshold δ, lowerTail } holds when the posterior probability
 * P(θ > δ | data) > c (lowerTail false) or P(θ ≤ δ | data) > c (lowerTail true); in a two-sample trial θ is
 * the difference g(θ1) − g(θ2) of treatment minus control on the scale of the link g. Two criteria make
 * the usual dual criterion (statistical significance and clinical relevance).
 */
import { show } from "./checks.ts";

/** Scale on which a two-sample rule compares the arms: θ1 − θ2, logit θ1 − logit θ2 (binary) or log θ1 − log θ2. */
export type DifferenceLink = "identity" | "logit" | "log";

export interface DecisionCriterion {
  /** c in (0, 1): the posterior probability must exceed it */
  probability: number;
  /** δ: the value θ (or the difference) is compared with */
  threshold: number;
  /** true: P(θ ≤ δ) > c (success for small θ); false: P(θ > δ) > c (success for large θ) */
  lowerTail: boolean;
}

export interface DecisionRule {
  criteria: readonly DecisionCriterion[];
  /** two-sample rules only; "identity" when absent */
  link?: DifferenceLink;
}

const LINKS: readonly DifferenceLink[] = ["identity", "logit", "log"];

/** Checks a rule (for instance one that arrived as JSON) and returns it with the link filled in. */
export function validateDecisionRule(rule: unknown): Required<DecisionRule> {
  if (typeof rule !== "object" || rule === null) {
    throw new Error(`decision rule must be an object { criteria, link? } (got ${show(rule)})`);
  }
  const { criteria, link = "identity" } = rule as { criteria?: unknown; link?: unknown };
  if (!Array.isArray(criteria) || criteria.length === 0) {
    throw new Error(
      `decision rule criteria must be a non-empty array of { probability, threshold, lowerTail } (got ${show(criteria)})`,
    );
  }
  if (!LINKS.includes(link as DifferenceLink)) {
    throw new Error(`decision rule link must be one of ${LINKS.join(", ")} (got ${show(link)})`);
  }
  const checked = criteria.map((c: unknown, i): DecisionCriterion => {
    const where = `decision rule criteria[${i}]`;
    if (typeof c !== "object" || c === null) {
      throw new Error(`${where} must be an object { probability, threshold, lowerTail } (got ${show(c)})`);
    }
    const { probability, threshold, lowerTail } = c as Record<string, unknown>;
    if (typeof probability !== "number" || !(probability > 0 && probability < 1)) {
      throw new Error(
        `${where}.probability must be strictly between 0 and 1, e.g. 0.975 (got ${show(probability)})`,
      );
    }
    if (typeof threshold !== "number" || !Number.isFinite(threshold)) {
      throw new Error(`${where}.threshold must be a finite number (got ${show(threshold)})`);
    }
    if (typeof lowerTail !== "boolean") {
      throw new Error(
        `${where}.lowerTail must be true (success when P(θ ≤ threshold) > probability) or false (success when P(θ > threshold) > probability) (got ${show(lowerTail)})`,
      );
    }
    return { probability, threshold, lowerTail };
  });
  return { criteria: checked, link: link as DifferenceLink };
}

/**
 * A decision rule from one criterion or several (all must hold). Example, a dual criterion for a
 * difference in response rates: decisionRule([{ probability: 0.975, threshold: 0, lowerTail: false },
 * { probability: 0.5, threshold: 0.1, lowerTail: false }]).
 */
export function decisionRule(
  criteria: DecisionCriterion | readonly DecisionCriterion[],
  options: { link?: DifferenceLink } = {},
): DecisionRule {
  const list = Array.isArray(criteria) ? criteria : [criteria as DecisionCriterion];
  return validateDecisionRule({ criteria: list, link: options.link ?? "identity" });
}
