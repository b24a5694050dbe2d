import { pipelineDb, STAGES, seedPipelineDemo } from "@kakehashi/pipeline";
import { createAccount, createOrganisation, DEMO_PASSWORD, seedDemo } from "@kakehashi/store";
import { openTestStore, TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, PLATFORM_MIGRATIONS } from "./app.ts";

interface Session {
  cookie: string;
  csrf: string;
}

const day = (offset: number) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

const SEED = {
  titleJa: "GLP-1 受容体作動性環状ペプチド",
  titleEn: "GLP-1 receptor agonist macrocyclic peptide",
  targetSymbol: "GLP1R",
  modality: "peptide",
  icd10: "E11.9",
  indication: "2型糖尿病 / type 2 diabetes",
  stage: "lead",
  programme: "act_m",
  publicSummaryJa: "経口投与可能な GLP-1 受容体作動薬。",
  publicSummaryEn: "An orally available GLP-1 receptor agonist.",
  confidentialDetails: "SECRET cyclo(-His-Aib-...)",
};

const EVIDENCE = {
  kind: "in_vitro_efficacy",
  title: "cAMP assay",
  result: 'EC50 0.8 nM, with a comma, and a "quote"',
  performedOn: day(-60),
  performedBy: "創薬化学研究室",
  replications: 3,
  reproducedByOtherLab: false,
  integrityLevel: "research",
};

type EvidenceRecord = typeof EVIDENCE & { seedId: string };
/** Order-free comparison of exported evidence records. */
const canonical = (records: EvidenceRecord[]) => records.map((r) => JSON.stringify(r)).sort();

