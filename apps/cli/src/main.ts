import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { fieldErrors, KakehashiError, OrganisationKind, problemFromError } from "@kakehashi/core";
import { ApprovalsMonitor } from "@kakehashi/lag";
import { matchingDb, seedCommunityDemo, seedMatchingDemo } from "@kakehashi/partnering";
import {
  exportEvidence,
  exportSeeds,
  importEvidence,
  importSeeds,
  pipelineDb,
  seedPipelineDemo,
  todayIso,
} from "@kakehashi/pipeline";
import { generatePopulation, openDataSource, SourceRegistry } from "@kakehashi/rwd";
import { seedScreenDemo } from "@kakehashi/screen";
import { buildServer, DEFAULT_WEB_DIST, PLATFORM_MIGRATIONS } from "@kakehashi/server";
import {
  countAccounts,
  createAdministrator,
  DEFAULT_DATA_DIR,
  findAccountByEmail,
  migrateToLatest,
  openStore,
  purgeExpiredSessions,
  type Store,
  seedDemo,
  storeOptionsFromEnv,
  verifyAuditChain,
} from "@kakehashi/store";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { type ZodType, z } from "zod";
import { lagFolder, registerLagCommands } from "./lag.ts";
import { registerRwdCommands } from "./rwd.ts";
import { registerScreenCommands } from "./screen.ts";
import { cliLocale, say } from "./texts.ts";
import { registerTrialCommands } from "./trials.ts";

const locale = cliLocale();

/** A usage mistake found inside an action (commander reports its own parse errors itself). */
class UsageError extends Error {}
const t = (ja: string, en: string) => say(locale, ja, en);

/** Parses a flag with a zod schema, so a bad value is reported with the flag's name and the fix. */
function flag<T>(name: string, schema: ZodType<T>) {
  return (value: string): T => {
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    const e = fieldErrors(result.error.issues, locale)[0];
    throw new InvalidArgumentError(`${e?.message ?? ""} — ${e?.fix ?? ""} (${name})`);
  };
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeOptionsFromEnv());
  try {
    await migrateToLatest(store.db, PLATFORM_MIGRATIONS);
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  }
  // typed at a terminal: echo nothing
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = async (q: string) => {
    process.stdout.write(q);
    muted = true;
    const answer = await rl.question("");
    muted = false;
    process.stdout.write("\n");
    return answer;
  };
  try {
    const first = await ask(t("パスワード: ", "Password: "));
    const second = await ask(t("パスワード（確認）: ", "Repeat password: "));
    if (first !== second) throw new UsageError(t("パスワードが一致しません。", "The passwords differ."));
    return first;
  } finally {
    rl.close();
  }
}

/** RWD data sources (*.duckdb) live in KAKEHASHI_RWD_DIR, else in an `rwd` folder beside the store's data. */
const rwdFolder = () =>
  process.env.KAKEHASHI_RWD_DIR?.trim() ||
  join(process.env.KAKEHASHI_DATA?.trim() || DEFAULT_DATA_DIR, "rwd");

/** Screen files (libraries, target structures, docking cache) live in KAKEHASHI_SCREEN_DIR, else beside the store's data. */
const screenFolder = () =>
  process.env.KAKEHASHI_SCREEN_DIR?.trim() ||
  join(process.env.KAKEHASHI_DATA?.trim() || DEFAULT_DATA_DIR, "screen");

/** The shared real data sets (approved drugs, Mpro structure) beside the clone, or KAKEHASHI_SHARED_DATA. */
const sharedDataFolder = () =>
  process.env.KAKEHASHI_SHARED_DATA?.trim() ||
  fileURLToPath(new URL("../../../../shared/data", import.meta.url));

/** A demo instance gets a small synthetic hospital source, so the RWD screens have data to study. */
async function generateDemoSource(folder: string) {
  const persons = 20_000;
  console.log(
    t(
      `デモ用 RWD データソースを生成しています（${persons} 人）…`,
      `Generating a demo RWD source (${persons} persons)…`,
    ),
  );
  const source = await openDataSource(join(folder, "demo-hospital.duckdb"));
  try {
    await generatePopulation(source.connection, { persons, seed: 2020 });
  } finally {
    await source.close();
  }
}

