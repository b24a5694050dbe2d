import { escapeHtml, inlineChartLibraries, scriptJson } from "@kakehashi/core/report-html";
import type { Mixture } from "../mixture/types.ts";
import type { ArmPrior, BayesianTwoArmEvaluation } from "./DesignEvaluation.ts";
import type { BayesianTwoArmDesign } from "./TrialDesign.ts";

const fmt = (n: number, digits = 3) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

const ENDPOINT = {
  binary: { ja: "二値（奏効率）", en: "binary (response rate)", theta: "response rate" },
  normal: { ja: "連続（平均）", en: "continuous (mean)", theta: "mean" },
  count: { ja: "計数（イベント率）", en: "count (event rate)", theta: "event rate" },
};

function mixtureRows(mixture: Mixture): string {
  const [p1, p2] = mixture.family === "normal" ? ["mean", "sd"] : ["a", "b"];
  const rows = mixture.components
    .map((c) => {
      const [x, y] = "m" in c ? [c.m, c.s] : [c.a, c.b];
      return `<tr><td>${fmt(c.w)}</td><td>${fmt(x)}</td><td>${fmt(y)}</td></tr>`;
    })
    .join("");
  return `<table><tr><th>weight</th><th>${p1}</th><th>${p2}</th></tr>${rows}</table>`;
}

function priorSection(label: string, labelJa: string, arm: ArmPrior, n: number): string {
  const q = arm.quantiles.map((x) => `${fmt(x.p * 100, 1)} %: ${fmt(x.q)}`).join(" · ");
  const map = arm.map
    ? `<h4>MAP 事前分布の推定 / MAP prior fit</h4>
<p>τ (between-trial sd): mean ${fmt(arm.map.tau.mean)}; ${arm.map.tau.quantiles.map((x) => `${fmt(x.p * 100, 1)} %: ${fmt(x.q)}`).join(" · ")}</p>
<table><tr><th>parameter</th><th>R-hat</th><th>bulk ESS</th></tr>${arm.map.diagnostics
        .map(
          (d) =>
            `<tr><td>${escapeHtml(d.parameter)}</td><td>${fmt(d.rhat, 4)}</td><td>${fmt(d.essBulk, 0)}</td></tr>`,
        )
        .join("")}</table>
<p>${arm.map.converged ? "収束 / converged (R-hat &lt; 1.01, bulk ESS &gt; 400)" : "<strong>収束していない / NOT converged</strong>"}</p>
<p class="note">混合成分数は −2 log L + 6 × パラメータ数で選択（RBesT の automixfit と同じ）。AIC は参考値 /
the number of components is chosen by −2 log L + 6 × parameters (as RBesT's automixfit); AIC is shown for reference.</p>
<table><tr><th>components</th><th>log-likelihood</th><th>AIC</th><th></th></tr>${arm.map.candidates
        .map(
          (c) =>
            `<tr><td>${c.components}</td><td>${fmt(c.logLik, 2)}</td><td>${fmt(c.aic, 2)}</td><td>${c.chosen ? "✓ chosen" : ""}</td></tr>`,
        )
        .join("")}</table>
<table><tr><th>study</th><th>shrinkage estimate</th><th>95 % interval</th></tr>${arm.map.studies
        .map(
          (s) =>
            `<tr><td>${escapeHtml(s.study)}</td><td>${fmt(s.mean)}</td><td>${fmt(s.lower)}–${fmt(s.upper)}</td></tr>`,
        )
        .join("")}</table>`
    : "";
  const external = arm.external
    ? `<p>外部対照 / external controls: ${escapeHtml(JSON.stringify(arm.external.data))}, ${escapeHtml(arm.external.method)}${
        arm.external.rwdStudyId
          ? `; RWD study ${escapeHtml(arm.external.rwdStudyId)} (${escapeHtml(arm.external.rwdArm ?? "")} arm)`
          : ""
      }</p>`
    : "";
  return `<h3>${labelJa} / ${label} (n = ${n})</h3>
<p>${escapeHtml(arm.description.ja)}<br>${escapeHtml(arm.description.en)}</p>
${mixtureRows(arm.mixture)}
<p>mean ${fmt(arm.mean)}, sd ${fmt(arm.sd)}; ${q}</p>
<table><tr><th colspan="3">有効サンプルサイズ / effective sample size (ESS)</th></tr>
<tr><th>ELIR</th><th>moment</th><th>Morita</th></tr>
<tr>${(["elir", "moment", "morita"] as const)
    .map((m) => {
      const v = arm.ess[m];
      return v === null
        ? `<td title="${escapeHtml(arm.essNotes?.[m] ?? "")}">— (not defined)</td>`
        : `<td>${fmt(v, 1)}</td>`;
    })
    .join("")}</tr></table>
${external}${map}`;
}

/**
 * A design report a sponsor can put into a briefing document for a regulatory consultation: the
 * assumptions, each prior with its effective sample size, the success rule and its decision boundary,
 * the exact operating characteristics (tables and plots), and the engine version that produced them.
 */
