import { coxPh } from "../stats/CoxModel.ts";
import { incidenceRate } from "../stats/IncidenceRate.ts";
import { kaplanMeier } from "../stats/KaplanMeier.ts";
import type { MatchedSubject } from "./PsFunctions.ts";
import type { Subject } from "./StudyPopulation.ts";

export interface ArmSummary {
  subjects: number;
  events: number;
  personYears: number;
  /** per 1,000 person-years with an exact Poisson 95 % CI */
  incidenceRate: { rate: number; lower: number; upper: number };
  kaplanMeier: { time: number[]; nEvent: number[]; survival: number[]; lower: number[]; upper: number[] };
}

export interface OutcomeModel {
  hazardRatio: number;
  ci95: [number, number];
  logHr: number;
  seLogHr: number;
  p: number;
  stratified: boolean;
  target: ArmSummary;
  comparator: ArmSummary;
}

function arm(subjects: Subject[]): ArmSummary {
  const events = subjects.filter((s) => s.outcome === 1).length;
  const personYears = subjects.reduce((a, s) => a + s.survivalTime, 0) / 365.25;
  const km = subjects.length
    ? kaplanMeier({ time: subjects.map((s) => s.survivalTime), status: subjects.map((s) => s.outcome) })
    : { time: [], nEvent: [], survival: [], lower: [], upper: [] };
  return {
    subjects: subjects.length,
    events,
    personYears,
    incidenceRate: incidenceRate(events, personYears, 1000),
    kaplanMeier: {
      time: km.time,
      nEvent: km.nEvent,
      survival: km.survival,
      lower: km.lower,
      upper: km.upper,
    },
  };
}

/**
 * Hazard ratio of target vs comparator by Cox regression on treatment alone (Efron ties), stratified
 * by matched set or PS stratum when the population was adjusted, as CohortMethod's fitOutcomeModel.
 */
export function fitOutcomeModel(subjects: Subject[], strata: MatchedSubject[] | null): OutcomeModel {
  const included = strata ? strata.map((s) => subjects[s.rowId] as Subject) : subjects;
  const fit = coxPh({
    time: included.map((s) => s.survivalTime),
    status: included.map((s) => s.outcome),
    x: included.map((s) => [s.treatment]),
    ...(strata ? { strata: strata.map((s) => s.stratumId) } : {}),
  });
  const logHr = fit.coef[0] as number;
  const seLogHr = fit.se[0] as number;
  return {
    hazardRatio: Math.exp(logHr),
    ci95: fit.ci95[0] as [number, number],
    logHr,
    seLogHr,
    p: fit.p[0] as number,
    stratified: strata !== null,
    target: arm(included.filter((s) => s.treatment === 1)),
    comparator: arm(included.filter((s) => s.treatment === 0)),
  };
}
