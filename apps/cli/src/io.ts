import { readFile } from "node:fs/promises";
import cliProgress from "cli-progress";
import type { z } from "zod";

/** What every command group gets from the program: the language, flag parsing and usage errors. */
export interface CliContext {
  t: (ja: string, en: string) => string;
  flag: <T>(name: string, schema: z.ZodType<T>) => (value: string) => T;
  usage: (message: string) => Error;
}

export async function readJson(file: string, ctx: CliContext): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw ctx.usage(
      ctx.t(
        `JSON ファイルを読めません: ${file}: ${(e as Error).message}`,
        `Cannot read JSON ${file}: ${(e as Error).message}`,
      ),
    );
  }
}

export function progressBar(label: string) {
  // the bar goes to stderr, so stdout stays clean for results and redirection
  return new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
}
