import { z } from "zod";

/**
 * A comparative new-user cohort study (OHDSI CohortMethod's design): target vs comparator cohorts,
 * an outcome cohort and a time at risk, adjusted by propensity-score matching or stratification,
 * with a Cox model for the hazard ratio. The three cohorts are built beforehand (cohort ids in the
 * cohort table); the spec keeps everything needed to re-run the study exactly.
 */
export const ComparativeStudySpec = z.strictObject({
  version: z.literal(1),
  name: z.string().min(1).max(200),
  cohortTable: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default("kh_cohort"),
  targetCohortId: z.number().int(),
  comparatorCohortId: z.number().int(),
  outcomeCohortId: z.number().int(),
  timeAtRisk: z
    .strictObject({
      startDays: z.number().int().min(0).default(1),
      endDays: z.number().int().min(0).default(0),
      /** the end counts from the cohort end (on treatment) or from the index date (fixed window) */
      endAnchor: z.enum(["cohort_start", "cohort_end"]).default("cohort_end"),
    })
    .default({ startDays: 1, endDays: 0, endAnchor: "cohort_end" }),
  removePriorOutcome: z.boolean().default(true),
  covariates: z
    .strictObject({
      windowDays: z.number().int().min(1).max(3650).default(365),
      /** the most frequent concepts kept per domain: conditions, drugs, abnormal labs */
      maxPerDomain: z.number().int().min(0).max(500).default(40),
      minPrevalence: z.number().min(0).max(1).default(0.005),
    })
    .default({ windowDays: 365, maxPerDomain: 40, minPrevalence: 0.005 }),
  propensityScore: z.strictObject({ l2: z.number().min(0).default(1) }).default({ l2: 1 }),
  adjustment: z
    .discriminatedUnion("type", [
      z.strictObject({
        type: z.literal("match"),
        maxRatio: z.number().int().min(1).max(100).default(1),
        /** in standard deviations of the logit of the propensity score (Austin 2011: 0.2) */
        caliper: z.number().positive().default(0.2),
      }),
      z.strictObject({ type: z.literal("stratify"), strata: z.number().int().min(2).max(20).default(5) }),
      z.strictObject({ type: z.literal("none") }),
    ])
    .default({ type: "match", maxRatio: 1, caliper: 0.2 }),
  seed: z.number().int().default(1),
});
export type ComparativeStudySpec = z.infer<typeof ComparativeStudySpec>;
