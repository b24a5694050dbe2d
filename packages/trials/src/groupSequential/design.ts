/**
 * Boundaries of a group-sequential design (rpact getDesignGroupSequential): efficacy critical values from
 * an alpha-spending function or a classical boundary family, optional futility bounds (user-given, or
 * from a beta-spending function), binding or not, and the alpha actually spent at each stage.
 */
import { normalQuantile, normalUpper, normalUpperQuantile } from "./normal.ts";
import { findRoot } from "./rootFinding.ts";
import { type AlphaSpendingType, type BetaSpendingType, spendingFunction } from "./spending.ts";
import {
  continuationProbability,
  crossingProbabilities,
  firstStageDensity,
  nextStageDensity,
  probabilityAbove,
  probabilityBelow,
  type StageDensity,
} from "./stageProbabilities.ts";
import type { DesignInput, GroupSequentialDesign, TypeOfDesign } from "./types.ts";

const ALPHA_SPENDING: readonly string[] = ["asOF", "asP", "asKD", "asHSD"];
const BETA_SPENDING: readonly string[] = ["bsOF", "bsP", "bsKD", "bsHSD"];
const TYPES_OF_DESIGN: readonly string[] = ["OF", "P", "WT", ...ALPHA_SPENDING];
/** boundaries are solved to this absolute accuracy on the z scale */
const Z_TOLERANCE = 1e-13;

interface ValidDesignInput {
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
  futilityBounds: number[];
  bindingFutility: boolean;
}

