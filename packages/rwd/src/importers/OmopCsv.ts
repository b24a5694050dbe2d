import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { createGunzip, gunzipSync } from "node:zlib";
import type { DataSource } from "../cdm/DataSource.ts";
import { CDM_TABLES, type CdmColumn, type CdmTable, cdmTable } from "../cdm/schema.ts";
import { ImportError, type ImportProblem } from "./ImportError.ts";

export type CdmVersion = "5.3" | "5.4";

export interface OmopCsvProgress {
  file: string;
  table: string;
  /** files finished so far, this one included */
  done: number;
  total: number;
  /** rows this file added */
  rows: number;
}

export interface OmopCsvImportOptions {
  onProgress?: (progress: OmopCsvProgress) => void;
}

export interface OmopCsvTableResult {
  table: string;
  /** the file's name inside the folder */
  file: string;
  /** rows added by this import */
  rows: number;
  /** rows of the file the source already had (same primary key, or same values where there is none) */
  skippedDuplicates: number;
}

export interface OmopCsvImportResult {
  /** sha256 over the imported files' tables and contents: the same files give the same id */
  fileSetId: string;
  tables: OmopCsvTableResult[];
  /** CDM version of the files: from CDM_SOURCE.cdm_version, else from v5.3- or v5.4-only column names, else 5.4 */
  cdmVersion: CdmVersion;
  /** tables present in the folder that the engine does not keep (their files were not read) */
  ignoredTables: string[];
  /** true when this exact file set had been imported before: nothing was read or written */
  unchanged: boolean;
}

const FILE_NAME = /^(.+?)\.(csv|tsv|txt)(\.gz)?$/i;
const MAX_PROBLEMS_PER_FILE = 100;

/** v5.3 column names that v5.4 renamed (OHDSI CommonDataModel v5.4 changes). */
const RENAMED_IN_V54: Record<string, Record<string, string>> = {
  visit_occurrence: {
    admitting_source_concept_id: "admitted_from_concept_id",
    admitting_source_value: "admitted_from_source_value",
    discharge_to_concept_id: "discharged_to_concept_id",
    discharge_to_source_value: "discharged_to_source_value",
  },
};
const V53_ONLY = new Set(Object.values(RENAMED_IN_V54).flatMap((renames) => Object.keys(renames)));
const V54_ONLY = new Set([
  ...Object.values(RENAMED_IN_V54).flatMap((renames) => Object.values(renames)),
  "cdm_version_concept_id",
  "measurement_event_id",
  "meas_event_field_concept_id",
  "unit_source_concept_id",
]);

interface PlannedFile {
  /** path as given, for messages */
  file: string;
  name: string;
  table: CdmTable;
  gz: boolean;
  sha256: string;
}

interface Header {
  delimiter: string;
  /** column names as the file writes them */
  names: string[];
  /** first data record, to guess the date format */
  firstRecord: string[] | undefined;
}

const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * Imports a folder of OMOP CDM CSV files (v5.3 or v5.4; file and column names in any case; .csv, .tsv, .txt,
 * optionally gzipped) into the source. All files go in one transaction: a bad value anywhere refuses the whole
 * set with an ImportError naming file, line and column. Rows the source already has are skipped, so a repeated
 * or resumed import adds nothing twice.
 */
