/// <reference lib="dom" />
/**
 * The drug-lag monitor's screens on the real FDA, PMDA and EMA lists (../shared/data/approvals, or
 * KAKEHASHI_SHARED_DATA): the figures and the medicines behind a number, a medicine's approvals, a seed's
 * indication against existing medicines, both languages. Says so when the lists are absent.
 */
import { existsSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APPROVALS_FOLDER,
  ARTIFACTS,
  launchChromium,
  loginAs as loginAsIn,
  startKakehashi,
} from "./harness.ts";

const haveApprovals = existsSync(APPROVALS_FOLDER);

describe.skipIf(!haveApprovals)("drug-lag monitor in Chromium", () => {
  let server: Awaited<ReturnType<typeof startKakehashi>>;
  let browser: Browser;
  let researcher: Page;

  const loginAs = (email: string) => loginAsIn(browser, server.base, email);

  beforeAll(async () => {
    server = await startKakehashi({ pipelineDemo: true, lagData: true });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a researcher sees the three sources, the lag by year and the medicines behind a year", async () => {
    researcher = await loginAs("researcher@toto-u.example");
    await researcher.getByTestId("nav-lag").click();
    await researcher.getByTestId("lag-page").waitFor();

    // the status line: each source with its rows, the PMDA list's dates, the medicines
    const sources = researcher.getByTestId("lag-status-source");
    await sources.first().waitFor({ timeout: 90_000 });
    expect(
      (await sources.evaluateAll((els) => els.map((e) => e.getAttribute("data-source")))).sort(),
    ).toEqual(["ema", "fda", "pmda"]);
    for (const text of await sources.allTextContents()) expect(text).toMatch(/[\d,]+ 行中 [\d,]+ 行を使用/);
    expect(await researcher.getByTestId("lag-status-counts").textContent()).toMatch(
      /PMDA 一覧の収載期間: \d{4}-\d{2}-\d{2}〜\d{4}-\d{2}-\d{2}.*医薬品 [\d,]+/,
    );

    // the lag by year: a chart and the table beside it, with its definition and CSV
    await researcher.locator('[data-testid="lag-by-year-chart"] svg').first().waitFor({ timeout: 60_000 });
    const rows = researcher.getByTestId("lag-year-row");
    const ns = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-n"))));
    expect(ns.length).toBeGreaterThan(5);
    const n = Math.max(...ns);
    expect(n).toBeGreaterThan(0);
    const index = ns.indexOf(n);
    expect(await researcher.getByTestId("lag-by-year-definition").textContent()).toContain("ドラッグ・ラグ");
    const csvHref = (await researcher.getByTestId("lag-by-year-csv").getAttribute("href")) ?? "";
    expect(csvHref).toMatch(/^\/api\/lag\/figure\.csv\?analysis=lag&by=year&basis=jp-approval/);
    const csv = await researcher.request.get(`${server.base}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(String(await rows.nth(index).getAttribute("data-year")));

    // a year's n opens the medicines behind it: that many rows (50 a page)
    await rows.nth(index).getByTestId("lag-year-n").click();
    const panel = researcher.getByTestId("lag-panel");
    await panel.waitFor();
    await expect
      .poll(() => panel.getByTestId("lag-medicine-row").count(), { timeout: 30_000 })
      .toBe(Math.min(n, 50));
    expect(await panel.getByTestId("lag-panel-count").getAttribute("data-total")).toBe(String(n));

    // the other figures: lag by area, the drug-loss share, orphan against non-orphan
    await researcher.locator('[data-testid="lag-by-area-chart"] svg').first().waitFor();
    expect(await researcher.getByTestId("lag-area-row").count()).toBeGreaterThan(3);
    await researcher.locator('[data-testid="lag-loss-chart"] svg').first().waitFor();
    const lossN = researcher.getByTestId("lag-loss-row").first().getByTestId("lag-loss-not-approved");
    const notApproved = Number(await lossN.textContent());
    await lossN.click();
    await expect
      .poll(() => researcher.getByTestId("lag-panel").getByTestId("lag-medicine-row").count(), {
        timeout: 30_000,
      })
      .toBe(Math.min(notApproved, 50));
    const statuses = await researcher
      .getByTestId("lag-panel")
      .getByTestId("lag-status-badge")
      .allTextContents();
    expect(statuses.every((s) => s !== "")).toBe(true);
    await researcher.getByTestId("lag-orphan-row-orphan").waitFor();
    expect(Number(await researcher.getByTestId("lag-orphan-lag-n").first().textContent())).toBeGreaterThan(0);
  }, 180_000);

  it("finds pembrolizumab among the medicines and shows its approvals in the US, the EU and Japan", async () => {
    await researcher.getByTestId("tab-medicines").click();
    await researcher.getByTestId("lag-medicines").waitFor();
    await researcher.getByTestId("lag-search").fill("pembrolizumab");
    const total = researcher.getByTestId("lag-medicines-total");
    await expect
      .poll(async () => Number(await total.getAttribute("data-total")), { timeout: 30_000 })
      .toBe(1);
    await researcher
      .getByTestId("lag-medicine-row")
      .filter({ hasText: "pembrolizumab" })
      .getByTestId("lag-medicine-link")
      .click();

    await researcher.getByTestId("lag-medicine").waitFor();
    expect(await researcher.getByTestId("lag-medicine-name").textContent()).toBe("pembrolizumab");
    expect(await researcher.getByTestId("lag-medicine-date-us").textContent()).toBe("2014-09-04");
    expect(await researcher.getByTestId("lag-medicine-date-eu").textContent()).toBe("2015-07-17");
    expect(await researcher.getByTestId("lag-medicine-date-jp").textContent()).toBe("2016-09-28");
    expect(await researcher.getByTestId("lag-medicine-lag").textContent()).toBe("24.8 か月");
    expect(await researcher.getByTestId("lag-region-us").textContent()).toContain("Keytruda");
    await researcher.locator('[data-testid="lag-timeline"] svg').first().waitFor();
    expect(await researcher.getByTestId("lag-indication-row").count()).toBeGreaterThan(0);
    await researcher.getByTestId("lag-medicine-matching").waitFor();
    await researcher.screenshot({ path: `${ARTIFACTS}lag-medicine.png`, fullPage: true });

    // back to the list, with the search kept in the address
    await researcher.getByTestId("lag-back").click();
    await researcher.getByTestId("lag-medicines").waitFor();
  }, 90_000);

  it("shows the existing medicines of a lung-cancer seed's indication", async () => {
    await researcher.goto(`${server.base}/#/seeds?icd10=C34.9`);
    const link = researcher.getByTestId("seed-row-link").first();
    await link.waitFor();
    await link.click();
    await researcher.getByTestId("seed-detail").waitFor();
    await researcher.getByTestId("tab-lag").click();
    await researcher.getByTestId("seed-lag").waitFor({ timeout: 60_000 });
    const n = Number(await researcher.getByTestId("seed-lag-n").getAttribute("data-n"));
    expect(n).toBeGreaterThan(0);
    expect(await researcher.getByTestId("seed-lag-table").getByTestId("lag-medicine-row").count()).toBe(
      Math.min(n, 100),
    );
    // a medicine of the list opens its page
    await researcher.getByTestId("seed-lag-table").getByTestId("lag-medicine-link").first().click();
    await researcher.getByTestId("lag-medicine-name").waitFor();
    await researcher.goBack();
    await researcher.getByTestId("seed-lag").waitFor();
  }, 90_000);

  it("reads in English", async () => {
    await researcher.getByTestId("lang-switch").click();
    expect(await researcher.getByTestId("tab-lag").textContent()).toBe("Drug lag for this indication");
    expect(await researcher.getByTestId("nav-lag").textContent()).toBe("Drug lag");
    await researcher.getByTestId("nav-lag").click();
    await researcher.getByTestId("lag-page").waitFor();
    for (const text of await researcher.getByTestId("lag-status-source").allTextContents())
      expect(text).toMatch(/[\d,]+ of [\d,]+ rows used/);
    await researcher.locator('[data-testid="lag-by-year-chart"] svg').first().waitFor({ timeout: 60_000 });
    expect(await researcher.getByTestId("lag-by-year-definition").textContent()).toContain(
      "Drug lag by year",
    );
    await researcher.locator('[data-testid="lag-loss-chart"] svg').first().waitFor();
    await researcher.getByTestId("lag-orphan-table").waitFor();
    await researcher.screenshot({ path: `${ARTIFACTS}lag-dashboard.png`, fullPage: true });
  }, 90_000);

  it("is there for every role, and the data-quality tab accounts for the rows", async () => {
    const partner = await loginAs("partner@mirai-capital.example");
    await partner.getByTestId("nav-lag").click();
    await partner.getByTestId("tab-quality").click();
    await partner.getByTestId("lag-accounting").waitFor({ timeout: 60_000 });
    expect(await partner.getByTestId("lag-accounting-row").count()).toBe(3);
    await partner.getByTestId("lag-faults-table").waitFor();
    expect(await partner.getByTestId("lag-fault-row").count()).toBeGreaterThan(0);
    await partner.getByTestId("lag-faults-source").selectOption("pmda");
    await expect
      .poll(async () =>
        (await partner.getByTestId("lag-fault-row").allTextContents()).every((t) => t.startsWith("PMDA")),
      )
      .toBe(true);
    await partner.getByTestId("lag-unmatched-table").waitFor();
    await partner.context().close();
  }, 90_000);
});

if (!haveApprovals)
  console.warn(`approval lists not found under ${APPROVALS_FOLDER}: e2e/lag.test.ts did not run`);
