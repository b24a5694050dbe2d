import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedDemo } from "@kakehashi/store";
import { openTestStore, TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, PLATFORM_MIGRATIONS } from "./app.ts";
import { callAs, type DemoSession, loginDemoAccounts } from "./demoSessions.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const sharedData = process.env.KAKEHASHI_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data");
const approvals = path.join(sharedData, "approvals");
const haveApprovals = existsSync(path.join(approvals, "pmda_approvals_2007-2024.csv"));
if (!haveApprovals)
  console.warn(`shared data not found at ${approvals}: the drug-lag API tests on the real lists did not run`);

const LUNG_SEED = {
  titleJa: "KRAS G12D 阻害薬",
  titleEn: "KRAS G12D inhibitor",
  targetSymbol: "KRAS",
  modality: "small_molecule",
  icd10: "C34.9",
  indication: "非小細胞肺がん / non-small cell lung cancer",
  stage: "lead",
  publicSummaryJa: "KRAS G12D 変異を持つ肺がんの低分子阻害薬。",
  publicSummaryEn: "A small-molecule inhibitor for KRAS G12D lung cancer.",
  confidentialDetails: "structure withheld",
};

describe("drug-lag API without approval lists", () => {
  let store: TestStore;
  let app: FastifyInstance;
  let as: Record<string, DemoSession> = {};
  const empty = mkdtempSync(path.join(tmpdir(), "kh-lag-empty-"));
  beforeAll(async () => {
    store = await openTestStore("pglite", "memory://", PLATFORM_MIGRATIONS);
    await seedDemo(store.db);
    app = await buildServer({ store, lagFolder: empty });
    as = await loginDemoAccounts(app, { investor: "partner@mirai-capital.example" });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it("says the data is missing and how to get it, in the asker's language", async () => {
    const status = (
      await callAs(app, as.investor as DemoSession, "GET", "/api/lag/status", undefined, "ja")
    ).json();
    expect(status.available).toBe(false);
    expect(status.hint.ja).toContain("kakehashi lag fetch");
    const res = await callAs(app, as.investor as DemoSession, "GET", "/api/lag/medicines", undefined, "ja");
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: "lag-data-missing", title: "承認品目データがありません" });
    expect(res.json().detail).toContain("pmda_approvals_2007-2024.csv");
  });
});

