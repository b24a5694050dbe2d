import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatePopulation, openDataSource, SourceRegistry } from "@kakehashi/rwd";
import { seedDemo } from "@kakehashi/store";
import { openTestStore, TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, PLATFORM_MIGRATIONS } from "./app.ts";
import { callAs, type DemoSession, loginDemoAccounts } from "./demoSessions.ts";

const examples = new URL("../../../examples/rwd/", import.meta.url);
const example = (file: string) => JSON.parse(readFileSync(new URL(file, examples), "utf8"));
const folder = mkdtempSync(join(tmpdir(), "kh-rwd-api-"));

beforeAll(async () => {
  const source = await openDataSource(join(folder, "hospital.duckdb"));
  await generatePopulation(source.connection, { persons: 20_000, seed: 5 });
  await source.close();
}, 120_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.each(TEST_BACKENDS)("RWD API on %s", (backend) => {
  let store: TestStore;
  let app: FastifyInstance;
  let as: Record<string, DemoSession> = {};
  let studyId = "";

  const call = (who: string, method: "GET" | "POST", url: string, payload?: unknown) =>
    callAs(app, as[who] as DemoSession, method, url, payload);

  beforeAll(async () => {
    store = await openTestStore(backend, "memory://", PLATFORM_MIGRATIONS);
    await seedDemo(store.db);
    app = await buildServer({ store, rwdSources: new SourceRegistry(folder) });
    as = await loginDemoAccounts(app, {
      analyst: "biostat@core-hospital.example",
      researcher: "researcher@toto-u.example",
      company: "bd@sakura-pharma.example",
    });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("lists the data sources to analysts and refuses companies", async () => {
    const res = await call("analyst", "GET", "/api/rwd/sources");
    expect(res.statusCode).toBe(200);
    expect(res.json().map((s: { name: string }) => s.name)).toEqual(["hospital"]);
    expect((await call("company", "GET", "/api/rwd/sources")).statusCode).toBe(403);
    expect((await call("analyst", "GET", "/api/rwd/sources/nope/quality")).statusCode).toBe(404);
  });

  it("runs the G-CSF safety study and keeps only the released result", async () => {
    const body = {
      name: "Pegfilgrastim vs filgrastim: thrombocytopenia",
      target: example("pegfilgrastim-new-users.json"),
      comparator: example("filgrastim-new-users.json"),
      outcome: example("thrombocytopenia-platelets-below-50.json"),
      design: {
        timeAtRisk: { startDays: 2, endDays: 7, endAnchor: "cohort_start" },
        adjustment: { type: "stratify", strata: 5 },
      },
    };
    expect((await call("company", "POST", "/api/rwd/sources/hospital/studies", body)).statusCode).toBe(403);
    const bad = await call("analyst", "POST", "/api/rwd/sources/hospital/studies", {
      ...body,
      target: { version: 2 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.some((e: { field: string }) => e.field.startsWith("target"))).toBe(true);
    const res = await call("analyst", "POST", "/api/rwd/sources/hospital/studies", body);
    expect(res.statusCode, res.body).toBe(201);
    const study = res.json();
    studyId = study.id;
    expect(study.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    expect(study.result.hazardRatio).toBeGreaterThan(1);
    // no count from 1 to 9 leaves the engine
    const counts: unknown[] = [];
    for (const a of study.result.attrition)
      counts.push(a.target, a.comparator, a.removedTarget, a.removedComparator);
    for (const arm of [study.result.arms.target, study.result.arms.comparator])
      counts.push(arm.subjects, arm.events);
    for (const c of counts) if (typeof c === "number") expect(c === 0 || c >= 10, `count ${c}`).toBe(true);
    const audit = await store.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", studyId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["rwd.study.run"]);
  }, 120_000);

  it("serves the report as a sandboxed self-contained page", async () => {
    const res = await call("analyst", "GET", `/api/rwd/studies/${studyId}/report`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.headers["content-security-policy"]).toMatch(/sandbox allow-scripts/);
    expect(res.body).toContain("Kaplan");
    expect((await call("company", "GET", `/api/rwd/studies/${studyId}/report`)).statusCode).toBe(403);
  });

  it("attaches the study to a seed as evidence with its spec and snapshot", async () => {
    const seed = await call("researcher", "POST", "/api/seeds", {
      titleJa: "G-CSF 安全性",
      titleEn: "G-CSF safety",
      modality: "antibody",
      icd10: "D69.5",
      indication: "血小板減少",
      stage: "phase3",
      publicSummaryJa: "概要",
      publicSummaryEn: "Summary",
    });
    expect(seed.statusCode, seed.body).toBe(201);
    const seedId = seed.json().id;
    expect((await call("analyst", "POST", `/api/rwd/studies/${studyId}/attach`, { seedId })).statusCode).toBe(
      403,
    );
    const attached = await call("researcher", "POST", `/api/rwd/studies/${studyId}/attach`, { seedId });
    expect(attached.statusCode, attached.body).toBe(201);
    const evidence = (await call("researcher", "GET", `/api/seeds/${seedId}/evidence`)).json();
    expect(evidence[0].title).toContain("RWD study");
    const file = await call("researcher", "GET", `/api/seeds/${seedId}/files/${evidence[0].files[0].id}`);
    const record = JSON.parse(file.body);
    expect(record).toMatchObject({ studyId, source: "hospital" });
    expect(record.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    expect(record.request.target.name).toBe("New users of pegfilgrastim");
  });
});
