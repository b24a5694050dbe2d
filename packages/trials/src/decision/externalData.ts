/**
 * External control information (a real-world-data study, a published trial, any external summary) and the
 * provenance record that travels with a prior built from it, so a saved design says which external result
 * it borrowed from and how much.
 */
import type { BinomialData, Mixture, MixtureFamily, NormalData, RateData } from "../mixture/types.ts";
import { requireFinite, requireNonNegative, requirePositive, show } from "./checks.ts";

/** Responders of patients (binary), a mean with its standard error or sample size (normal), events over exposure (rate). */
export type ExternalData = BinomialData | NormalData | RateData;

export type ExternalDataSummary =
  | { likelihood: "binomial"; responders: number; patients: number; rate: number }
  | { likelihood: "normal"; mean: number; se: number; n?: number }
  | { likelihood: "poisson" | "exponential"; events: number; exposure: number; rate: number };

export interface ExternalPriorProvenance {
  source: "external";
  method: "power prior" | "robust mixture";
  description: string;
  data: ExternalDataSummary;
  /** identifier of the real-world-data study whose result this is */
  rwdStudyId?: string;
  /** power of the external likelihood (power prior) */
  a0?: number;
  /** weight of the weakly informative component (robust mixture) */
  weight?: number;
  /** prior before the external data; "reference" for the non-informative default of robustExternalPrior */
  initialPrior: Mixture | "reference";
  /** the weakly informative component's settings passed to robustify, if any */
  robust?: { mean?: number; n?: number };
}

/** A prior built from external data, with the record of where it came from. */
export interface ExternalPrior {
  prior: Mixture;
  provenance: ExternalPriorProvenance;
}

/** Options recorded in the provenance. */
export interface ProvenanceOptions {
  description?: string;
  rwdStudyId?: string;
}

/** The family of prior conjugate to the external data's likelihood, from the data's fields. */
export function dataFamily(data: unknown): MixtureFamily {
  if (typeof data === "object" && data !== null) {
    if ("r" in data && "n" in data) return "beta";
    if ("mean" in data) return "normal";
    if ("events" in data && "exposure" in data) return "gamma";
  }
  throw new Error(
    `external data must be { r, n } (responders of patients), { mean, se } or { mean, n } (normal), or { events, exposure } (rate) (got ${show(data)})`,
  );
}

/** Checks the external data's fields; `sigma` turns a normal { mean, n } into a standard error. */
export function summarizeExternal(
  data: ExternalData,
  likelihood: "binomial" | "normal" | "poisson" | "exponential",
  sigma?: number,
): ExternalDataSummary {
  if (likelihood === "binomial") {
    const { r, n } = data as BinomialData;
    requirePositive("external data n (patients)", n);
    requireNonNegative("external data r (responders)", r);
    if (r > n) throw new Error(`external data r (responders, ${r}) must not exceed n (patients, ${n})`);
    return { likelihood, responders: r, patients: n, rate: r / n };
  }
  if (likelihood === "normal") {
    const d = data as { mean: number; se?: number; n?: number };
    const mean = requireFinite("external data mean", d.mean);
    if (d.se !== undefined) return { likelihood, mean, se: requirePositive("external data se", d.se) };
    const n = requirePositive("external data n", d.n);
    if (sigma === undefined) {
      throw new Error(
        "external data { mean, n } needs the sampling sd sigma to give its standard error; pass { mean, se } or sigma",
      );
    }
    return { likelihood, mean, se: sigma / Math.sqrt(n), n };
  }
  const { events, exposure } = data as RateData;
  requireNonNegative("external data events", events);
  requirePositive("external data exposure", exposure);
  return { likelihood, events, exposure, rate: events / exposure };
}

export function describeSummary(s: ExternalDataSummary): string {
  if (s.likelihood === "binomial") return `${s.responders}/${s.patients} responders`;
  if (s.likelihood === "normal") return `mean ${s.mean} (se ${s.se})`;
  return `${s.events} events over exposure ${s.exposure}`;
}
