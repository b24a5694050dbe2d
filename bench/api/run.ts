/**
 * Throughput and latency of an authenticated read route (GET /api/me with an API token: token
 * lookup, account load, zod serialisation, security headers) beside a bare Fastify route measured in
 * the same run on the same loopback, so the ratio says what the platform's layers cost.
 *
 *   npm run bench:api                    # embedded PGlite
 *   DATABASE_URL=postgres://… npm run bench:api
 *   BENCH_SECONDS=5 BENCH_CONNECTIONS=20 npm run bench:api
 */
import { buildServer, PLATFORM_MIGRATIONS } from "@kakehashi/server";
import { createApiToken, getAccount, migrateToLatest, openStore, seedDemo } from "@kakehashi/store";
import autocannon from "autocannon";
import Fastify from "fastify";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function load(url: string, headers: Record<string, string> = {}) {
  // bounded: fixed duration on loopback only
  const result = await autocannon({ url, connections, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
  };
}

const store = await openStore(
  process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: "memory://" },
);
await migrateToLatest(store.db, PLATFORM_MIGRATIONS);
await seedDemo(store.db);
const user = await store.db
  .selectFrom("users")
  .select("id")
  .where("email", "=", "biostat@core-hospital.example")
  .executeTakeFirst();
if (!user)
  throw new Error("demo account missing: the store already had other accounts; use an empty database");
const { token } = await createApiToken(store.db, await getAccount(store.db, user.id), { name: "bench" });

const app = await buildServer({ store });
const appUrl = await app.listen({ host: "127.0.0.1", port: 0 });
const bare = Fastify();
bare.get("/bare", async () => ({ ok: true }));
const bareUrl = await bare.listen({ host: "127.0.0.1", port: 0 });

console.log(
  `bench/api: ${seconds}s per route, ${connections} connections, store ${store.kind}, node ${process.version}`,
);
const baseline = await load(`${bareUrl}/bare`);
const route = await load(`${appUrl}/api/me`, { authorization: `Bearer ${token}` });

const row = (name: string, r: typeof baseline) =>
  `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms`;
console.log(row("bare Fastify GET /bare (baseline)", baseline));
console.log(row("GET /api/me (API token)", route));
console.log(`ratio authenticated / baseline: ${(route.rps / baseline.rps).toFixed(3)} of the throughput`);

await app.close();
await bare.close();
await store.close();