describe.each(TEST_BACKENDS)("seed writes, evidence transfer and list filters on %s", (backend) => {
  let store: TestStore;
  let app: FastifyInstance;
  const as: Record<string, Session> = {};
  const org: Record<string, string> = {};
  let seedId = "";
  let foreignSeedId = "";

  async function login(email: string): Promise<Session> {
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email, password: DEMO_PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.cookies.find((x) => x.name === "kh_session");
    return { cookie: `kh_session=${c?.value}`, csrf: res.json().csrfToken };
  }
  const call = (who: string, method: "GET" | "POST" | "PATCH", url: string, payload?: unknown) => {
    const s = as[who] as Session;
    return app.inject({
      method,
      url,
      headers: {
        cookie: s.cookie,
        "accept-language": "en",
        ...(method === "GET" ? {} : { "x-csrf-token": s.csrf }),
      },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  };
  const upload = (who: string, url: string, body: string, contentType: string) => {
    const s = as[who] as Session;
    return app.inject({
      method: "POST",
      url,
      headers: {
        cookie: s.cookie,
        "x-csrf-token": s.csrf,
        "content-type": contentType,
        "accept-language": "en",
      },
      payload: body,
    });
  };
  const evidenceCount = async () =>
    Number(
      (
        await pipelineDb(store.db)
          .selectFrom("evidence")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const auditRows = (action: string) =>
    store.db
      .selectFrom("audit_log")
      .select(["seq", "actor_label", "entity_id", "before_hash", "after_hash", "detail"])
      .where("action", "=", action)
      .orderBy("seq", "desc")
      .execute();
  const errorsOf = (res: { json: () => { errors: { line: number; field: string }[] } }) =>
    res
      .json()
      .errors.map((e) => `${e.line}:${e.field}`)
      .sort();

  beforeAll(async () => {
    store = await openTestStore(backend, "memory://", PLATFORM_MIGRATIONS);
    await seedDemo(store.db);
    await seedPipelineDemo(pipelineDb(store.db), day(0));
    const naniwa = await createOrganisation(
      store.db,
      { id: null, label: "test" },
      { nameJa: "浪速大学", nameEn: "Naniwa University", kind: "university" },
    );
    await createAccount(
      store.db,
      { id: null, label: "test" },
      {
        organisationId: naniwa.id,
        email: "researcher@naniwa-u.example",
        displayName: "浪速 研究者",
        password: DEMO_PASSWORD,
        roles: ["researcher"],
      },
    );
    for (const o of await store.db.selectFrom("organisations").select(["id", "name_en"]).execute())
      org[o.name_en] = o.id;
    app = await buildServer({ store });
    await app.ready();
    for (const [who, email] of Object.entries({
      researcher: "researcher@toto-u.example",
      tlo: "tlo@toto-u.example",
      company: "bd@sakura-pharma.example",
      rival: "researcher@naniwa-u.example",
      funder: "po@funder.example",
    }))
      as[who] = await login(email);
    const created = await call("researcher", "POST", "/api/seeds", SEED);
    expect(created.statusCode, created.body).toBe(201);
    seedId = created.json().id;
    expect((await call("researcher", "POST", `/api/seeds/${seedId}/evidence`, EVIDENCE)).statusCode).toBe(
      201,
    );
    const foreign = await pipelineDb(store.db)
      .selectFrom("seeds")
      .select("id")
      .where("organisation_id", "!=", org["Toto University"] as string)
      .orderBy("created_at")
      .executeTakeFirstOrThrow();
    foreignSeedId = foreign.id;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  describe("evidence import and export", () => {
    const exportJson = async (who = "researcher"): Promise<EvidenceRecord[]> => {
      const res = await call(who, "GET", "/api/evidence/export?format=json");
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    it("exports only the evidence of the caller's organisation's seeds, with seed_id, and audits it", async () => {
      const ownSeeds = new Set(
        (
          await pipelineDb(store.db)
            .selectFrom("seeds")
            .select("id")
            .where("organisation_id", "=", org["Toto University"] as string)
            .execute()
        ).map((s) => s.id),
      );
      const ownEvidence = await pipelineDb(store.db)
        .selectFrom("evidence")
        .select("seed_id")
        .where("seed_id", "in", [...ownSeeds])
        .execute();
      const before = (await auditRows("evidence.export")).length;
      const records = await exportJson();
      expect(records.length).toBe(ownEvidence.length);
      expect(records.length).toBeGreaterThan(1);
      expect(records.every((r) => ownSeeds.has(r.seedId))).toBe(true);
      expect(records.filter((r) => r.seedId === seedId)).toEqual([{ seedId, ...EVIDENCE }]);
      const audits = await auditRows("evidence.export");
      expect(audits.length).toBe(before + 1);
      expect(audits[0]).toMatchObject({
        actor_label: "researcher@toto-u.example",
        entity_id: org["Toto University"],
        detail: { format: "json", evidence: ownEvidence.length },
      });

      // another university sees none of it; partners and funders may not export evidence at all
      expect((await exportJson("rival")).some((r) => ownSeeds.has(r.seedId))).toBe(false);
      for (const who of ["company", "funder"]) {
        const res = await call(who, "GET", "/api/evidence/export?format=csv");
        expect(res.statusCode, who).toBe(403);
        expect(res.json().code).toBe("forbidden");
      }
      expect((await auditRows("evidence.export")).length).toBe(before + 2);
      const doc = (await app.inject("/openapi.json")).json();
      expect(doc.paths["/api/evidence/export"]?.get?.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: "format", in: "query" })]),
      );
    });

    it("round-trips JSON: importing an export adds the same records again", async () => {
      const mine = (await exportJson()).filter((r) => r.seedId === seedId);
      const res = await upload(
        "researcher",
        "/api/evidence/import?format=json",
        JSON.stringify(mine),
        "application/json",
      );
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({ seeds: 0, evidence: mine.length });
      const after = (await exportJson()).filter((r) => r.seedId === seedId);
      expect(canonical(after)).toEqual(canonical([...mine, ...mine]));
    });

    it("round-trips CSV: the exported file imports again, quotes, commas and false flags intact", async () => {
      const before = await exportJson();
      expect(before.some((r) => r.reproducedByOtherLab === false)).toBe(true);
      expect(before.some((r) => r.reproducedByOtherLab === true)).toBe(true);
      const csv = await call("tlo", "GET", "/api/evidence/export?format=csv");
      expect(csv.statusCode).toBe(200);
      expect(csv.headers["content-type"]).toMatch(/text\/csv/);
      expect(csv.headers["content-disposition"]).toMatch(/kakehashi-evidence\.csv/);
      expect(csv.body.replace(/^\uFEFF/, "").split(/\r?\n/)[0]).toBe(
        "seed_id,kind,title,result,performed_on,performed_by,replications,reproduced_by_other_lab,integrity_level",
      );
      const res = await upload("tlo", "/api/evidence/import?file=evidence.csv", csv.body, "text/csv");
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({ seeds: 0, evidence: before.length });
      expect(canonical(await exportJson())).toEqual(canonical([...before, ...before]));
    });

    it("reports a bad row by line and column and commits nothing (CSV and JSON)", async () => {
      const count = await evidenceCount();
      const header =
        "seed_id,kind,title,result,performed_on,performed_by,replications,reproduced_by_other_lab,integrity_level";
      const good = `${seedId},pk_adme,Mouse PK,t1/2 6 h,${day(-10)},薬物動態室,2,no,research`;
      const csv = [header, good, good.replace(",2,no,", ",two,no,"), good].join("\n");
      const bad = await upload("researcher", "/api/evidence/import?file=bad.csv", csv, "text/csv");
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(bad.json().code).toBe("import-invalid");
      expect(errorsOf(bad)).toEqual(["3:replications"]);
      expect(bad.json().errors[0].fix).toBeTruthy();
      expect(await evidenceCount()).toBe(count);

      const json = [
        { ...EVIDENCE, seedId },
        { ...EVIDENCE, seedId, integrityLevel: "gxp" },
      ];
      const badJson = await upload(
        "researcher",
        "/api/evidence/import?format=json",
        JSON.stringify(json),
        "application/json",
      );
      expect(badJson.statusCode, badJson.body).toBe(400);
      expect(errorsOf(badJson)).toEqual(["2:integrityLevel"]);
      expect(await evidenceCount()).toBe(count);
    });

    it("refuses evidence for another organisation's seed, and from non-owners, committing nothing", async () => {
      const count = await evidenceCount();
      const header =
        "seed_id,kind,title,result,performed_on,performed_by,replications,reproduced_by_other_lab,integrity_level";
      const row = (id: string) => `${id},toxicology,Rat 28-day,NOAEL 30 mg/kg,${day(-5)},CRO,1,no,glp`;
      const csv = [header, row(seedId), row(foreignSeedId)].join("\n");
      const refused = await upload("researcher", "/api/evidence/import?file=mixed.csv", csv, "text/csv");
      expect(refused.statusCode, refused.body).toBe(400);
      expect(errorsOf(refused)).toEqual(["3:seed_id"]);
      expect(refused.json().errors[0].message).toContain(foreignSeedId);
      expect(await evidenceCount()).toBe(count);
      const ja = await app.inject({
        method: "POST",
        url: "/api/evidence/import?file=mixed.csv",
        headers: {
          cookie: as.researcher?.cookie,
          "x-csrf-token": as.researcher?.csrf,
          "content-type": "text/csv",
          "accept-language": "ja",
        },
        payload: csv,
      });
      expect(ja.json().errors[0].message).toMatch(/所属組織のシーズ/);
      // the foreign seed's own organisation is not the caller's either way round
      const rival = await upload(
        "rival",
        "/api/evidence/import?file=theirs.csv",
        [header, row(seedId)].join("\n"),
        "text/csv",
      );
      expect(errorsOf(rival)).toEqual(["2:seed_id"]);
      const company = await upload(
        "company",
        "/api/evidence/import",
        [header, row(seedId)].join("\n"),
        "text/csv",
      );
      expect(company.statusCode).toBe(403);
      expect(await evidenceCount()).toBe(count);
    });
  });

  describe("owner-only writes", () => {
    /**
     * A valid body from a company user and from another university's researcher is refused with 403 (the
     * seed's existence is public, so it is not hidden behind 404) and writes no audit entry; the owner's
     * same request succeeds and is audited with hashes of the state it changed.
     */
    async function ownerOnly(
      method: "POST" | "PATCH",
      url: string,
      body: unknown,
      ok: number,
      action: string,
    ) {
      const before = (await auditRows(action)).length;
      for (const who of ["company", "rival"]) {
        const res = await call(who, method, url, body);
        expect(res.statusCode, `${who} ${method} ${url}: ${res.body}`).toBe(403);
        expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
        expect(res.json().code).toBe("forbidden");
      }
      expect((await auditRows(action)).length, `${action} written by a non-owner`).toBe(before);
      const res = await call("researcher", method, url, body);
      expect(res.statusCode, res.body).toBe(ok);
      const rows = await auditRows(action);
      expect(rows.length).toBe(before + 1);
      expect(rows[0]?.actor_label).toBe("researcher@toto-u.example");
      expect(rows[0]?.after_hash).toMatch(/^[0-9a-f]{64}$/);
      return { res, audit: rows[0] as NonNullable<(typeof rows)[number]> };
    }
    const changed = (audit: { before_hash: string | null; after_hash: string | null }) => {
      expect(audit.before_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(audit.before_hash).not.toBe(audit.after_hash);
    };

    it("PATCH /api/seeds/:id", async () => {
      const { res, audit } = await ownerOnly(
        "PATCH",
        `/api/seeds/${seedId}`,
        { titleEn: "GLP-1R agonist peptide, oral" },
        200,
        "seed.update",
      );
      expect(res.json().titleEn).toBe("GLP-1R agonist peptide, oral");
      expect(audit.entity_id).toBe(seedId);
      changed(audit);
    });

    it("POST /api/seeds/:id/stage", async () => {
      const { res, audit } = await ownerOnly(
        "POST",
        `/api/seeds/${seedId}/stage`,
        { stage: "non_clinical", enteredOn: day(0) },
        200,
        "seed.stage",
      );
      expect(res.json().stage).toBe("non_clinical");
      expect(audit.detail).toMatchObject({ from: "lead", to: "non_clinical" });
      changed(audit);
    });

    it("POST /api/seeds/:id/ip and /ip/:familyId/applications", async () => {
      const family = await ownerOnly(
        "POST",
        `/api/seeds/${seedId}/ip`,
        { title: "Oral GLP-1R macrocycles", priorityDate: day(-200), applications: [] },
        201,
        "ip_family.create",
      );
      expect(family.audit.before_hash).toBeNull(); // a new family has no before
      const familyId = family.res.json().families[0].id;
      const { res, audit } = await ownerOnly(
        "POST",
        `/api/seeds/${seedId}/ip/${familyId}/applications`,
        { office: "JP", status: "filed", filedOn: day(-200) },
        201,
        "ip_application.create",
      );
      expect(res.json().families[0].applications).toHaveLength(1);
      expect(audit.entity_id).toBe(familyId);
      changed(audit);
    });

    it("POST /api/seeds/:id/milestones/:milestoneId/decision", async () => {
      const ms = await ownerOnly(
        "POST",
        `/api/seeds/${seedId}/milestones`,
        {
          title: "リード最適化",
          ownerSide: "academia",
          startsOn: day(-120),
          dueOn: day(-2),
          deliverable: "候補 1 つ",
          goCriteria: "EC50 < 1 nM",
        },
        201,
        "milestone.create",
      );
      expect(ms.res.json().lateCount).toBe(1);
      const milestoneId = ms.res.json().milestones[0].id;
      const { res, audit } = await ownerOnly(
        "POST",
        `/api/seeds/${seedId}/milestones/${milestoneId}/decision`,
        { decision: "go", decidedOn: day(-1), completedOn: day(-1) },
        200,
        "milestone.decide",
      );
      expect(res.json()).toMatchObject({ lateCount: 0, milestones: [{ decision: "go", late: false }] });
      expect(audit.entity_id).toBe(milestoneId);
      changed(audit);
    });

    it("POST /api/seeds/:id/agreements", async () => {
      const { res, audit } = await ownerOnly(
        "POST",
        `/api/seeds/${seedId}/agreements`,
        {
          companyOrganisationId: org["Sakura Pharmaceutical Co."],
          scheme: "act_m",
          signedOn: day(-30),
          roleSplit: "アカデミア: 薬理、企業: CMC",
          companyMoneyJpy: 150_000_000,
        },
        201,
        "agreement.create",
      );
      expect(res.json().agreements[0]).toMatchObject({ companyMoneyJpy: 150_000_000 });
      expect(audit.before_hash).toBeNull(); // a new agreement has no before
    });

    it("GET and POST /api/seeds/:id/outcomes", async () => {
      // outcomes are announced results: anyone logged in reads them
      for (const who of ["company", "rival", "funder"])
        expect((await call(who, "GET", `/api/seeds/${seedId}/outcomes`)).statusCode, who).toBe(200);
      const { res, audit } = await ownerOnly(
        "POST",
        `/api/seeds/${seedId}/outcomes`,
        { kind: "patent_filed", occurredOn: day(-200), note: "JP 出願" },
        201,
        "outcome.create",
      );
      expect(res.json().map((o: { kind: string }) => o.kind)).toEqual(["patent_filed"]);
      expect(audit.before_hash).toBeNull();
      expect((await call("company", "GET", `/api/seeds/${seedId}/outcomes`)).json()).toHaveLength(1);
    });

    it("answers 404 for an unknown seed, and 400 naming the field for an invalid body from the owner", async () => {
      const unknown = "00000000-0000-4000-8000-000000000000";
      expect(
        (await call("researcher", "POST", `/api/seeds/${unknown}/stage`, { stage: "hit" })).statusCode,
      ).toBe(404);
      const bad = await call("researcher", "POST", `/api/seeds/${seedId}/stage`, { stage: "phase9" });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(["stage"]);
    });
  });

  describe("seed list filters", () => {
    const countWhere = async (column: "stage" | "organisation_id" | "programme", value: string) =>
      (await pipelineDb(store.db).selectFrom("seeds").select("id").where(column, "=", value).execute())
        .length;
    const list = async (query: string) => {
      const res = await call("company", "GET", `/api/seeds?limit=200&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        total: number;
        items: { stage: string; programme: string; organisation: { id: string } }[];
      };
    };

    it("filters by stage, with every stage's count matching the data", async () => {
      const all = await list("");
      let sum = 0;
      for (const stage of STAGES) {
        const got = await list(`stage=${stage}`);
        expect(got.total, stage).toBe(await countWhere("stage", stage));
        expect(got.items.every((s) => s.stage === stage)).toBe(true);
        sum += got.total;
      }
      expect(sum).toBe(all.total);
      expect((await call("company", "GET", "/api/seeds?stage=phase9")).statusCode).toBe(400);
    });

    it("filters by organisation and by programme, alone and together", async () => {
      for (const name of ["Toto University", "Naniwa University"]) {
        const id = org[name] as string;
        const got = await list(`organisationId=${id}`);
        expect(got.total, name).toBe(await countWhere("organisation_id", id));
        expect(got.items.every((s) => s.organisation.id === id)).toBe(true);
      }
      expect((await list(`organisationId=${org["Naniwa University"]}`)).total).toBe(0);
      const actM = await list("programme=act_m");
      expect(actM.total).toBe(await countWhere("programme", "act_m"));
      expect(actM.total).toBeGreaterThan(0);
      expect(actM.items.every((s) => s.programme === "act_m")).toBe(true);
      const toto = org["Toto University"] as string;
      const both = await pipelineDb(store.db)
        .selectFrom("seeds")
        .select("id")
        .where("programme", "=", "act_m")
        .where("organisation_id", "=", toto)
        .execute();
      expect((await list(`programme=act_m&organisationId=${toto}`)).total).toBe(both.length);
    });
  });

  it("appends a seed.export audit entry for every seed export, and none for a refused one", async () => {
    const before = (await auditRows("seed.export")).length;
    const own = await countWhere();
    const res = await call("researcher", "GET", "/api/seeds/export?format=csv");
    expect(res.statusCode).toBe(200);
    const rows = await auditRows("seed.export");
    expect(rows.length).toBe(before + 1);
    expect(rows[0]).toMatchObject({
      actor_label: "researcher@toto-u.example",
      entity_id: org["Toto University"],
      detail: { format: "csv", seeds: own },
    });
    expect((await call("company", "GET", "/api/seeds/export")).statusCode).toBe(403);
    expect((await auditRows("seed.export")).length).toBe(before + 1);

    async function countWhere() {
      return (
        await pipelineDb(store.db)
          .selectFrom("seeds")
          .select("id")
          .where("organisation_id", "=", org["Toto University"] as string)
          .execute()
      ).length;
    }
  });
});
