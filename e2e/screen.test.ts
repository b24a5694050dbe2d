/// <reference lib="dom" />
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, launchChromium, loginAs as loginAsIn, startKakehashi } from "./harness.ts";

// protease inhibitors, small drugs, a PAINS catechol, a salt and one unreadable line (line 8)
const LIBRARY = `SMILES\tID\tINN
CC(C)(C)NC(=O)C1CC2CCCCC2CN1CC(O)C(CC1=CC=CC=C1)NC(=O)C(CC(N)=O)NC(=O)C1=NC2=CC=CC=C2C=C1\t1\tsaquinavir
CC1(C2C1C(N(C2)C(=O)C(C(C)(C)C)NC(=O)NC(C)(C)C)C(=O)NC(CC3CCC3)C(=O)C(=O)N)C\t2\tboceprevir
CC(=O)OC1=CC=CC=C1C(=O)O\t3\taspirin
CN1C=NC2=C1C(=O)N(C(=O)N2C)C\t4\tcaffeine
OC1=CC=CC=C1O\t5\tcatechol
[Na+].CC(=O)[O-]\t6\tsodium acetate
C1CC1(\t7\tbroken
`;
const NIRMATRELVIR =
  "CC(C)(C)[C@H](NC(=O)C(F)(F)F)C(=O)N1C[C@H]2[C@@H]([C@H]1C(=O)N[C@H](C#N)C[C@@H]1CCNC1=O)C2(C)C";
// a tiny structure: three protein atoms on chain A, a ligand on chain C and a water (not a hetero group)
const PDB = [
  "ATOM      1  N   ALA A   1      11.104   6.134  -6.504  1.00  0.00           N",
  "ATOM      2  CA  ALA A   1      11.639   6.071  -5.147  1.00  0.00           C",
  "ATOM      3  C   ALA A   1      13.149   5.919  -5.172  1.00  0.00           C",
  "HETATM    4  C1  LIG C   1      12.000   8.000  -4.000  1.00  0.00           C",
  "HETATM    5  O   HOH A 101      14.000   9.000  -3.000  1.00  0.00           O",
  "END",
  "",
].join("\n");
const LIBRARY_NAME = "mini protease library";
const TARGET_NAME = "tiny test structure";
const SCREEN_NAME = "mini similarity screen (e2e)";

