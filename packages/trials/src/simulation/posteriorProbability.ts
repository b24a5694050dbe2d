/**
 * Posterior probability that a treatment beats the control by more than δ, the quantity Bayesian stopping
 * rules threshold: P(θ_trt − θ_ctl > δ | data), or P(θ_ctl − θ_trt > δ | data) when lower is better,
 * each arm's mixture prior updated conjugately (beta–binomial, normal with known sigma).
 */
import { posterior, probabilityOfDifference } from "../mixture/index.ts";
import type { BetaMixture, Mixture, NormalMixture } from "../mixture/types.ts";

/** Entries kept per cache before it is emptied; the key space of binary data is small, so this rarely fills. */
const CACHE_LIMIT = 1 << 20;

/**
 * Evaluates the posterior probability of benefit for one design (fixed priors, δ and direction). Binary
 * results are cached by the counts: at an interim most simulated trials share a handful of (r, n) pairs,
 * and the cached value is exactly what the computation would give, so results do not depend on it.
 */
export class PosteriorBenefit {
  private readonly cache = new Map<number, number>();
  private readonly size: number;

  /**
   * @param priors one prior per arm, index 0 the control
   * @param higherIsBetter whether a larger θ is the benefit
   * @param maxPatients largest n any arm can have (sizes the cache key)
   */
  constructor(
    private readonly priors: readonly Mixture[],
    private readonly higherIsBetter: boolean,
    maxPatients: number,
  ) {
    this.size = maxPatients + 1;
  }

  /** P(benefit > δ) for treatment arm `arm` with r₁ of n₁ responders against r₀ of n₀ on control. */
  binary(
    arm: number,
    delta: number,
    deltaIndex: number,
    r1: number,
    n1: number,
    r0: number,
    n0: number,
  ): number {
    const s = this.size;
    // (deltaIndex, arm, r1, n1, r0, n0) packed into one integer below 2^53 for maxPatients ≤ 1e6 / 4 arms
    const key = ((((deltaIndex * 4 + arm) * s + r1) * s + n1) * s + r0) * s + n0;
    if (Number.isSafeInteger(key)) {
      const hit = this.cache.get(key);
      if (hit !== undefined) return hit;
    }
    const post1 = n1 > 0 ? posterior(this.prior(arm) as BetaMixture, { r: r1, n: n1 }) : this.prior(arm);
    const post0 = n0 > 0 ? posterior(this.prior(0) as BetaMixture, { r: r0, n: n0 }) : this.prior(0);
    const p = this.benefit(post1, post0, delta);
    if (Number.isSafeInteger(key)) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, p);
    }
    return p;
  }

  /** P(benefit > δ) for treatment arm `arm` with mean ȳ₁ of n₁ patients against ȳ₀ of n₀ on control. */
  normal(arm: number, delta: number, mean1: number, n1: number, mean0: number, n0: number): number {
    const post1 =
      n1 > 0 ? posterior(this.prior(arm) as NormalMixture, { mean: mean1, n: n1 }) : this.prior(arm);
    const post0 = n0 > 0 ? posterior(this.prior(0) as NormalMixture, { mean: mean0, n: n0 }) : this.prior(0);
    return this.benefit(post1, post0, delta);
  }

  private prior(arm: number): Mixture {
    const p = this.priors[arm];
    if (!p) throw new Error(`PosteriorBenefit: no prior for arm ${arm}`);
    return p;
  }

  private benefit(trt: Mixture, ctl: Mixture, delta: number): number {
    return this.higherIsBetter
      ? probabilityOfDifference(trt, ctl, delta, { lowerTail: false })
      : probabilityOfDifference(ctl, trt, delta, { lowerTail: false });
  }
}
