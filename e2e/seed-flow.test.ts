/// <reference lib="dom" />
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, launchChromium, loginAs as loginAsIn, startKakehashi } from "./harness.ts";

const SECRET = "配列 cyclo(-Ala-Trp-Lys-) は非公開";
const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

describe("seed to partner in Chromium: create, request access, grant, see the confidential tab", () => {
  let server: Awaited<ReturnType<typeof startKakehashi>>;
  let browser: Browser;
  let base: string;
  let researcher: Page;
  let company: Page;
  let seedUrl = "";

  const loginAs = (email: string) => loginAsIn(browser, base, email, { width: 1280, height: 900 });

  beforeAll(async () => {
    server = await startKakehashi({ pipelineDemo: true });
    base = server.base;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a researcher registers a seed, after fixing what the form reports", async () => {
    researcher = await loginAs("researcher@toto-u.example");
    await researcher.getByTestId("nav-new-seed").click();
    await researcher.getByTestId("new-seed-form").waitFor();
    await researcher.getByTestId("field-titleJa").fill("GPR75 拮抗性環状ペプチド");
    await researcher.getByTestId("field-titleEn").fill("GPR75-antagonist macrocyclic peptide");
    await researcher.getByTestId("field-targetSymbol").fill("GPR75");
    await researcher.getByTestId("field-modality").selectOption("peptide");
    await researcher.getByTestId("field-icd10").fill("肥満");
    await researcher.getByTestId("field-indication").fill("肥満症 / obesity");
    await researcher.getByTestId("field-stage").selectOption("hit");
    await researcher
      .getByTestId("field-publicSummaryJa")
      .fill("肥満症を対象とした GPR75 拮抗ペプチド。導出先を探しています。");
    await researcher
      .getByTestId("field-publicSummaryEn")
      .fill("GPR75-antagonist peptide for obesity; looking for a licensee.");
    await researcher.getByTestId("field-confidentialDetails").fill(SECRET);
    await researcher.getByTestId("new-seed-submit").click();
    const errors = researcher.getByTestId("form-errors");
    await errors.waitFor();
    expect(await errors.textContent()).toMatch(/icd10|ICD-10/i);

    await researcher.getByTestId("field-icd10").fill("E66.9");
    await researcher.getByTestId("new-seed-submit").click();
    await researcher.getByTestId("seed-detail").waitFor();
    expect(await researcher.getByTestId("confidential-details").textContent()).toContain(SECRET);
    seedUrl = researcher.url();
    expect(seedUrl).toMatch(/#\/seeds\/[0-9a-f-]{36}/);
  });

  it("a company finds it by a Japanese word, sees only the public summary, and asks for access", async () => {
    company = await loginAs("bd@sakura-pharma.example");
    await company.getByTestId("nav-seeds").click();
    await company.getByTestId("seed-list").waitFor();
    await company.getByTestId("seed-search").fill("拮抗性");
    await company.getByTestId("seed-search").press("Enter");
    const row = company.getByTestId("seed-row").filter({ hasText: "GPR75" });
    await row.first().waitFor();
    // the list refreshes as the query settles: wait for the filtered result
    await expect.poll(() => company.getByTestId("seed-row").count(), { timeout: 10_000 }).toBe(1);
    await row.first().click();
    await company.getByTestId("seed-detail").waitFor();
    expect(await company.getByTestId("confidential-details").count()).toBe(0);
    expect(await company.content()).not.toContain(SECRET);
    await company.getByTestId("tab-evidence").click();
    await company.getByTestId("locked").waitFor();
    await company.getByTestId("tab-access").click();
    await company.getByTestId("request-message").fill("導出の検討のため、非公開データを拝見したく存じます。");
    await company.getByTestId("request-access").click();
    await company
      .getByText(/申請中|requested/i)
      .first()
      .waitFor();
  });

  it("the owner grants it under an NDA with an expiry date", async () => {
    await researcher.goto(seedUrl);
    await researcher.reload();
    await researcher.getByTestId("seed-detail").waitFor();
    await researcher.getByTestId("tab-access").click();
    await researcher.locator('[data-testid^="grant-approve-"]').first().click();
    await researcher.getByTestId("grant-nda").fill("NDA-2026-042");
    await researcher.getByTestId("grant-expires").fill(inDays(90));
    await researcher.getByTestId("grant-submit").click();
    await researcher
      .getByText(/有効|active/i)
      .first()
      .waitFor();
  });

  it("the company now sees the confidential details and the evidence tab", async () => {
    await company.goto(seedUrl);
    await company.reload();
    await company.getByTestId("seed-detail").waitFor();
    const details = company.getByTestId("confidential-details");
    await details.waitFor();
    expect(await details.textContent()).toContain(SECRET);
    await company.getByTestId("tab-evidence").click();
    await company.waitForTimeout(300);
    expect(await company.getByTestId("locked").count()).toBe(0);
    await company.screenshot({ path: `${ARTIFACTS}seed-company-granted.png`, fullPage: true });
  });

  it("a funder sees the KPI dashboard with charts", async () => {
    const funder = await loginAs("po@funder.example");
    await funder.getByTestId("nav-kpis").click();
    await funder.getByTestId("kpi-dashboard").waitFor();
    await funder.locator('[data-testid="kpi-dashboard"] svg').first().waitFor();
    expect(await funder.locator('[data-testid="kpi-dashboard"] svg').count()).toBeGreaterThanOrEqual(3);
    await funder.screenshot({ path: `${ARTIFACTS}kpi-dashboard.png`, fullPage: true });
  });
});