export async function importOmopCsvFolder(
  source: DataSource,
  folder: string,
  options: OmopCsvImportOptions = {},
): Promise<OmopCsvImportResult> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    const message =
      error.code === "ENOENT" || error.code === "ENOTDIR"
        ? "no such folder: give the folder that holds the OMOP CSV files (PERSON.csv, …)"
        : `cannot list the folder (${error.code ?? error.message}): check its permissions`;
    throw new ImportError(
      [{ file: folder, line: 0, column: "", value: "", message }],
      0,
      "nothing to import",
    );
  });
  const planned: Omit<PlannedFile, "sha256">[] = [];
  const ignored = new Set<string>();
  for (const entry of entries) {
    // "._X.csv" are macOS resource forks that zips carry along, not data.
    if (!entry.isFile() || entry.name.startsWith(".")) continue;
    const match = FILE_NAME.exec(entry.name);
    if (!match?.[1]) continue;
    const tableName = match[1].toLowerCase();
    const table = cdmTable(tableName);
    if (!table) ignored.add(tableName);
    else
      planned.push({
        file: path.join(folder, entry.name),
        name: entry.name,
        table,
        gz: match[3] !== undefined,
      });
  }
  if (planned.length === 0) {
    throw new ImportError(
      [
        {
          file: folder,
          line: 0,
          column: "",
          value: "",
          message: `no OMOP CDM table files here: name them after the tables, e.g. PERSON.csv or person.csv.gz (kept: ${CDM_TABLES.map((t) => t.name).join(", ")})`,
        },
      ],
      0,
      "nothing to import",
    );
  }
  const order = (t: CdmTable) => CDM_TABLES.indexOf(t);
  planned.sort((a, b) => order(a.table) - order(b.table) || a.name.localeCompare(b.name));
  const files: PlannedFile[] = await Promise.all(
    planned.map(async (f) => ({ ...f, sha256: await sha256File(f.file) })),
  );

  const fileSetHash = createHash("sha256");
  for (const f of [...files].sort((a, b) => a.sha256.localeCompare(b.sha256))) {
    fileSetHash.update(`${f.table.name}\t${f.sha256}\n`);
  }
  const fileSetId = fileSetHash.digest("hex");
  const ignoredTables = [...ignored].sort();
  const unreadable: ImportProblem[] = [];
  const headers = await Promise.all(
    files.map((f) =>
      readHeader(f).catch((error: Error): Header => {
        unreadable.push({
          file: f.file,
          line: 0,
          column: "",
          value: "",
          message: `cannot be read: ${error.message}`,
        });
        return { delimiter: ",", names: [], firstRecord: undefined };
      }),
    ),
  );
  if (unreadable.length > 0)
    throw new ImportError(unreadable, 0, `import of ${folder} refused, nothing was written`);
  const cdmVersion = detectVersion(files, headers);

  const before = await source.all<{ file: string; table_name: string; rows: number }>(
    "SELECT file, table_name, rows FROM kh_import_log WHERE file_set_id = $1 ORDER BY file",
    [fileSetId],
  );
  if (before.length > 0) {
    return {
      fileSetId,
      tables: before.map((r) => ({ table: r.table_name, file: r.file, rows: 0, skippedDuplicates: r.rows })),
      cdmVersion,
      ignoredTables,
      unchanged: true,
    };
  }

  // A file already imported in an earlier file set (same table, same bytes) has all its rows in the source.
  const logged = new Map<string, number>();
  for (const r of await source.all<{ table_name: string; sha256: string; rows: number }>(
    "SELECT table_name, sha256, max(rows) AS rows FROM kh_import_log GROUP BY ALL",
  )) {
    logged.set(`${r.table_name}\t${r.sha256}`, r.rows);
  }

  return source.transaction(async () => {
    const problems: ImportProblem[] = [];
    let omitted = 0;
    const tables: OmopCsvTableResult[] = [];
    const log: { name: string; table: string; rows: number; sha256: string }[] = [];

    for (const [i, f] of files.entries()) {
      const report = (rows: number) =>
        options.onProgress?.({ file: f.name, table: f.table.name, done: i + 1, total: files.length, rows });
      const known = logged.get(`${f.table.name}\t${f.sha256}`);
      if (known !== undefined) {
        tables.push({ table: f.table.name, file: f.name, rows: 0, skippedDuplicates: known });
        log.push({ name: f.name, table: f.table.name, rows: known, sha256: f.sha256 });
        report(0);
        continue;
      }

      const header = headers[i] as Header;
      const fileColumns = columnsOf(f, header);
      const headerProblems = checkHeader(f, header, fileColumns);
      if (headerProblems.length > 0) {
        problems.push(...headerProblems);
        report(0);
        continue;
      }

      const loaded = await stage(source, f, header, fileColumns);
      if ("problems" in loaded) {
        problems.push(...loaded.problems);
        omitted += loaded.omitted;
        report(0);
        continue;
      }
      if (f.table.primaryKey) {
        const conflicts = await conflictingKeys(source, f, header, fileColumns, f.table.primaryKey);
        if (conflicts.length > 0) {
          problems.push(...conflicts);
          report(0);
          continue;
        }
      }
      const columns = f.table.columns.map((c) => c.name).join(", ");
      const added = f.table.primaryKey
        ? await source.run(
            `INSERT OR IGNORE INTO ${f.table.name} (${columns}) SELECT ${columns} FROM kh_stage`,
          )
        : // No key to conflict on: a row counts as present when every column matches (NULLs match NULLs).
          await source.run(
            `INSERT INTO ${f.table.name} (${columns})
             SELECT ${columns} FROM kh_stage EXCEPT SELECT ${columns} FROM ${f.table.name}`,
          );
      tables.push({ table: f.table.name, file: f.name, rows: added, skippedDuplicates: loaded.rows - added });
      log.push({ name: f.name, table: f.table.name, rows: loaded.rows, sha256: f.sha256 });
      report(added);
    }
    await source.run("DROP TABLE IF EXISTS kh_stage");
    if (problems.length > 0)
      throw new ImportError(problems, omitted, `import of ${folder} refused, nothing was written`);

    for (const entry of log) {
      await source.run(
        "INSERT INTO kh_import_log VALUES ($1, $2, $3, $4, $5, current_timestamp::TIMESTAMP)",
        [fileSetId, entry.name, entry.table, entry.rows, entry.sha256],
      );
    }
    await source.run("INSERT OR REPLACE INTO kh_source VALUES ('cdm_version', $1)", [cdmVersion]);
    return { fileSetId, tables, cdmVersion, ignoredTables, unchanged: false };
  });
}

