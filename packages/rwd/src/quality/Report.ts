import type { DataSource } from "../cdm/DataSource.ts";
import { type CheckCategory, type QualityCheckDefinition, qualityChecks } from "./Checks.ts";

export interface QualityCheckResult {
  id: string;
  category: CheckCategory;
  table: string;
  column?: string;
  description: string;
  descriptionJa: string;
  /** % of records allowed to fail */
  threshold: number;
  failing: number;
  /** records the check looked at; 0 means it did not apply (an empty table), which passes */
  total: number;
  pctFailing: number;
  status: "pass" | "fail";
}

export interface QualityReport {
  /** the data the report describes (DataSource.snapshotId) */
  snapshotId: string;
  checks: QualityCheckResult[];
  passed: number;
  failed: number;
}

/** Runs the data-quality checks (all of qualityChecks() unless given) as SQL over the source. */
export async function runQualityChecks(
  source: DataSource,
  checks: QualityCheckDefinition[] = qualityChecks(),
): Promise<QualityReport> {
  const results: QualityCheckResult[] = [];
  for (const { sql, ...check } of checks) {
    const [row] = await source.all<{ failing: number | null; total: number | null }>(sql);
    const failing = Number(row?.failing ?? 0);
    const total = Number(row?.total ?? 0);
    const pctFailing = total > 0 ? (100 * failing) / total : 0;
    results.push({
      ...check,
      failing,
      total,
      pctFailing,
      status: pctFailing > check.threshold ? "fail" : "pass",
    });
  }
  const failed = results.filter((r) => r.status === "fail").length;
  return { snapshotId: await source.snapshotId(), checks: results, passed: results.length - failed, failed };
}
