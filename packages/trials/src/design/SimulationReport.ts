import { escapeHtml, inlineChartLibraries, scriptJson } from "@kakehashi/core/report-html";
import type { ScenarioCharacteristics } from "../simulation/index.ts";

const fmt = (n: number, digits = 3) => (Number.isFinite(n) ? n.toFixed(digits) : "—");
const est = (e: { estimate: number; mcse: number }, digits = 3) =>
  `${fmt(e.estimate, digits)} ± ${fmt(e.mcse, digits)}`;

/**
 * A self-contained report of a virtual-trial simulation: per scenario the probability of success, early
 * stopping, expected size and duration, each with its Monte-Carlo standard error, and a chart of the
 * success probability with ±2 MCSE bars — what a sponsor shows for designs that have no closed form.
 */
export function simulationReportHtml(
  title: string,
  results: ScenarioCharacteristics[],
  meta: { trials: number; seed: number; engineVersion: string; generatedAt: string; spec: unknown },
): string {
  const rows = results
    .map(({ scenario, characteristics: c }) => {
      const arms = c.treatments
        .map((a) => `${escapeHtml(a.arm)}: ${est(a.meanEstimate, 4)} (bias ${est(a.bias, 4)})`)
        .join("<br>");
      return `<tr><td style="text-align:left">${escapeHtml(scenario)}</td><td>${est(c.success)}</td><td>${est(c.earlyEfficacy)}</td><td>${est(c.earlyFutility)}</td><td>${est(c.sampleSize, 1)}</td><td>${c.events ? est(c.events, 1) : "—"}</td><td>${est(c.duration, 1)}</td><td style="text-align:left">${arms}</td></tr>`;
    })
    .join("");
  const chart = results.map(({ scenario, characteristics: c }) => ({
    scenario,
    p: c.success.estimate,
    lo: Math.max(0, c.success.estimate - 2 * c.success.mcse),
    hi: Math.min(1, c.success.estimate + 2 * c.success.mcse),
  }));
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>${escapeHtml(title)} — Kakehashi virtual trials</title>
<style>
body{font-family:"Noto Sans CJK JP","Noto Sans JP",system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}th{background:#f3f3f3}
.note{color:#555;font-size:.9rem}h2{border-bottom:2px solid #2a6f97;padding-bottom:.2rem}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p class="note">仮想臨床試験 / virtual clinical trials · ${meta.trials.toLocaleString("en")} trials per scenario, seed ${meta.seed}
(the same seed reproduces every number) · Kakehashi trial engine ${escapeHtml(meta.engineVersion)} · ${escapeHtml(meta.generatedAt)} ·
値 ± モンテカルロ標準誤差 / value ± Monte-Carlo standard error</p>
<h2>動作特性 / Operating characteristics</h2>
<div id="success"></div>
<table><tr><th>scenario</th><th>P(success)</th><th>early efficacy</th><th>early futility</th><th>expected N</th><th>expected events</th><th>expected months</th><th>effect estimate</th></tr>${rows}</table>
<h2>再現性 / Reproducibility</h2>
<details><summary>仕様 (JSON) / specification</summary><pre>${escapeHtml(JSON.stringify(meta.spec, null, 2))}</pre></details>
${inlineChartLibraries()}
<script>
const data = ${scriptJson(chart)};
document.getElementById("success").append(Plot.plot({
  width: 760, height: 60 + 40 * data.length, marginLeft: 220, x: { domain: [0, 1], label: "P(success) ± 2 MCSE", grid: true },
  y: { label: null },
  marks: [Plot.ruleY(data, { y: "scenario", x1: "lo", x2: "hi", strokeWidth: 3, stroke: "#2a6f97" }),
    Plot.dot(data, { y: "scenario", x: "p", fill: "#2a6f97", r: 4 })],
}));
</script>
</body></html>`;
}