describe("in-silico screen in Chromium", () => {
  let server: Awaited<ReturnType<typeof startKakehashi>>;
  let browser: Browser;
  let researcher: Page;
  let runId = "";

  const loginAs = (email: string) => loginAsIn(browser, server.base, email);

  beforeAll(async () => {
    // the demo pipeline gives the demo researcher's university (Toto) seeds to attach the screen to
    server = await startKakehashi({ pipelineDemo: true });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a researcher uploads a TSV library and sees what could not be read", async () => {
    researcher = await loginAs("researcher@toto-u.example");
    await researcher.getByTestId("nav-screen").click();
    await researcher.getByTestId("screen-page").waitFor();
    expect(await researcher.getByTestId("screen-page").locator("h1").textContent()).toBe(
      "インシリコスクリーニング",
    );
    await researcher.getByTestId("screen-runs-empty").waitFor();
    await researcher.getByTestId("tab-catalogue").click();
    await researcher.getByTestId("screen-panel-catalogue").waitFor();
    await researcher.getByTestId("library-empty").waitFor();

    // a file type the server does not read: its error is shown beside the file input, nothing is kept
    await researcher.getByTestId("library-file").setInputFiles({
      name: "drugs.exe",
      mimeType: "application/octet-stream",
      buffer: Buffer.from("CCO\n"),
    });
    await researcher.getByTestId("library-upload").click();
    await researcher.getByTestId("library-upload-errors").waitFor();
    const file = researcher.getByTestId("library-file");
    expect(await file.getAttribute("aria-invalid")).toBe("true");
    const fileError = await researcher.locator(`[id="${await file.getAttribute("id")}-error"]`).textContent();
    expect(fileError).toMatch(/ファイルの種類/);
    expect(fileError).toMatch(/\.smi/);
    expect(await researcher.getByTestId("library-empty").count()).toBe(1);

    await researcher.getByTestId("library-name").fill(LIBRARY_NAME);
    await researcher.getByTestId("library-file").setInputFiles({
      name: "mini.tsv",
      mimeType: "text/tab-separated-values",
      buffer: Buffer.from(LIBRARY),
    });
    await researcher.getByTestId("library-upload").click();
    const uploaded = researcher.getByTestId("library-uploaded");
    await uploaded.waitFor({ timeout: 30_000 });
    expect(await uploaded.textContent()).toMatch(/6 分子.*1 件/);

    const row = researcher.getByTestId("library-row").filter({ hasText: LIBRARY_NAME });
    await row.waitFor();
    expect(await row.getByTestId("library-molecules").textContent()).toBe("6");
    expect(await row.textContent()).toContain("mini.tsv");
    expect(await row.textContent()).toContain("自組織");
    await row.getByTestId("library-unreadable-count").click();
    const failures = row.getByTestId("library-failures").locator("li");
    expect(await failures.count()).toBe(1);
    expect(await failures.first().textContent()).toMatch(/^8 行目/);
    await researcher.screenshot({ path: `${ARTIFACTS}screen-catalogue.png`, fullPage: true });
  }, 90_000);

  it("registers a target structure, with the server's error for a chain the file does not have", async () => {
    const pdb = { name: "tiny.pdb", mimeType: "chemical/x-pdb", buffer: Buffer.from(PDB) };
    await researcher.getByTestId("target-empty").waitFor();
    await researcher.getByTestId("target-name").fill(TARGET_NAME);
    await researcher.getByTestId("target-file").setInputFiles(pdb);
    const chain = researcher.getByTestId("target-default-chain");
    await chain.fill("B");
    await researcher.getByTestId("target-default-ligand").fill("C:*");
    await researcher.getByTestId("target-upload").click();
    await researcher.getByTestId("target-upload-errors").waitFor({ timeout: 30_000 });
    expect(await chain.getAttribute("aria-invalid")).toBe("true");
    expect(await researcher.locator(`[id="${await chain.getAttribute("id")}-error"]`).textContent()).toMatch(
      /B.*A/,
    );

    await chain.fill("A");
    await researcher.getByTestId("target-upload").click();
    await researcher.getByTestId("target-uploaded").waitFor({ timeout: 30_000 });
    const row = researcher.getByTestId("target-row").filter({ hasText: TARGET_NAME });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain("tiny.pdb");
    expect(text).toContain("C:LIG1");
    expect(text).not.toContain("HOH");
    expect(text).toMatch(/チェーン A・リガンド C:\*/);
  }, 60_000);

  it("creates a similarity screen, shows a query's error beside it, and follows the run to its result", async () => {
    await researcher.getByTestId("tab-new").click();
    await researcher.getByTestId("screen-form").waitFor();
    // the Mpro example fills in the five Moonshot actives and the four protease inhibitors to follow
    await researcher.getByTestId("screen-load-example").click();
    const example = (await researcher.getByTestId("screen-queries").inputValue()).split("\n");
    expect(example).toHaveLength(5);
    expect(example[0]).toMatch(/^MAT-POS-7ed7af85-1 \(nirmatrelvir\), IC50 0\.0027 µM\tCC\(C\)\(C\)\[C@H\]/);
    expect(await researcher.getByTestId("screen-watch").inputValue()).toBe(
      "nelfinavir, lopinavir, ritonavir, boceprevir",
    );
    expect(await researcher.getByTestId("screen-topk").inputValue()).toBe("100");
    // docking offers the registered structure, its default chain chosen; this screen does not dock
    await researcher.getByTestId("screen-use-docking").check();
    expect(await researcher.getByTestId("screen-target").textContent()).toContain(TARGET_NAME);
    expect(await researcher.getByTestId("screen-chain").inputValue()).toBe("A");
    expect(await researcher.getByTestId("screen-box").getAttribute("placeholder")).toBe("C:*");
    await researcher.getByTestId("screen-use-docking").uncheck();

    const option = researcher.getByTestId("screen-library").locator("option", { hasText: LIBRARY_NAME });
    expect(await option.textContent()).toMatch(/6 分子/);
    await researcher.getByTestId("screen-library").selectOption((await option.getAttribute("value")) ?? "");
    await researcher.getByTestId("screen-name").fill(SCREEN_NAME);
    await researcher.getByTestId("screen-watch").fill("catechol, boceprevir");
    await researcher.getByTestId("screen-exclude-alerts").check();
    await researcher.getByTestId("screen-topk").fill("3");

    // an unreadable SMILES on the second line: the server names it, and the form puts it beside the actives
    const queries = researcher.getByTestId("screen-queries");
    await queries.fill(`nirmatrelvir\t${NIRMATRELVIR}\ntypo CC(=O`);
    await researcher.getByTestId("screen-submit").click();
    const errors = researcher.getByTestId("screen-errors");
    await errors.waitFor({ timeout: 30_000 });
    expect(await errors.textContent()).toMatch(/2 行目/);
    expect(await queries.getAttribute("aria-invalid")).toBe("true");
    expect(
      await researcher.locator(`[id="${await queries.getAttribute("id")}-error"]`).textContent(),
    ).toMatch(/typo/);
    expect(await researcher.evaluate(() => window.location.hash)).toBe("#/screen/new");
    await researcher.screenshot({ path: `${ARTIFACTS}screen-form-error.png`, fullPage: true });

    await queries.fill(`nirmatrelvir\t${NIRMATRELVIR}`);
    await researcher.getByTestId("screen-submit").click();
    await researcher.waitForFunction(() => /^#\/screen\/[0-9a-f-]{36}$/.test(window.location.hash));
    runId = (await researcher.evaluate(() => window.location.hash)).replace("#/screen/", "");
    await researcher.getByTestId("screen-run-page").waitFor();
    expect(await researcher.getByTestId("screen-run-title").textContent()).toBe(SCREEN_NAME);
    await researcher.locator('[data-testid="screen-run-status"][data-status="done"]').waitFor({
      timeout: 90_000,
    });
    await researcher.getByTestId("screen-result").waitFor();

    // the funnel: 7 lines → 6 molecules → 5 without PAINS alerts → the 3 most similar
    const out = (stage: string) =>
      researcher.getByTestId(`funnel-row-${stage}`).getByTestId("funnel-out").textContent();
    expect(await researcher.getByTestId("funnel-row-library").getByTestId("funnel-in").textContent()).toBe(
      "7",
    );
    expect([await out("library"), await out("filters"), await out("similarity")]).toEqual(["6", "5", "3"]);
    expect(await researcher.getByTestId("funnel-row-filters").textContent()).toContain("PAINS alert");
    await researcher.locator('[data-testid="screen-funnel-chart"] svg').first().waitFor();

    // the hits: boceprevir first, drawn by the server
    const hits = researcher.getByTestId("hit-row");
    expect(await hits.count()).toBe(3);
    const first = hits.first();
    expect(await first.getByTestId("hit-rank").textContent()).toBe("1");
    expect(await first.getByTestId("hit-name").textContent()).toContain("boceprevir");
    expect(await first.getByTestId("hit-similarity").textContent()).toContain("nirmatrelvir");
    const image = first.getByTestId("hit-structure");
    expect(await image.getAttribute("alt")).toBe("boceprevir");
    await image.scrollIntoViewIfNeeded();
    await image.evaluate(
      (img: HTMLImageElement) =>
        new Promise<void>((resolve, reject) => {
          if (img.complete) return img.naturalWidth > 0 ? resolve() : reject(new Error("not drawn"));
          img.addEventListener("load", () => resolve());
          img.addEventListener("error", () => reject(new Error("not drawn")));
        }),
    );
    expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await researcher.locator('[data-testid="screen-similarity-histogram"] svg').first().waitFor();

    // the followed compounds: boceprevir is hit 1; catechol stopped at the PAINS filter
    const watched = researcher.getByTestId("watched-row");
    expect(await watched.count()).toBe(2);
    const boceprevir = watched.filter({ hasText: "boceprevir" });
    expect(await boceprevir.getByTestId("watched-rank").textContent()).toBe("1");
    expect(await boceprevir.getByTestId("watched-similarity").textContent()).toMatch(/類似度順 #1/);
    const catechol = watched.filter({ hasText: "catechol" });
    expect(await catechol.getByTestId("watched-stopped").textContent()).toMatch(/PAINS/);
    expect(await catechol.getByTestId("watched-rank").textContent()).toBe("—");

    // the report opens in a new tab; the CSV has a header and the three hits
    const report = researcher.getByTestId("screen-report-link");
    expect(await report.getAttribute("target")).toBe("_blank");
    const html = await researcher.request.get(`${server.base}${await report.getAttribute("href")}`);
    expect(html.status()).toBe(200);
    expect(await html.text()).toContain("boceprevir");
    const csv = await researcher.request.get(
      `${server.base}${await researcher.getByTestId("screen-csv-link").getAttribute("href")}`,
    );
    expect((await csv.text()).trim().split("\n")).toHaveLength(4);
  }, 150_000);

  it("lists the finished screen and opens it from the list", async () => {
    await researcher.getByTestId("screen-back").click();
    const row = researcher.getByTestId("screen-run-row").filter({ hasText: SCREEN_NAME });
    await row.waitFor();
    expect(await row.getByTestId("screen-run-row-status").getAttribute("data-status")).toBe("done");
    await row.getByTestId("screen-run-link").click();
    await researcher.getByTestId("screen-result").waitFor();
    expect(await researcher.evaluate(() => window.location.hash)).toBe(`#/screen/${runId}`);
  }, 60_000);

  it("attaches the screen to one of the researcher's seeds, then reads in English", async () => {
    await researcher.getByTestId("screen-attach-seed").waitFor();
    await researcher.getByTestId("screen-attach").click();
    const done = researcher.getByTestId("screen-attached");
    await done.waitFor({ timeout: 30_000 });
    expect(await done.textContent()).toContain("エビデンスに追加しました");

    await researcher.getByTestId("lang-switch").click();
    await researcher.waitForFunction(() => document.documentElement.lang === "en");
    expect(await researcher.getByTestId("screen-funnel-title").textContent()).toBe("Funnel");
    expect(await researcher.getByTestId("screen-watched-title").textContent()).toBe("Followed compounds");
    expect(await researcher.getByTestId("screen-hits-title").textContent()).toBe("Hits (3)");
    expect(
      await researcher.getByTestId("watched-row").filter({ hasText: "boceprevir" }).textContent(),
    ).toMatch(/#1 by similarity/);
    await researcher.screenshot({ path: `${ARTIFACTS}screen-run.png`, fullPage: true });
  }, 60_000);

  it("another organisation's screen reads as not found, and investors have no screen at all", async () => {
    const company = await loginAs("bd@sakura-pharma.example");
    expect(await company.getByTestId("nav-screen").count()).toBe(1);
    await company.goto(`${server.base}/#/screen/${runId}`);
    await company.getByTestId("screen-run-not-found").waitFor();
    expect(await company.getByTestId("screen-result").count()).toBe(0);
    await company.context().close();

    const investor = await loginAs("partner@mirai-capital.example");
    expect(await investor.getByTestId("nav-screen").count()).toBe(0);
    await investor.goto(`${server.base}/#/screen`);
    await investor.getByTestId("page-forbidden").waitFor();
    await investor.context().close();
  }, 60_000);
});