function validate(input: DesignInput): ValidDesignInput {
  const alpha = input.alpha ?? 0.025;
  const beta = input.beta ?? 0.2;
  const sided = input.sided ?? 1;
  if (!(alpha >= 1e-6 && alpha <= 0.5)) {
    throw new Error(`alpha (${alpha}) must lie in [1e-6, 0.5], e.g. 0.025 one-sided`);
  }
  if (!(beta >= 1e-4 && beta < 1 - alpha)) {
    throw new Error(`beta (${beta}) must lie in [1e-4, 1 − alpha), e.g. 0.2 for 80% power`);
  }
  if (sided !== 1 && sided !== 2) throw new Error(`sided (${sided}) must be 1 or 2`);
  let kMax = input.kMax;
  if (kMax !== undefined && !(Number.isInteger(kMax) && kMax >= 1 && kMax <= 20)) {
    throw new Error(`kMax (${kMax}) must be an integer from 1 to 20`);
  }
  let informationRates: number[];
  if (input.informationRates !== undefined) {
    informationRates = [...input.informationRates];
    if (kMax !== undefined && informationRates.length !== kMax) {
      throw new Error(
        `informationRates has ${informationRates.length} entries but kMax is ${kMax}: give one rate per stage`,
      );
    }
    kMax = informationRates.length;
    if (kMax < 1 || kMax > 20) throw new Error("informationRates must have 1 to 20 entries");
    for (let k = 0; k < kMax; k++) {
      const t = informationRates[k] as number;
      const prev = k === 0 ? 0 : (informationRates[k - 1] as number);
      if (!(t > prev && t <= 1)) {
        throw new Error(
          `informationRates[${k}] (${t}) must exceed the previous rate (${prev}) and be ≤ 1: ` +
            "rates increase strictly to 1",
        );
      }
    }
    if (informationRates[kMax - 1] !== 1) {
      throw new Error(`the last informationRates entry (${informationRates[kMax - 1]}) must be 1`);
    }
  } else {
    kMax ??= 3;
    const K = kMax;
    informationRates = Array.from({ length: K }, (_, k) => (k + 1) / K);
  }
  const typeOfDesign = input.typeOfDesign ?? "OF";
  if (!TYPES_OF_DESIGN.includes(typeOfDesign)) {
    throw new Error(`typeOfDesign (${typeOfDesign}) must be one of ${TYPES_OF_DESIGN.join(", ")}`);
  }
  if (typeOfDesign === "WT" && !(Number.isFinite(input.deltaWT) && (input.deltaWT as number) >= -0.5)) {
    throw new Error(
      `deltaWT (${input.deltaWT}) is required for typeOfDesign "WT": a number ≥ −0.5, e.g. 0.25`,
    );
  }
  if ((typeOfDesign === "asHSD" || typeOfDesign === "asKD") && !Number.isFinite(input.gammaA)) {
    throw new Error(`gammaA is required for typeOfDesign "${typeOfDesign}", e.g. -4 (HSD) or 2 (KD)`);
  }
  if (typeOfDesign === "asKD" && !((input.gammaA as number) > 0)) {
    throw new Error(`gammaA (${input.gammaA}) of asKD must be > 0, e.g. 1, 2 or 3`);
  }
  const typeBetaSpending = input.typeBetaSpending ?? "none";
  if (typeBetaSpending !== "none" && !BETA_SPENDING.includes(typeBetaSpending)) {
    throw new Error(
      `typeBetaSpending (${typeBetaSpending}) must be "none" or one of ${BETA_SPENDING.join(", ")}`,
    );
  }
  if (typeBetaSpending !== "none") {
    if (!ALPHA_SPENDING.includes(typeOfDesign)) {
      throw new Error(
        `typeBetaSpending needs an alpha-spending typeOfDesign (${ALPHA_SPENDING.join(", ")}), not "${typeOfDesign}"`,
      );
    }
    if (sided !== 1)
      throw new Error("typeBetaSpending is available for one-sided designs only: set sided to 1");
    if (input.futilityBounds !== undefined) {
      throw new Error(
        "give either futilityBounds or typeBetaSpending, not both: beta spending computes the bounds",
      );
    }
    if ((typeBetaSpending === "bsHSD" || typeBetaSpending === "bsKD") && !Number.isFinite(input.gammaB)) {
      throw new Error(`gammaB is required for typeBetaSpending "${typeBetaSpending}", e.g. -2 (HSD)`);
    }
    if (typeBetaSpending === "bsKD" && !((input.gammaB as number) > 0)) {
      throw new Error(`gammaB (${input.gammaB}) of bsKD must be > 0, e.g. 1, 2 or 3`);
    }
  }
  let futilityBounds = Array.from({ length: kMax - 1 }, () => Number.NEGATIVE_INFINITY);
  if (input.futilityBounds !== undefined) {
    if (input.futilityBounds.length !== kMax - 1) {
      throw new Error(
        `futilityBounds has ${input.futilityBounds.length} entries; give kMax − 1 = ${kMax - 1} ` +
          "(one per interim stage, -Infinity where there is none)",
      );
    }
    futilityBounds = input.futilityBounds.map((f, k) => {
      if (Number.isNaN(f) || f === Number.POSITIVE_INFINITY) {
        throw new Error(`futilityBounds[${k}] (${f}) must be a finite z value or -Infinity for none`);
      }
      return f;
    });
    if (sided === 2 && futilityBounds.some((f) => f > Number.NEGATIVE_INFINITY)) {
      throw new Error("futilityBounds are available for one-sided designs only: set sided to 1");
    }
  }
  const bindingFutility = input.bindingFutility ?? false;
  if (bindingFutility && sided === 2) {
    throw new Error("bindingFutility is available for one-sided designs only: set sided to 1 or drop it");
  }
  const out: ValidDesignInput = {
    kMax,
    informationRates,
    alpha,
    beta,
    sided,
    typeOfDesign,
    typeBetaSpending,
    futilityBounds,
    bindingFutility,
  };
  if (typeOfDesign === "WT") out.deltaWT = input.deltaWT as number;
  if (typeOfDesign === "asHSD" || typeOfDesign === "asKD") out.gammaA = input.gammaA as number;
  if (typeBetaSpending === "bsHSD" || typeBetaSpending === "bsKD") out.gammaB = input.gammaB as number;
  return out;
}

/** P(reject at stage k | reached it): upper crossing, plus the mirror crossing when two-sided. */
function rejection(dens: StageDensity | undefined, t: number, c: number, sided: 1 | 2, drift = 0): number {
  const up = probabilityAbove(dens, t, c, drift);
  return sided === 2 ? up + probabilityBelow(dens, t, -c, drift) : up;
}