function checkHeader(f: PlannedFile, header: Header, fileColumns: string[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  fileColumns.forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) {
      problems.push({
        file: f.file,
        line: 1,
        column: header.names[i] ?? name,
        value: header.names[i] ?? name,
        message: `column ${name} appears twice in the header (columns ${first + 1} and ${i + 1}): remove or rename one`,
      });
    } else seen.set(name, i);
  });
  for (const column of f.table.columns) {
    // A missing required concept id becomes 0 ("no matching concept"), as the CDM conventions say; other required
    // columns carry the data itself.
    if (column.required && !column.concept && !seen.has(column.name)) {
      problems.push({
        file: f.file,
        line: 1,
        column: column.name,
        value: "",
        message: `the header lacks required column ${column.name} of table ${f.table.name}: add it (header: ${header.names.join(header.delimiter)})`,
      });
    }
  }
  return problems;
}

/**
 * Keys on several rows with different values. Left alone, INSERT OR IGNORE would keep one of them
 * unpredictably; identical repeats are harmless and skipped as duplicates.
 */
async function conflictingKeys(
  source: DataSource,
  f: PlannedFile,
  header: Header,
  fileColumns: string[],
  key: string,
): Promise<ImportProblem[]> {
  const conflicts = await source.all<{ k: number | string; n: number }>(
    `SELECT ${key} AS k, count(*) AS n FROM kh_stage s GROUP BY ${key} HAVING count(DISTINCT s) > 1
     ORDER BY 1 LIMIT ${MAX_PROBLEMS_PER_FILE}`,
  );
  if (conflicts.length === 0) return [];
  const index = fileColumns.indexOf(key);
  const lines = await linesOfKeys(f, header.delimiter, index, new Set(conflicts.map((c) => String(c.k))));
  return conflicts.map(({ k, n }) => {
    const at = lines.get(String(k)) ?? [];
    return {
      file: f.file,
      line: at[1] ?? 0,
      column: header.names[index] ?? key,
      value: String(k),
      message: `${key} ${k} is on ${n} rows with different values${at.length > 0 ? ` (lines ${at.slice(0, 5).join(", ")})` : ""}: keep one row per ${key}`,
    };
  });
}

