import { gammaQuantile } from "./distributions.ts";

export interface IncidenceRateResult {
  /** Events per `per` person-years. */
  rate: number;
  lower: number;
  upper: number;
}

/**
 * Incidence rate with the exact (Garwood) 95% Poisson interval, equal to R's
 * `poisson.test(events, personYears)$conf.int * per`: lower = qgamma(0.025, x)/T (0 when x = 0),
 * upper = qgamma(0.975, x + 1)/T. Exact rather than Wald limits because drug-safety signals often
 * rest on a handful of events.
 */
export function incidenceRate(events: number, personYears: number, per = 1000): IncidenceRateResult {
  if (!Number.isFinite(events) || events < 0 || Math.abs(events - Math.round(events)) > 1e-7) {
    throw new Error(`incidenceRate: events must be a whole number ≥ 0 (got ${events})`);
  }
  if (!(personYears > 0) || !Number.isFinite(personYears)) {
    throw new Error(`incidenceRate: personYears must be finite and > 0 (got ${personYears})`);
  }
  if (!(per > 0) || !Number.isFinite(per)) throw new Error(`incidenceRate: per must be finite and > 0`);
  // As poisson.test: counts within 1e-7 of a whole number (e.g. summed fractional weights) are rounded.
  const x = Math.round(events);
  const lower = x === 0 ? 0 : gammaQuantile(0.025, x);
  const upper = gammaQuantile(0.025, x + 1, true);
  return {
    rate: (x / personYears) * per,
    lower: (lower / personYears) * per,
    upper: (upper / personYears) * per,
  };
}
