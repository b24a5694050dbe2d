import { escapeHtml, inlineChartLibraries, scriptJson } from "@kakehashi/core/report-html";
import { moleculeSvg } from "../chem/depict.ts";
import type { ScreenResult } from "./runScreen.ts";

const STAGE = {
  library: "ライブラリ / library",
  filters: "フィルター / filters",
  similarity: "類似性 / similarity",
  docking: "ドッキング / docking",
};

/**
 * A self-contained report of a screen: the funnel with each stage's attrition and reasons, the ranked hits
 * with their structures (RDKit SVG), similarity and docking evidence and alerts, the score distributions,
 * where each watched compound ended up and why, and the library version and tool versions.
 */
export async function screenReportHtml(
  result: ScreenResult,
  meta: { engineVersion: string; generatedAt: string; maxHitsShown?: number },
): Promise<string> {
  const shown = result.hits.slice(0, meta.maxHitsShown ?? 50);
  const svgs = await Promise.all(
    shown.map((h) => moleculeSvg(h.smiles, { width: 220, height: 160 }).catch(() => "")),
  );
  const funnel = result.attrition
    .map(
      (a) =>
        `<tr><td>${STAGE[a.stage]}</td><td>${a.in}</td><td>${a.out}</td><td style="text-align:left">${Object.entries(
          a.reasons,
        )
          .map(([why, n]) => `${escapeHtml(why)}: ${n}`)
          .join("<br>")}</td></tr>`,
    )
    .join("");
  const hitRows = shown
    .map(
      (h, i) =>
        `<tr><td>${h.rank}</td><td>${svgs[i] ?? ""}</td><td style="text-align:left"><strong>${escapeHtml(h.name)}</strong><br><small>${escapeHtml(h.id)}</small></td><td>${h.similarity ? `${h.similarity.value.toFixed(3)}<br><small>${escapeHtml(h.similarity.query)}</small>` : "—"}</td><td>${h.docking ? h.docking.score.toFixed(1) : "—"}</td><td style="text-align:left">${h.alerts.map(escapeHtml).join("<br>") || "—"}</td></tr>`,
    )
    .join("");
  const watched = result.watched
    .map(
      (w) =>
        `<tr><td style="text-align:left">${escapeHtml(w.query)}</td><td>${w.found ? STAGE[w.reached ?? "library"] : "—"}</td><td>${w.rank ?? "—"}</td><td>${w.similarity?.toFixed(3) ?? "—"}${w.similarityRank ? `<br><small>#${w.similarityRank}</small>` : ""}</td><td style="text-align:left">${w.closestActive ? `${escapeHtml(w.closestActive.query)}<br><small>${w.closestActive.similarity.toFixed(3)}</small>` : "—"}</td><td>${w.dockingScore?.toFixed(1) ?? (w.reference ? `(${w.reference.score.toFixed(1)})<br><small>would rank ${w.reference.wouldRank}</small>` : "—")}</td><td style="text-align:left">${escapeHtml(w.stoppedBecause ?? (w.rank ? "hit" : ""))}</td></tr>`,
    )
    .join("");
  const distributions = {
    similarity: result.hits.flatMap((h) => (h.similarity ? [h.similarity.value] : [])),
    docking: result.hits.flatMap((h) => (h.docking ? [h.docking.score] : [])),
  };
  const d = result.definition;
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>${escapeHtml(d.name)} — Kakehashi in-silico screen</title>
<style>
body{font-family:"Noto Sans CJK JP","Noto Sans JP",system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:right;vertical-align:middle}th{background:#f3f3f3}
.note{color:#555;font-size:.9rem}h2{border-bottom:2px solid #2a6f97;padding-bottom:.2rem}svg{display:block}
</style></head><body>
<h1>${escapeHtml(d.name)}</h1>
<p class="note">インシリコスクリーニング / in-silico screen · library ${escapeHtml(result.libraryVersion.slice(0, 16))}… ·
${result.docking ? `Vina ${escapeHtml(result.docking.versions.vina)}, Open Babel ${escapeHtml(result.docking.versions.obabel)}, exhaustiveness ${result.docking.parameters.exhaustiveness}, seed ${result.docking.parameters.seed} · ` : ""}
Kakehashi ${escapeHtml(meta.engineVersion)} · ${escapeHtml(meta.generatedAt)} · ${result.seconds.toFixed(0)} s</p>
<h2>1. ファネル / Funnel</h2>
<table><tr><th>stage</th><th>in</th><th>out</th><th>why compounds left</th></tr>${funnel}</table>
${
  result.watched.length
    ? `<h2>2. 注目化合物 / Watched compounds</h2>
<table><tr><th>compound</th><th>last stage reached</th><th>rank</th><th>similarity<br><small>rank by similarity</small></th><th>closest known active</th><th>Vina (kcal/mol)<br><small>(reference docking)</small></th><th>why it stopped there</th></tr>${watched}</table>
<p class="note">類似性は既知活性化合物とのタニモト係数（融合後）。括弧内の Vina スコアは、先の段階で止まった注目化合物を参照として同じ条件でドッキングした値で、ヒットには含めません。 / Similarity is the fused Tanimoto similarity to the known actives. A Vina score in brackets comes from docking a watched compound that stopped earlier as a reference, with the same parameters; it is not a hit.</p>`
    : ""
}
<h2>3. ヒット化合物 / Hits (top ${shown.length} of ${result.hits.length})</h2>
<table><tr><th>rank</th><th>structure</th><th>compound</th><th>similarity<br><small>most similar active</small></th><th>Vina<br>kcal/mol</th><th>PAINS alerts</th></tr>${hitRows}</table>
<h2>4. スコア分布 / Score distributions</h2>
<div id="sim"></div><div id="dock"></div>
<h2>5. 再現性 / Reproducibility</h2>
<details><summary>スクリーニング定義 (JSON) / screen definition</summary><pre>${escapeHtml(JSON.stringify(d, null, 2))}</pre></details>
<p class="note">${result.failures.length} 件の化合物を読み込めないかドッキングできませんでした / compounds that could not be read or docked: ${result.failures.length}</p>
${inlineChartLibraries()}
<script>
const dist = ${scriptJson(distributions)};
if (dist.similarity.length) document.getElementById("sim").append(Plot.plot({ width: 700, height: 220, x: { label: "Tanimoto similarity to known actives" }, y: { grid: true }, marks: [Plot.rectY(dist.similarity, Plot.binX({ y: "count" }, { x: (d) => d, fill: "#2a6f97" })), Plot.ruleY([0])] }));
if (dist.docking.length) document.getElementById("dock").append(Plot.plot({ width: 700, height: 220, x: { label: "Vina score (kcal/mol)" }, y: { grid: true }, marks: [Plot.rectY(dist.docking, Plot.binX({ y: "count" }, { x: (d) => d, fill: "#b5651d" })), Plot.ruleY([0])] }));
</script>
</body></html>`;
}
