import { escapeHtml, inlineChartLibraries } from "@kakehashi/core/report-html";
import type { ReleasedStudyResult } from "./ComparativeStudy.ts";

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

/**
 * A self-contained HTML report of a released study result (small cells already suppressed):
 * attrition, propensity-score distribution, covariate balance, Kaplan–Meier curves and a forest plot.
 */
export function studyReportHtml(
  result: ReleasedStudyResult,
  meta: { sourceSnapshotId: string; engineVersion: string; generatedAt: string },
): string {
  const attritionRows = result.attrition
    .map(
      (a) =>
        `<tr><td>${escapeHtml(a.stepJa)}<br><small>${escapeHtml(a.step)}</small></td><td>${a.target}</td><td>${a.removedTarget ?? ""}</td><td>${a.comparator}</td><td>${a.removedComparator ?? ""}</td></tr>`,
    )
    .join("");
  const arm = (name: string, a: ReleasedStudyResult["arms"]["target"]) =>
    `<tr><td>${name}</td><td>${a.subjects}</td><td>${a.events}</td><td>${fmt(a.personYears, 1)}</td><td>${
      a.incidenceRate
        ? `${fmt(a.incidenceRate.rate)} (${fmt(a.incidenceRate.lower)}–${fmt(a.incidenceRate.upper)})`
        : "—"
    }</td></tr>`;
  const data = JSON.stringify({
    ps: result.propensityScore?.histogram ?? [],
    balance: result.balance.filter((b) => b.beforeSmd !== null && b.afterSmd !== null),
    km: [
      { arm: "target", curve: result.arms.target.kaplanMeier },
      { arm: "comparator", curve: result.arms.comparator.kaplanMeier },
    ],
    hr: { hr: result.hazardRatio, lower: result.ci95[0], upper: result.ci95[1] },
  }).replaceAll("<", "\\u003c");
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>${escapeHtml(result.spec.name)} — Kakehashi RWD</title>
<style>
body{font-family:"Hiragino Sans","Noto Sans JP","Yu Gothic",system-ui,sans-serif;margin:2rem auto;max-width:1000px;color:#1d2040;padding:0 1rem}
h1{color:#232a7a}h2{border-bottom:2px solid #232a7a;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #ccd;padding:.3rem .5rem;text-align:right}
td:first-child,th:first-child{text-align:left}.big{font-size:1.6rem;font-weight:bold}.note{color:#555;font-size:.9rem}
</style></head><body>
<h1>${escapeHtml(result.spec.name)}</h1>
<p class="note">比較新規使用者コホート研究 / comparative new-user cohort study · データソース snapshot ${escapeHtml(meta.sourceSnapshotId)} ·
engine ${escapeHtml(meta.engineVersion)} · ${escapeHtml(meta.generatedAt)} · ${result.minCellCount} 未満の件数は「&lt;${result.minCellCount}」と表示 / counts below ${result.minCellCount} are shown as "&lt;${result.minCellCount}"</p>
<p class="big">HR ${fmt(result.hazardRatio)} (95% CI ${fmt(result.ci95[0])}–${fmt(result.ci95[1])}), p ${result.p < 0.0001 ? "< 0.0001" : `= ${fmt(result.p, 4)}`}</p>
<h2>アトリション / Attrition</h2>
<table><tr><th>step</th><th>target</th><th>removed</th><th>comparator</th><th>removed</th></tr>${attritionRows}</table>
<h2>イベントと発生率 / Events and incidence (per 1,000 person-years)</h2>
<table><tr><th>arm</th><th>subjects</th><th>events</th><th>person-years</th><th>IR (95% CI)</th></tr>
${arm("target", result.arms.target)}${arm("comparator", result.arms.comparator)}</table>
<h2>フォレストプロット / Forest plot</h2><div id="forest"></div>
<h2>傾向スコア分布 / Propensity score distribution (AUC ${fmt(result.propensityScore?.auc ?? Number.NaN, 3)})</h2><div id="ps"></div>
<h2>共変量バランス / Covariate balance (max |SMD| after: ${fmt(result.maxAbsSmdAfter, 3)})</h2><div id="balance"></div>
<h2>カプラン・マイヤー曲線 / Kaplan–Meier</h2><div id="km"></div>
${inlineChartLibraries()}
<script>
const d = ${data};
const show = (id, el) => document.getElementById(id).append(el);
show("forest", Plot.plot({ x: { type: "log", label: "hazard ratio (log scale)", tickFormat: ".2~f", domain: [Math.min(0.25, d.hr.lower), Math.max(4, d.hr.upper)] }, y: { axis: null }, height: 90,
  marks: [Plot.ruleX([1], { stroke: "#999" }), Plot.ruleY([0], { x1: d.hr.lower, x2: d.hr.upper, stroke: "#232a7a", strokeWidth: 2 }), Plot.dot([d.hr], { x: "hr", y: 0, r: 6, fill: "#232a7a" })] }));
const ps = d.ps.flatMap((b) => [{ bin: b.bin, arm: "target", n: typeof b.target === "number" ? b.target : null }, { bin: b.bin, arm: "comparator", n: typeof b.comparator === "number" ? b.comparator : null }]);
show("ps", Plot.plot({ x: { label: "propensity score" }, y: { label: "subjects" }, color: { legend: true }, marks: [Plot.lineY(ps, { x: "bin", y: "n", stroke: "arm", curve: "step" })] }));
show("balance", Plot.plot({ x: { label: "|SMD| before", domain: [0, Math.max(0.3, ...d.balance.map((b) => Math.abs(b.beforeSmd)))] }, y: { label: "|SMD| after", domain: [0, Math.max(0.3, ...d.balance.map((b) => Math.abs(b.afterSmd)))] },
  marks: [Plot.ruleY([0.1], { stroke: "#c33", strokeDasharray: "4 3" }), Plot.dot(d.balance, { x: (b) => Math.abs(b.beforeSmd), y: (b) => Math.abs(b.afterSmd), fill: "#232a7a", title: "name" })] }));
const km = d.km.flatMap((a) => a.curve ? a.curve.time.map((t, i) => ({ arm: a.arm, t, s: a.curve.survival[i] })) : []);
show("km", Plot.plot({ x: { label: "days at risk" }, y: { label: "survival (no outcome)", domain: [Math.min(...km.map((k) => k.s), 0.9), 1] }, color: { legend: true },
  marks: [Plot.lineY(km, { x: "t", y: "s", stroke: "arm", curve: "step-after" })] }));
</script>
</body></html>
`;
}
