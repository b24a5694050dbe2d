import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Locale } from "@kakehashi/core";
import {
  type ApprovalsLoad,
  DEFAULT_FILE_NAMES,
  DEFAULT_SOURCE_URLS,
  evaluateMatching,
  type FaultKind,
  fetchSources,
  figureCsv,
  handCheckedPairs,
  ingredientKey,
  type JpStatus,
  LagError,
  type LagFigure,
  lagByArea,
  lagByYear,
  loadApprovals,
  lossShareByYear,
  type Medicine,
  medicinesCsv,
  orphanComparison,
  SOURCE_IDS,
  SOURCE_PAGES,
  SOURCE_URL_ENV,
  type SourceFault,
  type SourceId,
  summariseApprovals,
  toCsv,
} from "@kakehashi/lag";
import { DEFAULT_DATA_DIR } from "@kakehashi/store";
import { Argument, type Command, Option } from "commander";
import { z } from "zod";
import type { CliContext } from "./io.ts";

/** The approval files (FDA, PMDA, EMA) live in KAKEHASHI_LAG_DIR, else in a `lag` folder beside the store's data. */
export const lagFolder = () =>
  process.env.KAKEHASHI_LAG_DIR?.trim() ||
  path.join(process.env.KAKEHASHI_DATA?.trim() || DEFAULT_DATA_DIR, "lag");

const LABEL: Record<SourceId, string> = { fda: "FDA", pmda: "PMDA", ema: "EMA" };

/** Every fault kind the loaders report (checked against FaultKind at compile time). */
const FAULT_KINDS = [
  "missing-date",
  "unparseable-date",
  "multiple-dates",
  "inconsistent-year",
  "missing-ingredient",
  "combination",
  "several-products",
  "repeated-header",
  "continuation-row",
  "not-human",
  "missing-status",
  "missing-inn",
  "empty-row",
] as const satisfies readonly FaultKind[];
type MissingKind = Exclude<FaultKind, (typeof FAULT_KINDS)[number]>;
const allKindsListed: [MissingKind] extends [never] ? true : never = true;
void allKindsListed;

const STATUSES = ["approved-jp", "not-approved-jp"] as const satisfies readonly JpStatus[];

/** A number to `digits` places, "—" when there is none; never "-0.0". */
const num = (x: number | null | undefined, digits = 1) => {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  const text = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
};
const percent = (x: number | null) => (x === null ? "—" : (x * 100).toFixed(1));

