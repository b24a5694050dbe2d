import { writeFile } from "node:fs/promises";
import { KAKEHASHI_VERSION, validationError } from "@kakehashi/core";
import {
  BayesianTwoArmDesign,
  closeSimulationWorkers,
  designReportHtml,
  evaluateDesign,
  mapPrior,
  type OperatingCharacteristics,
  parseMapPriorSpec,
  progressBar,
  runGroupSequentialSpec,
  type Scenario,
  simulateScenarios,
  simulationReportHtml,
  VirtualTrialSpecError,
} from "@kakehashi/trials";
import type { Command } from "commander";
import { z } from "zod";
import { type CliContext, readJson } from "./io.ts";

const est = (e: { estimate: number; mcse: number }, digits = 4) =>
  `${f(e.estimate, digits)} ± ${f(e.mcse, digits)}`;

function printCharacteristics(name: string, oc: OperatingCharacteristics, t: CliContext["t"]): void {
  console.log(
    `${name}: ${t("成功確率", "P(success)")} ${est(oc.success)}  ${t("早期有効中止", "early efficacy")} ${est(oc.earlyEfficacy)}  ${t("早期無益中止", "early futility")} ${est(oc.earlyFutility)}`,
  );
  console.log(
    `  ${t("期待症例数", "expected N")} ${est(oc.sampleSize, 1)}${oc.events ? `  ${t("期待イベント数", "expected events")} ${est(oc.events, 1)}` : ""}  ${t("期待期間（月）", "expected months")} ${est(oc.duration, 1)}`,
  );
  for (const s of oc.stages)
    console.log(
      `  ${t("解析", "analysis")} ${s.analysis} (${f(s.informationFraction, 2)}): ${t("到達", "reached")} ${est(s.reached, 3)}  ${t("有効", "efficacy")} ${est(s.efficacy, 3)}  ${t("無益", "futility")} ${est(s.futility, 3)}`,
    );
  for (const a of oc.treatments)
    console.log(
      `  ${a.arm}: ${t("推定値の平均", "mean estimate")} ${est(a.meanEstimate, 4)}  ${t("偏り", "bias")} ${est(a.bias, 4)}`,
    );
}

const f = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits);

async function writeOutputs(
  opts: { json?: string; html?: string },
  json: unknown,
  html?: () => string,
): Promise<void> {
  if (opts.json) await writeFile(opts.json, `${JSON.stringify(json, null, 2)}\n`);
  if (opts.html && html) await writeFile(opts.html, html());
}

