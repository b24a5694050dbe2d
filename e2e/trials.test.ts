/// <reference lib="dom" />
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, launchChromium, loginAs as loginAsIn, startKakehashi } from "./harness.ts";

/** A number as the UI writes it in ja or en ("0.031"). */
const numberIn = (text: string | null) => Number((text ?? "").replace(/[^\d.]/g, ""));

describe("trial design wizard in Chromium", () => {
  let server: Awaited<ReturnType<typeof startKakehashi>>;
  let browser: Browser;
  let researcher: Page;
  let title = "";

  const loginAs = (email: string) => loginAsIn(browser, server.base, email);

  beforeAll(async () => {
    // the demo pipeline gives the demo researcher's university (Toto) a dozen seeds to attach to
    server = await startKakehashi({ pipelineDemo: true });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a researcher loads the ankylosing-spondylitis MAP example and evaluates it", async () => {
    researcher = await loginAs("researcher@toto-u.example");
    await researcher.getByTestId("nav-trials").click();
    await researcher.getByTestId("trials-page").waitFor();

    await researcher.getByTestId("prior-control-type").selectOption("map");
    await researcher.getByTestId("prior-control-as-example").click();
    const ns = researcher.locator('[data-testid="prior-control-studies"] [data-testid="study-n"]');
    expect(await ns.count()).toBe(8);
    expect(await ns.first().inputValue()).toBe("107");
    expect(
      await researcher
        .locator('[data-testid="prior-control-studies"] [data-testid="study-r"]')
        .last()
        .inputValue(),
    ).toBe("10");
    title = await researcher.getByTestId("design-title").inputValue();
    expect(title).not.toBe("");
    await researcher.getByTestId("design-n-treatment").fill("24");
    await researcher.getByTestId("design-n-control").fill("6");
    // the steps' summary lines follow the inputs
    expect(await researcher.getByTestId("design-step-2-summary").textContent()).toMatch(/8.*MAP|MAP.*8/);
    expect(await researcher.getByTestId("design-step-3-summary").textContent()).toContain("0.975");
    expect(await researcher.getByTestId("design-step-4-summary").textContent()).toMatch(/50/);

    await researcher.getByTestId("design-evaluate").click();
    const result = researcher.getByTestId("design-result");
    await result.waitFor({ timeout: 90_000 });
    await researcher.getByTestId("design-preview").waitFor();

    // the control prior: its effective sample size by three methods, and a converged MAP model
    const ess = researcher.getByTestId("ess-control");
    expect(await ess.locator("tbody tr").count()).toBe(3);
    expect(await ess.textContent()).toMatch(/ELIR/);
    expect(await ess.textContent()).toMatch(/Morita/);
    await researcher.getByTestId("map-converged-control").waitFor();
    expect(
      await researcher.getByTestId("map-candidates-control").locator("tbody tr").count(),
    ).toBeGreaterThan(0);
    await researcher.locator('[data-testid="map-shrinkage-control"] svg').first().waitFor();

    // the operating characteristics: a chart, the table behind it and the largest type I error
    await researcher.locator('[data-testid="design-oc-chart"] svg').first().waitFor();
    expect(await researcher.getByTestId("design-oc-table").locator("tbody tr").count()).toBe(50);
    const maxTypeI = numberIn(await researcher.getByTestId("design-max-type1").textContent());
    expect(maxTypeI).toBeGreaterThan(0);
    expect(maxTypeI).toBeLessThanOrEqual(1);
    expect(await researcher.getByTestId("design-oc-max-cell").count()).toBe(1);
    // the decision boundary: one row per number of control responders, 0 to 6
    expect(await researcher.getByTestId("design-boundary-table").locator("tbody tr").count()).toBe(7);
    await researcher.screenshot({ path: `${ARTIFACTS}trial-design-evaluated.png`, fullPage: true });
  }, 150_000);

  it("shows the server's field errors next to the fields", async () => {
    const probability = researcher.getByTestId("criterion-probability").first();
    await probability.fill("1.5");
    await researcher.getByTestId("design-evaluate").click();
    const errors = researcher.getByTestId("design-errors");
    await errors.waitFor({ timeout: 30_000 });
    expect(await errors.textContent()).toMatch(/基準 1|Criterion 1/);
    expect(await probability.getAttribute("aria-invalid")).toBe("true");
    await probability.fill("0.975");
  }, 60_000);

  it("saves the design, lists it and opens its report in a new tab", async () => {
    await researcher.getByTestId("design-save").click();
    await researcher.getByTestId("design-saved").waitFor({ timeout: 90_000 });
    const row = researcher.getByTestId("design-row").filter({ hasText: title });
    await row.first().waitFor();
    // the list shows the saved design's largest type I error, as the result does
    expect(await row.first().getByTestId("design-row-type1").textContent()).toBe(
      await researcher.getByTestId("design-max-type1").textContent(),
    );

    const link = researcher.getByTestId("design-report-link");
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/api\/trials\/designs\/[0-9a-f-]{36}\/report$/);
    expect(await link.getAttribute("target")).toBe("_blank");
    const response = await researcher.request.get(`${server.base}${href}`);
    expect(response.status()).toBe(200);
    expect(await response.text()).toMatch(/ESS|有効サンプルサイズ/);
    const [report] = await Promise.all([researcher.waitForEvent("popup"), link.click()]);
    await report.waitForLoadState("load");
    expect(await report.content()).toMatch(/ESS|有効サンプルサイズ/);
    await report.close();
  }, 150_000);

  it("shows a saved design again from the list after a reload", async () => {
    await researcher.reload();
    await researcher.getByTestId("trials-page").waitFor();
    await researcher
      .getByTestId("design-row")
      .filter({ hasText: title })
      .first()
      .getByTestId("design-show")
      .click();
    await researcher.getByTestId("design-saved").waitFor();
    await researcher.getByTestId("ess-control").waitFor();
  }, 60_000);

  it("attaches the saved design to one of the researcher's seeds", async () => {
    await researcher.getByTestId("design-attach-seed").waitFor();
    await researcher.getByTestId("design-attach").click();
    const done = researcher.getByTestId("design-attached");
    await done.waitFor({ timeout: 30_000 });
    await done.getByRole("link").click();
    await researcher.getByTestId("evidence-table").waitFor();
    await researcher.getByTestId("evidence-row").filter({ hasText: title }).first().waitFor();
  }, 60_000);

  it("roles that do not design trials see no link and are refused at #/trials", async () => {
    for (const email of ["reviewer@regulator.example", "partner@mirai-capital.example"]) {
      const page = await loginAs(email);
      expect(await page.getByTestId("nav-trials").count()).toBe(0);
      await page.goto(`${server.base}/#/trials`);
      await page.getByTestId("page-forbidden").waitFor();
      await page.context().close();
    }
  }, 60_000);
});