describe.each(TEST_BACKENDS)("drug-lag API on the real lists (%s)", (backend) => {
  let store: TestStore;
  let app: FastifyInstance;
  let as: Record<string, DemoSession> = {};
  const call = (who: string, url: string, lang = "en") =>
    callAs(app, as[who] as DemoSession, "GET", url, undefined, lang);

  beforeAll(async () => {
    store = await openTestStore(backend, "memory://", PLATFORM_MIGRATIONS);
    await seedDemo(store.db);
    app = await buildServer({ store, lagFolder: approvals });
    as = await loginDemoAccounts(app, {
      researcher: "researcher@toto-u.example",
      investor: "partner@mirai-capital.example",
      regulator: "reviewer@regulator.example",
    });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it.skipIf(!haveApprovals)("accounts for every source row and reports the matching", async () => {
    const status = (await call("regulator", "/api/lag/status")).json();
    expect(status.available).toBe(true);
    expect(status.sources.map((s: { source: string }) => s.source)).toEqual(["fda", "pmda", "ema"]);
    for (const s of status.sources) expect(s.used + s.reportedOnly).toBe(s.dataRows);
    expect(status.sources[1]).toMatchObject({ dataRows: 2448 });
    expect(status.medicines).toBeGreaterThan(1500);
    expect(status.jpCoverage.first).toMatch(/^20\d\d-/);
    const faults = (await call("regulator", "/api/lag/faults?source=pmda&limit=500")).json();
    const pmdaFaults = Object.values(status.sources[1].faults as Record<string, number>).reduce(
      (a, b) => a + b,
      0,
    );
    expect(faults.total).toBe(pmdaFaults);
    expect(faults.items[0]).toMatchObject({ source: "pmda" });
    const matching = (await call("regulator", "/api/lag/matching")).json();
    expect(matching.fuzzy.length).toBe(status.matching.fuzzy);
  });

  it.skipIf(!haveApprovals)("finds a medicine and shows its approvals in the three regions", async () => {
    const list = (await call("investor", "/api/lag/medicines?q=pembrolizumab")).json();
    expect(list.total).toBe(1);
    const [item] = list.items;
    expect(item).toMatchObject({
      us: { date: "2014-09-04" },
      jp: { date: "2016-09-28" },
      jpStatus: "approved-jp",
    });
    expect(item.lagMonths).toBeCloseTo(24.8, 1);
    const detail = (await call("investor", `/api/lag/medicines/${encodeURIComponent(item.id)}`)).json();
    expect(detail.jpIndications.length).toBeGreaterThan(1);
    expect((await call("investor", "/api/lag/medicines/no-such-medicine")).statusCode).toBe(404);
    const csv = await call("investor", "/api/lag/medicines.csv?q=pembrolizumab");
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.body.split("\n").filter(Boolean)).toHaveLength(2);
  });

  it.skipIf(!haveApprovals)(
    "gives each figure with its definition and the medicines behind every number",
    async () => {
      const lag = (
        await call("researcher", "/api/lag/analyses/lag?by=year&basis=jp-approval&from=2010&to=2020")
      ).json();
      expect(lag.definition.ja).toBeTruthy();
      const year = lag.groups.find((g: { n: number }) => g.n > 5);
      const behind = (
        await call("researcher", `/api/lag/medicines?ids=${year.ids.join(",")}&limit=500`)
      ).json();
      expect(behind.total).toBe(year.n);
      for (const m of behind.items) expect(m.lagMonths).not.toBeNull();
      const byArea = (await call("researcher", "/api/lag/analyses/lag?by=area")).json();
      expect(byArea.groups.some((g: { group: string }) => g.group === "L")).toBe(true);
      const loss = (
        await call("researcher", "/api/lag/analyses/loss?cutoff=2024-03-31&from=2015&to=2020")
      ).json();
      expect(loss.groups).toHaveLength(6);
      for (const g of loss.groups) expect(g.notApprovedIds).toHaveLength(g.notApproved);
      const orphan = (await call("researcher", "/api/lag/analyses/orphan")).json();
      expect(orphan.orphan.lag.n + orphan.nonOrphan.lag.n).toBeGreaterThan(0);
      const csv = await call("researcher", "/api/lag/figure.csv?analysis=loss&from=2015&to=2020");
      expect(csv.statusCode).toBe(200);
      expect(csv.body).toContain("not approved in Japan");
    },
  );

  it.skipIf(!haveApprovals)(
    "shows a seed's indication against the existing medicines, from its public fields",
    async () => {
      const seed = await callAs(app, as.researcher as DemoSession, "POST", "/api/seeds", LUNG_SEED);
      expect(seed.statusCode, seed.body).toBe(201);
      const lag = (await call("investor", `/api/seeds/${seed.json().id}/lag`)).json();
      expect(lag).toMatchObject({ icd10: "C34.9", basis: "keywords" });
      expect(lag.summary.n).toBeGreaterThan(20);
      expect(lag.medicines.length).toBeGreaterThan(0);
      expect((await call("investor", "/api/seeds/00000000-0000-4000-8000-000000000000/lag")).statusCode).toBe(
        404,
      );
    },
  );

  it("refuses bad parameters with the field, and anonymous callers", async () => {
    const bad = await call("researcher", "/api/lag/medicines?status=bogus&from=abc");
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(["from", "status"]);
    for (const url of [
      "/api/lag/status",
      "/api/lag/medicines",
      "/api/lag/medicines.csv",
      "/api/lag/medicines/x",
      "/api/lag/analyses/lag",
      "/api/lag/analyses/loss",
      "/api/lag/analyses/orphan",
      "/api/lag/figure.csv?analysis=lag",
      "/api/lag/faults",
      "/api/lag/matching",
      "/api/seeds/00000000-0000-4000-8000-000000000000/lag",
    ])
      expect((await app.inject({ method: "GET", url })).statusCode, url).toBe(401);
  });
});