/** `kakehashi trials …`: the trial design engine on JSON files, usable without the platform. */
export function registerTrialCommands(program: Command, ctx: CliContext) {
  const { t } = ctx;
  const trials = program
    .command("trials")
    .description(
      t(
        "試験デザインエンジン（ベイズ流借用・動作特性・群逐次デザイン・仮想臨床試験）",
        "Trial design engine (Bayesian borrowing, operating characteristics, group-sequential designs, virtual trials)",
      ),
    );
  // errors of a library's own validation carry every field and its fix: a usage error, exit 2
  const asUsage = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      throw ctx.usage((error as Error).message);
    }
  };

  const asUsagePromise = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof VirtualTrialSpecError) throw ctx.usage(error.message);
      throw error;
    }
  };

  trials
    .command("design")
    .argument("<design>", t("2 群ベイズデザイン JSON", "two-arm Bayesian design JSON"))
    .description(
      t(
        "デザインを評価します: 事前分布と有効サンプルサイズ、判定境界、厳密な動作特性",
        "Evaluate a design: priors and their effective sample size, decision boundary, exact operating characteristics",
      ),
    )
    .option("--json <file>", t("評価結果 JSON の出力先", "where to write the evaluation JSON"))
    .option("--html <file>", t("デザインレポート（HTML）の出力先", "where to write the HTML design report"))
    .action(async (file: string, opts: { json?: string; html?: string }) => {
      const parsed = BayesianTwoArmDesign.safeParse(await readJson(file, ctx));
      if (!parsed.success) throw validationError(parsed.error.issues);
      const design = parsed.data;
      if (design.control.prior.type === "external" && design.control.prior.data === undefined)
        throw ctx.usage(
          t(
            "CLI では外部対照の要約（data）を直接指定してください（RWD 研究の読み込みはサーバーで行います）",
            "On the command line give the external control summary (data) itself; reading an RWD study needs the server",
          ),
        );
      const evaluation = evaluateDesign(design);
      for (const [label, arm] of [
        [t("対照群", "control"), evaluation.priors.control],
        [t("治療群", "treatment"), evaluation.priors.treatment],
      ] as const) {
        console.log(`${label}: ${t(arm.description.ja, arm.description.en)}`);
        console.log(
          `  mean ${f(arm.mean)}  sd ${f(arm.sd)}  ESS ELIR ${f(arm.ess.elir, 1)} / moment ${f(arm.ess.moment, 1)} / Morita ${f(arm.ess.morita, 1)}`,
        );
        if (arm.map && !arm.map.converged)
          console.log(
            t(
              "  警告: MAP 事前分布の MCMC が収束していません",
              "  warning: the MAP prior's MCMC did not converge",
            ),
          );
      }
      const effects = [...new Set(evaluation.oc.map((p) => p.effect))];
      console.log(
        `${t("真の対照値", "control").padStart(10)}  ${effects.map((e) => (e === 0 ? t("第一種の過誤", "type I") : `${t("検出力", "power")} Δ=${e}`).padStart(12)).join("  ")}`,
      );
      for (const c of [...new Set(evaluation.oc.map((p) => p.control))]) {
        const cells = effects.map((e) => {
          const p = evaluation.oc.find((o) => o.control === c && o.effect === e);
          return (p ? f(p.probability, 4) : "—").padStart(12);
        });
        console.log(`${f(c).padStart(10)}  ${cells.join("  ")}`);
      }
      console.log(
        t(
          `第一種の過誤の最大値 ${f(evaluation.maxTypeIError.probability, 4)}（真の対照値 ${f(evaluation.maxTypeIError.control)}）`,
          `largest type I error ${f(evaluation.maxTypeIError.probability, 4)} (true control ${f(evaluation.maxTypeIError.control)})`,
        ),
      );
      await writeOutputs(opts, { design, evaluation }, () =>
        designReportHtml(design, evaluation, {
          engineVersion: KAKEHASHI_VERSION,
          generatedAt: new Date().toISOString(),
        }),
      );
    });

  trials
    .command("map")
    .argument(
      "<studies>",
      t("過去試験 JSON（family, studies, options）", "historical studies JSON (family, studies, options)"),
    )
    .description(
      t(
        "メタアナリシス予測（MAP）事前分布を推定し、混合分布で近似します",
        "Fit a meta-analytic-predictive (MAP) prior and approximate it by a mixture",
      ),
    )
    .option("--json <file>", t("結果 JSON の出力先", "where to write the result JSON"))
    .action(async (file: string, opts: { json?: string }) => {
      const input = await readJson(file, ctx);
      const { studies, options } = asUsage(() => parseMapPriorSpec(input));
      const map = mapPrior(studies as never, options);
      const d = map.diagnostics;
      for (const [name, p] of Object.entries({
        μ: d.parameters.mu,
        τ: d.parameters.tau,
        "θ new": d.parameters.thetaNew,
      }))
        console.log(`${name.padEnd(6)} R-hat ${f(p.rhat, 4)}  bulk ESS ${f(p.essBulk, 0)}`);
      console.log(
        d.converged
          ? t("収束しました", "converged")
          : t(`収束していません: ${d.warnings.join("; ")}`, `not converged: ${d.warnings.join("; ")}`),
      );
      for (const c of map.candidates)
        console.log(
          `${c.components} ${t("成分", "component(s)")}  AIC ${f(c.aic, 2)}${c.mixture === map.mixture ? t("  ← 採用", "  ← chosen") : ""}`,
        );
      const s = map.summary.thetaNew;
      console.log(
        `MAP: mean ${f(s.mean)} sd ${f(s.sd)}; ${s.quantiles.map((q) => `${f(q.p * 100, 1)}% ${f(q.q)}`).join(", ")}`,
      );
      console.log(JSON.stringify(map.mixture));
      if (!d.converged) process.exitCode = 1;
      await writeOutputs(opts, map);
    });

  trials
    .command("gs")
    .argument("<spec>", t("群逐次デザイン JSON", "group-sequential design JSON"))
    .description(
      t(
        "群逐次デザイン: α消費関数による境界、無益性境界、症例数・イベント数と期待症例数",
        "Group-sequential design: alpha-spending boundaries, futility bounds, sample size or events and expected sample size",
      ),
    )
    .option("--json <file>", t("結果 JSON の出力先", "where to write the result JSON"))
    .action(async (file: string, opts: { json?: string }) => {
      const spec = await readJson(file, ctx);
      const report = asUsage(() => runGroupSequentialSpec(spec));
      const d = report.design;
      console.log(
        `${d.typeOfDesign}, K = ${d.kMax}, alpha ${d.alpha}, power ${f(1 - d.beta)}${d.typeBetaSpending !== "none" ? `, ${d.typeBetaSpending}${d.bindingFutility ? " (binding)" : ""}` : ""}`,
      );
      console.log(
        t(
          "  段階  情報割合   有効性境界 z   名目水準   累積α   無益性境界 z",
          "  stage  info rate  efficacy z   nominal p  alpha spent  futility z",
        ),
      );
      for (let k = 0; k < d.kMax; k++)
        console.log(
          `  ${String(k + 1).padStart(5)}  ${f(d.informationRates[k]).padStart(9)}  ${f(d.criticalValues[k], 4).padStart(11)}  ${f(d.stageLevels[k], 5).padStart(9)}  ${f(d.alphaSpent[k], 5).padStart(11)}  ${k < d.kMax - 1 ? f(d.futilityBounds[k], 4).padStart(10) : ""}`,
        );
      if (report.sampleSize) console.log(JSON.stringify(report.sampleSize, null, 2));
      await writeOutputs(opts, report);
    });

  trials
    .command("simulate")
    .argument(
      "<spec>",
      t(
        "仮想臨床試験 JSON（デザイン、または { design, scenarios }）",
        "virtual trial JSON (a design, or { design, scenarios })",
      ),
    )
    .description(
      t(
        "仮想臨床試験を患者単位でシミュレーションし、動作特性をモンテカルロ誤差つきで示します（全コア使用）",
        "Simulate virtual trials patient by patient and report operating characteristics with Monte-Carlo error (all cores)",
      ),
    )
    .option(
      "--trials <n>",
      t("シミュレーションする試験数", "number of simulated trials"),
      ctx.flag("--trials", z.coerce.number().int().min(1).max(100_000_000)),
      10_000,
    )
    .option(
      "--seed <n>",
      t("乱数シード", "random seed"),
      ctx.flag("--seed", z.coerce.number().int().min(0).max(4294967295)),
      1,
    )
    .option(
      "--workers <n>",
      t("ワーカースレッド数（既定: 全コア）", "worker threads (default: all cores)"),
      ctx.flag("--workers", z.coerce.number().int().min(0).max(256)),
    )
    .option("--json <file>", t("結果 JSON の出力先", "where to write the result JSON"))
    .option("--html <file>", t("レポート（HTML）の出力先", "where to write the HTML report"))
    .action(
      async (
        file: string,
        opts: { trials: number; seed: number; workers?: number; json?: string; html?: string },
      ) => {
        const input = (await readJson(file, ctx)) as { design?: unknown; scenarios?: Scenario[] };
        const withScenarios = typeof input === "object" && input !== null && "design" in input;
        const design = withScenarios ? input.design : input;
        const scenarios: Scenario[] =
          withScenarios && input.scenarios?.length
            ? input.scenarios
            : [{ name: t("設定どおり", "as specified") }];
        try {
          const results = await asUsagePromise(() =>
            simulateScenarios(design as never, scenarios, {
              trials: opts.trials,
              seed: opts.seed,
              ...(opts.workers === undefined ? {} : { workers: opts.workers }),
              onProgress: progressBar(t("シミュレーション", "simulating")),
            }),
          );
          for (const r of results) printCharacteristics(r.scenario, r.characteristics, t);
          await writeOutputs(opts, { trials: opts.trials, seed: opts.seed, results }, () =>
            simulationReportHtml(file, results, {
              trials: opts.trials,
              seed: opts.seed,
              engineVersion: KAKEHASHI_VERSION,
              generatedAt: new Date().toISOString(),
              spec: input,
            }),
          );
        } finally {
          await closeSimulationWorkers();
        }
      },
    );
}
