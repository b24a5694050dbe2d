import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DataSource, openDataSource } from "../cdm/DataSource.ts";
import { buildCohort } from "../cohorts/buildCohort.ts";
import type { CohortDefinitionInput } from "../cohorts/CohortDefinition.ts";
import { PLANTED_EFFECTS } from "../synthetic/effects.ts";
import { generatePopulation } from "../synthetic/generate.ts";
import { releaseStudyResult, runComparativeStudy } from "./ComparativeStudy.ts";
import { runNestedCaseControlStudy } from "./NestedCaseControl.ts";
import { studyReportHtml } from "./Report.ts";

const gcsf = PLANTED_EFFECTS.gcsfThrombocytopenia;
const nc = PLANTED_EFFECTS.negativeControl;

const newUsers = (name: string, conceptIds: readonly number[], exitDays: number): CohortDefinitionInput => ({
  version: 1,
  name,
  conceptSets: [
    { id: 1, name, items: conceptIds.map((conceptId) => ({ conceptId, includeDescendants: true })) },
  ],
  entry: { domain: "drug_exposure", conceptSetId: 1 },
  firstOccurrenceOnly: true,
  exit: { type: "fixed_days", days: exitDays },
});

/**
 * The planted effects of the generator are recovered end to end: cohorts from JSON definitions,
 * propensity-score adjustment, stratified Cox. Several generator seeds, as the issue asks.
 */
describe.each([11, 29])("comparative new-user study on a synthetic population (seed %i)", (seed) => {
  let source: DataSource;

  beforeAll(async () => {
    source = await openDataSource(":memory:");
    await generatePopulation(source.connection, { persons: 40_000, seed });
    const c = source.connection;
    await buildCohort(c, newUsers("pegfilgrastim", [gcsf.targetConceptId], 7), { cohortId: 1 });
    await buildCohort(c, newUsers("filgrastim", [gcsf.comparatorConceptId], 7), { cohortId: 2 });
    await buildCohort(
      c,
      {
        version: 1,
        name: "platelets < 50",
        conceptSets: [
          { id: 1, name: "platelet count", items: [{ conceptId: gcsf.outcomeMeasurementConceptId }] },
        ],
        entry: {
          domain: "measurement",
          conceptSetId: 1,
          measurement: { operator: "<", value: gcsf.outcomeThreshold },
        },
        exit: { type: "fixed_days", days: 0 },
      },
      { cohortId: 3 },
    );
    await buildCohort(c, newUsers("PPI", nc.targetConceptIds, 365), { cohortId: 4 });
    await buildCohort(c, newUsers("H2RA", nc.comparatorConceptIds, 365), { cohortId: 5 });
    await buildCohort(
      c,
      {
        version: 1,
        name: "ingrowing nail",
        conceptSets: [
          { id: 1, name: "ingrowing nail", items: [{ conceptId: nc.outcomeConditionConceptId }] },
        ],
        entry: { domain: "condition_occurrence", conceptSetId: 1 },
        firstOccurrenceOnly: true,
        exit: { type: "fixed_days", days: 0 },
      },
      { cohortId: 6 },
    );
  }, 120_000);
  afterAll(async () => {
    await source?.close();
  });

  const gcsfSpec = (adjustment: object) => ({
    version: 1,
    name: "Pegfilgrastim vs filgrastim: thrombocytopenia",
    targetCohortId: 1,
    comparatorCohortId: 2,
    outcomeCohortId: 3,
    timeAtRisk: { startDays: gcsf.windowStartDay, endDays: gcsf.windowEndDay, endAnchor: "cohort_start" },
    adjustment,
  });

  it("recovers the planted hazard ratio of pegfilgrastim vs filgrastim with 1:1 PS matching", async () => {
    const result = await runComparativeStudy(
      source.connection,
      gcsfSpec({ type: "match", maxRatio: 1, caliper: 0.2 }),
    );
    const { hazardRatio, ci95 } = result.outcome;
    expect(result.outcome.target.events).toBeGreaterThan(30);
    expect(ci95[0]).toBeLessThan(gcsf.defaultHazardRatio);
    expect(ci95[1]).toBeGreaterThan(gcsf.defaultHazardRatio);
    expect(hazardRatio).toBeGreaterThan(1.2);
    expect(result.maxAbsSmdAfter).toBeLessThan(0.1);
    expect(result.attrition.at(-1)?.step).toBe("Matched on propensity score");
  }, 60_000);

  it("recovers it with PS stratification too, and releases no small cells", async () => {
    const result = await runComparativeStudy(source.connection, gcsfSpec({ type: "stratify", strata: 5 }));
    expect(result.outcome.ci95[0]).toBeLessThan(gcsf.defaultHazardRatio);
    expect(result.outcome.ci95[1]).toBeGreaterThan(gcsf.defaultHazardRatio);
    const released = releaseStudyResult(result, 10);
    for (const a of released.attrition)
      for (const v of [a.target, a.comparator, a.removedTarget, a.removedComparator])
        if (typeof v === "number") expect(v === 0 || v >= 10).toBe(true);
    for (const h of released.propensityScore?.histogram ?? [])
      for (const v of [h.target, h.comparator])
        if (typeof v === "number") expect(v === 0 || v >= 10).toBe(true);
    const html = studyReportHtml(released, {
      sourceSnapshotId: await source.snapshotId(),
      engineVersion: "test",
      generatedAt: "2026-11-24",
    });
    expect(html).toContain("<!doctype html>");
    expect(html).toContain("Plot.plot");
    expect(html).not.toMatch(/<script src=/); // self-contained
  }, 60_000);

  it("recovers it by a nested case-control analysis with conditional logistic regression", async () => {
    const result = await runNestedCaseControlStudy(source.connection, gcsfSpec({ type: "none" }), {
      controlsPerCase: 4,
    });
    expect(result.cases).toBeGreaterThan(50);
    expect(result.controls).toBeGreaterThan(result.cases * 3);
    expect(result.ci95[0]).toBeLessThan(gcsf.defaultHazardRatio);
    expect(result.ci95[1]).toBeGreaterThan(gcsf.defaultHazardRatio);
  }, 60_000);

  it("finds no effect for the negative control (true HR 1)", async () => {
    const result = await runComparativeStudy(source.connection, {
      version: 1,
      name: "PPI vs H2RA: ingrowing nail",
      targetCohortId: 4,
      comparatorCohortId: 5,
      outcomeCohortId: 6,
      timeAtRisk: { startDays: 1, endDays: 365, endAnchor: "cohort_start" },
      adjustment: { type: "stratify", strata: 5 },
    });
    expect(result.outcome.ci95[0]).toBeLessThan(1);
    expect(result.outcome.ci95[1]).toBeGreaterThan(1);
  }, 60_000);
});
