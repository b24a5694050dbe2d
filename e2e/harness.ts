import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { matchingDb, seedCommunityDemo, seedMatchingDemo } from "@kakehashi/partnering";
import { pipelineDb, seedPipelineDemo, todayIso } from "@kakehashi/pipeline";
import { generatePopulation, openDataSource, SourceRegistry } from "@kakehashi/rwd";
import { buildServer, DEFAULT_WEB_DIST, PLATFORM_MIGRATIONS } from "@kakehashi/server";
import { DEMO_PASSWORD, seedDemo } from "@kakehashi/store";
import { openTestStore } from "@kakehashi/store/testing";
import { type Browser, chromium, type Page } from "playwright-core";

export const ARTIFACTS = new URL("../.test-artifacts/", import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The built web UI; KAKEHASHI_E2E_WEB_DIST points at another build (e.g. `vite build --outDir …`). */
const WEB_DIST = process.env.KAKEHASHI_E2E_WEB_DIST ?? DEFAULT_WEB_DIST;

/** A real server on a loopback port over a fresh embedded store with the demo accounts (and seeds). */
/** The real approval lists (FDA, PMDA, EMA) of ../shared/data, or KAKEHASHI_SHARED_DATA; CI always has them. */
export const APPROVALS_FOLDER = join(
  process.env.KAKEHASHI_SHARED_DATA ?? fileURLToPath(new URL("../../shared/data", import.meta.url)),
  "approvals",
);

export async function startKakehashi(options: {
  pipelineDemo?: boolean;
  rwdPersons?: number;
  /** serve the drug-lag monitor on the real approval lists */
  lagData?: boolean;
  /** partnering's demo (profiles, deals, desk, consortia, forum) over the pipeline demo */
  partneringDemo?: boolean;
}) {
  if (!existsSync(`${WEB_DIST}/index.html`))
    throw new Error(`the web UI is not built (${WEB_DIST}): run \`npm run build:web\` or \`npm test\``);
  mkdirSync(ARTIFACTS, { recursive: true });
  const store = await openTestStore("pglite", "memory://", PLATFORM_MIGRATIONS);
  await seedDemo(store.db);
  if (options.pipelineDemo || options.partneringDemo)
    await seedPipelineDemo(pipelineDb(store.db), todayIso());
  if (options.partneringDemo) {
    await seedMatchingDemo(matchingDb(store.db), todayIso());
    await seedCommunityDemo(store.db, todayIso());
  }
  const rwdFolder = mkdtempSync(join(tmpdir(), "kh-e2e-rwd-"));
  if (options.rwdPersons) {
    const source = await openDataSource(join(rwdFolder, "demo-hospital.duckdb"));
    await generatePopulation(source.connection, { persons: options.rwdPersons, seed: 2020 });
    await source.close();
  }
  const app = await buildServer({
    store,
    webDist: WEB_DIST,
    rwdSources: new SourceRegistry(rwdFolder),
    ...(options.lagData ? { lagFolder: APPROVALS_FOLDER } : {}),
  });
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    base,
    store,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(rwdFolder, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with nothing reaching out of this machine. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: \`npm test\` installs Debian's chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/** A fresh browser context logged in as a demo account, on the home page. */
export async function loginAs(
  browser: Browser,
  base: string,
  email: string,
  viewport = { width: 1280, height: 1000 },
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(base);
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(DEMO_PASSWORD);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("home").waitFor();
  return page;
}
