import { randomUUID } from "node:crypto";
import { seedDemo } from "@kakehashi/store";
import { openTestStore, TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, PLATFORM_MIGRATIONS } from "./app.ts";
import { callAs, type DemoSession, loginDemoAccounts } from "./demoSessions.ts";

// RBesT's ankylosing-spondylitis placebo data
const AS_STUDIES = [107, 44, 51, 39, 139, 20, 78, 35].map((n, i) => ({
  study: `AS ${i + 1}`,
  n,
  r: [23, 12, 19, 9, 39, 6, 9, 10][i] as number,
}));

const DESIGN = {
  kind: "bayesian-two-arm",
  title: "AS phase II: placebo borrowing from 8 trials",
  endpoint: "binary",
  treatment: { n: 24, prior: { type: "mixture", components: [[1, 0.5, 1]] } },
  control: { n: 6, prior: { type: "map", studies: AS_STUDIES, robustWeight: 0.2 } },
  rule: [{ probability: 0.95, delta: 0 }],
  scenarios: { control: [0.1, 0.2, 0.25, 0.3, 0.4, 0.5], effects: [0, 0.3] },
};

const GS = {
  design: { kMax: 3, typeOfDesign: "asOF", alpha: 0.025, beta: 0.2 },
  endpoint: { type: "means", alternative: 0.5, stDev: 1 },
};

const SEED = {
  titleJa: "IL-17A 阻害ペプチド",
  titleEn: "IL-17A-inhibiting peptide",
  targetSymbol: "IL17A",
  modality: "peptide",
  icd10: "M45",
  indication: "強直性脊椎炎 / ankylosing spondylitis",
  stage: "non_clinical",
  publicSummaryJa: "強直性脊椎炎を対象とした IL-17A 阻害ペプチド。",
  publicSummaryEn: "An IL-17A-inhibiting peptide for ankylosing spondylitis.",
  confidentialDetails: "sequence withheld",
};

