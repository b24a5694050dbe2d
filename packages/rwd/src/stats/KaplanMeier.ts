import { Z_975 } from "./distributions.ts";
import { fixTies } from "./timefix.ts";

export interface KaplanMeierResult {
  /** Each distinct time, event or censoring, ascending (survfit's rows; no added time-0 row). */
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  survival: number[];
  /**
   * survfit's `std.err`: Greenwood's standard error of the cumulative hazard −log S,
   * sqrt(Σ d/(n(n−d))), not of S. It is Infinity once S reaches 0 (d = n).
   */
  stdErr: number[];
  /** Standard error of S itself, S·stdErr: what summary.survfit prints as std.err. */
  stdErrSurvival: number[];
  /**
   * 95% limits with survfit's default conf.type = "log": S·exp(∓1.959963984540054·stdErr), the upper
   * capped at 1; NaN (R's NA) where S = 0.
   */
  lower: number[];
  upper: number[];
}

/**
 * Kaplan–Meier product-limit estimate with Greenwood variance, equal to R's
 * `survfit(Surv(time, status) ~ 1)` (times equal up to floating-point noise are tied first, as
 * survfit's timefix does).
 */
export function kaplanMeier(data: {
  time: readonly number[];
  status: readonly (0 | 1)[];
}): KaplanMeierResult {
  const n = data.time.length;
  if (data.status.length !== n) throw new Error("kaplanMeier: time and status must have the same length");
  if (n === 0) throw new Error("kaplanMeier: no observations");
  const time = fixTies(data.time);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(time[i])) throw new Error(`kaplanMeier: time must be finite (row ${i + 1})`);
    const s = data.status[i];
    if (s !== 0 && s !== 1) throw new Error(`kaplanMeier: status must be 0 or 1 (row ${i + 1})`);
  }
  order.sort((a, b) => (time[a] as number) - (time[b] as number));

  const out: KaplanMeierResult = {
    time: [],
    nRisk: [],
    nEvent: [],
    nCensor: [],
    survival: [],
    stdErr: [],
    stdErrSurvival: [],
    lower: [],
    upper: [],
  };
  let atRisk = n;
  let surv = 1;
  let greenwood = 0;
  let r = 0;
  while (r < n) {
    const t = time[order[r] as number] as number;
    let events = 0;
    let censored = 0;
    for (; r < n && time[order[r] as number] === t; r++) {
      if (data.status[order[r] as number] === 1) events++;
      else censored++;
    }
    if (events > 0) {
      surv *= (atRisk - events) / atRisk;
      greenwood += events === atRisk ? Number.POSITIVE_INFINITY : events / (atRisk * (atRisk - events));
    }
    const se = Math.sqrt(greenwood);
    out.time.push(t);
    out.nRisk.push(atRisk);
    out.nEvent.push(events);
    out.nCensor.push(censored);
    out.survival.push(surv);
    out.stdErr.push(se);
    // 0·Infinity is NaN, as R's summary.survfit gives once S = 0.
    out.stdErrSurvival.push(surv * se);
    if (surv === 0) {
      out.lower.push(Number.NaN);
      out.upper.push(Number.NaN);
    } else {
      out.lower.push(Math.exp(Math.log(surv) - Z_975 * se));
      out.upper.push(Math.min(Math.exp(Math.log(surv) + Z_975 * se), 1));
    }
    atRisk -= events + censored;
  }
  return out;
}
