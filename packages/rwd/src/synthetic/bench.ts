/**
 * Throughput check for the generator:
 *   node --import tsx packages/rwd/src/synthetic/bench.ts [persons=100000] [database=:memory:] [chunkSize=10000]
 * Prints persons/s, rows/s, the JS heap and process RSS after each chunk (the JS side must stay flat),
 * and a linear extrapolation to MID-NET's 5.3 million patients.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import cliProgress from "cli-progress";
import { cdmDdl } from "../cdm/schema.ts";
import { generatePopulation } from "./generate.ts";

const MID_NET_PATIENTS = 5_300_000;
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

async function main(): Promise<void> {
  const persons = Number(process.argv[2] ?? 100_000);
  const path = process.argv[3] ?? ":memory:";
  const chunkSize = Number(process.argv[4] ?? 10_000);
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  for (const statement of cdmDdl()) await connection.run(statement);

  const bar = new cliProgress.SingleBar(
    { format: "persons {bar} {value}/{total} | {eta_formatted} left | heap {heap} | rss {rss}" },
    cliProgress.Presets.shades_classic,
  );
  const memory: string[] = [];
  let last = performance.now();
  bar.start(persons, 0, { heap: "-", rss: "-" });
  const summary = await generatePopulation(connection, {
    persons,
    seed: 1,
    chunkSize,
    onProgress: (done) => {
      const { heapUsed, rss } = process.memoryUsage();
      const now = performance.now();
      memory.push(`${done}: ${((now - last) / 1000).toFixed(1)} s, heap ${mb(heapUsed)}, rss ${mb(rss)}`);
      last = now;
      bar.update(done, { heap: mb(heapUsed), rss: mb(rss) });
    },
  });
  bar.stop();
  connection.disconnectSync();

  const perPerson = summary.seconds / persons;
  console.log(
    `database ${path}, chunk size ${chunkSize}, ${persons} persons in ${summary.seconds.toFixed(1)} s`,
  );
  console.log(
    `${Math.round(summary.personsPerSecond)} persons/s, ${Math.round(summary.rowsPerSecond)} rows/s,`,
  );
  console.log(`${(summary.totalRows / persons).toFixed(1)} clinical rows per person`, summary.rows);
  console.log(
    `extrapolated to ${MID_NET_PATIENTS.toLocaleString("en")} persons: ${((perPerson * MID_NET_PATIENTS) / 60).toFixed(0)} min, ${Math.round((summary.totalRows / persons) * MID_NET_PATIENTS).toLocaleString("en")} rows`,
  );
  console.log(`time and memory after each chunk:\n  ${memory.join("\n  ")}`);
}

await main();
