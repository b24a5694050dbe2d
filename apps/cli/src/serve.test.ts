/**
 * `kakehashi serve` as a user starts it: the real CLI in its own process, on a fresh embedded store in a
 * temporary KAKEHASHI_DATA folder and a free loopback port, spoken to over HTTP.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatePopulation, openDataSource } from "@kakehashi/rwd";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@kakehashi/store";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/kakehashi.js", import.meta.url));
/** The CLI serves the built web UI from apps/web/dist (`npm run build:web`, which `npm test` runs first). */
const WEB_INDEX = fileURLToPath(new URL("../../web/dist/index.html", import.meta.url));

/** A first --demo start loads 64 seeds and partnering's demo (the RWD source is made small beforehand). */
const FIRST_DEMO_START_MS = 300_000;
const START_MS = 120_000;

interface Served {
  base: string;
  output: () => string;
  stop: () => Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Starts `kakehashi serve` on port 0 and resolves once it prints the address it listens on. */
function serve(
  dataDir: string,
  env: Record<string, string>,
  args: string[],
  waitMs: number,
): Promise<Served> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  // a CI run's PostgreSQL, ports, data folders or mail server must not reach the served instance
  for (const name of [
    "DATABASE_URL",
    "PORT",
    "HOST",
    "KAKEHASHI_RWD_DIR",
    "KAKEHASHI_SCREEN_DIR",
    "KAKEHASHI_LAG_DIR",
    "KAKEHASHI_SMTP_URL",
  ])
    delete childEnv[name];
  Object.assign(childEnv, env, { KAKEHASHI_DATA: dataDir, KAKEHASHI_LANG: "en", LANG: "C.UTF-8" });
  const child = spawn(process.execPath, [BIN, "serve", "--host", "127.0.0.1", "--port", "0", ...args], {
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let text = "";
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    return exited;
  };
  return new Promise<Served>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`kakehashi serve did not start within ${waitMs / 1000} s; it printed:\n${text}`));
    }, waitMs);
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const address = /Kakehashi: (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (address?.[1]) {
        clearTimeout(timer);
        resolve({ base: address[1], output: () => text, stop });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kakehashi serve exited (${code}) before listening; it printed:\n${text}`));
    });
  });
}

/** Logs in with a password; the session cookie and CSRF token, or the refusal. */
async function login(base: string, email: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "accept-language": "en" },
    body: JSON.stringify({ email, password }),
  });
  const body = await res.json();
  const cookie = /kh_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")?.[0] ?? "";
  return { res, body, cookie, csrf: body.csrfToken as string | undefined };
}

async function seedTotal(base: string, cookie: string, q?: string): Promise<number> {
  const res = await fetch(`${base}/api/seeds?limit=1${q ? `&q=${encodeURIComponent(q)}` : ""}`, {
    headers: { cookie },
  });
  expect(res.status).toBe(200);
  return (await res.json()).total;
}

describe("kakehashi serve, a real process on a temporary data folder", () => {
  let folder: string;
  let sharedData: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "kh-serve-"));
    // no shared data sets: the screen demo and the real approval lists stay off, which keeps a start short
    sharedData = join(folder, "no-shared-data");
    mkdirSync(sharedData);
  });
  afterAll(async () => {
    await Promise.all([...running].map((child) => new Promise((r) => child.once("exit", r).kill("SIGKILL"))));
    rmSync(folder, { recursive: true, force: true });
  });

  it(
    "without --demo: no accounts and how to make the first admin, no demo accounts or demo login, OpenAPI 3.1",
    async () => {
      const exits: (number | null)[] = [];
      const server = await serve(join(folder, "plain"), { KAKEHASHI_SHARED_DATA: sharedData }, [], START_MS);
      try {
        const { base } = server;
        expect(server.output()).toMatch(
          /No accounts yet: create the first administrator with `kakehashi admin create`\./,
        );
        expect(server.output()).not.toMatch(/Demo data loaded/);
        expect(server.output()).toMatch(/\(pglite: .*plain\)/);

        const health = await fetch(`${base}/api/health`);
        expect(await health.json()).toMatchObject({ status: "ok", store: "pglite" });

        const demoList = await fetch(`${base}/api/demo/accounts`);
        expect(demoList.status).toBe(404);
        expect(demoList.headers.get("content-type")).toMatch(/^application\/problem\+json/);

        const demoAccount = DEMO_ACCOUNTS[0]?.email ?? "";
        expect(demoAccount).not.toBe("");
        const refused = await login(base, demoAccount, DEMO_PASSWORD);
        expect(refused.res.status).toBe(401);
        expect(refused.res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(refused.body).toMatchObject({ status: 401, title: "Login failed" });
        expect(refused.cookie).toBe("");

        const session = await (await fetch(`${base}/api/auth/session`)).json();
        expect(session).toMatchObject({ user: null, demo: false });

        const openapi = await fetch(`${base}/openapi.json`);
        expect(openapi.status).toBe(200);
        const doc = await openapi.json();
        expect(doc.openapi).toBe("3.1.0");
        const validation = await new Validator().validate(doc);
        expect(validation.errors ?? []).toEqual([]);
        expect(validation.valid).toBe(true);
      } finally {
        exits.push(await server.stop());
      }
      expect(exits, "SIGTERM stops the server cleanly").toEqual([0]);
    },
    START_MS + 60_000,
  );

  it(
    "with --demo twice on one folder: the demo is loaded once and the data survive the restart; / serves the web UI",
    async () => {
      const data = join(folder, "demo");
      // a small synthetic source made here, so that serve does not spend minutes generating its 20 000 persons
      const rwd = join(folder, "demo-rwd");
      mkdirSync(rwd, { recursive: true });
      const source = await openDataSource(join(rwd, "small-hospital.duckdb"));
      await generatePopulation(source.connection, { persons: 300, seed: 7 });
      await source.close();
      const env = { KAKEHASHI_SHARED_DATA: sharedData, KAKEHASHI_RWD_DIR: rwd };
      const researcher = DEMO_ACCOUNTS.find((a) => a.role === "researcher")?.email ?? "";
      const company = DEMO_ACCOUNTS.find((a) => a.role === "company")?.email ?? "";

      // first start: an empty folder gets the demo
      const exits: (number | null)[] = [];
      const first = await serve(data, env, ["--demo"], FIRST_DEMO_START_MS);
      let total: number;
      try {
        const loaded = /Demo data loaded \((\d+) seeds\)\./.exec(first.output());
        expect(loaded, first.output()).not.toBeNull();
        const seeds = Number(loaded?.[1]);
        expect(seeds).toBeGreaterThanOrEqual(60);
        expect(first.output()).not.toMatch(/No accounts yet/);

        const list = await fetch(`${first.base}/api/demo/accounts`);
        expect(list.status).toBe(200);
        const demo = await list.json();
        expect(demo.password).toBe(DEMO_PASSWORD);
        expect(demo.accounts.map((a: { email: string }) => a.email)).toEqual(
          DEMO_ACCOUNTS.map((a) => a.email),
        );

        const asResearcher = await login(first.base, researcher, DEMO_PASSWORD);
        expect(asResearcher.res.status).toBe(200);
        expect(await seedTotal(first.base, asResearcher.cookie)).toBe(seeds);
        const asCompany = await login(first.base, company, DEMO_PASSWORD);
        expect(asCompany.res.status).toBe(200);
        expect(await seedTotal(first.base, asCompany.cookie)).toBe(seeds);
        const session = await (
          await fetch(`${first.base}/api/auth/session`, { headers: { cookie: asResearcher.cookie } })
        ).json();
        expect(session).toMatchObject({ demo: true, user: { email: researcher } });

        // a seed registered now must be there after the restart
        const created = await fetch(`${first.base}/api/seeds`, {
          method: "POST",
          headers: {
            cookie: asResearcher.cookie,
            "x-csrf-token": asResearcher.csrf ?? "",
            "content-type": "application/json",
          },
          body: JSON.stringify({
            titleJa: "再起動後も残るシーズ",
            titleEn: "Seed that outlives a restart",
            targetSymbol: "GPR75",
            modality: "peptide",
            icd10: "E66.9",
            indication: "肥満症 / obesity",
            stage: "hit",
            publicSummaryJa: "再起動の確認用。",
            publicSummaryEn: "For the restart check.",
            confidentialDetails: "なし",
          }),
        });
        expect(created.status, await created.clone().text()).toBe(201);
        total = await seedTotal(first.base, asResearcher.cookie);
        expect(total).toBe(seeds + 1);
      } finally {
        exits.push(await first.stop());
      }

      // second start on the same folder: nothing is loaded again, everything is still there
      const second = await serve(data, env, ["--demo"], START_MS);
      try {
        expect(second.output()).not.toMatch(/Demo data loaded/);
        expect(second.output()).not.toMatch(/Generating a demo RWD source/);
        const again = await login(second.base, researcher, DEMO_PASSWORD);
        expect(again.res.status).toBe(200);
        expect(await seedTotal(second.base, again.cookie)).toBe(total);
        expect(await seedTotal(second.base, again.cookie, "再起動後も残る")).toBe(1);
        const demo = await (await fetch(`${second.base}/api/demo/accounts`)).json();
        expect(demo.accounts).toHaveLength(DEMO_ACCOUNTS.length);

        // the web UI at / (and at any client route), when it has been built
        if (existsSync(WEB_INDEX)) {
          for (const path of ["/", "/seeds"]) {
            const page = await fetch(`${second.base}${path}`);
            expect(page.status).toBe(200);
            expect(page.headers.get("content-type")).toMatch(/^text\/html/);
            expect(await page.text()).toBe(readFileSync(WEB_INDEX, "utf8"));
          }
        } else {
          console.warn(
            `serve.test: ${WEB_INDEX} is missing, so whether / serves the web UI was NOT checked (run \`npm run build:web\`)`,
          );
          expect((await fetch(`${second.base}/`)).status).toBe(404);
        }
      } finally {
        exits.push(await second.stop());
      }
      expect(exits, "SIGTERM stops the server cleanly").toEqual([0, 0]);
    },
    FIRST_DEMO_START_MS + START_MS + 60_000,
  );
});
