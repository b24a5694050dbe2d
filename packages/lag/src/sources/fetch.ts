/**
 * Downloading the current files from their publishers. Each download goes to a temporary file beside
 * the target, is checked with its loader's header check, and only then renamed over the old file, so a
 * failed or wrong download never replaces a good file.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { LagError } from "../messages.ts";
import { checkEmaWorkbook, EMA_FORMAT } from "./ema.ts";
import { SOURCE_IDS, type SourceId } from "./faults.ts";
import { checkFdaHeader, FDA_FORMAT } from "./fda.ts";
import { checkPmdaHeader, PMDA_FORMAT } from "./pmda.ts";

/** The file names the loaders expect in a folder (those of the shared data set). */
export const DEFAULT_FILE_NAMES: Readonly<Record<SourceId, string>> = {
  fda: "fda_cder_nme_and_new_biologics_1985-2024.csv",
  pmda: "pmda_approvals_2007-2024.csv",
  ema: "ema_epar_table_2023-12.xlsx",
};

/** Environment variables that set the download addresses. */
export const SOURCE_URL_ENV: Readonly<Record<SourceId, string>> = {
  fda: "KAKEHASHI_LAG_FDA_URL",
  pmda: "KAKEHASHI_LAG_PMDA_URL",
  ema: "KAKEHASHI_LAG_EMA_URL",
};

/**
 * The pages where each publisher lists its file. The FDA and the PMDA give their files addresses that
 * change with each edition (FDA "/media/<number>/download", PMDA per-year files), so there is no fixed
 * default for them: set the address from these pages (configurable by option or environment variable).
 */
export const SOURCE_PAGES: Readonly<Record<SourceId, string>> = {
  fda: "https://www.fda.gov/drugs/drug-approvals-and-databases/compilation-cder-new-molecular-entity-nme-drug-and-new-biologic-approvals",
  pmda: "https://www.pmda.go.jp/english/review-services/reviews/approved-information/drugs/0002.html",
  ema: "https://www.ema.europa.eu/en/medicines/download-medicine-data",
};

/** Default addresses (configurable): only the EMA keeps its table at a fixed address. */
export const DEFAULT_SOURCE_URLS: Readonly<Partial<Record<SourceId, string>>> = {
  ema: "https://www.ema.europa.eu/en/documents/report/medicines-output-medicines-report_en.xlsx",
};

const FORMATS = { fda: FDA_FORMAT, pmda: PMDA_FORMAT, ema: EMA_FORMAT } as const;

export interface FetchedFile {
  source: SourceId;
  url: string;
  file: string;
  bytes: number;
  sha256: string;
  /** ISO date-time of the download */
  fetchedAt: string;
}

export interface FetchFailure {
  source: SourceId;
  url: string | null;
  error: LagError;
}

export interface FetchResult {
  fetched: FetchedFile[];
  failed: FetchFailure[];
}

/** Thrown by a strict fetch with failures; `result` still says what was fetched. */
export class FetchSourcesError extends LagError {
  constructor(readonly result: FetchResult) {
    super("fetch-incomplete", 502, {
      failed: result.failed.length,
      list: result.failed.map((f) => `${f.source}: ${f.error.message}`).join(" | "),
    });
    this.name = "FetchSourcesError";
  }
}

export interface FetchOptions {
  /** the folder to write to (created if missing) */
  dir: string;
  /** addresses by source; default: the environment variables, then DEFAULT_SOURCE_URLS */
  sources?: Partial<Record<SourceId, string>>;
  /** which sources to fetch (default: all three) */
  only?: readonly SourceId[];
  fetch?: typeof globalThis.fetch;
  env?: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
  /** throw a FetchSourcesError when a download fails (default true) */
  strict?: boolean;
  now?: () => Date;
}

async function check(source: SourceId, bytes: Buffer, file: string): Promise<void> {
  if (source === "fda") checkFdaHeader(bytes, file);
  else if (source === "pmda") checkPmdaHeader(bytes, file);
  else await checkEmaWorkbook(bytes, file);
}

async function fetchOne(source: SourceId, url: string, options: FetchOptions): Promise<FetchedFile> {
  const file = path.join(options.dir, DEFAULT_FILE_NAMES[source]);
  const doFetch = options.fetch ?? globalThis.fetch;
  const fail = (reason: string) => new LagError("fetch-failed", 502, { url, reason, file });
  let body: Buffer;
  try {
    const response = await doFetch(url, {
      redirect: "follow",
      signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
    });
    if (!response.ok) throw fail(`HTTP ${response.status} ${response.statusText}`.trim());
    body = Buffer.from(await response.arrayBuffer());
  } catch (e) {
    if (e instanceof LagError) throw e;
    throw fail(e instanceof Error ? e.message : String(e));
  }
  if (body.length === 0) throw fail("empty response");
  const temp = path.join(
    options.dir,
    `.${DEFAULT_FILE_NAMES[source]}.${randomBytes(6).toString("hex")}.part`,
  );
  try {
    await writeFile(temp, body);
    try {
      await check(source, body, url);
    } catch (e) {
      throw new LagError("fetch-wrong-format", 422, {
        url,
        file,
        expected: FORMATS[source].expected,
        reason: e instanceof Error ? e.message : String(e),
      });
    }
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
  return {
    source,
    url,
    file,
    bytes: body.length,
    sha256: createHash("sha256").update(body).digest("hex"),
    fetchedAt: (options.now?.() ?? new Date()).toISOString(),
  };
}

/** Downloads the publishers' current files into `dir` under the default file names. */
export async function fetchSources(options: FetchOptions): Promise<FetchResult> {
  const env = options.env ?? process.env;
  await mkdir(options.dir, { recursive: true });
  const result: FetchResult = { fetched: [], failed: [] };
  for (const source of options.only ?? SOURCE_IDS) {
    const url =
      options.sources?.[source] ?? env[SOURCE_URL_ENV[source]] ?? DEFAULT_SOURCE_URLS[source] ?? null;
    if (!url) {
      result.failed.push({
        source,
        url: null,
        error: new LagError("fetch-not-configured", 400, {
          source,
          publisher: FORMATS[source].publisher,
          env: SOURCE_URL_ENV[source],
          page: SOURCE_PAGES[source],
        }),
      });
      continue;
    }
    try {
      result.fetched.push(await fetchOne(source, url, options));
    } catch (e) {
      const error =
        e instanceof LagError
          ? e
          : new LagError("fetch-failed", 502, {
              url,
              reason: e instanceof Error ? e.message : String(e),
              file: DEFAULT_FILE_NAMES[source],
            });
      result.failed.push({ source, url, error });
    }
  }
  if ((options.strict ?? true) && result.failed.length > 0) throw new FetchSourcesError(result);
  return result;
}