/** Physical lines of the records whose field `index` holds one of `keys` (reads the whole file: error path only). */
async function linesOfKeys(
  f: PlannedFile,
  delimiter: string,
  index: number,
  keys: Set<string>,
): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  const bytes = await readFile(f.file);
  const text = (f.gz ? gunzipSync(bytes) : bytes).toString("utf8");
  let line = 1;
  let at = parseRecord(text, 0, delimiter).end; // the header
  line += countLines(text, 0, at);
  while (at < text.length) {
    const record = parseRecord(text, at, delimiter);
    const value = record.fields[index]?.trim();
    if (value !== undefined && keys.has(value)) found.set(value, [...(found.get(value) ?? []), line]);
    line += countLines(text, at, record.end);
    at = record.end;
  }
  return found;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** The header's names as CDM v5.4 columns: lower case, v5.3 names renamed. */
function columnsOf(f: PlannedFile, header: Header): string[] {
  const renames = RENAMED_IN_V54[f.table.name] ?? {};
  return header.names.map((n) => {
    const lower = n.trim().toLowerCase();
    return renames[lower] ?? lower;
  });
}

/** CDM_SOURCE.cdm_version when the set has it, else whichever version's own column names appear; else 5.4. */
function detectVersion(files: PlannedFile[], headers: Header[]): CdmVersion {
  const votes = { "5.3": 0, "5.4": 0 };
  for (const [i, f] of files.entries()) {
    const header = headers[i] as Header;
    const lower = header.names.map((n) => n.trim().toLowerCase());
    for (const name of lower) {
      if (V53_ONLY.has(name)) votes["5.3"]++;
      if (V54_ONLY.has(name)) votes["5.4"]++;
    }
    if (f.table.name !== "cdm_source") continue;
    const declared = /(\d+)\.(\d+)/.exec(header.firstRecord?.[lower.indexOf("cdm_version")] ?? "");
    if (declared) return Number(declared[1]) * 100 + Number(declared[2]) >= 504 ? "5.4" : "5.3";
  }
  return votes["5.3"] > 0 && votes["5.4"] === 0 ? "5.3" : "5.4";
}

type Staged = { rows: number } | { problems: ImportProblem[]; omitted: number };

/** Reads one file into the temp table kh_stage, typed as the CDM table, or reports the values that do not fit. */
async function stage(
  source: DataSource,
  f: PlannedFile,
  header: Header,
  fileColumns: string[],
): Promise<Staged> {
  const types = new Map(f.table.columns.map((c) => [c.name, c]));
  const columnsSpec = fileColumns.map((name, i) => `'c${i + 1}': '${types.get(name)?.type ?? "VARCHAR"}'`);
  const select = f.table.columns.map((c) => {
    const i = fileColumns.indexOf(c.name);
    if (i >= 0) return `c${i + 1} AS ${c.name}`;
    return c.required && c.concept ? `0::INTEGER AS ${c.name}` : `NULL::${c.type} AS ${c.name}`;
  });
  const dateFormat = guessDateFormat(f.table.columns, fileColumns, header.firstRecord);
  const options = [
    "header = true",
    "auto_detect = false",
    `delim = ${sqlString(header.delimiter)}`,
    `quote = '"'`,
    `escape = '"'`,
    `columns = {${columnsSpec.join(", ")}}`,
    "store_rejects = true",
    "rejects_table = 'kh_rejects'",
    "rejects_scan = 'kh_reject_scans'",
    ...(dateFormat ? [`dateformat = ${sqlString(dateFormat)}`] : []),
  ];
  await source.run("DROP TABLE IF EXISTS kh_rejects");
  await source.run("DROP TABLE IF EXISTS kh_reject_scans");
  try {
    await source.run(
      `CREATE OR REPLACE TEMP TABLE kh_stage AS SELECT ${select.join(", ")}
       FROM read_csv(${sqlString(f.file)}, ${options.join(", ")})`,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      problems: [
        { file: f.file, line: 0, column: "", value: "", message: `could not be read as CSV: ${message}` },
      ],
      omitted: 0,
    };
  }
  // A short row is reported once per missing column; one problem per row says it better.
  const grouped = `SELECT line, min(line_byte_position) AS line_byte_position, min(byte_position) AS byte_position,
      min(column_idx) AS column_idx, arg_min(column_name, column_idx) AS column_name, error_type,
      any_value(error_message) AS error_message, count(*) AS n
    FROM kh_rejects GROUP BY line, error_type, CASE WHEN error_type = 'MISSING COLUMNS' THEN 0 ELSE column_idx END`;
  const rejected = await source.all<{ n: number }>(`SELECT count(*) AS n FROM (${grouped})`);
  const count = rejected[0]?.n ?? 0;
  if (count === 0) {
    const staged = await source.all<{ n: number }>("SELECT count(*) AS n FROM kh_stage");
    return { rows: staged[0]?.n ?? 0 };
  }
  const rejects = await source.all<Reject>(
    `${grouped} ORDER BY line, column_idx LIMIT ${MAX_PROBLEMS_PER_FILE}`,
  );
  // DuckDB reports 1-based byte offsets.
  const positions = rejects.map((r) => Math.max(0, (r.byte_position ?? r.line_byte_position ?? 1) - 1));
  const found = await locate(f, positions);
  const problems = rejects.map((r, i): ImportProblem => {
    const at = found.get(positions[i] ?? 0);
    const k = r.column_name ? Number(/^c(\d+)$/.exec(r.column_name)?.[1] ?? r.column_idx) : r.column_idx;
    const column =
      k >= 1 && k <= header.names.length
        ? (header.names[k - 1] ?? `column ${k}`)
        : `(field ${k}, beyond the ${header.names.length} header columns)`;
    const cdmColumn = types.get(fileColumns[k - 1] ?? "");
    const value = r.error_type === "MISSING COLUMNS" ? "" : fieldAt(at?.text ?? "", header.delimiter);
    return {
      file: f.file,
      line: at?.line ?? r.line,
      column,
      value,
      message: explain(r, cdmColumn, header, dateFormat),
    };
  });
  return { problems, omitted: count - problems.length };
}