function advance(
  dens: StageDensity | undefined,
  t: number,
  lower: number,
  upper: number,
  drift: number,
  next: number | undefined,
): StageDensity {
  return dens === undefined
    ? firstStageDensity(t, lower, upper, drift, next)
    : nextStageDensity(dens, t, lower, upper, next);
}

/**
 * Lower end of the continuation region at stage k under H0: the futility bound when it binds, the
 * mirror boundary when two-sided, otherwise none.
 */
function continuationLower(d: ValidDesignInput, k: number, c: number, futility: readonly number[]): number {
  if (d.sided === 2) return -c;
  return d.bindingFutility && k < d.kMax - 1 ? (futility[k] as number) : Number.NEGATIVE_INFINITY;
}

/**
 * Critical value at stage k that brings the cumulative alpha spent to `cumulativeAlpha`, given the
 * H0 density `dens` of the earlier stages and the alpha `spent` there.
 */
function spendingCriticalValue(
  dens: StageDensity | undefined,
  t: number,
  cumulativeAlpha: number,
  spent: number,
  sided: 1 | 2,
  k: number,
): number {
  const target = cumulativeAlpha - spent;
  if (!(target > 0)) return Number.POSITIVE_INFINITY;
  if (dens === undefined) return normalUpperQuantile(target / sided);
  // binding futility bounds that close the continuation region (only while searching the beta-spending
  // drift far from its solution): nothing left to spend, reject everything that remains
  if (continuationProbability(dens) <= target) return Number.NEGATIVE_INFINITY;
  return findRoot(
    (c) => rejection(dens, t, c, sided) - target,
    sided === 2 ? 0 : -20,
    40,
    `critical value of stage ${k + 1}`,
    { tolerance: Z_TOLERANCE },
  );
}

/** Critical values of an alpha-spending design (futility bounds enter only when binding). */
function alphaSpendingBounds(d: ValidDesignInput, cumulativeAlpha: readonly number[]): number[] {
  const critical: number[] = [];
  let dens: StageDensity | undefined;
  let spent = 0;
  for (let k = 0; k < d.kMax; k++) {
    const t = d.informationRates[k] as number;
    const c = spendingCriticalValue(dens, t, cumulativeAlpha[k] as number, spent, d.sided, k);
    critical.push(c);
    if (k < d.kMax - 1) {
      spent += rejection(dens, t, c, d.sided);
      dens = advance(dens, t, continuationLower(d, k, c, d.futilityBounds), c, 0, d.informationRates[k + 1]);
    }
  }
  return critical;
}

/** Total type I error of critical values `c` (binding futility bounds included when binding). */
function totalAlpha(d: ValidDesignInput, c: readonly number[]): number {
  let dens: StageDensity | undefined;
  let total = 0;
  for (let k = 0; k < d.kMax; k++) {
    const t = d.informationRates[k] as number;
    const ck = c[k] as number;
    total += rejection(dens, t, ck, d.sided);
    if (k < d.kMax - 1) {
      dens = advance(
        dens,
        t,
        continuationLower(d, k, ck, d.futilityBounds),
        ck,
        0,
        d.informationRates[k + 1],
      );
    }
  }
  return total;
}

/** Wang–Tsiatis family c_k = C · t_k^(Δ − 1/2) with C solved for the total alpha. */
function wangTsiatisBounds(d: ValidDesignInput, delta: number): number[] {
  const shape = d.informationRates.map((t) => t ** (delta - 0.5));
  // Bracket: the last look alone spends less than the total, Bonferroni over the looks spends more
  // (binding futility lowers the total, so then only the upper end holds).
  const last = shape[d.kMax - 1] as number;
  const lower = normalUpperQuantile(d.alpha / d.sided) / last;
  const upper = Math.max(...shape.map((s) => normalUpperQuantile(d.alpha / (d.sided * d.kMax)) / s));
  const scale = findRoot(
    (C) =>
      totalAlpha(
        d,
        shape.map((s) => C * s),
      ) - d.alpha,
    d.bindingFutility ? 1e-3 : Math.min(lower, upper) * 0.999,
    upper * 1.001,
    `boundary constant of the ${d.typeOfDesign} design`,
    { tolerance: 1e-14 },
  );
  return shape.map((s) => scale * s);
}

