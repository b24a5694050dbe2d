/// <reference lib="dom" />
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, launchChromium, loginAs as loginAsIn, startKakehashi } from "./harness.ts";

const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
/** The pipeline demo's confidential details of every seed start with this marker. */
const CONFIDENTIAL = "【非公開】リード化合物";

describe("partnering matching in Chromium: a company finds a seed, reaches out, the owner grants access", () => {
  let server: Awaited<ReturnType<typeof startKakehashi>>;
  let browser: Browser;
  let base: string;
  let company: Page;
  let seedId = "";

  const loginAs = (email: string) => loginAsIn(browser, base, email, { width: 1280, height: 1000 });

  beforeAll(async () => {
    server = await startKakehashi({ pipelineDemo: true, partneringDemo: true });
    base = server.base;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the company sees ranked seeds, each score explained feature by feature", async () => {
    company = await loginAs("bd@sakura-pharma.example");
    await company.getByTestId("nav-partnering").click();
    await company.getByTestId("partnering-panel-matches").waitFor();
    const items = company.getByTestId("seed-match");
    await items.first().waitFor();
    expect(await items.count()).toBeGreaterThan(3);
    // ranked: the scores never go up down the list
    const scores = await company
      .locator('[data-testid="seed-match"] [data-testid="match-score"]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-score"))));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    await items.first().getByTestId("why-toggle").click();
    const why = items.first().getByTestId("match-why");
    await why.waitFor();
    expect(await why.locator('[data-feature="area"]').count()).toBe(1);
    // the server's own explanation, in Japanese (the default language)
    const area = await why.locator('[data-feature="area"] [data-testid="why-reason"]').textContent();
    expect(area).toMatch(/関心|疾患領域|中立/);
    // without a grant, readiness is not judged and the explanation says why
    const readiness = await why
      .locator('[data-feature="readiness"] [data-testid="why-reason"]')
      .textContent();
    expect(readiness).toMatch(/非公開|秘密保持契約/);
    await items.first().scrollIntoViewIfNeeded();
    await company.screenshot({ path: `${ARTIFACTS}partnering-matching.png` });
  });

  it("sends an outreach for a seed whose confidential part is still locked: only the teaser goes out", async () => {
    const candidate = company
      .locator('[data-testid="seed-match"][data-readiness="hidden"][data-outreach="none"]')
      .filter({ has: company.getByTestId("seed-match-org").filter({ hasText: "東都大学" }) })
      .first();
    await candidate.waitFor();
    seedId = (await candidate.getAttribute("data-seed-id")) ?? "";
    expect(seedId).toMatch(/^[0-9a-f-]{36}$/);

    // before: the seed's confidential parts are locked for the company
    await company.goto(`${base}/#/seeds/${seedId}/evidence`);
    await company.getByTestId("seed-detail").waitFor();
    await company.getByTestId("locked").waitFor();
    expect(await company.getByTestId("confidential-details").count()).toBe(0);
    // and the seed's own partner ranking is for its owners only, without a call that would fail
    await company.getByTestId("tab-partners").click();
    await company.getByTestId("seed-partners-info").waitFor();
    expect(await company.getByTestId("error").count()).toBe(0);

    await company.goto(`${base}/#/partnering`);
    const item = company.locator(`[data-testid="seed-match"][data-seed-id="${seedId}"]`);
    await item.waitFor();
    await item.getByTestId("outreach-open").click();
    expect(await item.getByTestId("outreach-teaser-note").textContent()).toMatch(/公開情報/);
    await item.getByTestId("outreach-deal-type").selectOption("licence");
    await item.getByTestId("outreach-submit").click();
    // an empty message is refused by the server, next to the field
    await item.getByTestId("outreach-errors").waitFor();
    await item
      .getByTestId("outreach-message")
      .fill("公開サマリーを拝見しました。導出についてご相談させてください。");
    await item.getByTestId("outreach-submit").click();
    await item.getByTestId("outreach-sent").waitFor();

    await company.goto(`${base}/#/partnering/outreach`);
    const sent = company.locator(`[data-testid="outreach-sent"][data-seed-id="${seedId}"]`);
    await sent.waitFor();
    expect(await sent.getAttribute("data-status")).toBe("sent");
  });

  it("the seed's owner sees it in Outreach and accepts it under an NDA with an expiry date", async () => {
    const owner = await loginAs("researcher@toto-u.example");
    await owner.goto(`${base}/#/partnering/outreach`);
    const received = owner.locator(
      `[data-testid="outreach-received"][data-seed-id="${seedId}"][data-status="sent"]`,
    );
    await received.waitFor();
    expect(await received.getByTestId("outreach-party").textContent()).toContain("さくら製薬");
    expect(await received.getByTestId("outreach-message-text").textContent()).toContain("導出についてご相談");
    await received.getByTestId("outreach-accept").click();
    await received.getByTestId("outreach-nda").fill("NDA-2026-E2E");
    await received.getByTestId("outreach-expires").fill(inDays(180));
    await received.getByTestId("outreach-decision-submit").click();
    const accepted = owner.locator(
      `[data-testid="outreach-received"][data-seed-id="${seedId}"][data-status="accepted"]`,
    );
    await accepted.waitFor();
    expect(await accepted.getByTestId("grant-status").textContent()).toMatch(/有効|active/i);
    expect(await accepted.getByTestId("outreach-access-link").count()).toBe(1);
    await owner.context().close();
  });

  it("the company now sees the seed's confidential details", async () => {
    await company.goto(`${base}/#/seeds/${seedId}`);
    await company.reload();
    const details = company.getByTestId("confidential-details");
    await details.waitFor();
    expect(await details.textContent()).toContain(CONFIDENTIAL);
    await company.goto(`${base}/#/partnering/outreach`);
    const sent = company.locator(`[data-testid="outreach-sent"][data-seed-id="${seedId}"]`);
    await sent.waitFor();
    await expect.poll(() => sent.getAttribute("data-status")).toBe("accepted");
  });

  it("reads in English after switching the language once", async () => {
    await company.goto(`${base}/#/partnering`);
    await company.getByTestId("seed-match").first().waitFor();
    await company.getByTestId("lang-switch").click();
    await expect.poll(() => company.getByTestId("why-toggle").first().textContent()).toBe("Why?");
    expect(await company.getByTestId("seed-matches-intro").textContent()).toMatch(/seeds ranked for/);
    await company.getByTestId("why-toggle").first().click();
    const reason = await company
      .locator('[data-testid="match-why"] [data-feature="area"] [data-testid="why-reason"]')
      .first()
      .textContent();
    // the explanation is the server's English text, not the Japanese one
    expect(reason).toMatch(/declared|neutral|outside/);
    await company.getByTestId("lang-switch").click();
    await expect.poll(() => company.getByTestId("why-toggle").first().textContent()).toBe("根拠を閉じる");
  });

  it("the company keeps its own profile; the server's field error is shown next to the field", async () => {
    await company.goto(`${base}/#/partnering/profile`);
    const dealTypes = company.getByTestId("profile-dealTypes");
    await dealTypes.waitFor();
    const checked = dealTypes.locator("input:checked");
    const before = await checked.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(before.length).toBeGreaterThan(0);
    for (const value of before) await dealTypes.locator(`input[value="${value}"]`).uncheck();
    await company.getByTestId("profile-save").click();
    await company.getByTestId("profile-errors").waitFor();
    await company.getByTestId("profile-dealTypes-error").waitFor();
    for (const value of before) await dealTypes.locator(`input[value="${value}"]`).check();
    await company.getByTestId("profile-save").click();
    await company.getByTestId("profile-saved").waitFor();
    expect(await company.getByTestId("profile-errors").count()).toBe(0);
  });

  it("the owner ranks partners for a seed and answers one; the funder reads the reports and the weights", async () => {
    const owner = await loginAs("tlo@toto-u.example");
    await owner.goto(`${base}/#/seeds/${seedId}/partners`);
    const partners = owner.getByTestId("seed-partners");
    await partners.waitFor();
    const first = partners.locator('[data-testid="matches-companies"] [data-testid="partner-match"]').first();
    await first.waitFor();
    expect(
      await partners.locator('[data-testid="matches-mentors"] [data-testid="partner-match"]').count(),
    ).toBeGreaterThan(0);
    await first.getByTestId("why-toggle").click();
    // the owner sees the evidence readiness judged, not hidden
    const readiness = await first
      .locator('[data-feature="readiness"] [data-testid="why-reason"]')
      .textContent();
    expect(readiness).toMatch(/要件/);
    await first.getByTestId("feedback-not_now").click();
    await first.getByTestId("feedback-reason").selectOption("timing");
    await first.getByTestId("feedback-submit").click();
    await first.getByTestId("feedback-done").waitFor();
    await owner.context().close();

    const funder = await loginAs("po@funder.example");
    await funder.goto(`${base}/#/partnering/reports`);
    await funder.getByTestId("unmatched-row").first().waitFor();
    expect(await funder.getByTestId("unmatched-summary").textContent()).toMatch(/件中 \d+ 件/);
    const recall = funder.getByTestId("quality-recall");
    await recall.waitFor();
    expect(await recall.textContent()).toMatch(/recall@10\s*\d+(\.\d+)?%/);
    expect(await funder.getByTestId("quality-meaning").textContent()).toMatch(/ランダム/);
    await funder.getByTestId("weight-area").fill("0");
    await funder.getByTestId("weight-modality").fill("0");
    await funder.getByTestId("weight-stage").fill("0");
    await funder.getByTestId("weight-readiness").fill("0");
    await funder.getByTestId("weight-pastDeals").fill("0");
    await funder.getByTestId("weight-unmetNeed").fill("0");
    await funder.getByTestId("weights-save").click();
    // all partner weights at zero: refused, and the reason shown
    expect(await funder.getByTestId("weights-errors").textContent()).toMatch(/0/);
    await funder.context().close();
  });

  it("keeps from a role what it must not see", async () => {
    // the regulator has no matches tab at all
    const regulator = await loginAs("reviewer@regulator.example");
    await regulator.goto(`${base}/#/partnering`);
    await regulator.getByTestId("partnering-page").waitFor();
    await regulator.getByTestId("tab-consortia").waitFor();
    expect(await regulator.getByTestId("tab-matches").count()).toBe(0);
    expect(await regulator.getByTestId("partnering-panel-matches").count()).toBe(0);
    await regulator.context().close();

    // an investor reads Sakura's interests but not its budget band; its own ticket band it does see
    const investor = await loginAs("partner@mirai-capital.example");
    await investor.goto(`${base}/#/partnering/profile`);
    await investor.getByTestId("profile-form").waitFor();
    const sakura = investor.getByTestId("profile-row").filter({ hasText: "さくら製薬" });
    await sakura.waitFor();
    expect(await sakura.getByTestId("profile-row-band").textContent()).toMatch(/非開示/);
    const own = investor.getByTestId("profile-row").filter({ hasText: "自組織" });
    expect(await own.getByTestId("profile-row-band").textContent()).not.toMatch(/非開示/);
    await investor.context().close();
  });
});