export function buildProgram(): Command {
  const program = new Command("kakehashi")
    .description(
      t(
        "Kakehashi（架け橋）創薬支援プラットフォーム",
        "Kakehashi (架け橋) drug-development support platform",
      ),
    )
    .showHelpAfterError()
    .exitOverride();

  program
    .command("serve")
    .description(
      t("サーバーを起動します（既定: 組み込み PGlite）", "Start the server (embedded PGlite by default)"),
    )
    .addOption(
      new Option("-p, --port <port>", "TCP port")
        .env("PORT")
        .default(3000)
        .argParser(flag("--port", z.coerce.number().int().min(0).max(65535))),
    )
    .addOption(new Option("--host <host>", "address to listen on").env("HOST").default("127.0.0.1"))
    .option(
      "--demo",
      t(
        "初回起動時にデモ用の組織と各ロールのアカウントを登録する",
        "on first start, load demo organisations and one account per role",
      ),
    )
    .option(
      "--trust-proxy",
      t(
        "X-Forwarded-* を信頼する（TLS 終端プロキシの背後）",
        "trust X-Forwarded-* (behind a TLS-terminating proxy)",
      ),
    )
    .action(async (opts: { port: number; host: string; demo?: boolean; trustProxy?: boolean }) => {
      const store = await openStore(storeOptionsFromEnv());
      await migrateToLatest(store.db, PLATFORM_MIGRATIONS);
      if (opts.demo && (await seedDemo(store.db)).seeded) {
        const { seeds } = await seedPipelineDemo(pipelineDb(store.db), todayIso());
        // partner profiles, past deals, outreach, desk cases, a consortium and forum threads on top
        await seedMatchingDemo(matchingDb(store.db), todayIso());
        await seedCommunityDemo(store.db, todayIso());
        console.log(
          t(`デモデータを登録しました（シーズ ${seeds} 件）。`, `Demo data loaded (${seeds} seeds).`),
        );
      }
      if ((await countAccounts(store.db)) === 0)
        console.log(
          t(
            "アカウントがありません。`kakehashi admin create` で最初の管理者を作成してください。",
            "No accounts yet: create the first administrator with `kakehashi admin create`.",
          ),
        );
      const rwdSources = new SourceRegistry(rwdFolder());
      if (opts.demo && rwdSources.list().length === 0) await generateDemoSource(rwdSources.folder);
      // a demo instance without its own approval lists reads the shared real ones (public data, read only)
      let approvals = lagFolder();
      const sharedApprovals = join(sharedDataFolder(), "approvals");
      if (
        opts.demo &&
        new ApprovalsMonitor(approvals).missingFiles().length > 0 &&
        existsSync(sharedApprovals)
      )
        approvals = sharedApprovals;
      const screenWorkspace = screenFolder();
      if (opts.demo) {
        const demo = await seedScreenDemo(store.db, { folder: screenWorkspace }, sharedDataFolder());
        if (demo.libraries + demo.runs > 0)
          console.log(
            t(
              `スクリーニングのデモ: ライブラリ ${demo.libraries} 件、標的 ${demo.targets} 件、実行待ち ${demo.runs} 件を登録しました。`,
              `Screen demo: ${demo.libraries} library, ${demo.targets} target and ${demo.runs} queued screen registered.`,
            ),
          );
        for (const note of demo.notes) console.log(note);
      }
      const app = await buildServer({
        store,
        webDist: DEFAULT_WEB_DIST,
        screenWorkspace,
        lagFolder: approvals,
        logger: { level: process.env.LOG_LEVEL ?? "warn" },
        trustProxy: opts.trustProxy ?? false,
        rwdSources,
        followUpReminderMs: 60 * 60 * 1000,
      });
      // expired sessions are refused anyway; removing them keeps the table small
      const purge = () => purgeExpiredSessions(store.db).catch((e) => app.log.error(e));
      await purge();
      const purgeTimer = setInterval(purge, 60 * 60 * 1000);
      const close = async () => {
        clearInterval(purgeTimer);
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.once("SIGINT", close);
      process.once("SIGTERM", close);
      await app.listen({ port: opts.port, host: opts.host });
      const address = app.server.address();
      const port = typeof address === "object" && address ? address.port : opts.port;
      console.log(
        `Kakehashi: http://${opts.host === "0.0.0.0" ? "localhost" : opts.host}:${port}  (${store.kind}: ${store.location})`,
      );
      await new Promise(() => {}); // serve until a signal
    });

  const db = program.command("db").description(t("データベースの管理", "Database management"));
  db.command("migrate")
    .description(
      t("スキーマを最新のマイグレーションまで更新します", "Bring the schema to the latest migration"),
    )
    .action(async () => {
      const store = await openStore(storeOptionsFromEnv());
      try {
        const result = await migrateToLatest(store.db, PLATFORM_MIGRATIONS);
        const applied =
          result.results?.filter((r) => r.status === "Success").map((r) => r.migrationName) ?? [];
        console.log(
          applied.length
            ? t(`適用しました: ${applied.join(", ")}`, `Applied: ${applied.join(", ")}`)
            : t("スキーマは最新です。", "The schema is up to date."),
        );
        console.log(`(${store.kind}: ${store.location})`);
      } finally {
        await store.close();
      }
    });

  const admin = program.command("admin").description(t("管理者アカウント", "Administrator accounts"));
  admin
    .command("create")
    .description(
      t(
        "管理者を作成します（パスワードは端末で入力、または --password-stdin）",
        "Create an administrator (password typed at the terminal, or --password-stdin)",
      ),
    )
    .requiredOption("--email <email>", "e-mail address", flag("--email", z.email()))
    .requiredOption(
      "--name <name>",
      t("表示名", "display name"),
      flag("--name", z.string().trim().min(1).max(100)),
    )
    .option(
      "--org-id <uuid>",
      t("既存の組織の ID", "id of an existing organisation"),
      flag("--org-id", z.uuid()),
    )
    .option("--org-ja <name>", t("新しく作る組織の名前（日本語）", "name of a new organisation, Japanese"))
    .option("--org-en <name>", t("新しく作る組織の名前（英語）", "name of a new organisation, English"))
    .option(
      "--org-kind <kind>",
      t("新しく作る組織の種別", "kind of the new organisation"),
      flag("--org-kind", OrganisationKind),
      "funder",
    )
    .option(
      "--password-stdin",
      t("標準入力の 1 行目をパスワードとして読む", "read the password from the first line of standard input"),
    )
    .action(
      async (opts: {
        email: string;
        name: string;
        orgId?: string;
        orgJa?: string;
        orgEn?: string;
        orgKind: z.infer<typeof OrganisationKind>;
        passwordStdin?: boolean;
      }) => {
        if (!opts.orgId && !(opts.orgJa && opts.orgEn))
          throw new UsageError(
            t(
              "所属組織を --org-id で指定するか、新しい組織を --org-ja と --org-en で指定してください。",
              "Give the organisation: --org-id for an existing one, or --org-ja and --org-en for a new one.",
            ),
          );
        const password = await readPassword(opts.passwordStdin ?? false);
        try {
          flag("password", z.string().min(12).max(256))(password);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        const account = await withStore((store) =>
          createAdministrator(
            store.db,
            { id: null, label: "cli:admin create" },
            {
              email: opts.email,
              displayName: opts.name,
              password,
              organisation: opts.orgId
                ? { id: opts.orgId }
                : { nameJa: opts.orgJa as string, nameEn: opts.orgEn as string, kind: opts.orgKind },
            },
          ),
        );
        console.log(
          t(
            `管理者を作成しました: ${account.email}（${account.organisation.nameJa}）`,
            `Administrator created: ${account.email} (${account.organisation.nameEn})`,
          ),
        );
      },
    );

  const audit = program.command("audit").description(t("監査証跡", "Audit trail"));
  audit
    .command("verify")
    .description(
      t(
        "監査証跡のハッシュ連鎖を検証し、最初の破損箇所を報告します",
        "Check the audit trail's hash chain and report the first broken link",
      ),
    )
    .option("--json", t("結果を JSON で出力", "print the result as JSON"))
    .action(async (opts: { json?: boolean }) => {
      const result = await withStore((store) => verifyAuditChain(store.db));
      if (opts.json) console.log(JSON.stringify(result, null, 2));
      else if (result.ok)
        console.log(
          t(
            `監査証跡は完全です: ${result.entries} 件、先頭ハッシュ ${result.headHash}`,
            `Audit trail intact: ${result.entries} entries, head hash ${result.headHash}`,
          ),
        );
      else
        console.error(
          t(
            `監査証跡が改ざんされています: エントリ ${result.firstBreak?.seq}（${result.firstBreak?.reason}）: ${result.firstBreak?.message}`,
            `Audit trail BROKEN at entry ${result.firstBreak?.seq} (${result.firstBreak?.reason}): ${result.firstBreak?.message}`,
          ),
        );
      if (!result.ok) process.exitCode = 1;
    });

  const seeds = program
    .command("seeds")
    .description(t("シーズの取り込み・書き出し", "Import and export seeds"));
  const asUser = (email: string) =>
    withStore(async (store) => {
      const account = await findAccountByEmail(store.db, email);
      if (!account) throw new UsageError(t(`アカウント ${email} がありません。`, `No account ${email}.`));
      return account;
    });
  const formatOf = (file: string, given?: "csv" | "json") =>
    given ?? (extname(file).toLowerCase() === ".csv" ? "csv" : "json");
  seeds
    .command("import")
    .argument("<file>", t("CSV または JSON ファイル", "a CSV or JSON file"))
    .description(
      t(
        "シーズ（--evidence なら根拠データ）を取り込みます。誤りのある行があれば何も取り込みません",
        "Import seeds (or evidence with --evidence); one bad row and nothing is imported",
      ),
    )
    .requiredOption(
      "--as <email>",
      t("取り込みを行うアカウント（研究者・TLO）", "account doing the import (researcher / TLO)"),
      flag("--as", z.email()),
    )
    .addOption(
      new Option(
        "--format <format>",
        t("ファイル形式（既定: 拡張子から）", "file format (default: from the extension)"),
      ).choices(["csv", "json"]),
    )
    .option(
      "--evidence",
      t("根拠データの行（列 seed_id）を取り込む", "import evidence rows (column seed_id)"),
    )
    .action(async (file: string, opts: { as: string; format?: "csv" | "json"; evidence?: boolean }) => {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (e) {
        throw new UsageError(
          t(`ファイルを読めません: ${file}`, `Cannot read ${file}: ${(e as Error).message}`),
        );
      }
      const account = await asUser(opts.as);
      const format = formatOf(file, opts.format);
      const report = await withStore((store) =>
        (opts.evidence ? importEvidence : importSeeds)(
          pipelineDb(store.db),
          account,
          text,
          format,
          basename(file),
        ),
      );
      console.log(
        t(
          `取り込みました: シーズ ${report.seeds} 件、根拠データ ${report.evidence} 件`,
          `Imported ${report.seeds} seed(s) and ${report.evidence} evidence record(s).`,
        ),
      );
    });
  seeds
    .command("export")
    .description(
      t(
        "所属組織のシーズを非公開情報・根拠データ込みで書き出します",
        "Export your organisation's seeds with confidential details and evidence",
      ),
    )
    .requiredOption(
      "--as <email>",
      t("書き出すアカウント（研究者・TLO）", "account doing the export (researcher / TLO)"),
      flag("--as", z.email()),
    )
    .addOption(
      new Option("--format <format>", t("ファイル形式", "file format"))
        .choices(["csv", "json"])
        .default("json"),
    )
    .option("-o, --out <file>", t("出力先（既定: 標準出力）", "output file (default: standard output)"))
    .option(
      "--evidence",
      t("根拠データを列 seed_id 付きで書き出す", "export evidence rows (column seed_id) instead"),
    )
    .action(async (opts: { as: string; format: "csv" | "json"; out?: string; evidence?: boolean }) => {
      const account = await asUser(opts.as);
      const text = await withStore((store) =>
        (opts.evidence ? exportEvidence : exportSeeds)(pipelineDb(store.db), account, opts.format),
      );
      if (opts.out) await writeFile(opts.out, text);
      else process.stdout.write(text);
    });

  const context = { t, flag, usage: (message: string) => new UsageError(message) };
  registerRwdCommands(program, context);
  registerTrialCommands(program, context);
  registerScreenCommands(program, context);
  registerLagCommands(program, context);

  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 a failed check or error, 2 bad usage). */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // already printed by commander
    if (error instanceof KakehashiError) {
      const p = problemFromError(error, locale);
      console.error(`error: ${p.title}: ${p.detail} ${p.fix}`);
      for (const e of p.errors ?? []) {
        const where = e.line === undefined ? "" : `${t(`${e.line} 行目`, `line ${e.line}`)}, `;
        console.error(`  ${where}${e.field}: ${e.message} — ${e.fix}`);
      }
      return 1;
    }
    console.error(error instanceof Error ? `error: ${error.message}` : error);
    return 1;
  }
}
