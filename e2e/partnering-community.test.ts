/// <reference lib="dom" />
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, launchChromium, loginAs as loginAsIn, startKakehashi } from "./harness.ts";

const RESEARCHER_REPLY = "E2E: 研究者からの返信です。RNA-seq の閾値を事前に固定します。";
const REGULATOR_REPLY = "E2E: 規制当局からの補足です。検出感度の根拠も資料に記載してください。";

interface Card {
  id: string;
  nameEn: string;
}
interface Detail {
  detail: {
    totals: { specimens: number };
    specimens: { specimenType: string; icd10: string; count: number }[];
  } | null;
}

/** GET a JSON API path from the page, with the page's session cookie. */
const apiGet = <T>(page: Page, path: string) =>
  page.evaluate(async (p) => {
    const response = await fetch(p, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${p}: HTTP ${response.status}`);
    return response.json();
  }, path) as Promise<T>;

describe("partnering community in Chromium: forum with the regulator, consortium catalogue", () => {
  let server: Awaited<ReturnType<typeof startKakehashi>>;
  let browser: Browser;
  let base: string;
  let threadUrl = "";
  let consortiumUrl = "";

  const loginAs = (email: string) => loginAsIn(browser, base, email, { width: 1280, height: 900 });

  beforeAll(async () => {
    server = await startKakehashi({ pipelineDemo: true, partneringDemo: true });
    base = server.base;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a researcher opens the forum, opens a thread and replies", async () => {
    const researcher = await loginAs("researcher@toto-u.example");
    await researcher.goto(`${base}/#/partnering/forum`);
    await researcher.getByTestId("forum-threads").waitFor();
    const thread = researcher.getByTestId("forum-thread").filter({ hasText: "Off-target" });
    // the demo thread had the regulator take part: the list marks it
    expect(await thread.getByTestId("forum-thread-regulator").textContent()).toBe("規制当局");
    const before = Number(await thread.getByTestId("forum-thread-posts").textContent());
    expect(before).toBeGreaterThan(1);

    // the topic filter narrows the list to the thread's topic
    await researcher.getByTestId("forum-topic-filter").selectOption("cmc");
    await researcher.getByTestId("forum-empty").waitFor();
    await researcher.getByTestId("forum-topic-filter").selectOption("new_modality");
    await thread.getByTestId("forum-thread-link").click();

    await researcher.getByTestId("thread-title").waitFor();
    expect(await researcher.getByTestId("thread-title").textContent()).toContain("Off-target");
    threadUrl = researcher.url();
    expect(threadUrl).toMatch(/#\/partnering\/forum\/[0-9a-f-]{36}$/);
    expect(await researcher.getByTestId("thread-post").count()).toBe(before);

    await researcher.getByTestId("thread-reply-body").fill(RESEARCHER_REPLY);
    await researcher.getByTestId("thread-reply-submit").click();
    const mine = researcher.getByTestId("thread-post").filter({ hasText: RESEARCHER_REPLY });
    await mine.waitFor();
    expect(await researcher.getByTestId("thread-post").count()).toBe(before + 1);
    expect(await mine.getAttribute("data-regulator")).toBe("false");
    expect(await mine.getByTestId("post-author").textContent()).toBe("山田 花子");
    expect(await mine.getByTestId("regulator-badge").count()).toBe(0);
    await researcher.context().close();
  });

  it("the regulator replies in the same thread and the post is marked as the regulator's", async () => {
    const regulator = await loginAs("reviewer@regulator.example");
    await regulator.goto(threadUrl);
    await regulator.getByTestId("thread-title").waitFor();
    await regulator.getByTestId("reply-as-regulator").waitFor();
    await regulator.getByTestId("thread-reply-body").fill(REGULATOR_REPLY);
    await regulator.getByTestId("thread-reply-submit").click();
    const post = regulator.getByTestId("thread-post").filter({ hasText: REGULATOR_REPLY });
    await post.waitFor();
    expect(await post.getAttribute("data-regulator")).toBe("true");
    expect(await post.getByTestId("regulator-badge").textContent()).toBe("規制当局");
    expect(await post.getByTestId("post-author").textContent()).toBe("伊藤 直子");
    // the last post is the regulator's, after the researcher's reply
    const posts = regulator.getByTestId("thread-post");
    expect(await posts.last().textContent()).toContain(REGULATOR_REPLY);
    // a distinct style: the regulator's post has a border the researcher's does not
    const border = (locator: ReturnType<Page["getByTestId"]>) =>
      locator.evaluate((el) => getComputedStyle(el).borderLeftColor);
    const plain = posts.filter({ hasText: RESEARCHER_REPLY });
    expect(await border(post)).not.toBe(await border(plain));

    // the minutes, fetched with the session cookie, hold both replies, the regulator's marked
    const href = await regulator.getByTestId("thread-minutes").getAttribute("href");
    expect(href).toMatch(/^\/api\/partnering\/forum\/threads\/[0-9a-f-]{36}\/minutes\.md$/);
    const minutes = await regulator.evaluate(async (p) => {
      const response = await fetch(p ?? "", {
        credentials: "same-origin",
        headers: { "Accept-Language": "ja" },
      });
      return { type: response.headers.get("content-type"), text: await response.text() };
    }, href);
    expect(minutes.type).toContain("text/markdown");
    expect(minutes.text).toMatch(/^# 議事録: /);
    expect(minutes.text).toContain(RESEARCHER_REPLY);
    expect(minutes.text).toContain(REGULATOR_REPLY);
    expect(minutes.text).toMatch(/伊藤 直子（.+）\s*【規制当局】\n\n> E2E: 規制当局からの補足/);
    expect(minutes.text.indexOf(RESEARCHER_REPLY)).toBeLessThan(minutes.text.indexOf(REGULATOR_REPLY));
    await regulator.screenshot({ path: `${ARTIFACTS}partnering-community.png`, fullPage: true });
    await regulator.context().close();
  });

  it("an admin sees the demo consortium and its specimen catalogue", async () => {
    const admin = await loginAs("admin@funder.example");
    const cards = await apiGet<Card[]>(admin, "/api/partnering/consortia");
    const demo = cards.find((c) => c.nameEn.startsWith("GAPFREE"));
    expect(demo).toBeDefined();
    const { detail } = await apiGet<Detail>(admin, `/api/partnering/consortia/${demo?.id}`);
    expect(detail).not.toBeNull();
    const csf = detail?.specimens.find((s) => s.specimenType === "csf");
    expect(csf).toBeDefined();
    const ja = (n: number) => new Intl.NumberFormat("ja-JP").format(n);

    await admin.goto(`${base}/#/partnering/consortia`);
    const row = admin.getByTestId("consortium-row").filter({ hasText: "GAPFREE" });
    await row.waitFor();
    expect(await row.getByTestId("consortium-specimens-total").textContent()).toBe(
      ja(detail?.totals.specimens ?? -1),
    );
    await admin.getByTestId("consortium-create-open").waitFor();
    await row.getByTestId("consortium-link").click();
    await admin.getByTestId("consortium-title").waitFor();
    expect(await admin.getByTestId("consortium-title").textContent()).toContain("GAPFREE");
    consortiumUrl = admin.url();
    expect(await admin.getByTestId("specimen-row").count()).toBe(detail?.specimens.length);
    const csfRow = admin.locator(
      `[data-testid="specimen-row"][data-specimen-type="csf"][data-icd10="${csf?.icd10}"]`,
    );
    expect(await csfRow.getByTestId("specimen-count").textContent()).toBe(ja(csf?.count ?? -1));
    expect(await csfRow.textContent()).toContain("脳脊髄液");
    expect(await admin.getByTestId("consortium-total-specimens").textContent()).toBe(
      ja(detail?.totals.specimens ?? -1),
    );
    // the lead's joint project links its seeds
    expect(await admin.getByTestId("project-seed-link").count()).toBeGreaterThan(0);
    await admin.context().close();
  });

  it("a member pasting a per-person column is refused with the server's message, in ja then en", async () => {
    const researcher = await loginAs("researcher@toto-u.example");
    await researcher.goto(consortiumUrl);
    await researcher.getByTestId("specimen-form").waitFor();
    const rowsBefore = await researcher.getByTestId("specimen-row").count();
    await researcher.getByTestId("specimen-mode-table").check();
    await researcher
      .getByTestId("specimen-table-input")
      .fill("specimenType,icd10,count,patientId,diagnosis\nserum,G30.9,12,P-0001,yes");
    await researcher.getByTestId("specimen-submit").click();
    const errors = researcher.getByTestId("specimen-errors");
    await errors.waitFor();
    const ja = await errors.textContent();
    expect(ja).toContain("1 行目 · patientId");
    expect(ja).toContain("個人に関する項目は登録できません");
    expect(await researcher.getByTestId("specimen-row").count()).toBe(rowsBefore);

    await researcher.getByTestId("lang-switch").click();
    await researcher.getByRole("heading", { name: "Specimen catalogue" }).waitFor();
    await researcher.getByTestId("specimen-submit").click();
    await researcher
      .getByTestId("specimen-errors")
      .filter({ hasText: "Personal data is not accepted" })
      .waitFor();
    const en = await researcher.getByTestId("specimen-errors").textContent();
    expect(en).toContain("Row 1 · patientId");
    expect(en).not.toContain("個人に関する項目");
    expect(await researcher.getByTestId("specimen-row").count()).toBe(rowsBefore);
    await researcher.context().close();
  });
});
