import { createAccount, createOrganisation, DEMO_PASSWORD, seedDemo } from "@kakehashi/store";
import { openTestStore, TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, PLATFORM_MIGRATIONS } from "./app.ts";

interface Session {
  cookie: string;
  csrf: string;
}

const day = (offset: number) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

const SEED = {
  titleJa: "PD-L1 結合環状ペプチド",
  titleEn: "PD-L1-binding macrocyclic peptide",
  targetSymbol: "CD274",
  targetUniprot: "Q9NZQ7",
  modality: "peptide",
  icd10: "c34.9",
  indication: "非小細胞肺がん / non-small cell lung cancer",
  stage: "lead",
  programme: "act_m",
  publicSummaryJa: "非小細胞肺がんを対象とした経口投与可能な環状ペプチド。",
  publicSummaryEn: "An orally available macrocyclic peptide for non-small cell lung cancer.",
  publicSince: day(-400),
  confidentialDetails: "SECRET-SEQUENCE cyclo(-Ala-Trp-...)",
};

describe.each(TEST_BACKENDS)("seed pipeline API on %s", (backend) => {
  let store: TestStore;
  let app: FastifyInstance;
  const as: Record<string, Session> = {};
  let seedId = "";
  let fileId = "";
  let grantId = "";

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
  const call = (
    who: string,
    method: "GET" | "POST" | "PATCH",
    url: string,
    payload?: unknown,
    lang = "en",
  ) => {
    const s = as[who] as Session;
    return app.inject({
      method,
      url,
      headers: {
        cookie: s.cookie,
        "accept-language": lang,
        ...(method === "GET" ? {} : { "x-csrf-token": s.csrf }),
      },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  };

  beforeAll(async () => {
    store = await openTestStore(backend, "memory://", PLATFORM_MIGRATIONS);
    await seedDemo(store.db);
    const other = await createOrganisation(
      store.db,
      { id: null, label: "test" },
      { nameJa: "他社製薬", nameEn: "Other Pharma", kind: "company" },
    );
    await createAccount(
      store.db,
      { id: null, label: "test" },
      {
        organisationId: other.id,
        email: "bd@other.example",
        displayName: "他社",
        password: DEMO_PASSWORD,
        roles: ["company"],
      },
    );
    app = await buildServer({ store });
    await app.ready();
    for (const [who, email] of Object.entries({
      researcher: "researcher@toto-u.example",
      company: "bd@sakura-pharma.example",
      other: "bd@other.example",
      investor: "partner@mirai-capital.example",
      funder: "po@funder.example",
      admin: "admin@funder.example",
    }))
      as[who] = await login(email);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("registers a seed and reports invalid fields by name in the asked language", async () => {
    const bad = await call(
      "researcher",
      "POST",
      "/api/seeds",
      { ...SEED, icd10: "lung", titleEn: undefined, modality: "pill" },
      "ja",
    );
    expect(bad.statusCode).toBe(400);
    const fields = bad
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(["icd10", "modality", "titleEn"]);
    expect(bad.json().title).toBe("入力内容に誤りがあります");
    expect(bad.json().errors.find((e: { field: string }) => e.field === "modality").fix).toMatch(
      /small_molecule/,
    );

    expect((await call("company", "POST", "/api/seeds", SEED)).statusCode).toBe(403);
    const created = await call("researcher", "POST", "/api/seeds", SEED);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      icd10: "C34.9",
      stage: "lead",
      organisation: { nameEn: "Toto University" },
    });
    expect(created.body).not.toContain("SECRET-SEQUENCE");
    seedId = created.json().id;
  });

  it("lets the owner attach evidence, a file, IP and a roadmap", async () => {
    const ev = await call("researcher", "POST", `/api/seeds/${seedId}/evidence`, {
      kind: "in_vitro_efficacy",
      title: "PD-1/PD-L1 binding assay",
      result: "IC50 12 nM",
      performedOn: day(-100),
      performedBy: "創薬化学研究室",
      replications: 3,
      reproducedByOtherLab: false,
      integrityLevel: "research",
    });
    expect(ev.statusCode, ev.body).toBe(201);
    const file = await call("researcher", "POST", `/api/seeds/${seedId}/evidence/${ev.json().id}/files`, {
      name: "assay.csv",
      mediaType: "text/csv",
      contentBase64: Buffer.from("conc,signal\n1,0.5\n").toString("base64"),
    });
    expect(file.statusCode, file.body).toBe(201);
    fileId = file.json().id;
    const ip = await call("researcher", "POST", `/api/seeds/${seedId}/ip`, {
      title: "Macrocyclic PD-L1 binders",
      priorityDate: day(-300),
      applications: [{ office: "JP", status: "filed", filedOn: day(-300) }],
    });
    expect(ip.statusCode, ip.body).toBe(201);
    // published 400 days ago, filed 300 days ago: novelty at risk
    expect(ip.json().disclosure.code).toBe("published_before_priority");
    const pct = ip.json().families[0].deadlines.find((d: { kind: string }) => d.kind === "foreign_filing");
    expect(pct).toMatchObject({ met: false, warning: "due_90" });
    const warnings = await call("researcher", "GET", "/api/ip/warnings");
    expect(warnings.statusCode, warnings.body).toBe(200);
    expect(
      warnings
        .json()
        .map((w: { seedId: string; deadline: { kind: string } }) => `${w.seedId}:${w.deadline.kind}`),
    ).toContain(`${seedId}:foreign_filing`);
    expect((await call("company", "GET", "/api/ip/warnings")).statusCode).toBe(403);
    const ms = await call("researcher", "POST", `/api/seeds/${seedId}/milestones`, {
      title: "リード最適化",
      ownerSide: "company",
      startsOn: day(-90),
      dueOn: day(-1),
      deliverable: "候補化合物 1 つ",
      goCriteria: "IC50 < 10 nM",
    });
    expect(ms.statusCode, ms.body).toBe(201);
    expect(ms.json()).toMatchObject({ lateCount: 1 });
    expect(
      (await call("company", "POST", `/api/seeds/${seedId}/milestones`, { title: "x" })).statusCode,
    ).toBe(400);
  });

  it("finds the seed by Japanese words inside Japanese text and by English words", async () => {
    for (const q of ["肺がん", "環状ペプチド", "macrocyclic", "cd274 lung"]) {
      const res = await call("company", "GET", `/api/seeds?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(
        res.json().items.map((s: { id: string }) => s.id),
        q,
      ).toContain(seedId);
    }
    const none = await call("company", "GET", `/api/seeds?q=${encodeURIComponent("SECRET-SEQUENCE")}`);
    expect(none.json().total).toBe(0); // confidential text is never searched
    const filtered = await call("company", "GET", "/api/seeds?modality=antibody");
    expect(filtered.json().items.map((s: { id: string }) => s.id)).not.toContain(seedId);
    expect((await call("company", "GET", "/api/seeds?icd10=C34")).json().total).toBe(1);
  });

  const confidentialRoutes = () => [
    `/api/seeds/${seedId}/evidence`,
    `/api/seeds/${seedId}/readiness`,
    `/api/seeds/${seedId}/ip`,
    `/api/seeds/${seedId}/roadmap`,
    `/api/seeds/${seedId}/files/${fileId}`,
  ];

  async function expectVisibility(who: string, visible: boolean) {
    const view = await call(who, "GET", `/api/seeds/${seedId}`);
    expect(view.statusCode).toBe(200);
    expect(view.json().confidential === null, `${who} view`).toBe(!visible);
    expect(view.body.includes("SECRET-SEQUENCE"), `${who} view body`).toBe(visible);
    for (const url of confidentialRoutes()) {
      const res = await call(who, "GET", url);
      expect(res.statusCode, `${who} ${url}`).toBe(visible ? 200 : 403);
      if (!visible) expect(res.json().code).toBe("forbidden");
    }
  }

  it("shows only the public summary to companies, investors, funders and admins without a grant", async () => {
    await expectVisibility("researcher", true);
    for (const who of ["company", "other", "investor", "funder", "admin"]) await expectVisibility(who, false);
    expect((await call("company", "GET", `/api/seeds/${seedId}/grants`)).statusCode).toBe(403);
  });

  it("opens the confidential part after the owner grants a request, to that company only", async () => {
    const req = await call("company", "POST", `/api/seeds/${seedId}/access-requests`, {
      message: "導出検討のため",
    });
    expect(req.statusCode, req.body).toBe(201);
    expect(req.json().status).toBe("requested");
    grantId = req.json().id;
    expect(
      (await call("company", "POST", `/api/seeds/${seedId}/access-requests`, { message: "again" }))
        .statusCode,
    ).toBe(409);
    expect(
      (await call("researcher", "POST", `/api/seeds/${seedId}/access-requests`, { message: "mine" }))
        .statusCode,
    ).toBe(403);
    await expectVisibility("company", false); // a request is not a grant

    // only the seed's owners decide
    for (const who of ["company", "other", "admin"])
      expect(
        (
          await call(who, "POST", `/api/grants/${grantId}/decision`, {
            decision: "grant",
            ndaReference: "NDA-1",
            expiresOn: day(30),
          })
        ).statusCode,
      ).toBe(403);
    const incomplete = await call("researcher", "POST", `/api/grants/${grantId}/decision`, {
      decision: "grant",
    });
    expect(incomplete.statusCode).toBe(400);
    const granted = await call("researcher", "POST", `/api/grants/${grantId}/decision`, {
      decision: "grant",
      ndaReference: "NDA-2026-001",
      expiresOn: day(30),
    });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json()).toMatchObject({ status: "active", ndaReference: "NDA-2026-001" });

    await expectVisibility("company", true);
    for (const who of ["other", "investor", "funder", "admin"]) await expectVisibility(who, false);
    const list = await call("researcher", "GET", `/api/seeds/${seedId}/grants`);
    expect(list.json()[0]).toMatchObject({ id: grantId, status: "active" });
  });

  it("audits every view of confidential data", async () => {
    const views = await store.db
      .selectFrom("audit_log")
      .select(["actor_label", "detail"])
      .where("action", "=", "seed.confidential.view")
      .where("entity_id", "=", seedId)
      .execute();
    const byCompany = views.filter((v) => v.actor_label === "bd@sakura-pharma.example");
    expect(byCompany.map((v) => (v.detail as { part: string }).part).sort()).toEqual(
      ["details", "evidence", "evidence-file", "ip", "readiness", "roadmap"].sort(),
    );
  });

  it("closes the confidential part again when the grant expires", async () => {
    await sql`update access_grants set expires_on = ${day(-1)} where id = ${grantId}`.execute(store.db);
    await expectVisibility("company", false);
    const mine = await call("company", "GET", "/api/grants/mine");
    expect(mine.json().held[0]).toMatchObject({ id: grantId, status: "expired" });
    await sql`update access_grants set expires_on = ${day(0)} where id = ${grantId}`.execute(store.db);
    await expectVisibility("company", true); // the expiry day itself is still covered
  });

  it("closes the confidential part when the owner revokes the grant", async () => {
    expect((await call("company", "POST", `/api/grants/${grantId}/revoke`)).statusCode).toBe(403);
    const revoked = await call("researcher", "POST", `/api/grants/${grantId}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().status).toBe("revoked");
    await expectVisibility("company", false);
    expect((await call("researcher", "POST", `/api/grants/${grantId}/revoke`)).statusCode).toBe(409);
    // a new request may follow a revocation
    expect(
      (await call("company", "POST", `/api/seeds/${seedId}/access-requests`, { message: "新しい NDA で" }))
        .statusCode,
    ).toBe(201);
  });

  it("serves programme KPIs to funders only", async () => {
    const kpis = await call("funder", "GET", "/api/kpis?programme=act_m");
    expect(kpis.statusCode, kpis.body).toBe(200);
    expect(kpis.json().seeds).toBe(1);
    for (const who of ["company", "researcher", "investor"])
      expect((await call(who, "GET", "/api/kpis")).statusCode).toBe(403);
  });

  it("imports a CSV of seeds all or nothing, naming the line and column of each bad cell", async () => {
    const header = "title_ja,title_en,modality,icd10,indication,stage,public_summary_ja,public_summary_en";
    const good = "核酸医薬 A,Oligo A,nucleic_acid,G71.0,DMD,hit,概要,Summary";
    const csv = [header, good, "細胞 B,Cell B,cells,X,,lead,概要,Summary", good].join("\n");
    const before = (await call("researcher", "GET", "/api/seeds?limit=200")).json().total;
    const res = await app.inject({
      method: "POST",
      url: "/api/seeds/import?format=csv&file=seeds.csv",
      headers: {
        cookie: as.researcher?.cookie,
        "x-csrf-token": as.researcher?.csrf,
        "content-type": "text/csv",
        "accept-language": "en",
      },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe("import-invalid");
    const errs = res
      .json()
      .errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)
      .sort();
    expect(errs).toEqual(["3:icd10", "3:indication", "3:modality"]);
    expect((await call("researcher", "GET", "/api/seeds?limit=200")).json().total).toBe(before);

    const ok = await app.inject({
      method: "POST",
      url: "/api/seeds/import",
      headers: {
        cookie: as.researcher?.cookie,
        "x-csrf-token": as.researcher?.csrf,
        "content-type": "text/csv",
      },
      payload: [header, good, good.replace("Oligo A", "Oligo B")].join("\n"),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toEqual({ seeds: 2, evidence: 0 });
    expect((await call("researcher", "GET", "/api/seeds?limit=200")).json().total).toBe(before + 2);
  });

  it("exports the organisation's seeds with evidence, in a form that imports again", async () => {
    const exported = await call("researcher", "GET", "/api/seeds/export?format=json");
    expect(exported.statusCode).toBe(200);
    const records = exported.json();
    expect(records.find((r: { titleEn: string }) => r.titleEn === SEED.titleEn).evidence).toHaveLength(1);
    expect((await call("company", "GET", "/api/seeds/export?format=json")).statusCode).toBe(403);
    const csv = await call("researcher", "GET", "/api/seeds/export?format=csv");
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.body).toContain("title_ja,title_en");
    const again = await app.inject({
      method: "POST",
      url: "/api/seeds/import?format=json",
      headers: {
        cookie: as.researcher?.cookie,
        "x-csrf-token": as.researcher?.csrf,
        "content-type": "application/json",
      },
      payload: exported.body,
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toEqual({ seeds: records.length, evidence: 1 });
  });
});