/** Cumulative alpha spent at each stage by the final boundaries (rpact's alphaSpent). */
function cumulativeAlphaSpent(
  d: ValidDesignInput,
  c: readonly number[],
  futility: readonly number[],
): number[] {
  const out: number[] = [];
  let dens: StageDensity | undefined;
  let total = 0;
  for (let k = 0; k < d.kMax; k++) {
    const t = d.informationRates[k] as number;
    const ck = c[k] as number;
    total += rejection(dens, t, ck, d.sided);
    out.push(total);
    if (k < d.kMax - 1) {
      dens = advance(dens, t, continuationLower(d, k, ck, futility), ck, 0, d.informationRates[k + 1]);
    }
  }
  return out;
}

interface BetaSpendingResult {
  critical: number[];
  futility: number[];
  drift: number;
}

/**
 * Futility bound at stage k that brings the cumulative beta spent (P(stop for futility) under the
 * drift of `dens`) to `cumulativeBeta`.
 */
function spendingFutilityBound(
  dens: StageDensity | undefined,
  t: number,
  drift: number,
  cumulativeBeta: number,
  spent: number,
  k: number,
): number {
  const target = cumulativeBeta - spent;
  if (!(target > 0)) return Number.NEGATIVE_INFINITY;
  const mu = drift * Math.sqrt(t);
  if (dens === undefined) return mu + normalQuantile(target);
  // Too little probability left to spend (drift far too large): no bound attains the target; +Infinity
  // closes the continuation region, which keeps the outer search for the drift monotone.
  if (continuationProbability(dens) <= target) return Number.POSITIVE_INFINITY;
  return findRoot(
    (f) => probabilityBelow(dens, t, f, drift) - target,
    mu - 40,
    mu + 40,
    `futility bound of stage ${k + 1}`,
    { tolerance: Z_TOLERANCE },
  );
}

/**
 * Beta-spending futility bounds (rpact's typeBetaSpending, one-sided): for a drift θ the futility
 * bounds spend the beta-spending function under H1 stage by stage; θ is chosen so that the last
 * futility bound meets the last critical value, which makes the power exactly 1 − β. With binding
 * futility the critical values are re-solved at each stage with the futility bounds in place.
 */
function betaSpendingBounds(
  d: ValidDesignInput,
  cumulativeAlpha: readonly number[],
  cumulativeBeta: readonly number[],
  nonBindingCritical: readonly number[],
): BetaSpendingResult {
  const K = d.kMax;
  const info = d.informationRates;
  const run = (drift: number): BetaSpendingResult => {
    const critical = d.bindingFutility ? [] : [...nonBindingCritical];
    const futility: number[] = [];
    let densH0: StageDensity | undefined;
    let densH1: StageDensity | undefined;
    let alphaSpent = 0;
    let betaSpent = 0;
    for (let k = 0; k < K; k++) {
      const t = info[k] as number;
      const next = info[k + 1];
      if (d.bindingFutility) {
        critical.push(spendingCriticalValue(densH0, t, cumulativeAlpha[k] as number, alphaSpent, 1, k));
      }
      const c = critical[k] as number;
      const f = spendingFutilityBound(densH1, t, drift, cumulativeBeta[k] as number, betaSpent, k);
      futility.push(f);
      if (k < K - 1) {
        betaSpent += probabilityBelow(densH1, t, f, drift);
        densH1 = advance(densH1, t, f, c, drift, next);
        if (d.bindingFutility) {
          alphaSpent += probabilityAbove(densH0, t, c);
          densH0 = advance(densH0, t, f, c, 0, next);
        }
      }
    }
    return { critical, futility, drift };
  };
  const gap = (drift: number) => {
    const r = run(drift);
    const g = (r.futility[K - 1] as number) - (r.critical[K - 1] as number);
    // a closed continuation region (drift far too large) gives ±Infinity; Brent needs finite values
    return Number.isNaN(g) ? 1e3 : Math.min(Math.max(g, -1e3), 1e3);
  };
  // The last futility bound rises with the drift; the bracket of rpact ([−4, 10]) widened on the right.
  const drift = findRoot(gap, -4, 20, "drift of the beta-spending futility bounds", { tolerance: 1e-13 });
  return run(drift);
}

