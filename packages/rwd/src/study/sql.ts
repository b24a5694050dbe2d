import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";

/**
 * Rows as plain JS objects. Integers come back as numbers (the study's counts and ids fit in 2^53)
 * and dates as day numbers or ISO strings, whichever the SQL selects.
 */
export async function rows<T>(
  connection: DuckDBConnection,
  sql: string,
  params: DuckDBValue[] = [],
): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === "bigint" ? Number(v) : v;
    return out as T;
  });
}
