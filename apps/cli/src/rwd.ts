import { readFile, writeFile } from "node:fs/promises";
import { KAKEHASHI_VERSION } from "@kakehashi/core";
import {
  buildCohort,
  generatePopulation,
  importFhir,
  importOmopCsvFolder,
  openDataSource,
  releaseCount,
  releaseStudyResult,
  runComparativeStudy,
  runNestedCaseControlStudy,
  runQualityChecks,
  studyReportHtml,
} from "@kakehashi/rwd";
import { type Command, Option } from "commander";
import { z } from "zod";
import { type CliContext, progressBar, readJson } from "./io.ts";

export type RwdCliContext = CliContext;

/** `kakehashi rwd …`: the RWD engine on a DuckDB data-source file, usable without the platform. */
export function registerRwdCommands(program: Command, ctx: RwdCliContext) {
  const { t, flag } = ctx;
  const rwd = program
    .command("rwd")
    .description(
      t("リアルワールドデータ（OMOP CDM / DuckDB）エンジン", "Real-world-data engine (OMOP CDM on DuckDB)"),
    );
  const sourceOption = () =>
    new Option(
      "-s, --source <file>",
      t("データソース（DuckDB ファイル）", "data source (a DuckDB file)"),
    ).makeOptionMandatory();

  rwd
    .command("generate")
    .description(
      t(
        "効果を埋め込んだ合成病院データを生成します（シード固定で再現可能）",
        "Generate a synthetic hospital population with planted effects (deterministic for a seed)",
      ),
    )
    .addOption(sourceOption())
    .requiredOption(
      "--persons <n>",
      t("人数", "number of persons"),
      flag("--persons", z.coerce.number().int().min(1).max(20_000_000)),
    )
    .option("--seed <n>", t("乱数シード", "random seed"), flag("--seed", z.coerce.number().int()), 1)
    .option(
      "--memory-limit <size>",
      t("DuckDB のメモリ上限（例: 2GB）", "DuckDB memory limit (e.g. 2GB)"),
      flag("--memory-limit", z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i)),
      "2GB",
    )
    .action(async (opts: { source: string; persons: number; seed: number; memoryLimit: string }) => {
      const source = await openDataSource(opts.source, { memoryLimit: opts.memoryLimit });
      const bar = progressBar(t("生成中", "generating"));
      bar.start(opts.persons, 0);
      try {
        const summary = await generatePopulation(source.connection, {
          persons: opts.persons,
          seed: opts.seed,
          onProgress: (done) => bar.update(done),
        });
        bar.stop();
        console.log(JSON.stringify(summary, null, 2));
        console.log(`snapshot ${await source.snapshotId()}`);
      } finally {
        bar.stop();
        await source.close();
      }
    });

  rwd
    .command("import")
    .argument(
      "<input>",
      t(
        "OMOP CDM CSV のフォルダ、または FHIR NDJSON / Bundle ファイル",
        "an OMOP CDM CSV folder, or a FHIR NDJSON / Bundle file",
      ),
    )
    .description(
      t(
        "OMOP CDM CSV（v5.3/v5.4）または FHIR R4 を取り込みます（全件成功か全件取消）",
        "Import OMOP CDM CSV (v5.3 / v5.4) or FHIR R4, all or nothing",
      ),
    )
    .addOption(sourceOption())
    .addOption(
      new Option("--format <format>", t("入力形式", "input format"))
        .choices(["omop-csv", "fhir"])
        .default("omop-csv"),
    )
    .action(async (input: string, opts: { source: string; format: "omop-csv" | "fhir" }) => {
      const source = await openDataSource(opts.source);
      try {
        if (opts.format === "fhir") {
          const result = await importFhir(source, await readFile(input, "utf8"));
          console.log(JSON.stringify(result, null, 2));
        } else {
          const result = await importOmopCsvFolder(source, input, {
            onProgress: (p) =>
              process.stderr.write(`  ${p.done}/${p.total} ${p.file} → ${p.table}: ${p.rows} rows\n`),
          });
          console.log(JSON.stringify(result, null, 2));
        }
        console.log(`snapshot ${await source.snapshotId()}`);
      } finally {
        await source.close();
      }
    });

  rwd
    .command("quality")
    .description(
      t(
        "データ品質チェック（適合性・完全性・妥当性）を実行します",
        "Run the data-quality checks (conformance, completeness, plausibility)",
      ),
    )
    .addOption(sourceOption())
    .option("--json", t("JSON で出力", "print JSON"))
    .action(async (opts: { source: string; json?: boolean }) => {
      const source = await openDataSource(opts.source);
      try {
        const report = await runQualityChecks(source);
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else {
          for (const c of report.checks)
            console.log(
              `${c.status === "pass" ? "PASS" : "FAIL"}  ${c.category.padEnd(13)} ${c.id.padEnd(48)} ${c.failing}/${c.total}`,
            );
          console.log(
            t(
              `合格 ${report.passed}、不合格 ${report.failed}`,
              `${report.passed} passed, ${report.failed} failed checks`,
            ),
          );
        }
        if (report.failed > 0) process.exitCode = 1;
      } finally {
        await source.close();
      }
    });

  rwd
    .command("cohort")
    .argument("<definition>", t("コホート定義 JSON", "cohort definition JSON"))
    .description(t("コホートを作成し、アトリションを表示します", "Build a cohort and show its attrition"))
    .addOption(sourceOption())
    .requiredOption("--id <n>", t("コホート ID", "cohort id"), flag("--id", z.coerce.number().int().min(0)))
    .action(async (file: string, opts: { source: string; id: number }) => {
      const definition = await readJson(file, ctx);
      const source = await openDataSource(opts.source);
      try {
        const result = await buildCohort(source.connection, definition as Parameters<typeof buildCohort>[1], {
          cohortId: opts.id,
        });
        for (const a of result.attrition)
          console.log(`${String(a.persons).padStart(10)}  ${t(a.stepJa, a.step)}`);
        console.log(
          t(
            `コホート ${opts.id}: ${result.persons} 人、${result.entries} 件`,
            `cohort ${opts.id}: ${result.persons} persons, ${result.entries} entries`,
          ),
        );
      } finally {
        await source.close();
      }
    });

  rwd
    .command("study")
    .argument(
      "<spec>",
      t("研究仕様 JSON（比較新規使用者デザイン）", "study spec JSON (comparative new-user design)"),
    )
    .description(
      t(
        "安全性研究を実行し、公開用の結果（少数セル秘匿済み）と HTML レポートを出力します",
        "Run a safety study; write the released result (small cells suppressed) and an HTML report",
      ),
    )
    .addOption(sourceOption())
    .option("-o, --out <file>", t("結果 JSON の出力先", "where to write the result JSON"))
    .option("--html <file>", t("HTML レポートの出力先", "where to write the HTML report"))
    .option(
      "--min-cell <n>",
      t("秘匿する件数の閾値", "small-cell threshold"),
      flag("--min-cell", z.coerce.number().int().min(1)),
      10,
    )
    .option(
      "--nested-case-control",
      t(
        "PS・Cox の代わりに、コホート内症例対照（条件付きロジスティック回帰）で解析",
        "analyse as a nested case-control study (conditional logistic regression) instead of PS + Cox",
      ),
    )
    .action(
      async (
        file: string,
        opts: { source: string; out?: string; html?: string; minCell: number; nestedCaseControl?: boolean },
      ) => {
        const spec = await readJson(file, ctx);
        const source = await openDataSource(opts.source);
        try {
          if (opts.nestedCaseControl) {
            const ncc = await runNestedCaseControlStudy(source.connection, spec);
            const sets = releaseCount(ncc.matchedSets, opts.minCell);
            console.log(
              `OR ${ncc.oddsRatio.toFixed(3)} (95% CI ${ncc.ci95[0].toFixed(3)}–${ncc.ci95[1].toFixed(3)}); ${sets} matched sets`,
            );
            return;
          }
          const result = await runComparativeStudy(source.connection, spec);
          const released = releaseStudyResult(result, opts.minCell);
          const snapshotId = await source.snapshotId();
          const output = { engineVersion: KAKEHASHI_VERSION, sourceSnapshotId: snapshotId, result: released };
          if (opts.out) await writeFile(opts.out, `${JSON.stringify(output, null, 2)}\n`);
          if (opts.html)
            await writeFile(
              opts.html,
              studyReportHtml(released, {
                sourceSnapshotId: snapshotId,
                engineVersion: KAKEHASHI_VERSION,
                generatedAt: new Date().toISOString(),
              }),
            );
          console.log(
            `HR ${released.hazardRatio.toFixed(3)} (95% CI ${released.ci95[0].toFixed(3)}–${released.ci95[1].toFixed(3)}); ` +
              `target ${released.arms.target.subjects} (${released.arms.target.events} events), comparator ${released.arms.comparator.subjects} (${released.arms.comparator.events} events); ` +
              `max |SMD| after ${released.maxAbsSmdAfter.toFixed(3)}`,
          );
        } finally {
          await source.close();
        }
      },
    );
}
