import { seedDemo, verifyAuditChain } from "@kakehashi/store";
import { openTestStore, TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedPipelineDemo } from "./demo.ts";
import { computeKpis } from "./kpis.ts";
import { platformMigrations } from "./migrations/index.ts";
import { loadKpiInput } from "./programmeKpis.ts";
import { type PipelineDb, pipelineDb } from "./schema.ts";
import { MODALITIES } from "./vocabulary.ts";

describe.each(TEST_BACKENDS)("demo pipeline on %s", (backend) => {
  let store: TestStore;
  let db: PipelineDb;
  const today = "2026-11-24";

  beforeAll(async () => {
    store = await openTestStore(backend, "memory://", platformMigrations);
    await seedDemo(store.db);
    db = pipelineDb(store.db);
    expect(await seedPipelineDemo(db, today)).toEqual({ seeds: 64 });
  });
  afterAll(async () => {
    await store?.close();
  });

  it("has at least 60 seeds from 10+ organisations, every modality and many stages", async () => {
    const seeds = await db.selectFrom("seeds").select(["organisation_id", "modality", "stage"]).execute();
    expect(seeds.length).toBeGreaterThanOrEqual(60);
    expect(new Set(seeds.map((s) => s.organisation_id)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(seeds.map((s) => s.modality))).toEqual(new Set(MODALITIES.filter((m) => m !== "other")));
    expect(new Set(seeds.map((s) => s.stage)).size).toBeGreaterThanOrEqual(9);
  });

  it("gives every screen something to show: evidence, IP, grants, late milestones, outcomes over years", async () => {
    const count = async (table: "evidence" | "ip_families" | "access_grants" | "milestones" | "outcomes") =>
      (await db.selectFrom(table).select("id").execute()).length;
    expect(await count("evidence")).toBeGreaterThan(200);
    expect(await count("ip_families")).toBeGreaterThan(40);
    expect(await count("access_grants")).toBeGreaterThanOrEqual(5);
    const late = await db
      .selectFrom("milestones")
      .select("id")
      .where("due_on", "<", today)
      .where("decision", "=", "pending")
      .execute();
    expect(late.length).toBeGreaterThan(0);
    const kpis = computeKpis(await loadKpiInput(db));
    expect(new Set(kpis.dealsByProgrammeYear.map((d) => d.year)).size).toBeGreaterThanOrEqual(4);
    expect(kpis.patents.filed).toBeGreaterThan(kpis.patents.granted);
  });

  it("reproduces the report's ACT-M figures: 23 projects, mean JPY 194M company money", async () => {
    const act = computeKpis(await loadKpiInput(db), { programme: "act_m" });
    expect(act.companyMoney).toMatchObject({
      projects: 23,
      meanJpy: 194_000_000,
      totalJpy: 23 * 194_000_000,
    });
  });

  it("reproduces the report's 93 ACT-M patent filings, spread over the projects and the years", async () => {
    const input = await loadKpiInput(db);
    const act = computeKpis(input, { programme: "act_m" });
    expect(act.patents.filed).toBe(93);
    expect(act.patents.byYear.reduce((n, y) => n + y.filed, 0)).toBe(93);
    expect(act.patents.byYear.filter((y) => y.filed > 0).length).toBeGreaterThanOrEqual(5);
    // no project carries the programme alone, and no filing is dated in the future
    const actSeeds = new Set(input.seeds.filter((s) => s.programme === "act_m").map((s) => s.id));
    const filings = input.outcomes.filter((o) => o.kind === "patent_filed" && actSeeds.has(o.seedId));
    const perProject = [...actSeeds].map((id) => filings.filter((o) => o.seedId === id).length);
    expect(perProject.every((n) => n >= 1)).toBe(true);
    expect(Math.max(...perProject)).toBeLessThanOrEqual(12);
    expect(filings.every((o) => o.date <= today)).toBe(true);
    // the other programmes keep their own filings: the whole count is more than ACT-M's
    expect(computeKpis(input).patents.filed).toBeGreaterThan(93);
  });

  it("audits the demo load like any other write and loads only once", async () => {
    expect((await verifyAuditChain(store.db)).ok).toBe(true);
    expect(await seedPipelineDemo(db, today)).toEqual({ seeds: 0 });
  });
});
