/**
 * Operating characteristics of a group-sequential design (rpact getDesignCharacteristics): the maximum
 * information that gives power 1 − β, its ratio to the fixed design (inflation factor), stage-wise
 * rejection and futility-stop probabilities under H1 and the expected information (average sample
 * number) under H1, H0 and halfway, all relative to the fixed design.
 */
import { normalUpperQuantile } from "./normal.ts";
import { findRoot } from "./rootFinding.ts";
import { crossingProbabilities } from "./stageProbabilities.ts";
import type { DesignCharacteristics, GroupSequentialDesign } from "./types.ts";

interface StageOutcome {
  reject: number[];
  /** one-sided: futility stops; two-sided: crossings of the lower boundary −c_k */
  lowerStop: number[];
}

function outcome(design: GroupSequentialDesign, drift: number): StageOutcome {
  const K = design.kMax;
  const c = design.criticalValues;
  const lower = design.sided === 2 ? c.map((x) => -x) : [...design.futilityBounds, Number.NEGATIVE_INFINITY];
  const p = crossingProbabilities(design.informationRates, lower, c, drift);
  return { reject: p.upper, lowerStop: p.lower.slice(0, K - 1) };
}

/** Expected information relative to the fixed design: (θ² − Σ_{k<K} P(stop at k)(t_K − t_k)θ²)/nFixed. */
function averageSampleNumber(
  design: GroupSequentialDesign,
  o: StageOutcome,
  shift: number,
  nFixed: number,
): number {
  const t = design.informationRates;
  const K = design.kMax;
  let saved = 0;
  for (let k = 0; k < K - 1; k++) {
    saved +=
      ((o.reject[k] as number) + (o.lowerStop[k] as number)) * ((t[K - 1] as number) - (t[k] as number));
  }
  return (shift - saved * shift) / nFixed;
}

/**
 * Characteristics of `design` for drift θ with E[Z_k] = θ √t_k: θ solves power(θ) = 1 − β, where a
 * rejection is an upper crossing (two-sided designs: power on the upper side only, rpact's default
 * twoSidedPower = FALSE) and futility bounds, binding or not, stop the trial. shift = θ².
 */
export function getDesignCharacteristics(design: GroupSequentialDesign): DesignCharacteristics {
  const K = design.kMax;
  const zAlpha = normalUpperQuantile(design.alpha / design.sided);
  const zBeta = normalUpperQuantile(design.beta);
  const nFixed = (zAlpha + zBeta) ** 2;
  if (K === 1) {
    return {
      nFixed,
      shift: nFixed,
      inflationFactor: 1,
      information: [nFixed],
      power: [1 - design.beta],
      rejectionProbabilities: [1 - design.beta],
      futilityProbabilities: [],
      averageSampleNumber1: 1,
      averageSampleNumber01: 1,
      averageSampleNumber0: 1,
    };
  }
  const power = (drift: number) => outcome(design, drift).reject.reduce((a, b) => a + b, 0);
  const target = 1 - design.beta;
  const drift = findRoot(
    (th) => power(th) - target,
    0,
    2 * (zAlpha + zBeta) + 4,
    "drift giving the power 1 − beta",
    {
      tolerance: 1e-14,
    },
  );
  const shift = drift * drift;
  const h1 = outcome(design, drift);
  let cumulative = 0;
  const cumulativePower = h1.reject.map((r) => {
    cumulative += r;
    return cumulative;
  });
  return {
    nFixed,
    shift,
    inflationFactor: shift / nFixed,
    information: design.informationRates.map((t) => t * shift),
    power: cumulativePower,
    rejectionProbabilities: h1.reject,
    futilityProbabilities: design.sided === 2 ? h1.lowerStop.map(() => 0) : h1.lowerStop,
    averageSampleNumber1: averageSampleNumber(design, h1, shift, nFixed),
    averageSampleNumber01: averageSampleNumber(design, outcome(design, drift / 2), shift, nFixed),
    averageSampleNumber0: averageSampleNumber(design, outcome(design, 0), shift, nFixed),
  };
}
