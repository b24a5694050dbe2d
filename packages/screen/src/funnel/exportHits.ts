import { stringify } from "csv-stringify/sync";
import type { ScreenResult } from "./runScreen.ts";

/** The ranked hit list as CSV, one row per hit with the evidence behind its rank. */
export function hitsCsv(result: ScreenResult): string {
  return stringify(
    result.hits.map((h) => ({
      rank: h.rank,
      id: h.id,
      name: h.name,
      smiles: h.smiles,
      similarity: h.similarity?.value.toFixed(4) ?? "",
      most_similar_query: h.similarity?.query ?? "",
      vina_score_kcal_mol: h.docking?.score ?? "",
      pose_file: h.docking?.posePath ?? "",
      pains_alerts: h.alerts.join("; "),
      rule_violations: h.ruleViolations.join("; "),
    })),
    { header: true },
  );
}