describe.each(TEST_BACKENDS)("trial design API on %s", (backend) => {
  let store: TestStore;
  let app: FastifyInstance;
  let as: Record<string, DemoSession> = {};
  let designId = "";

  const call = (who: string, method: "GET" | "POST", url: string, payload?: unknown, lang = "en") =>
    callAs(app, as[who] as DemoSession, method, url, payload, lang);

  beforeAll(async () => {
    store = await openTestStore(backend, "memory://", PLATFORM_MIGRATIONS);
    await seedDemo(store.db);
    app = await buildServer({ store });
    as = await loginDemoAccounts(app, {
      researcher: "researcher@toto-u.example",
      tlo: "tlo@toto-u.example",
      analyst: "biostat@core-hospital.example",
      company: "bd@sakura-pharma.example",
      investor: "partner@mirai-capital.example",
      regulator: "reviewer@regulator.example",
    });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("evaluates a MAP-borrowing design: ESS, boundary and exact OCs, without saving", async () => {
    const res = await call("researcher", "POST", "/api/trials/designs/evaluate", DESIGN);
    expect(res.statusCode, res.body).toBe(200);
    const e = res.json();
    const control = e.priors.control;
    expect(control.mixture.family).toBe("beta");
    expect(control.map.converged).toBe(true);
    // eight trials, 513 patients, but heterogeneous: the robust MAP prior is worth a few dozen patients
    expect(control.ess.elir).toBeGreaterThan(10);
    expect(control.ess.elir).toBeLessThan(120);
    // the MAP prior's median sits near the pooled placebo response (136 of 513 = 0.27)
    const median = control.quantiles.find((q: { p: number }) => q.p === 0.5).q;
    expect(median).toBeGreaterThan(0.22);
    expect(median).toBeLessThan(0.3);
    expect(e.boundary.kind).toBe("discrete");
    expect(e.boundary.control).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const typeI = e.oc.filter((p: { effect: number }) => p.effect === 0);
    expect(typeI).toHaveLength(6);
    expect(e.maxTypeIError.probability).toBe(
      Math.max(...typeI.map((p: { probability: number }) => p.probability)),
    );
    const power = e.oc.find(
      (p: { effect: number; control: number }) => p.effect === 0.3 && p.control === 0.25,
    );
    expect(power.probability).toBeGreaterThan(0.5);
    // a preview keeps nothing
    const kept = await sql<{ n: number }>`select count(*)::int as n from trial_designs`.execute(store.db);
    expect(kept.rows[0]?.n).toBe(0);
  }, 60_000);

  it("names the field and the fix for a bad design, in the asker's language", async () => {
    const bad = await call(
      "researcher",
      "POST",
      "/api/trials/designs/evaluate",
      {
        ...DESIGN,
        control: {
          n: 6,
          prior: {
            type: "map",
            studies: [
              { n: 10, r: 12 },
              { n: 10, r: 2 },
            ],
          },
        },
        rule: [{ probability: 1.5, delta: 0 }],
      },
      "ja",
    );
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().errors.map((x: { field: string }) => x.field);
    expect(fields).toContain("rule.0.probability");
    expect(fields).toContain("control.prior.studies.0");
    expect(bad.json().title).toBe("入力内容に誤りがあります");
  });

  it("saves a design for its organisation only, and audits the save", async () => {
    const res = await call("researcher", "POST", "/api/trials/designs", DESIGN);
    expect(res.statusCode, res.body).toBe(201);
    designId = res.json().id;
    const audit = await store.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", designId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["trials.design.create"]);
    // a colleague of the same university sees it; another organisation does not even learn it exists
    expect((await call("tlo", "GET", `/api/trials/designs/${designId}`)).statusCode).toBe(200);
    expect(
      (await call("tlo", "GET", "/api/trials/designs")).json().map((d: { id: string }) => d.id),
    ).toContain(designId);
    expect((await call("analyst", "GET", `/api/trials/designs/${designId}`)).statusCode).toBe(404);
    expect((await call("company", "GET", `/api/trials/designs/${designId}/report`)).statusCode).toBe(404);
    expect((await call("company", "GET", "/api/trials/designs")).json()).toEqual([]);
  }, 60_000);

  it("fits a MAP prior and a group-sequential design through the API", async () => {
    const map = await call("analyst", "POST", "/api/trials/map-prior", {
      family: "binomial",
      studies: AS_STUDIES,
    });
    expect(map.statusCode, map.body).toBe(200);
    expect(map.json().diagnostics.converged).toBe(true);
    expect(map.json().mixture.family).toBe("beta");
    const badMap = await call("analyst", "POST", "/api/trials/map-prior", {
      family: "binomial",
      studies: [{ n: 5, r: 7 }],
    });
    expect(badMap.statusCode).toBe(400);
    const gs = await call("analyst", "POST", "/api/trials/group-sequential", GS);
    expect(gs.statusCode, gs.body).toBe(200);
    // rpact: getDesignGroupSequential(kMax = 3, alpha = 0.025, typeOfDesign = "asOF")$criticalValues
    const z = gs.json().design.criticalValues;
    expect(z[0]).toBeCloseTo(3.710303, 5);
    expect(z[2]).toBeCloseTo(1.993047, 5);
    const badGs = await call("analyst", "POST", "/api/trials/group-sequential", { design: { kMax: 0 } });
    expect(badGs.statusCode).toBe(400);
    expect(badGs.json().errors[0].field).toBe("design.kMax");
  }, 60_000);

  it("simulates virtual trials per scenario, with Monte-Carlo error", async () => {
    const body = {
      design: {
        arms: [{ name: "control" }, { name: "treatment" }],
        accrual: { ratePerMonth: 20 },
        maxSampleSize: 200,
        endpoint: { type: "binary", rates: [0.3, 0.3] },
        analysis: { efficacy: [1.959963984540054] },
      },
      scenarios: [{ name: "null" }, { name: "alternative", endpoint: { rates: [0.3, 0.5] } }],
      trials: 4000,
      seed: 11,
    };
    const res = await call("analyst", "POST", "/api/trials/simulations", body);
    expect(res.statusCode, res.body).toBe(200);
    const [h0, h1] = res.json();
    // the pooled z test at one-sided 2.5 %: type I error within 4 Monte-Carlo standard errors
    expect(Math.abs(h0.characteristics.success.estimate - 0.025)).toBeLessThan(
      4 * h0.characteristics.success.mcse + 0.005,
    );
    expect(h1.characteristics.success.estimate).toBeGreaterThan(0.75);
    const bad = await call("analyst", "POST", "/api/trials/simulations", {
      ...body,
      design: { ...body.design, maxSampleSize: -5 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe("design.maxSampleSize");
    expect((await call("investor", "POST", "/api/trials/simulations", body)).statusCode).toBe(403);
  }, 60_000);

  it("refuses every trials route to roles that do not design trials", async () => {
    for (const who of ["investor", "regulator"]) {
      expect((await call(who, "POST", "/api/trials/designs/evaluate", DESIGN)).statusCode).toBe(403);
      expect((await call(who, "POST", "/api/trials/designs", DESIGN)).statusCode).toBe(403);
      expect((await call(who, "GET", "/api/trials/designs")).statusCode).toBe(403);
      expect((await call(who, "GET", `/api/trials/designs/${designId}`)).statusCode).toBe(403);
      expect((await call(who, "GET", `/api/trials/designs/${designId}/report`)).statusCode).toBe(403);
      expect(
        (await call(who, "POST", "/api/trials/map-prior", { family: "binomial", studies: AS_STUDIES }))
          .statusCode,
      ).toBe(403);
      expect((await call(who, "POST", "/api/trials/group-sequential", GS)).statusCode).toBe(403);
      const attach = await call(who, "POST", `/api/trials/designs/${designId}/attach`, {
        seedId: randomUUID(),
      });
      expect(attach.statusCode).toBe(403);
    }
    const anonymous = await app.inject({ method: "GET", url: "/api/trials/designs" });
    expect(anonymous.statusCode).toBe(401);
  });

  it("serves the design report as a sandboxed page with priors, ESS and OCs", async () => {
    const res = await call("researcher", "GET", `/api/trials/designs/${designId}/report`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-security-policy"]).toMatch(/sandbox allow-scripts/);
    expect(res.body).toContain("有効サンプルサイズ / effective sample size");
    expect(res.body).toContain("R-hat");
    expect(res.body).toContain(designId);
  });

  it("attaches a design with its report to the owner's seed, and to no one else's", async () => {
    const seed = await call("researcher", "POST", "/api/seeds", SEED);
    expect(seed.statusCode, seed.body).toBe(201);
    const seedId = seed.json().id;
    const attached = await call("researcher", "POST", `/api/trials/designs/${designId}/attach`, { seedId });
    expect(attached.statusCode, attached.body).toBe(201);
    const evidence = await call("researcher", "GET", `/api/seeds/${seedId}/evidence`);
    const item = evidence.json().find((e: { id: string }) => e.id === attached.json().evidenceId);
    expect(item.title).toContain(DESIGN.title);
    expect(item.files.map((f: { name: string }) => f.name).sort()).toEqual([
      `trial-design-${designId}.html`,
      `trial-design-${designId}.json`,
    ]);
    // a biostatistician of another organisation may attach its own designs, but not to this seed
    const theirs = await call("analyst", "POST", "/api/trials/designs", {
      ...DESIGN,
      title: "hospital's design",
    });
    expect(theirs.statusCode).toBe(201);
    const notOwner = await call("analyst", "POST", `/api/trials/designs/${theirs.json().id}/attach`, {
      seedId,
    });
    expect(notOwner.statusCode).toBe(403);
  }, 60_000);

  it("borrows external controls from a released RWD study arm, and refuses suppressed counts", async () => {
    const released = (subjects: number | string, events: number | string) => ({
      arms: {
        target: { subjects: 400, events: 60, personYears: 12.5 },
        comparator: { subjects, events, personYears: 9.5 },
      },
      hazardRatio: 2,
    });
    const insertStudy = async (result: unknown) => {
      const id = randomUUID();
      await sql`insert into rwd_studies (id, source_name, snapshot_id, engine_version, spec, released_result, hazard_ratio)
        values (${id}, 'hospital', 'snap', '0.1.0', ${JSON.stringify({ name: "G-CSF" })}, ${JSON.stringify(result)}, 2)`.execute(
        store.db,
      );
      return id;
    };
    const usable = await insertStudy(released(300, 45));
    const design = {
      ...DESIGN,
      control: {
        n: 20,
        prior: { type: "external", rwdStudyId: usable, method: { kind: "power-prior", a0: 0.5 } },
      },
    };
    // the researcher may use RWD; the company may design trials but not read RWD studies
    const res = await call("researcher", "POST", "/api/trials/designs/evaluate", design);
    expect(res.statusCode, res.body).toBe(200);
    const control = res.json().priors.control;
    expect(control.external).toMatchObject({
      rwdStudyId: usable,
      rwdArm: "comparator",
      data: { r: 45, n: 300 },
    });
    // a0 = 0.5 borrows half of 300 patients
    expect(control.ess.moment).toBeGreaterThan(140);
    expect(control.ess.moment).toBeLessThan(160);
    expect((await call("company", "POST", "/api/trials/designs/evaluate", design)).statusCode).toBe(403);

    const suppressed = await insertStudy(released("<10", "<10"));
    const refused = await call("researcher", "POST", "/api/trials/designs/evaluate", {
      ...design,
      control: { ...design.control, prior: { ...design.control.prior, rwdStudyId: suppressed } },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().title).toBe("Cannot be used as external controls");
  });
});
