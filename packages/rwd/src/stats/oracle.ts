/**
 * The R oracle of @kakehashi/core with `survival` loaded unless a test says `{ survival: false }`
 * (loading it costs R a second and a half; scripts on base R alone skip it).
 */
import {
  lazyR as coreLazyR,
  runR as coreRunR,
  type OracleOutput,
  type Table,
} from "@kakehashi/core/r-oracle";

export * from "@kakehashi/core/r-oracle";

const packagesFor = (o: { survival?: boolean }) => (o.survival === false ? [] : ["survival"]);

export function runR(
  script: string,
  tables: Record<string, Table> = {},
  options: { survival?: boolean } = {},
) {
  return coreRunR(script, tables, { packages: packagesFor(options) });
}

export function lazyR(
  script: string,
  tables: () => Record<string, Table> = () => ({}),
  options: { survival?: boolean } = {},
): () => OracleOutput {
  return coreLazyR(script, tables, { packages: packagesFor(options) });
}