interface Reject {
  line: number;
  line_byte_position: number | null;
  byte_position: number | null;
  column_idx: number;
  column_name: string | null;
  error_type: string;
  error_message: string;
  /** rejects merged into this one (the missing columns of a short row) */
  n: number;
}

function explain(
  r: Reject,
  column: CdmColumn | undefined,
  header: Header,
  dateFormat: string | undefined,
): string {
  const n = header.names.length;
  switch (r.error_type) {
    case "CAST":
      switch (column?.type) {
        case "DATE":
          return dateFormat
            ? `not a date: this file writes dates as YYYYMMDD (e.g. 20190528); write this one the same way, or leave the cell empty if ${column.name} is optional`
            : `not a date: write dates as YYYY-MM-DD (e.g. 2019-05-28), or leave the cell empty if ${column.name} is optional`;
        case "TIMESTAMP":
          return `not a date-time: write YYYY-MM-DD HH:MM:SS (e.g. 2019-05-28 14:30:00) or leave the cell empty`;
        case "BIGINT":
        case "INTEGER":
          return column.concept
            ? `not a concept id: ${column.name} holds whole-number OMOP concept ids (0 when unmapped); put the source code in the matching *_source_value column`
            : `not a whole number: ${column.name} holds integers; correct the value or leave the cell empty if the column is optional`;
        case "DOUBLE":
          return `not a number: write plain numbers with a dot as the decimal separator and no units (e.g. 12.5)`;
        default:
          return r.error_message;
      }
    case "MISSING COLUMNS":
      return `the row has ${n - r.n} fields, fewer than the header's ${n}: add the missing ${JSON.stringify(header.delimiter)} separators (empty cells are allowed)`;
    case "TOO MANY COLUMNS":
      return `the row has more fields than the header's ${n}: quote values that contain ${JSON.stringify(header.delimiter)} with double quotes`;
    case "UNQUOTED VALUE":
      return `a quoted value is not closed properly: close it with a double quote, and double any quote inside it ("")`;
    case "INVALID ENCODING":
    case "INVALID UNICODE":
      return "the bytes are not UTF-8: save the file as UTF-8";
    case "LINE SIZE OVER MAXIMUM":
      return "the line is longer than the reader allows: look for a missing line break or an unclosed quote";
    default:
      return r.error_message;
  }
}

