/// <reference lib="dom" />
import { DEMO_PASSWORD } from "@kakehashi/store";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, launchChromium, startKakehashi } from "./harness.ts";

/** The header's role labels in Japanese, the UI's default language. */
const ROLE_LABELS_JA: Record<string, string> = {
  researcher: "研究者",
  tlo: "TLO・知財部門",
  company: "企業",
  investor: "投資家",
  funder: "資金配分機関",
  regulator: "規制当局",
  mentor: "伴走支援者",
  analyst: "データ解析者",
  admin: "管理者",
};

describe("web UI in Chromium", () => {
  let server: Awaited<ReturnType<typeof startKakehashi>>;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    server = await startKakehashi({ pipelineDemo: false });
    base = server.base;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the login page in Japanese and reports a wrong password in Japanese", async () => {
    await page.goto(base);
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    await page.getByTestId("login-email").fill("researcher@toto-u.example");
    await page.getByTestId("login-password").fill("wrong password");
    await page.getByTestId("login-submit").click();
    const error = page.getByTestId("login-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("メールアドレスまたはパスワードが違います");
  });

  it("logs in, shows the five areas of the report, switches to English and keeps it across a reload", async () => {
    await page.getByTestId("login-password").fill(DEMO_PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("home").waitFor();
    for (const n of [1, 2, 3, 4, 5]) expect(await page.getByTestId(`area-${n}`).isVisible()).toBe(true);
    expect(await page.getByTestId("area-1").textContent()).toContain("産学");
    expect(await page.textContent("header")).toContain("山田 花子");
    await page.screenshot({ path: `${ARTIFACTS}home-ja.png`, fullPage: true });

    await page.getByTestId("lang-switch").click();
    await page.waitForFunction(() => document.documentElement.lang === "en");
    expect(await page.getByTestId("area-1").textContent()).toContain("Bridging academia and industry");
    await page.reload();
    await page.getByTestId("home").waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.getByTestId("area-5").textContent()).toMatch(/drug lag/i);
    await page.screenshot({ path: `${ARTIFACTS}home-en.png`, fullPage: true });
  });

  it("logs out and the session is gone", async () => {
    await page.getByTestId("logout").click();
    await page.getByTestId("login-email").waitFor();
    const me = await page.evaluate(async () => (await fetch("/api/me")).status);
    expect(me).toBe(401);
  });

  it("logs in with a demo account button", async () => {
    await page.getByTestId("demo-login-regulator").click();
    await page.getByTestId("home").waitFor();
    expect(await page.textContent("header")).toContain("伊藤 直子");
  });

  it("each demo login button logs in as that role, and the header shows the role", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    try {
      const demoPage = await context.newPage();
      await demoPage.goto(base);
      const demo = await demoPage.evaluate(async () => (await fetch("/api/demo/accounts")).json());
      const accounts = demo.accounts as { email: string; displayName: string; role: string }[];
      const roles = [...new Set(accounts.map((a) => a.role))];
      expect(roles.length).toBeGreaterThanOrEqual(9);
      for (const role of roles) {
        // the button logs in with the first demo account of the role
        const account = accounts.find((a) => a.role === role);
        if (!account) throw new Error(role);
        await demoPage.getByTestId(`demo-login-${role}`).click();
        await demoPage.getByTestId("home").waitFor();
        expect(await demoPage.getByTestId("user-roles").textContent(), role).toBe(ROLE_LABELS_JA[role]);
        expect(await demoPage.getByTestId("user-name").textContent(), role).toBe(account.displayName);
        const me = await demoPage.evaluate(async () => (await fetch("/api/me")).json());
        expect(me).toMatchObject({ email: account.email, roles: [role] });
        await demoPage.getByTestId("logout").click();
        await demoPage.getByTestId("demo-accounts").waitFor();
      }
    } finally {
      await context.close();
    }
  });

  it("renders the API reference page from /openapi.json", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/docs/`);
    await page.locator(".swagger-ui .title").waitFor();
    expect(await page.locator(".swagger-ui .title").textContent()).toContain("Kakehashi API");
    expect(await page.locator(".opblock-summary-path").allTextContents()).toContain("/api/auth/login");
    expect(errors).toEqual([]);
  });
});
