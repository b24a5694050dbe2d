import type { DuckDBConnection } from "@duckdb/node-api";
import type { ComparativeStudySpec } from "./StudySpec.ts";
import { rows } from "./sql.ts";

export interface Subject {
  rowId: number;
  personId: number;
  treatment: 0 | 1;
  /** index date as days since 1970-01-01 */
  indexDay: number;
  /** days at risk, counted as CohortMethod does: from the risk-window start, inclusive */
  timeAtRisk: number;
  outcome: 0 | 1;
  /** days from the risk-window start to the first outcome (inclusive), or the time at risk */
  survivalTime: number;
}

export interface AttritionStep {
  step: string;
  stepJa: string;
  target: number;
  comparator: number;
}

export interface StudyPopulation {
  subjects: Subject[];
  attrition: AttritionStep[];
}

/**
 * Target and comparator subjects with their time at risk and outcome. Persons in both cohorts are
 * removed (their exposure is ambiguous), then — when asked — those with the outcome before the risk
 * window, then those with no time at risk. The risk window ends at the earliest of its end, the end
 * of the observation period and death.
 */
export async function createStudyPopulation(
  connection: DuckDBConnection,
  spec: ComparativeStudySpec,
): Promise<StudyPopulation> {
  const t = spec.cohortTable;
  const { startDays, endDays, endAnchor } = spec.timeAtRisk;
  const raw = await rows<{
    person_id: number;
    treatment: number;
    index_day: number;
    in_both: boolean;
    prior_outcome: boolean;
    risk_start: number;
    risk_end: number;
    first_outcome: number | null;
  }>(
    connection,
    `with exposed as (
       select subject_id, cohort_start_date, cohort_end_date, 1 as treatment from ${t} where cohort_definition_id = $1
       union all
       select subject_id, cohort_start_date, cohort_end_date, 0 from ${t} where cohort_definition_id = $2
     ),
     first_exposure as (
       select * from exposed qualify row_number() over (partition by subject_id, treatment order by cohort_start_date) = 1
     ),
     both_arms as (select subject_id from first_exposure group by subject_id having count(distinct treatment) > 1),
     risk_window as (
       select e.subject_id, e.treatment, e.cohort_start_date as index_date,
         e.cohort_start_date + $4::integer as risk_start,
         least(
           (case when $6 = 'cohort_end' then e.cohort_end_date else e.cohort_start_date end) + $5::integer,
           coalesce((select max(op.observation_period_end_date) from observation_period op
                     where op.person_id = e.subject_id and e.cohort_start_date between op.observation_period_start_date and op.observation_period_end_date), e.cohort_end_date),
           coalesce((select min(d.death_date) from death d where d.person_id = e.subject_id), date '9999-12-31')
         ) as risk_end,
         e.subject_id in (select subject_id from both_arms) as in_both
       from first_exposure e
     )
     select w.subject_id as person_id, w.treatment, (w.index_date - date '1970-01-01')::integer as index_day, w.in_both,
       exists (select 1 from ${t} o where o.cohort_definition_id = $3 and o.subject_id = w.subject_id and o.cohort_start_date < w.risk_start) as prior_outcome,
       (w.risk_start - date '1970-01-01')::integer as risk_start,
       (w.risk_end - date '1970-01-01')::integer as risk_end,
       (select (min(o.cohort_start_date) - date '1970-01-01')::integer from ${t} o
         where o.cohort_definition_id = $3 and o.subject_id = w.subject_id and o.cohort_start_date between w.risk_start and w.risk_end) as first_outcome
     from risk_window w
     order by w.treatment desc, w.subject_id`,
    [spec.targetCohortId, spec.comparatorCohortId, spec.outcomeCohortId, startDays, endDays, endAnchor],
  );
  const attrition: AttritionStep[] = [];
  const count = (xs: typeof raw, step: string, stepJa: string) =>
    attrition.push({
      step,
      stepJa,
      target: xs.filter((r) => r.treatment === 1).length,
      comparator: xs.filter((r) => r.treatment === 0).length,
    });
  let kept = raw;
  count(kept, "Cohort entries (first exposure)", "コホート登録（初回曝露）");
  kept = kept.filter((r) => !r.in_both);
  count(kept, "Not in both cohorts", "両群に属する者を除外");
  if (spec.removePriorOutcome) {
    kept = kept.filter((r) => !r.prior_outcome);
    count(kept, "No prior outcome", "リスク期間前のアウトカムを除外");
  }
  kept = kept.filter((r) => r.risk_end >= r.risk_start);
  count(kept, "Have time at risk", "リスク期間あり");
  const subjects = kept.map((r, rowId): Subject => {
    const timeAtRisk = r.risk_end - r.risk_start + 1;
    const outcome = r.first_outcome === null ? 0 : 1;
    return {
      rowId,
      personId: r.person_id,
      treatment: r.treatment === 1 ? 1 : 0,
      indexDay: r.index_day,
      timeAtRisk,
      outcome,
      survivalTime: outcome ? (r.first_outcome as number) - r.risk_start + 1 : timeAtRisk,
    };
  });
  return { subjects, attrition };
}
