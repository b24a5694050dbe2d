/// <reference lib="dom" />
import { DEMO_PASSWORD } from "@kakehashi/store";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, launchChromium, startKakehashi } from "./harness.ts";

describe("real-world data screen in Chromium", () => {
  let server: Awaited<ReturnType<typeof startKakehashi>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startKakehashi({ pipelineDemo: true, rwdPersons: 20_000 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(server.base);
    await page.getByTestId("login-email").fill("biostat@core-hospital.example");
    await page.getByTestId("login-password").fill(DEMO_PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("home").waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("runs the pre-filled G-CSF study and shows the hazard ratio and the sandboxed report", async () => {
    expect(await page.getByTestId("area-2-link").isVisible()).toBe(true);
    await page.getByTestId("nav-rwd").click();
    await page.getByTestId("rwd-page").waitFor();
    await page.getByTestId("study-run").click();
    const result = page.getByTestId("study-result");
    await result.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("study-hr").textContent()).toMatch(/\d\.\d+/);
    expect(await page.getByTestId("study-report").getAttribute("sandbox")).toBe("allow-scripts");
    await page.screenshot({ path: `${ARTIFACTS}rwd-study.png`, fullPage: true });
  }, 90_000);

  it("runs the data-quality checks of the source", async () => {
    await page.getByTestId("quality-run").click();
    await page.getByTestId("quality-summary").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("quality-summary").textContent()).toMatch(/\d/);
  }, 60_000);
});
