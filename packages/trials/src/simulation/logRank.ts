/**
 * Log-rank comparison of a treatment arm with the control, with the hazard ratio estimated by the Cox
 * partial likelihood of the single treatment indicator. Both only need, at each distinct event time,
 * the numbers at risk and of events per arm, which one pass over the sorted times gives.
 */

export interface SurvivalComparison {
  /** events observed in the treatment arm */
  observed: number;
  /** events expected in the treatment arm under equal hazards */
  expected: number;
  /** hypergeometric variance of observed − expected (ties handled exactly) */
  variance: number;
  /** events in both arms */
  events: number;
  /** (expected − observed)/√variance: positive when the treatment has fewer events than expected (HR < 1) */
  z: number;
  /**
   * log hazard ratio treatment : control, maximising the Cox partial likelihood (Breslow ties); when one
   * arm has no events the maximum is at ±∞, and the Peto estimate is returned instead
   */
  logHazardRatio: number;
  /** Peto's one-step estimate (O − E)/V */
  petoLogHazardRatio: number;
}

/**
 * Reusable buffers for repeated comparisons (one per analysis of each simulated trial): callers `reset`,
 * `add` each patient, then `compare`. Group 0 is the control, group 1 the treatment.
 */
export class LogRankWorkspace {
  private readonly exits: [Float64Array, Float64Array];
  private readonly eventTimes: [Float64Array, Float64Array];
  private readonly atRisk: [number, number] = [0, 0];
  private readonly eventCount: [number, number] = [0, 0];
  // per distinct event time: at risk in each arm, events in all, events in the treatment arm
  private readonly r0: Float64Array;
  private readonly r1: Float64Array;
  private readonly d: Float64Array;
  private readonly d1: Float64Array;

  constructor(readonly capacity: number) {
    this.exits = [new Float64Array(capacity), new Float64Array(capacity)];
    this.eventTimes = [new Float64Array(capacity), new Float64Array(capacity)];
    this.r0 = new Float64Array(capacity);
    this.r1 = new Float64Array(capacity);
    this.d = new Float64Array(capacity);
    this.d1 = new Float64Array(capacity);
  }

  reset(): void {
    this.atRisk[0] = this.atRisk[1] = 0;
    this.eventCount[0] = this.eventCount[1] = 0;
  }

  /** One patient of `group` (0 control, 1 treatment) observed for `time`, with an event or censored. */
  add(group: 0 | 1, time: number, event: boolean): void {
    const n = this.atRisk[group];
    if (n >= this.capacity) throw new Error(`LogRankWorkspace: more than ${this.capacity} patients added`);
    this.exits[group][n] = time;
    this.atRisk[group] = n + 1;
    if (event) this.eventTimes[group][this.eventCount[group]++] = time;
  }

  compare(): SurvivalComparison {
    const [n0, n1] = this.atRisk;
    const [k0, k1] = this.eventCount;
    const e0 = this.exits[0].subarray(0, n0).sort();
    const e1 = this.exits[1].subarray(0, n1).sort();
    const v0 = this.eventTimes[0].subarray(0, k0).sort();
    const v1 = this.eventTimes[1].subarray(0, k1).sort();
    let i0 = 0;
    let i1 = 0;
    let j0 = 0;
    let j1 = 0;
    let m = 0;
    let observed = 0;
    let expected = 0;
    let variance = 0;
    while (j0 < k0 || j1 < k1) {
      const s = Math.min(j0 < k0 ? (v0[j0] as number) : Infinity, j1 < k1 ? (v1[j1] as number) : Infinity);
      let dc = 0;
      while (j0 < k0 && v0[j0] === s) {
        dc++;
        j0++;
      }
      let dt = 0;
      while (j1 < k1 && v1[j1] === s) {
        dt++;
        j1++;
      }
      // patients whose follow-up ends at s (event or censored) are still at risk at s
      while (i0 < n0 && (e0[i0] as number) < s) i0++;
      while (i1 < n1 && (e1[i1] as number) < s) i1++;
      const rc = n0 - i0;
      const rt = n1 - i1;
      const r = rc + rt;
      const dd = dc + dt;
      this.r0[m] = rc;
      this.r1[m] = rt;
      this.d[m] = dd;
      this.d1[m] = dt;
      m++;
      observed += dt;
      expected += (dd * rt) / r;
      if (r > 1) variance += (dd * rc * rt * (r - dd)) / (r * r * (r - 1));
    }
    const events = k0 + k1;
    const z = variance > 0 ? (expected - observed) / Math.sqrt(variance) : Number.NaN;
    const peto = variance > 0 ? (observed - expected) / variance : Number.NaN;
    const logHazardRatio = k0 > 0 && k1 > 0 ? this.coxLogHazardRatio(m, peto) : peto;
    return { observed, expected, variance, events, z, logHazardRatio, petoLogHazardRatio: peto };
  }

  /**
   * Root of the score of the concave log partial likelihood: Newton–Raphson from the Peto estimate,
   * safeguarded by bisection inside the bracket the score's signs have established (the score falls as
   * β rises), so it converges without evaluating the likelihood itself.
   */
  private coxLogHazardRatio(m: number, start: number): number {
    let beta = Math.max(-20, Math.min(20, start));
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    for (let iteration = 0; iteration < 200; iteration++) {
      const eb = Math.exp(beta);
      let score = 0;
      let information = 0;
      for (let i = 0; i < m; i++) {
        const r0 = this.r0[i] as number;
        const w1 = (this.r1[i] as number) * eb;
        const total = r0 + w1;
        const dd = this.d[i] as number;
        score += (this.d1[i] as number) - (dd * w1) / total;
        information += (dd * r0 * w1) / (total * total);
      }
      if (score === 0 || !(information > 0)) return beta;
      if (score > 0) lo = beta;
      else hi = beta;
      let next = beta + Math.max(-2, Math.min(2, score / information));
      if (!(next > lo && next < hi)) next = Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : next;
      const step = next - beta;
      beta = next;
      if (Math.abs(step) < 1e-11 * Math.max(1, Math.abs(beta))) break;
    }
    return beta;
  }
}

/**
 * Log-rank test and hazard ratio of group 1 (treatment) against group 0 (control), from each patient's
 * follow-up time, event indicator (1 = event, 0 = censored) and group.
 */
export function logRank(
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  group: ArrayLike<number>,
): SurvivalComparison {
  const n = time.length;
  if (event.length !== n || group.length !== n) {
    throw new Error(
      `logRank: time, event and group must have the same length (${n}, ${event.length}, ${group.length})`,
    );
  }
  const work = new LogRankWorkspace(n);
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    const g = group[i];
    if (!(t >= 0)) throw new Error(`logRank: time[${i}] must be ≥ 0, got ${t}`);
    if (g !== 0 && g !== 1)
      throw new Error(`logRank: group[${i}] must be 0 (control) or 1 (treatment), got ${g}`);
    work.add(g, t, Boolean(event[i]));
  }
  return work.compare();
}
