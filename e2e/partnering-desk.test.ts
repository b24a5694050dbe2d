/// <reference lib="dom" />
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, launchChromium, loginAs as loginAsIn, startKakehashi } from "./harness.ts";

const VENTURE = "ceo@toto-bio.example";
const EXPERT = "mentor@core-hospital.example";
const EXPERT_NAME = "渡辺 隆";
const OTHER_REQUESTER = "researcher@toto-u.example";
const QUESTION = "ADC の非臨床パッケージについて、PMDA の RS 戦略相談の前に論点を整理したいと考えています。";
const SECRET = "非公開メモ: 導出候補 2 社の評価は社外秘";
const FOLLOW_UP = "GLP 試験計画書のドラフトを共有";
const ADMIN = "admin@funder.example";
const OTHER_EXPERT_NAME = "松本 彩";

describe("a venture books an Open Hours slot and the expert sees the case (Chromium)", () => {
  let server: Awaited<ReturnType<typeof startKakehashi>>;
  let browser: Browser;
  let base: string;
  let venture: Page;
  let expert: Page;
  let other: Page;
  let admin: Page;
  let caseId = "";
  let slotId = "";

  const loginAs = (email: string) => loginAsIn(browser, base, email, { width: 1280, height: 900 });
  const openDesk = async (page: Page) => {
    await page.goto(`${base}/#/partnering/desk`);
    await page.getByTestId("desk-tab").waitFor();
  };

  beforeAll(async () => {
    server = await startKakehashi({ partneringDemo: true });
    base = server.base;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("another requester has the Open Hours list open (to race for a slot later)", async () => {
    other = await loginAs(OTHER_REQUESTER);
    await openDesk(other);
    const slots = other.getByTestId("desk-slot").filter({ hasText: EXPERT_NAME });
    await slots.first().waitFor();
    expect(await slots.count()).toBeGreaterThan(0);
  });

  it("the venture's intake names the missing field next to it, then the case is triaged to an expert", async () => {
    venture = await loginAs(VENTURE);
    await openDesk(venture);
    await venture.getByTestId("desk-cases-empty").waitFor();
    const form = venture.getByTestId("desk-intake-form");
    await form.getByTestId("desk-intake-topic").selectOption("regulatory");
    await form.getByTestId("desk-intake-stage").selectOption("non_clinical");
    await form.getByTestId("desk-intake-urgency").selectOption("high");
    await form.getByTestId("desk-intake-submit").click();
    await venture.getByTestId("desk-intake-errors").waitFor();
    const descriptionField = form.locator(".field", { has: venture.getByTestId("desk-intake-description") });
    const fieldError = descriptionField.locator(".field-error");
    await fieldError.waitFor();
    expect((await fieldError.textContent())?.trim().length).toBeGreaterThan(0);
    expect(await venture.getByTestId("desk-intake-description").getAttribute("aria-invalid")).toBe("true");
    expect(await venture.getByTestId("desk-case-row").count()).toBe(0);

    await form.getByTestId("desk-intake-description").fill(QUESTION);
    await form.getByTestId("desk-intake-submit").click();
    const success = venture.getByTestId("desk-intake-success");
    await success.waitFor();
    expect(await success.textContent()).toContain(EXPERT_NAME);
    expect(await venture.getByTestId("desk-intake-errors").count()).toBe(0);
    const row = venture.getByTestId("desk-case-row");
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    caseId = (await row.first().getAttribute("data-case-id")) ?? "";
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await row.first().getByTestId("desk-case-expert").textContent()).toContain(EXPERT_NAME);
    expect(await row.first().getAttribute("data-status")).toBe("assigned");
  });

  it("the venture books one of the expert's Open Hours slots for that case", async () => {
    const slot = venture.getByTestId("desk-slot").filter({ hasText: EXPERT_NAME }).first();
    await slot.waitFor();
    slotId = (await slot.getAttribute("data-slot-id")) ?? "";
    expect(slotId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await slot.getByTestId("desk-slot-case").inputValue()).toBe(caseId);
    await slot.getByTestId("desk-slot-book").click();
    const booked = venture.getByTestId("desk-booked");
    await booked.waitFor();
    expect(await booked.textContent()).toContain(EXPERT_NAME);
    // the slot is no longer offered, and the case shows its next meeting
    await expect
      .poll(() => venture.locator(`[data-testid="desk-slot"][data-slot-id="${slotId}"]`).count())
      .toBe(0);
    const bookingCell = venture.locator(`[data-case-id="${caseId}"] [data-testid="desk-case-booking"]`);
    await expect.poll(async () => (await bookingCell.textContent())?.trim() ?? "").not.toBe("—");
  });

  it("the expert sees an unread count on the bell and the new case with its booking", async () => {
    expert = await loginAs(EXPERT);
    const bell = expert.getByTestId("notification-bell");
    await expect
      .poll(async () => Number(await bell.getAttribute("data-unread")), { timeout: 10_000 })
      .toBeGreaterThan(0);
    const unread = Number(await bell.getAttribute("data-unread"));
    expect(await bell.getAttribute("aria-label")).toContain(String(unread));
    expect(await expert.getByTestId("notification-bell-count").textContent()).toBe(String(unread));

    await openDesk(expert);
    const row = expert.locator(`[data-testid="desk-case-row"][data-case-id="${caseId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain("東都バイオ");
    await expect
      .poll(async () => (await row.getByTestId("desk-case-booking").textContent())?.trim() ?? "")
      .not.toBe("—");
    const mySlot = expert.locator(`[data-testid="desk-my-slot"][data-slot-id="${slotId}"]`);
    await mySlot.waitFor();
    expect(await mySlot.getAttribute("data-booked")).toBe("true");
    expect(await expert.getByTestId("desk-metrics").count()).toBe(1);
  });

  it("the expert opens the case, takes it up and writes a confidential note", async () => {
    await expert
      .locator(`[data-testid="desk-case-row"][data-case-id="${caseId}"] [data-testid="desk-case-link"]`)
      .click();
    await expert.getByTestId("desk-case").waitFor();
    expect(expert.url()).toContain(`#/partnering/desk/${caseId}`);
    expect(await expert.getByTestId("desk-case-description").textContent()).toContain(QUESTION);
    expect(await expert.getByTestId("desk-case-booking-item").count()).toBe(1);
    await expert.getByTestId("desk-case-acknowledge").click();
    await expert.locator('[data-testid="desk-case-state"][data-status="in_progress"]').waitFor();
    await expert.getByTestId("desk-case-acknowledged").waitFor();

    const notes = expert.getByTestId("desk-case-notes");
    expect(await notes.textContent()).toMatch(/非公開/);
    await expert.getByTestId("desk-note-body").fill(SECRET);
    await expert.getByTestId("desk-note-submit").click();
    await expert.getByTestId("desk-note").filter({ hasText: SECRET }).waitFor();
  });

  it("the expert adds a follow-up, still open", async () => {
    await expert.getByTestId("desk-followup-title").fill(FOLLOW_UP);
    await expert.getByTestId("desk-followup-submit").click();
    const row = expert.getByTestId("desk-followup").filter({ hasText: FOLLOW_UP });
    await row.waitFor();
    expect(await row.getAttribute("data-done")).toBe("false");
    expect(await row.getByTestId("desk-followup-complete").count()).toBe(1);
  });

  it("the expert's notifications link to the case, and reading them all clears the bell", async () => {
    await expert.getByTestId("notification-bell").click();
    await expert.getByTestId("notification-list").waitFor();
    const booked = expert
      .getByTestId("notification-item")
      .filter({ hasText: "Open Hours の予約が入りました" })
      .first();
    await booked.waitFor();
    expect(await booked.getAttribute("data-read")).toBe("false");
    expect(await booked.getByTestId("notification-open").getAttribute("href")).toBe(
      `#/partnering/desk/${caseId}`,
    );
    expect(await booked.textContent()).not.toContain(QUESTION);
    await expert.getByTestId("notifications-read-all").click();
    await expert.locator('[data-testid="notifications-unread"][data-unread="0"]').waitFor();
    expect(await expert.locator('[data-testid="notification-item"][data-read="false"]').count()).toBe(0);
    await expect.poll(() => expert.getByTestId("notification-bell").getAttribute("data-unread")).toBe("0");
    expect(await expert.getByTestId("notification-bell-count").count()).toBe(0);
  });

  it("the venture sees the case taken up, with its booking, and never the expert's note", async () => {
    await venture.goto(`${base}/#/partnering/desk/${caseId}`);
    await venture.reload();
    await venture.getByTestId("desk-case").waitFor();
    await venture.locator('[data-testid="desk-case-state"][data-status="in_progress"]').waitFor();
    expect(await venture.getByTestId("desk-case-description").textContent()).toContain(QUESTION);
    expect(await venture.getByTestId("desk-case-booking-item").count()).toBe(1);
    expect(await venture.getByTestId("desk-case-notes").count()).toBe(0);
    expect(await venture.getByTestId("desk-case-actions").count()).toBe(0);
    expect(await venture.getByTestId("desk-case-assign").count()).toBe(0);
    expect(await venture.content()).not.toContain(SECRET);
  });

  it("the venture marks the expert's follow-up done", async () => {
    const row = venture.getByTestId("desk-followup").filter({ hasText: FOLLOW_UP });
    await row.waitFor();
    expect(await row.getAttribute("data-done")).toBe("false");
    await row.getByTestId("desk-followup-complete").click();
    await venture
      .locator('[data-testid="desk-followup"][data-done="true"]', { hasText: FOLLOW_UP })
      .waitFor();
    expect(await row.getByTestId("desk-followup-done").textContent()).toBe("完了");
    expect(await row.getByTestId("desk-followup-complete").count()).toBe(0);
    // the server kept it: it is still done after a reload
    await venture.reload();
    await venture
      .locator('[data-testid="desk-followup"][data-done="true"]', { hasText: FOLLOW_UP })
      .waitFor();
  });

  it("a second booking of the same slot by another requester gets the slot-taken message", async () => {
    const slot = other.locator(`[data-testid="desk-slot"][data-slot-id="${slotId}"]`);
    await slot.waitFor();
    await slot.getByTestId("desk-slot-book").click();
    const error = slot.getByTestId("desk-slot-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("この Open Hours 枠は予約済みです");
    expect(await other.getByTestId("desk-booked").count()).toBe(0);
  });

  it("the venture cancels its booking after confirming, and the slot is offered again in Open Hours", async () => {
    await venture.goto(`${base}/#/partnering/desk/${caseId}`);
    const booking = venture.locator(`[data-testid="desk-case-booking-item"][data-slot-id="${slotId}"]`);
    await booking.waitFor();
    await booking.getByTestId("desk-booking-cancel").click();
    const confirm = booking.getByTestId("desk-booking-cancel-confirm");
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(EXPERT_NAME);
    // "keep" leaves the booking as it is
    await confirm.getByTestId("desk-booking-cancel-no").click();
    expect(await booking.getByTestId("desk-booking-cancel-confirm").count()).toBe(0);
    expect(await venture.getByTestId("desk-case-booking-item").count()).toBe(1);
    await booking.getByTestId("desk-booking-cancel").click();
    await booking.getByTestId("desk-booking-cancel-yes").click();
    await venture.getByTestId("desk-case-bookings-empty").waitFor();
    expect(await venture.getByTestId("desk-case-booking-item").count()).toBe(0);

    await openDesk(venture);
    const slot = venture.locator(`[data-testid="desk-slot"][data-slot-id="${slotId}"]`);
    await slot.waitFor();
    expect(await slot.getByTestId("desk-slot-expert").textContent()).toBe(EXPERT_NAME);
    expect(await slot.getByTestId("desk-slot-case").inputValue()).toBe(caseId);
    const bookingCell = venture.locator(`[data-case-id="${caseId}"] [data-testid="desk-case-booking"]`);
    await expect.poll(async () => (await bookingCell.textContent())?.trim() ?? "").toBe("—");
  });

  it("switches to English once, and the desk speaks English", async () => {
    await openDesk(venture);
    await venture.getByTestId("lang-switch").click();
    await venture.getByText("Ask the desk", { exact: true }).first().waitFor();
    expect(await venture.getByTestId("desk-intake-submit").textContent()).toBe("Submit the question");
    const row = venture.locator(`[data-testid="desk-case-row"][data-case-id="${caseId}"]`);
    await row.waitFor();
    expect(await row.getByTestId("desk-case-status").textContent()).toBe("In progress");
    await venture.screenshot({ path: `${ARTIFACTS}partnering-desk.png`, fullPage: true });
  });

  it("a desk admin reassigns the case to an expert of another topic", async () => {
    admin = await loginAs(ADMIN);
    await admin.goto(`${base}/#/partnering/desk/${caseId}`);
    const form = admin.getByTestId("desk-assign-form");
    await form.waitFor();
    const select = form.getByTestId("desk-assign-expert");
    // the experts declared for the case's topic come first; the current expert cannot be chosen again
    const forTopic = select.locator("optgroup").first();
    expect(await forTopic.getAttribute("label")).toContain("薬事");
    const current = forTopic.locator("option", { hasText: EXPERT_NAME });
    expect(await current.getAttribute("disabled")).not.toBeNull();
    const otherExpert = select.locator("optgroup").nth(1).locator("option", { hasText: OTHER_EXPERT_NAME });
    const otherId = (await otherExpert.getAttribute("value")) ?? "";
    expect(otherId).toMatch(/^[0-9a-f-]{36}$/);
    await select.selectOption(otherId);
    await form.getByTestId("desk-assign-submit").click();
    await admin.getByTestId("desk-assign-success").waitFor();
    await expect
      .poll(async () => (await admin.getByTestId("desk-case-expert-name").textContent()) ?? "")
      .toContain(OTHER_EXPERT_NAME);
    await admin.locator('[data-testid="desk-case-state"][data-status="assigned"]').waitFor();
    expect(await admin.getByTestId("desk-case-triage").textContent()).toContain(OTHER_EXPERT_NAME);
    await admin.screenshot({ path: `${ARTIFACTS}partnering-desk-case.png`, fullPage: true });
  });
});
