import { writeFile } from "node:fs/promises";
import path from "node:path";
import { KAKEHASHI_VERSION, validationError } from "@kakehashi/core";
import {
  buildLibrary,
  hitsCsv,
  loadLibrary,
  readMoleculeFile,
  runScreen,
  ScreenDefinition,
  saveLibrary,
  screenReportHtml,
  similaritySearch,
} from "@kakehashi/screen";
import type { Command } from "commander";
import { z } from "zod";
import { type CliContext, progressBar, readJson } from "./io.ts";

/** `kakehashi screen …`: the in-silico screen on files, usable without the platform. */
export function registerScreenCommands(program: Command, ctx: CliContext) {
  const { t, flag } = ctx;
  const screen = program
    .command("screen")
    .description(
      t(
        "インシリコスクリーニング（RDKit による類似性・物性・PAINS、Open Babel と AutoDock Vina によるドッキング）",
        "In-silico screening (RDKit similarity, properties and PAINS; docking with Open Babel and AutoDock Vina)",
      ),
    );

  screen
    .command("library")
    .argument("<file>", t("SMILES / TSV / CSV / SDF ファイル", "SMILES / TSV / CSV / SDF file"))
    .description(
      t(
        "化合物ライブラリを標準化し、フィンガープリントと物性を計算して保存します（読めない分子は行番号つきで報告）",
        "Standardise a compound library and store it with fingerprints and properties (unreadable molecules are reported by line)",
      ),
    )
    .requiredOption("-o, --out <file>", t("ライブラリファイル（.khlib）", "library file (.khlib)"))
    .option(
      "--radius <n>",
      t("Morgan 半径", "Morgan radius"),
      flag("--radius", z.coerce.number().int().min(1).max(6)),
      2,
    )
    .option(
      "--bits <n>",
      t("ビット数", "number of bits"),
      flag("--bits", z.coerce.number().int().min(64).max(16384)),
      2048,
    )
    .action(async (file: string, opts: { out: string; radius: number; bits: number }) => {
      const records = await readMoleculeFile(file);
      const bar = progressBar(t("標準化", "standardising"));
      bar.start(records.records.length, 0);
      const library = await buildLibrary(records, {
        radius: opts.radius,
        nBits: opts.bits,
        properties: true,
        onProgress: (done) => bar.update(done),
      });
      bar.stop();
      await saveLibrary(library, opts.out);
      for (const f of library.failures.slice(0, 20)) console.error(`${f.source}:${f.line}: ${f.reason}`);
      console.log(
        t(
          `${library.molecules.length} 分子、読めない分子 ${library.failures.length}、バージョン ${library.version.slice(0, 16)}`,
          `${library.molecules.length} molecules, ${library.failures.length} failed, version ${library.version.slice(0, 16)}`,
        ),
      );
    });

  screen
    .command("similar")
    .argument("<library>", t("ライブラリ（.khlib またはファイル）", "library (.khlib or a structure file)"))
    .description(
      t(
        "既知の活性化合物に似た分子を探します（Tanimoto）",
        "Find molecules similar to known actives (Tanimoto)",
      ),
    )
    .requiredOption("-q, --query <smiles...>", t("クエリ SMILES", "query SMILES"))
    .option(
      "--top <n>",
      t("上位件数", "how many hits"),
      flag("--top", z.coerce.number().int().min(1).max(100000)),
      20,
    )
    .option(
      "--fusion <kind>",
      t("複数クエリの統合（max / mean）", "multi-query fusion (max / mean)"),
      flag("--fusion", z.enum(["max", "mean"])),
      "max",
    )
    .action(async (file: string, opts: { query: string[]; top: number; fusion: "max" | "mean" }) => {
      const library = file.endsWith(".khlib")
        ? await loadLibrary(file)
        : await buildLibrary(await readMoleculeFile(file));
      const hits = await similaritySearch(library, opts.query, { topK: opts.top, fusion: opts.fusion });
      for (const h of hits)
        console.log(
          `${h.similarity.toFixed(4)}  ${h.molecule.id.padEnd(12)} ${h.molecule.name}  ${h.molecule.smiles}`,
        );
    });

  screen
    .command("run")
    .argument("<definition>", t("スクリーニング定義 JSON", "screen definition JSON"))
    .description(
      t(
        "スクリーニングを最後まで実行します: フィルター、類似性、上位のドッキング、段階ごとの脱落、ヒット一覧",
        "Run a screen end to end: filters, similarity, docking of the top candidates, per-stage attrition, ranked hits",
      ),
    )
    .option(
      "--cache <dir>",
      t("キャッシュ（ライブラリ・受容体・ドッキング結果）", "cache (libraries, receptors, docking results)"),
      ".kakehashi-screen",
    )
    .option(
      "--workers <n>",
      t("並列ドッキング数（既定: 全コア）", "parallel dockings (default: all cores)"),
      flag("--workers", z.coerce.number().int().min(1).max(256)),
    )
    .option("--csv <file>", t("ヒット一覧 CSV の出力先", "where to write the hit list CSV"))
    .option("--html <file>", t("レポート（HTML）の出力先", "where to write the HTML report"))
    .option("--json <file>", t("結果 JSON の出力先", "where to write the result JSON"))
    .action(
      async (
        file: string,
        opts: { cache: string; workers?: number; csv?: string; html?: string; json?: string },
      ) => {
        const parsed = ScreenDefinition.safeParse(await readJson(file, ctx));
        if (!parsed.success) throw validationError(parsed.error.issues);
        let bar: ReturnType<typeof progressBar> | undefined;
        let stage = "";
        const result = await runScreen(parsed.data, {
          cacheDir: opts.cache,
          baseDir: path.dirname(path.resolve(file)),
          ...(opts.workers ? { workers: opts.workers } : {}),
          onProgress: (s, done, total) => {
            if (s !== stage) {
              bar?.stop();
              stage = s;
              bar = progressBar(s);
              bar.start(total, 0);
            }
            bar?.update(done);
          },
        });
        bar?.stop();
        for (const a of result.attrition)
          console.log(
            `${a.stage.padEnd(10)} ${String(a.in).padStart(7)} → ${String(a.out).padStart(7)}  ${Object.entries(
              a.reasons,
            )
              .map(([why, n]) => `${why}: ${n}`)
              .join("; ")}`,
          );
        for (const h of result.hits.slice(0, 20))
          console.log(
            `${String(h.rank).padStart(4)}  ${h.name.padEnd(28)} ${h.similarity ? `sim ${h.similarity.value.toFixed(3)}` : ""}${h.docking ? `  Vina ${h.docking.score.toFixed(1)}` : ""}${h.alerts.length ? `  PAINS ${h.alerts.join(",")}` : ""}`,
          );
        for (const w of result.watched)
          console.log(
            `${t("注目", "watch")} ${w.query}: ${w.rank ? `${t("順位", "rank")} ${w.rank}` : (w.stoppedBecause ?? "")}${w.similarityRank ? ` · ${t("類似性", "similarity")} ${w.similarity?.toFixed(3)} (#${w.similarityRank}, ${w.closestActive?.query})` : ""}${w.reference ? ` · ${t("参照ドッキング", "reference docking")} ${w.reference.score.toFixed(2)} kcal/mol (${t("ヒット中の順位相当", "would rank")} ${w.reference.wouldRank})` : ""}`,
          );
        if (opts.csv) await writeFile(opts.csv, hitsCsv(result));
        if (opts.json) await writeFile(opts.json, `${JSON.stringify(result, null, 2)}\n`);
        if (opts.html)
          await writeFile(
            opts.html,
            await screenReportHtml(result, {
              engineVersion: KAKEHASHI_VERSION,
              generatedAt: new Date().toISOString(),
            }),
          );
      },
    );
}