export function designReportHtml(
  design: BayesianTwoArmDesign,
  evaluation: BayesianTwoArmEvaluation,
  meta: { designId?: string; engineVersion: string; generatedAt: string },
): string {
  const endpoint = ENDPOINT[design.endpoint];
  const rule = design.rule
    .map((c) => `P(θ<sub>T</sub> − θ<sub>C</sub> &gt; ${fmt(c.delta)} | data) &gt; ${fmt(c.probability)}`)
    .join(" かつ / and ");
  const effects = [...new Set(evaluation.oc.map((p) => p.effect))];
  const ocTable = `<table><tr><th>true control ${endpoint.theta}</th>${effects
    .map((e) => `<th>${e === 0 ? "type I error (effect 0)" : `power, effect ${fmt(e)}`}</th>`)
    .join("")}</tr>${[...new Set(evaluation.oc.map((p) => p.control))]
    .map(
      (c) =>
        `<tr><td>${fmt(c)}</td>${effects
          .map((e) => {
            const point = evaluation.oc.find((p) => p.control === c && p.effect === e);
            return `<td>${point ? fmt(point.probability, 4) : "—"}</td>`;
          })
          .join("")}</tr>`,
    )
    .join("")}</table>`;
  const boundary =
    evaluation.boundary.kind === "discrete"
      ? `<p>対照群の結果ごとに成功となる治療群の最小値 / smallest treatment outcome that succeeds, by control outcome:</p>
<table><tr><th>control</th>${evaluation.boundary.control.map((y) => `<td>${y}</td>`).join("")}</tr>
<tr><th>treatment ≥</th>${evaluation.boundary.treatmentCritical.map((y) => `<td>${y ?? "—"}</td>`).join("")}</tr></table>`
      : `<p>成功となる平均差 / the trial succeeds when the observed mean difference is at least ${fmt(evaluation.boundary.criticalDifference)} (control at its prior mean)</p>`;
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>${escapeHtml(design.title)} — Kakehashi trial design</title>
<style>
body{font-family:"Noto Sans CJK JP","Noto Sans JP",system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:right}th{background:#f3f3f3}
.note{color:#555;font-size:.9rem}h2{border-bottom:2px solid #2a6f97;padding-bottom:.2rem}.chart{margin:1rem 0}
</style></head><body>
<h1>${escapeHtml(design.title)}</h1>
<p class="note">ベイズ流 2 群試験デザイン / Bayesian two-arm trial design${meta.designId ? ` · design ${escapeHtml(meta.designId)}` : ""} ·
Kakehashi trial engine ${escapeHtml(meta.engineVersion)} · ${escapeHtml(meta.generatedAt)} · 動作特性は厳密計算 / operating characteristics computed exactly (${fmt(evaluation.elapsedMs, 0)} ms)</p>

<h2>1. 前提 / Assumptions</h2>
<table>
<tr><th>評価項目 / endpoint</th><td>${endpoint.ja} / ${endpoint.en}${design.sigma ? `, σ = ${fmt(design.sigma)}` : ""}</td></tr>
<tr><th>症例数 / sample size</th><td>treatment ${design.treatment.n}, control ${design.control.n}</td></tr>
<tr><th>成功基準 / success rule</th><td>${rule}</td></tr>
</table>

<h2>2. 事前分布 / Priors</h2>
${priorSection("control", "対照群", evaluation.priors.control, design.control.n)}
${priorSection("treatment", "治療群", evaluation.priors.treatment, design.treatment.n)}

<h2>3. 判定境界 / Decision boundary</h2>
${boundary}

<h2>4. 動作特性 / Operating characteristics</h2>
<p>第一種の過誤の最大値 / largest type I error over the scenarios: <strong>${fmt(evaluation.maxTypeIError.probability, 4)}</strong>
at a true control ${endpoint.theta} of ${fmt(evaluation.maxTypeIError.control)}.
事前分布と真の対照値が食い違うときの動作 (prior-data conflict) を対照値の関数として示す / the curves show how the design behaves when the
true control value differs from what the prior expects.</p>
<div class="chart" id="oc"></div>
${ocTable}

<h2>5. 再現性 / Reproducibility</h2>
<details><summary>デザイン仕様 (JSON) / design specification</summary><pre>${escapeHtml(JSON.stringify(design, null, 2))}</pre></details>
${inlineChartLibraries()}
<script>
const oc = ${scriptJson(evaluation.oc)};
const firstLevel = ${scriptJson(1 - (design.rule[0]?.probability ?? 0.975))};
document.getElementById("oc").append(Plot.plot({
  width: 760, height: 380, grid: true, color: { legend: true, type: "ordinal", label: "effect" },
  x: { label: "true control ${endpoint.theta}" }, y: { label: "P(success)", domain: [0, 1] },
  marks: [Plot.ruleY([firstLevel], { stroke: "#b00", strokeDasharray: "4,3" }),
    Plot.line(oc, { x: "control", y: "probability", stroke: (d) => String(d.effect) })],
}));
</script>
</body></html>`;
}