/** A plain text table: columns padded to their widest cell, numbers right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

/** `kakehashi lag …`: drug lag and drug loss from the FDA, EMA and PMDA approval lists. */
export function registerLagCommands(program: Command, ctx: CliContext) {
  const { t, flag } = ctx;
  const locale: Locale = t("ja", "en") === "ja" ? "ja" : "en";
  const lagText = (e: LagError) => {
    const x = e.text(locale);
    return `${x.title}: ${x.detail} ${x.fix}`;
  };
  const statusText = (s: JpStatus) =>
    s === "approved-jp"
      ? t("日本で承認済み", "approved in Japan")
      : s === "in-development-jp"
        ? t("日本で開発中", "in development in Japan")
        : t("日本で未承認", "not approved in Japan");

  const lag = program
    .command("lag")
    // `kakehashi lag medicines | head`: a closed pipe ends the listing quietly
    .hook("preAction", () => {
      process.stdout.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
        throw e;
      });
    })
    .description(
      t(
        "ドラッグ・ラグ／ドラッグ・ロス（FDA・EMA・PMDA の承認品目一覧から）",
        "Drug lag and drug loss (from the FDA, EMA and PMDA approval lists)",
      ),
    );
  const dirOption = () =>
    new Option(
      "--dir <folder>",
      t(
        "承認品目ファイルのフォルダー（既定: KAKEHASHI_LAG_DIR、なければ <KAKEHASHI_DATA>/lag）",
        "folder of the approval files (default: KAKEHASHI_LAG_DIR, else <KAKEHASHI_DATA>/lag)",
      ),
    );
  const folderOf = (opts: { dir?: string }) => path.resolve(opts.dir ?? lagFolder());

  /** Loads the folder; a missing file or a file in the wrong format is an error that says what to do (exit 1). */
  async function load(dir: string): Promise<ApprovalsLoad> {
    const missing = SOURCE_IDS.filter((s) => !existsSync(path.join(dir, DEFAULT_FILE_NAMES[s])));
    if (missing.length > 0) {
      const names = missing.map((s) => `${DEFAULT_FILE_NAMES[s]} (${LABEL[s]})`).join(", ");
      throw new Error(
        t(
          `${dir} に承認品目ファイルがありません: ${names}。\`kakehashi lag fetch --dir ${dir}\` で公開元から取得するか（FDA と PMDA は --fda-url / --pmda-url でアドレスを指定）、公開元のファイルをこの名前で置いてください。`,
          `Missing in ${dir}: ${names}. Download them with \`kakehashi lag fetch --dir ${dir}\` (the FDA and the PMDA need --fda-url / --pmda-url), or put the publishers' files there under these names.`,
        ),
      );
    }
    try {
      return await loadApprovals(dir);
    } catch (e) {
      if (e instanceof LagError) throw new Error(lagText(e));
      throw e;
    }
  }

  const yearFlag = (name: string) => flag(name, z.coerce.number().int().min(1900).max(2100));
  const fromTo = (opts: { from?: number; to?: number }) => {
    if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to)
      throw ctx.usage(
        t(
          `--from（${opts.from}）が --to（${opts.to}）より後です。`,
          `--from (${opts.from}) is after --to (${opts.to}): give a range from an earlier to a later year.`,
        ),
      );
    return {
      ...(opts.from !== undefined ? { from: opts.from } : {}),
      ...(opts.to !== undefined ? { to: opts.to } : {}),
    };
  };
  const written = (file: string) => console.error(t(`書き出しました: ${file}`, `Written: ${file}`));

  // ---------------------------------------------------------------------------------------------- fetch
  lag
    .command("fetch")
    .description(
      t(
        "公開元のファイル（FDA・PMDA・EMA）をフォルダーに取得します。形式を確かめてから置き換えるので、失敗しても既存のファイルはそのままです",
        "Download the publishers' files (FDA, PMDA, EMA) into the folder; each is checked before it replaces the old one, so a failure keeps the existing file",
      ),
    )
    .addOption(dirOption())
    .option(
      "--fda-url <url>",
      t(
        `FDA の CSV のアドレス（既定: ${SOURCE_URL_ENV.fda}）`,
        `address of the FDA CSV (default: ${SOURCE_URL_ENV.fda})`,
      ),
      flag("--fda-url", z.url({ protocol: /^https?$/ })),
    )
    .option(
      "--pmda-url <url>",
      t(
        `PMDA の CSV のアドレス（既定: ${SOURCE_URL_ENV.pmda}）`,
        `address of the PMDA CSV (default: ${SOURCE_URL_ENV.pmda})`,
      ),
      flag("--pmda-url", z.url({ protocol: /^https?$/ })),
    )
    .option(
      "--ema-url <url>",
      t(
        `EMA の xlsx のアドレス（既定: ${SOURCE_URL_ENV.ema}、なければ EMA の固定アドレス）`,
        `address of the EMA xlsx (default: ${SOURCE_URL_ENV.ema}, else the EMA's fixed address)`,
      ),
      flag("--ema-url", z.url({ protocol: /^https?$/ })),
    )
    .option(
      "--only <sources>",
      t("取得する公開元（例: fda,pmda,ema）", "which sources to fetch (e.g. fda,pmda,ema)"),
      flag(
        "--only",
        z
          .string()
          .transform((s) =>
            s
              .split(",")
              .map((x) => x.trim().toLowerCase())
              .filter(Boolean),
          )
          .pipe(z.array(z.enum(SOURCE_IDS)).min(1)),
      ),
    )
    .option(
      "--timeout <seconds>",
      t("1 ファイルあたりの制限時間（秒）", "time limit per file (seconds)"),
      flag("--timeout", z.coerce.number().int().min(1).max(3600)),
      120,
    )
    .action(
      async (opts: {
        dir?: string;
        fdaUrl?: string;
        pmdaUrl?: string;
        emaUrl?: string;
        only?: SourceId[];
        timeout: number;
      }) => {
        const dir = folderOf(opts);
        const given: Partial<Record<SourceId, string>> = {
          ...(opts.fdaUrl ? { fda: opts.fdaUrl } : {}),
          ...(opts.pmdaUrl ? { pmda: opts.pmdaUrl } : {}),
          ...(opts.emaUrl ? { ema: opts.emaUrl } : {}),
        };
        const failed: SourceId[] = [];
        for (const source of [...new Set(opts.only ?? SOURCE_IDS)]) {
          const name = LABEL[source];
          const flagName = `--${source}-url`;
          const url =
            given[source] ?? (process.env[SOURCE_URL_ENV[source]]?.trim() || DEFAULT_SOURCE_URLS[source]);
          if (!url) {
            failed.push(source);
            console.error(
              t(
                `error: ${name}: 取得先のアドレスがありません。${name} は版ごとにファイルのアドレスを変えるため、既定のアドレスはありません。${SOURCE_PAGES[source]} に掲載されているファイルのアドレスを ${flagName} か環境変数 ${SOURCE_URL_ENV[source]} で指定してください。`,
                `error: ${name}: no download address. The ${name} gives each edition of its file a new address, so there is no default: give ${flagName} <address> (or set ${SOURCE_URL_ENV[source]}) with the file's address listed on ${SOURCE_PAGES[source]}`,
              ),
            );
            continue;
          }
          console.error(t(`${name}: ${url} を取得しています…`, `${name}: downloading ${url}…`));
          const result = await fetchSources({
            dir,
            only: [source],
            sources: { [source]: url },
            strict: false,
            timeoutMs: opts.timeout * 1000,
          });
          for (const f of result.fetched)
            console.log(
              t(
                `${name}  ${f.file}  ${f.bytes} バイト  sha256 ${f.sha256}`,
                `${name}  ${f.file}  ${f.bytes} bytes  sha256 ${f.sha256}`,
              ),
            );
          for (const f of result.failed) {
            failed.push(source);
            const hint =
              source in DEFAULT_SOURCE_URLS
                ? ""
                : t(
                    ` ${name} のファイルのアドレスは ${SOURCE_PAGES[source]} に掲載されています（${flagName} で指定）。`,
                    ` The ${name} lists its file's current address on ${SOURCE_PAGES[source]} (give it with ${flagName}).`,
                  );
            console.error(`error: ${name} (${f.url ?? url}): ${lagText(f.error)}${hint}`);
          }
        }
        if (failed.length > 0) {
          console.error(
            t(
              `${failed.map((s) => LABEL[s]).join("、")} を取得できませんでした。既存のファイルはそのままです。`,
              `Not fetched: ${failed.map((s) => LABEL[s]).join(", ")}; the existing files were kept.`,
            ),
          );
          process.exitCode = 1;
        }
      },
    );

  // --------------------------------------------------------------------------------------------- status
  lag
    .command("status")
    .description(
      t(
        "フォルダーのファイルを読み込み、行の内訳・不備・医薬品数・PMDA の収載期間・名寄せの報告件数を表示します",
        "Load the folder and show each file's rows and faults, the medicines, the PMDA coverage and the matching report",
      ),
    )
    .addOption(dirOption())
    .option("--json", t("結果を JSON で出力", "print the result as JSON"))
    .action(async (opts: { dir?: string; json?: boolean }) => {
      const dir = folderOf(opts);
      const a = await load(dir);
      const { sources, medicines, matching } = summariseApprovals(a);
      if (opts.json) {
        console.log(JSON.stringify({ dir, sources, medicines, jpCoverage: a.jpCoverage, matching }, null, 2));
        return;
      }
      console.log(t(`フォルダー: ${dir}`, `Folder: ${dir}`));
      for (const s of SOURCE_IDS) {
        const x = sources[s];
        console.log(
          t(
            `${LABEL[s]}（${path.basename(x.file)}）: データ行 ${x.dataRows}、使用 ${x.used}（うち注記つき ${x.usedWithWarning}）、報告のみ ${x.reportedOnly}`,
            `${LABEL[s]} (${path.basename(x.file)}): ${x.dataRows} data rows, ${x.used} used (${x.usedWithWarning} with a note), ${x.reportedOnly} reported only`,
          ),
        );
        const kinds = Object.entries(x.faults).sort(([p], [q]) => p.localeCompare(q));
        console.log(
          `  ${t("不備", "faults")}: ${kinds.length ? kinds.map(([k, n]) => `${k} ${n}`).join(", ") : t("なし", "none")}`,
        );
        if (x.unaccounted.length > 0)
          console.log(
            t(
              `  使用も報告もされていない行（不具合）: ${x.unaccounted.join(", ")}`,
              `  rows neither used nor reported (a bug): ${x.unaccounted.join(", ")}`,
            ),
          );
      }
      console.log(
        t(
          `医薬品 ${medicines.total}、日本で承認済み ${medicines.approvedJp}、ラグを計算できるもの ${medicines.withLag}（日本の初回承認が一覧外 ${medicines.jpApprovedOutsideList}、ATC 分類なし ${medicines.unclassified}）`,
          `Medicines: ${medicines.total}; approved in Japan: ${medicines.approvedJp}; with a lag: ${medicines.withLag} (Japanese first approval outside the list: ${medicines.jpApprovedOutsideList}; no ATC class: ${medicines.unclassified})`,
        ),
      );
      console.log(
        a.jpCoverage
          ? t(
              `PMDA 一覧の収載期間: ${a.jpCoverage.first} 〜 ${a.jpCoverage.last}`,
              `PMDA list covers: ${a.jpCoverage.first} to ${a.jpCoverage.last}`,
            )
          : t("PMDA 一覧に承認日のある行がありません。", "The PMDA list has no row with an approval date."),
      );
      console.log(
        t(
          `名寄せ: 近似一致 ${matching.fuzzy}、曖昧 ${matching.ambiguous}、他地域に対応のない成分名 ${matching.unmatched}（一覧は \`kakehashi lag matching\`）`,
          `Matching: ${matching.fuzzy} fuzzy, ${matching.ambiguous} ambiguous, ${matching.unmatched} unmatched (lists: \`kakehashi lag matching\`)`,
        ),
      );
    });

  // --------------------------------------------------------------------------------------------- faults
  lag
    .command("faults")
    .description(
      t(
        "各ファイルの不備を行番号とメッセージつきで一覧します",
        "List every fault of the files with its row and message",
      ),
    )
    .addOption(dirOption())
    .addOption(new Option("--source <source>", t("公開元", "source")).choices(SOURCE_IDS))
    .addOption(new Option("--kind <kind>", t("不備の種類", "kind of fault")).choices(FAULT_KINDS))
    .option("--csv <file>", t("CSV の出力先", "where to write the CSV"))
    .action(async (opts: { dir?: string; source?: SourceId; kind?: FaultKind; csv?: string }) => {
      const a = await load(folderOf(opts));
      const faults: SourceFault[] = SOURCE_IDS.filter((s) => !opts.source || s === opts.source)
        .flatMap((s) => [...a.loads[s].faults].sort((p, q) => p.row - q.row))
        .filter((f) => !opts.kind || f.kind === opts.kind);
      if (opts.csv) {
        await writeFile(
          opts.csv,
          toCsv(
            ["source", "row", "kind", "column", "value", "message"],
            faults.map((f) => [f.source, f.row, f.kind, f.column, f.value, f.message]),
          ),
        );
        written(opts.csv);
      } else
        table(
          [t("公開元", "source"), t("行", "row"), t("種類", "kind"), t("内容", "message")],
          faults.map((f) => [LABEL[f.source], String(f.row), f.kind, f.message]),
          [false, true, false, false],
        );
      console.error(t(`不備 ${faults.length} 件`, `${faults.length} fault(s)`));
    });

  // ------------------------------------------------------------------------------------------ medicines
  lag
    .command("medicines")
    .description(
      t(
        "医薬品ごとの米国・EU・日本の初回承認日、ラグ（月）、日本での状況",
        "Each medicine's first approval in the US, the EU and Japan, its lag (months) and its status in Japan",
      ),
    )
    .addOption(dirOption())
    .option(
      "--q <text>",
      t("成分名・販売名で絞り込み", "filter by ingredient or brand name"),
      flag("--q", z.string().trim().min(1)),
    )
    .option(
      "--status <status>",
      t(`日本での状況（${STATUSES.join(" / ")}）`, `status in Japan (${STATUSES.join(" / ")})`),
      flag("--status", z.enum(STATUSES)),
    )
    .option("--csv <file>", t("全列の CSV の出力先", "where to write the CSV with every column"))
    .action(async (opts: { dir?: string; q?: string; status?: JpStatus; csv?: string }) => {
      const a = await load(folderOf(opts));
      const q = opts.q?.toLowerCase();
      const key = opts.q ? ingredientKey(opts.q) : "";
      const hit = (m: Medicine) =>
        !q ||
        (key !== "" && m.id.includes(key)) ||
        [m.id, m.name, m.jpName ?? "", ...m.brands.us, ...m.brands.eu, ...m.brands.jp].some((n) =>
          n.toLowerCase().includes(q),
        );
      const medicines = a.medicines.filter((m) => hit(m) && (!opts.status || m.jpStatus === opts.status));
      if (opts.csv) {
        await writeFile(opts.csv, medicinesCsv(medicines));
        written(opts.csv);
      } else
        table(
          [
            t("医薬品", "medicine"),
            t("米国", "US"),
            "EU",
            t("日本", "Japan"),
            t("ラグ（月）", "lag (months)"),
            t("日本での状況", "status in Japan"),
          ],
          medicines.map((m) => [
            m.name.length > 60 ? `${m.name.slice(0, 59)}…` : m.name,
            m.us?.date ?? "—",
            m.eu?.date ?? "—",
            m.jp?.date ?? (m.jpApprovedOutsideList ? t("（一覧外）", "(outside list)") : "—"),
            num(m.lagMonths),
            statusText(m.jpStatus),
          ]),
          [false, false, false, false, true, false],
        );
      console.error(t(`医薬品 ${medicines.length} 件`, `${medicines.length} medicine(s)`));
    });

  // -------------------------------------------------------------------------------------------- analyse
  lag
    .command("analyse")
    .alias("analyze")
    .description(
      t(
        "図の定義と数値: lag（ラグの中央値と四分位）、loss（ドラッグ・ロス割合）、orphan（希少疾病用とそれ以外）",
        "A figure with its definition: lag (median and quartiles of the lag), loss (drug-loss share), orphan (orphan against non-orphan)",
      ),
    )
    .addArgument(new Argument("<figure>", t("図", "figure")).choices(["lag", "loss", "orphan"]))
    .addOption(dirOption())
    .addOption(
      new Option("--by <grouping>", t("lag の分類（年・領域）", "grouping of lag (year or area)")).choices([
        "year",
        "area",
      ]),
    )
    .addOption(
      new Option(
        "--basis <basis>",
        t(
          "lag --by year の年: 日本の承認年（既定）か米欧の初回承認年",
          "year of lag --by year: of the Japanese approval (default) or of the first US/EU approval",
        ),
      ).choices(["jp-approval", "first-us-eu-approval"]),
    )
    .option(
      "--from <year>",
      t(
        "米欧の初回承認年がこの年以降のものだけ",
        "only medicines first approved in the US/EU in or after this year",
      ),
      yearFlag("--from"),
    )
    .option(
      "--to <year>",
      t(
        "米欧の初回承認年がこの年以前のものだけ",
        "only medicines first approved in the US/EU in or before this year",
      ),
      yearFlag("--to"),
    )
    .option(
      "--cutoff <date>",
      t(
        "loss・orphan の基準日 YYYY-MM-DD（既定: PMDA 一覧の最新承認日）",
        "cut-off date of loss and orphan, YYYY-MM-DD (default: the latest date in the PMDA list)",
      ),
      flag("--cutoff", z.iso.date()),
    )
    .option(
      "--csv <file>",
      t("図の元になった医薬品の CSV の出力先", "where to write the CSV of the medicines behind the figure"),
    )
    .option("--json <file>", t("図の JSON の出力先", "where to write the figure as JSON"))
    .action(
      async (
        figure: "lag" | "loss" | "orphan",
        opts: {
          dir?: string;
          by?: "year" | "area";
          basis?: "jp-approval" | "first-us-eu-approval";
          from?: number;
          to?: number;
          cutoff?: string;
          csv?: string;
          json?: string;
        },
      ) => {
        const range = fromTo(opts);
        if (figure !== "lag" && (opts.by || opts.basis))
          throw ctx.usage(
            t(
              "--by と --basis は lag の図だけに使えます。",
              "--by and --basis apply to the lag figure only.",
            ),
          );
        if (figure === "lag" && opts.by === "area" && opts.basis)
          throw ctx.usage(
            t("--basis は --by year のときだけ使えます。", "--basis applies to --by year only."),
          );
        if (figure === "lag" && opts.cutoff)
          throw ctx.usage(
            t(
              "--cutoff は loss と orphan の図だけに使えます。",
              "--cutoff applies to the loss and orphan figures only.",
            ),
          );
        const a = await load(folderOf(opts));
        const lossOptions = {
          ...range,
          ...(opts.cutoff ? { cutoff: opts.cutoff } : {}),
          jpCoverage: a.jpCoverage,
        };
        let result: unknown;
        let groups: { group: string; ids: readonly string[] }[];
        if (figure === "lag") {
          const f: LagFigure =
            opts.by === "area"
              ? lagByArea(a.medicines, range)
              : lagByYear(a.medicines, { ...range, basis: opts.basis ?? "jp-approval" });
          console.log(t(f.definition.ja, f.definition.en));
          console.log("");
          const row = (g: (typeof f.groups)[number], name: string) => [
            name,
            String(g.n),
            num(g.median),
            num(g.q1),
            num(g.q3),
          ];
          table(
            [
              opts.by === "area" ? t("領域", "area") : t("年", "year"),
              "n",
              t("中央値（月）", "median (months)"),
              "Q1",
              "Q3",
            ],
            [
              ...f.groups.map((g) => row(g, g.label ? `${g.group} ${t(g.label.ja, g.label.en)}` : g.group)),
              row(f.overall, t("全体", "all")),
            ],
            [false, true, true, true, true],
          );
          result = f;
          groups = f.groups;
        } else if (figure === "loss") {
          const f = lossShareByYear(a.medicines, lossOptions);
          console.log(t(f.definition.ja, f.definition.en));
          console.log(
            t(
              `基準日 ${f.cutoff}、米欧の初回承認年 ${f.from}〜${f.to}`,
              `Cut-off ${f.cutoff}; first US/EU approval in ${f.from}–${f.to}`,
            ),
          );
          console.log("");
          const row = (g: (typeof f.groups)[number], name: string) => [
            name,
            String(g.n),
            String(g.notApproved),
            percent(g.share),
          ];
          table(
            [t("年", "year"), "n", t("日本で未承認", "not approved"), t("割合 %", "share %")],
            [...f.groups.map((g) => row(g, g.group)), row(f.overall, t("全体", "all"))],
            [false, true, true, true],
          );
          result = f;
          groups = f.groups;
        } else {
          const f = orphanComparison(a.medicines, lossOptions);
          console.log(t(f.definition.ja, f.definition.en));
          console.log(t(`基準日 ${f.cutoff}`, `Cut-off ${f.cutoff}`));
          console.log("");
          const sides = [
            [t("希少疾病用", "orphan"), f.orphan],
            [t("それ以外", "non-orphan"), f.nonOrphan],
          ] as const;
          table(
            [
              "",
              t("ラグ n", "lag n"),
              t("中央値（月）", "median (months)"),
              "Q1",
              "Q3",
              t("ロス n", "loss n"),
              t("日本で未承認", "not approved"),
              t("割合 %", "share %"),
            ],
            sides.map(([name, s]) => [
              name,
              String(s.lag.n),
              num(s.lag.median),
              num(s.lag.q1),
              num(s.lag.q3),
              String(s.loss.n),
              String(s.loss.notApproved),
              percent(s.loss.share),
            ]),
            [false, true, true, true, true, true, true, true],
          );
          result = f;
          groups = [
            { group: "orphan:lag", ids: f.orphan.lag.ids },
            { group: "orphan:loss", ids: f.orphan.loss.ids },
            { group: "non-orphan:lag", ids: f.nonOrphan.lag.ids },
            { group: "non-orphan:loss", ids: f.nonOrphan.loss.ids },
          ];
        }
        if (opts.csv) {
          await writeFile(opts.csv, figureCsv({ groups }, a.medicines));
          written(opts.csv);
        }
        if (opts.json) {
          await writeFile(opts.json, `${JSON.stringify(result, null, 2)}\n`);
          written(opts.json);
        }
      },
    );

  // ------------------------------------------------------------------------------------------- matching
  lag
    .command("matching")
    .description(
      t(
        "成分名の名寄せの精度（手作業で確認した組での適合率・再現率）と、近似一致・曖昧な名前の一覧",
        "Precision and recall of the ingredient matching on the hand-checked pairs, and the fuzzy and ambiguous names",
      ),
    )
    .addOption(dirOption())
    .option(
      "--unmatched",
      t("他地域に対応のない成分名も一覧する", "also list the names no other region names"),
    )
    .action(async (opts: { dir?: string; unmatched?: boolean }) => {
      const a = await load(folderOf(opts));
      const e = evaluateMatching(handCheckedPairs(), (name) => a.match.resolve(name).key);
      console.log(
        t(
          `手作業で確認した組 ${e.pairs}: 真陽性 ${e.truePositives}、偽陽性 ${e.falsePositives}、真陰性 ${e.trueNegatives}、偽陰性 ${e.falseNegatives}`,
          `Hand-checked pairs: ${e.pairs} (true positives ${e.truePositives}, false positives ${e.falsePositives}, true negatives ${e.trueNegatives}, false negatives ${e.falseNegatives})`,
        ),
      );
      console.log(
        t(
          `適合率 ${e.precision.toFixed(3)}、再現率 ${e.recall.toFixed(3)}`,
          `Precision ${e.precision.toFixed(3)}, recall ${e.recall.toFixed(3)}`,
        ),
      );
      const pairLine = (p: (typeof e.falsePositiveList)[number]) =>
        `  ${p.a} (${LABEL[p.sourceA]}, ${p.keyA || "—"}) ↔ ${p.b} (${LABEL[p.sourceB]}, ${p.keyB || "—"}): ${p.note}`;
      if (e.falsePositiveList.length > 0) {
        console.log(
          t("偽陽性（別の医薬品を同じとした組）:", "False positives (different medicines called the same):"),
        );
        for (const p of e.falsePositiveList) console.log(pairLine(p));
      }
      if (e.falseNegativeList.length > 0) {
        console.log(t("偽陰性（同じ医薬品を見逃した組）:", "False negatives (the same medicine missed):"));
        for (const p of e.falseNegativeList) console.log(pairLine(p));
      }
      const rows = (r: readonly number[]) => `${t("行", "row")} ${r.join(", ")}`;
      console.log("");
      console.log(
        t(
          `近似一致 ${a.match.fuzzy.length} 件（確認してください）:`,
          `Fuzzy matches: ${a.match.fuzzy.length} (check these):`,
        ),
      );
      for (const f of a.match.fuzzy)
        console.log(`  ${LABEL[f.source]} ${rows(f.rows)}: ${f.name}  ${f.key} → ${f.matched} (${f.how})`);
      console.log(
        t(
          `曖昧な名前 ${a.match.ambiguous.length} 件（候補が複数のため対応づけていません）:`,
          `Ambiguous names: ${a.match.ambiguous.length} (several candidates, left unmatched):`,
        ),
      );
      for (const x of a.match.ambiguous)
        console.log(
          `  ${LABEL[x.source]} ${rows(x.rows)}: ${x.name}  ${x.key} → ${x.candidates.join(" | ")} (${x.how})`,
        );
      console.log(
        t(
          `他地域に対応のない成分名（初回承認の行）: ${a.match.unmatched.length} 件${opts.unmatched ? ":" : "（一覧は --unmatched）"}`,
          `Names no other region names (first-approval rows): ${a.match.unmatched.length}${opts.unmatched ? ":" : " (list them with --unmatched)"}`,
        ),
      );
      if (opts.unmatched)
        for (const u of a.match.unmatched)
          console.log(`  ${LABEL[u.source]} ${rows(u.rows)}: ${u.name}  ${u.key}`);
    });
}
