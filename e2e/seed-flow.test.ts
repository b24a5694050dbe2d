/// <reference lib="dom" />
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, launchChromium, loginAs as loginAsIn, startKakehashi } from "./harness.ts";

const SECRET = "配列 cyclo(-Ala-Trp-Lys-) は非公開";
const inDays = (n: number) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
/** A priority date whose 12-month foreign-filing deadline falls `days` from today (give or take month ends). */
const priorityDue = (days: number) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return new Date(d.getTime() + days * 86400000).toISOString().slice(0, 10);
};

interface SeedSummary {
  id: string;
  titleJa: string;
  modality: string;
  stage: string;
  organisation: { id: string; nameJa: string };
}
interface Gate {
  gate: string;
  status: string;
  requirements: { satisfied: boolean }[];
}

/** A JSON GET with the page's own session, as the web UI makes it. */
function api<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => {
    const res = await fetch(url, { headers: { accept: "application/json" } });
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  }, path) as Promise<T>;
}

/** Opens a seed's page afresh (a hash change alone keeps the previous seed on screen for a moment). */
async function openSeed(page: Page, base: string, id: string) {
  await page.goto(`${base}/#/seeds/${id}`);
  await page.reload();
  await page.getByTestId("seed-detail").waitFor();
}

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
    // in Japanese, the page's language: the field's label, and how to write the code
    const icd10Error = errors.locator("li").filter({ hasText: "ICD-10" });
    expect(await icd10Error.count()).toBe(1);
    expect(await icd10Error.textContent()).toContain("ICD-10 コード");
    expect(await icd10Error.textContent()).toContain("C34.1 (ICD-10) のような形式で入力してください");
    expect(await errors.textContent()).toMatch(/^\d+ 件の項目を修正してください。/);

    await researcher.getByTestId("field-icd10").fill("E66.9");
    await researcher.getByTestId("new-seed-submit").click();
    await researcher.getByTestId("seed-detail").waitFor();
    expect(await researcher.getByTestId("confidential-details").textContent()).toContain(SECRET);
    seedUrl = researcher.url();
    expect(seedUrl).toMatch(/#\/seeds\/[0-9a-f-]{36}/);
  });

  it("after switching to English, the new-seed form reports a bad ICD-10 code in English", async () => {
    await researcher.getByTestId("lang-switch").click();
    await researcher.waitForFunction(() => document.documentElement.lang === "en");
    try {
      await researcher.getByTestId("nav-new-seed").click();
      await researcher.getByTestId("new-seed-form").waitFor();
      await researcher.getByTestId("field-titleJa").fill("英語表示の確認");
      await researcher.getByTestId("field-titleEn").fill("English messages check");
      await researcher.getByTestId("field-icd10").fill("obesity");
      await researcher.getByTestId("new-seed-submit").click();
      const errors = researcher.getByTestId("form-errors");
      await errors.waitFor();
      const icd10Error = errors.locator("li").filter({ hasText: "ICD-10" });
      expect(await icd10Error.count()).toBe(1);
      expect(await icd10Error.textContent()).toContain("ICD-10 code");
      expect(await icd10Error.textContent()).toContain("Use the form of C34.1 (ICD-10).");
      expect(await errors.textContent()).toMatch(/^Fix \d+ field\(s\) and send the request again\./);
      expect(await errors.textContent()).not.toMatch(/[\u3040-\u30ff]/); // no kana left
      expect(researcher.url()).toMatch(/#\/seeds\/new/); // nothing was registered
    } finally {
      // the researcher goes on in Japanese
      await researcher.getByTestId("lang-switch").click();
      await researcher.waitForFunction(() => document.documentElement.lang === "ja");
    }
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

  it("the seed list's modality, stage and organisation filters narrow the list", async () => {
    const all = await api<{ items: SeedSummary[]; total: number }>(company, "/api/seeds?limit=200");
    expect(all.items).toHaveLength(all.total);
    await company.getByTestId("nav-seeds").click();
    await company.getByTestId("seed-list").waitFor();
    // the list may still hold the search of the step before
    const clear = company.getByTestId("filter-clear");
    if (await clear.isEnabled()) await clear.click();
    const shownTotal = () => company.getByTestId("seed-total").textContent();
    await expect.poll(shownTotal, { timeout: 10_000 }).toMatch(new RegExp(`^${all.total} 件`));

    /** The most common value of a field that still leaves some seeds out. */
    const narrowing = (key: (s: SeedSummary) => string) => {
      const counts = new Map<string, number>();
      for (const s of all.items) counts.set(key(s), (counts.get(key(s)) ?? 0) + 1);
      const [value, count] =
        [...counts].filter(([, n]) => n < all.total).sort((a, b) => b[1] - a[1])[0] ?? [];
      if (value === undefined || count === undefined) throw new Error("the demo has no narrowing value");
      return { value, count };
    };
    const filters = [
      { testId: "filter-modality", column: 2, ...narrowing((s) => s.modality) },
      { testId: "filter-stage", column: 3, ...narrowing((s) => s.stage) },
      { testId: "filter-organisation", column: 1, ...narrowing((s) => s.organisation.id) },
    ];
    for (const f of filters) {
      const select = company.getByTestId(f.testId);
      await select.selectOption(f.value);
      const label = (await select.locator("option:checked").textContent())?.trim() ?? "";
      expect(label).not.toBe("");
      await expect.poll(shownTotal, { timeout: 10_000 }).toMatch(new RegExp(`^${f.count} 件`));
      expect(f.count).toBeLessThan(all.total);
      const cells = await company
        .getByTestId("seed-row")
        .evaluateAll(
          (rows, column) => rows.map((r) => (r as HTMLTableRowElement).cells[column]?.textContent?.trim()),
          f.column,
        );
      expect(cells).toHaveLength(Math.min(f.count, 50));
      for (const cell of cells) expect(cell, `${f.testId}=${label}`).toBe(label);
      await select.selectOption("");
      await expect.poll(shownTotal, { timeout: 10_000 }).toMatch(new RegExp(`^${all.total} 件`));
    }
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

  it("a seed's readiness tab shows the stage-gate assessment of its evidence", async () => {
    const me = (await api<{ user: { organisation: { id: string } } }>(researcher, "/api/auth/session")).user;
    const own = await api<{ items: SeedSummary[] }>(
      researcher,
      `/api/seeds?limit=200&organisationId=${me.organisation.id}`,
    );
    // a demo seed with evidence behind it: some gate passed and a next gate still to meet
    let chosen: { seed: SeedSummary; gates: Gate[]; nextGate: string } | undefined;
    for (const seed of own.items) {
      const r = await api<{ gates: Gate[]; nextGate: string | null }>(
        researcher,
        `/api/seeds/${seed.id}/readiness`,
      );
      if (r.nextGate && r.gates.some((g) => g.status === "passed")) {
        chosen = { seed, gates: r.gates, nextGate: r.nextGate };
        break;
      }
    }
    if (!chosen)
      throw new Error("no demo seed of the researcher's organisation has a passed gate and a next one");
    await openSeed(researcher, base, chosen.seed.id);
    await researcher.getByTestId("tab-readiness").click();
    await researcher.getByTestId("readiness").waitFor();
    const gates = researcher.getByTestId("readiness-gate");
    expect(await gates.count()).toBe(chosen.gates.length);
    const shown = await gates.evaluateAll((els) =>
      els.map((el) => [(el as HTMLElement).dataset.gate, (el as HTMLElement).dataset.status]),
    );
    expect(shown).toEqual(chosen.gates.map((g) => [g.gate, g.status]));
    const next = researcher.locator(`[data-testid="readiness-gate"][data-gate="${chosen.nextGate}"]`);
    expect(await next.getAttribute("class")).toContain("gate-next");
    const statusLabel: Record<string, string> = { passed: "通過済み", ready: "準備完了", not_ready: "未達" };
    expect(await researcher.getByTestId("gate-status").allTextContents()).toEqual(
      chosen.gates.map((g) => statusLabel[g.status]),
    );
    const requirements = chosen.gates.flatMap((g) => g.requirements);
    expect(await researcher.getByTestId("requirement").count()).toBe(requirements.length);
    expect(await researcher.locator('[data-testid="requirement"][data-satisfied="true"]').count()).toBe(
      requirements.filter((r) => r.satisfied).length,
    );
    await researcher.screenshot({ path: `${ARTIFACTS}seed-readiness.png`, fullPage: true });
  });

  it("the IP tab shows a demo family's deadline warning, and 90- and 30-day badges for a family added through the form", async () => {
    // a demo family with an open deadline warning, found through the API
    const warnings = await api<{ seedId: string; deadline: { warning: string; dueDate: string } }[]>(
      researcher,
      "/api/ip/warnings",
    );
    expect(warnings.length).toBeGreaterThan(0);
    const demo = warnings.find((w) => w.deadline.warning !== "overdue") ?? warnings[0];
    if (!demo) throw new Error("no IP warning in the demo");
    await openSeed(researcher, base, demo.seedId);
    await researcher.getByTestId("tab-ip").click();
    await researcher.getByTestId("ip-family").first().waitFor();
    expect(await researcher.getByTestId("ip-warnings").textContent()).toMatch(/\d+ 件/);
    const demoRow = researcher.locator(
      `[data-testid="ip-deadline"][data-warning="${demo.deadline.warning}"]`,
    );
    expect(await demoRow.count()).toBeGreaterThan(0);
    const demoLabel = { overdue: "期限切れ", due_30: "30 日以内", due_90: "90 日以内" }[
      demo.deadline.warning
    ];
    expect(await demoRow.first().getByTestId("deadline-warning").textContent()).toContain(demoLabel);

    // and through the form: two families on the seed registered above, their foreign-filing deadline
    // 60 and 15 days away
    await researcher.goto(seedUrl);
    await researcher.reload();
    await researcher.getByTestId("seed-detail").waitFor();
    await researcher.getByTestId("tab-ip").click();
    await researcher.getByTestId("ip-form").waitFor();
    for (const [title, days] of [
      ["GPR75 拮抗ペプチド（物質）", 60],
      ["GPR75 拮抗ペプチド（用途）", 15],
    ] as const) {
      const priority = priorityDue(days);
      await researcher.getByTestId("ip-field-title").fill(title);
      await researcher.getByTestId("ip-field-priorityDate").fill(priority);
      await researcher.getByTestId("ip-field-office-0").selectOption("JP");
      await researcher.getByTestId("ip-field-status-0").selectOption("filed");
      await researcher.getByTestId("ip-field-filedOn-0").fill(priority);
      await researcher.getByTestId("ip-submit").click();
      await researcher.getByTestId("ip-family").filter({ hasText: title }).waitFor();
    }
    for (const [title, warning, label] of [
      ["GPR75 拮抗ペプチド（物質）", "due_90", "90 日以内"],
      ["GPR75 拮抗ペプチド（用途）", "due_30", "30 日以内"],
    ] as const) {
      const family = researcher.getByTestId("ip-family").filter({ hasText: title });
      const row = family.locator(`[data-testid="ip-deadline"][data-warning="${warning}"]`);
      expect(await row.count(), `${title}: ${warning}`).toBe(1);
      expect(await row.textContent()).toContain("PCT・外国出願期限");
      expect(await row.getByTestId("deadline-warning").textContent()).toBe(label);
    }
    expect(await researcher.getByTestId("ip-warnings").textContent()).toContain("2 件");
    await researcher.screenshot({ path: `${ARTIFACTS}seed-ip-warnings.png`, fullPage: true });
  });

  it("the roadmap tab shows the Gantt chart and flags a late milestone", async () => {
    const me = (await api<{ user: { organisation: { id: string } } }>(researcher, "/api/auth/session")).user;
    const own = await api<{ items: SeedSummary[] }>(
      researcher,
      `/api/seeds?limit=200&organisationId=${me.organisation.id}`,
    );
    // a demo roadmap shared with a company, found through the API
    let chosen: { seed: SeedSummary; milestones: number; late: number } | undefined;
    for (const seed of own.items) {
      const r = await api<{ milestones: unknown[]; lateCount: number }>(
        researcher,
        `/api/seeds/${seed.id}/roadmap`,
      );
      if (r.milestones.length > 1 && (!chosen || r.lateCount > chosen.late))
        chosen = { seed, milestones: r.milestones.length, late: r.lateCount };
    }
    if (!chosen) throw new Error("no demo roadmap in the researcher's organisation");
    await openSeed(researcher, base, chosen.seed.id);
    await researcher.getByTestId("tab-roadmap").click();
    await researcher.getByTestId("milestone-table").waitFor();
    const bars = researcher.locator('[data-testid="gantt-chart"] svg g[aria-label="bar"] rect');
    await expect.poll(() => bars.count(), { timeout: 10_000 }).toBe(chosen.milestones);
    expect(await researcher.getByTestId("milestone-row").count()).toBe(chosen.milestones);

    // the owner adds a milestone that was due ten days ago and has no decision: it is late
    await researcher
      .getByTestId("milestone-field-title")
      .fill("結合親和性の再評価 / binding affinity re-assessment");
    await researcher.getByTestId("milestone-field-ownerSide").selectOption("academia");
    await researcher.getByTestId("milestone-field-startsOn").fill(inDays(-90));
    await researcher.getByTestId("milestone-field-dueOn").fill(inDays(-10));
    await researcher.getByTestId("milestone-field-deliverable").fill("SPR 測定報告書 / SPR report");
    await researcher.getByTestId("milestone-field-goCriteria").fill("KD < 10 nM");
    await researcher.getByTestId("milestone-submit").click();
    const late = researcher.locator('[data-testid="milestone-row"][data-late="true"]').filter({
      hasText: "binding affinity re-assessment",
    });
    await late.waitFor();
    expect(await late.getByTestId("milestone-late").textContent()).toContain("遅延");
    expect(await researcher.getByTestId("late-count").textContent()).toBe(`遅延 ${chosen.late + 1} 件`);
    await expect.poll(() => bars.count(), { timeout: 10_000 }).toBe(chosen.milestones + 1);
    // the chart marks it too: an outlined bar and a "late" label beside it
    expect(await researcher.getByTestId("gantt-chart").textContent()).toContain("⚠ 遅延");
    expect(
      await researcher
        .locator('[data-testid="gantt-chart"] svg g[aria-label="bar"] rect[stroke="#a3192b"]')
        .count(),
    ).toBe(chosen.late + 1);
    await researcher.screenshot({ path: `${ARTIFACTS}seed-roadmap-gantt.png`, fullPage: true });
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