/**
 * Group-sequential design with the boundaries of rpact::getDesignGroupSequential: critical values
 * (z scale), futility bounds, cumulative alpha spent and stage levels; with beta spending also the
 * cumulative beta spent and power. Boundaries are solved to 1e-13 on the z scale; stage probabilities
 * come from the recursive integration in stageProbabilities.ts.
 */
export function getDesignGroupSequential(input: DesignInput = {}): GroupSequentialDesign {
  const d = validate(input);
  const K = d.kMax;
  let critical: number[];
  let futility = d.futilityBounds;
  let betaSpent: number[] | undefined;
  let power: number[] | undefined;
  if (K === 1) {
    critical = [normalUpperQuantile(d.alpha / d.sided)];
  } else if (d.typeOfDesign === "OF" || d.typeOfDesign === "P" || d.typeOfDesign === "WT") {
    const delta = d.typeOfDesign === "OF" ? 0 : d.typeOfDesign === "P" ? 0.5 : (d.deltaWT as number);
    critical = wangTsiatisBounds(d, delta);
  } else {
    const type = d.typeOfDesign as AlphaSpendingType;
    const cumulativeAlpha = d.informationRates.map((t) =>
      spendingFunction(type, d.alpha, t, {
        sided: d.sided,
        ...(d.gammaA === undefined ? {} : { gamma: d.gammaA }),
      }),
    );
    // the nominal alpha is spent in full at t = 1 whatever rounding the spending formula carries
    cumulativeAlpha[K - 1] = d.alpha;
    // with beta spending these are the non-binding values (no futility bounds yet)
    const nonBinding = alphaSpendingBounds(d, cumulativeAlpha);
    critical = nonBinding;
    if (d.typeBetaSpending !== "none") {
      const bs = d.typeBetaSpending;
      const cumulativeBeta = d.informationRates.map((t) =>
        spendingFunction(bs, d.beta, t, d.gammaB === undefined ? {} : { gamma: d.gammaB }),
      );
      cumulativeBeta[K - 1] = d.beta;
      const result = betaSpendingBounds(d, cumulativeAlpha, cumulativeBeta, nonBinding);
      critical = result.critical;
      futility = result.futility.slice(0, K - 1);
      const probs = crossingProbabilities(d.informationRates, result.futility, critical, result.drift);
      betaSpent = cumulate(probs.lower);
      power = cumulate(probs.upper);
    }
  }
  const alphaSpent = cumulativeAlphaSpent(d, critical, futility);
  const design: GroupSequentialDesign = {
    kMax: K,
    informationRates: d.informationRates,
    alpha: d.alpha,
    beta: d.beta,
    sided: d.sided,
    typeOfDesign: d.typeOfDesign,
    typeBetaSpending: d.typeBetaSpending,
    bindingFutility: d.bindingFutility,
    criticalValues: critical,
    futilityBounds: futility,
    alphaSpent,
    stageLevels: critical.map((c) => normalUpper(c)),
  };
  if (d.deltaWT !== undefined) design.deltaWT = d.deltaWT;
  if (d.gammaA !== undefined) design.gammaA = d.gammaA;
  if (d.gammaB !== undefined) design.gammaB = d.gammaB;
  if (betaSpent !== undefined) design.betaSpent = betaSpent;
  if (power !== undefined) design.power = power;
  return design;
}

function cumulate(x: readonly number[]): number[] {
  let s = 0;
  return x.map((v) => {
    s += v;
    return s;
  });
}
