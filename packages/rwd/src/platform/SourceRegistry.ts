import { mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { KakehashiError, notFound } from "@kakehashi/core";
import { type DataSource, openDataSource } from "../cdm/DataSource.ts";

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export interface SourceInfo {
  name: string;
  sizeBytes: number;
}

/**
 * The data sources a server offers: the *.duckdb files of one folder. A source is opened once and
 * kept; runs on one source take turns, because a study writes its working tables into the source.
 */
export class SourceRegistry {
  private readonly open = new Map<string, Promise<DataSource>>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(readonly folder: string) {
    mkdirSync(folder, { recursive: true });
  }

  list(): SourceInfo[] {
    return readdirSync(this.folder)
      .filter((f) => f.endsWith(".duckdb") && NAME.test(f.slice(0, -".duckdb".length)))
      .map((f) => ({ name: f.slice(0, -".duckdb".length), sizeBytes: statSync(join(this.folder, f)).size }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Runs fn with the named source, after any run already going on that source. */
  async withSource<T>(name: string, fn: (source: DataSource) => Promise<T>): Promise<T> {
    if (!NAME.test(name))
      throw new KakehashiError("bad-request", 400, { reason: `"${name}" is not a data-source name` });
    if (!this.list().some((s) => s.name === name)) throw notFound(`data source ${name}`);
    let source = this.open.get(name);
    if (!source) {
      source = openDataSource(join(this.folder, `${name}.duckdb`));
      this.open.set(name, source);
    }
    const opened = source;
    const previous = this.queues.get(name) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => fn(await opened));
    this.queues.set(name, run);
    return run;
  }

  async close(): Promise<void> {
    for (const s of this.open.values()) await (await s).close();
    this.open.clear();
  }
}