function guessDateFormat(
  columns: CdmColumn[],
  fileColumns: string[],
  record: string[] | undefined,
): string | undefined {
  if (!record) return undefined;
  // Athena's vocabulary exports write dates as 20190528; one file uses one format throughout.
  for (const c of columns) {
    if (c.type !== "DATE") continue;
    const value = record[fileColumns.indexOf(c.name)];
    if (value && /^\d{8}$/.test(value)) return "%Y%m%d";
    if (value) return undefined;
  }
  return undefined;
}

function openStream(f: { file: string; gz: boolean }): { stream: Readable; close: () => void } {
  const raw = createReadStream(f.file);
  const stream = f.gz ? raw.pipe(createGunzip()) : raw;
  return {
    stream,
    close: () => {
      raw.destroy();
      stream.destroy();
    },
  };
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function readHeader(f: PlannedFile): Promise<Header> {
  const { stream, close } = openStream(f);
  const chunks: Buffer[] = [];
  let size = 0;
  let whole = true;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= 1 << 16) {
        whole = false;
        break;
      }
    }
  } finally {
    close();
  }
  const text = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/^\uFEFF/, "");
  const firstLine = text.slice(0, text.indexOf("\n") >= 0 ? text.indexOf("\n") : text.length);
  const delimiter = [",", "\t", ";", "|"]
    .map((d) => ({ d, n: firstLine.split(d).length }))
    .sort((a, b) => b.n - a.n)[0]?.d as string;
  const head = parseRecord(text, 0, delimiter);
  const next = head.end < text.length ? parseRecord(text, head.end, delimiter) : undefined;
  const firstRecord = next && (next.complete || whole) ? next.fields : undefined;
  return { delimiter, names: head.fields, firstRecord };
}

/** One CSV record from `start`: fields unquoted, "" inside quotes as ", ends after the line break. */
function parseRecord(
  text: string,
  start: number,
  delimiter: string,
): { fields: string[]; end: number; complete: boolean } {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  let i = start;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      return { fields, end: i + 1, complete: true };
    } else field += ch;
  }
  fields.push(field);
  return { fields, end: i, complete: false };
}

function fieldAt(text: string, delimiter: string): string {
  return parseRecord(text, 0, delimiter).fields[0] ?? "";
}

/**
 * The 1-based physical line of each byte offset, and the text starting there. DuckDB counts records, which
 * differs from lines once a quoted value spans lines; an editor goes by lines.
 */
async function locate(
  f: { file: string; gz: boolean },
  positions: number[],
): Promise<Map<number, { line: number; text: string }>> {
  const targets = [...new Set(positions)].sort((a, b) => a - b);
  const found = new Map<number, { line: number; bytes: Buffer[]; size: number }>();
  const CAPTURE = 4096;
  let offset = 0;
  let newlines = 0;
  let next = 0;
  const { stream, close } = openStream(f);
  try {
    for await (const data of stream) {
      const chunk = data as Buffer;
      for (const entry of found.values()) {
        if (entry.size < CAPTURE) {
          const part = chunk.subarray(0, CAPTURE - entry.size);
          entry.bytes.push(part);
          entry.size += part.length;
        }
      }
      let counted = 0;
      while (next < targets.length && (targets[next] as number) < offset + chunk.length) {
        const at = (targets[next] as number) - offset;
        for (let j = chunk.indexOf(10, counted); j >= 0 && j < at; j = chunk.indexOf(10, j + 1)) {
          newlines++;
          counted = j + 1;
        }
        counted = Math.max(counted, at);
        const part = chunk.subarray(at, at + CAPTURE);
        found.set(targets[next] as number, { line: newlines + 1, bytes: [part], size: part.length });
        next++;
      }
      for (let j = chunk.indexOf(10, counted); j >= 0; j = chunk.indexOf(10, j + 1)) newlines++;
      offset += chunk.length;
      if (next >= targets.length && [...found.values()].every((e) => e.size >= CAPTURE)) break;
    }
  } finally {
    close();
  }
  const result = new Map<number, { line: number; text: string }>();
  for (const [pos, e] of found)
    result.set(pos, { line: e.line, text: Buffer.concat(e.bytes).toString("utf8") });
  return result;
}
