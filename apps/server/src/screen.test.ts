import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
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
const mproPdb = path.join(sharedData, "chem", "6lu7_mpro_n3.pdb");
const haveMpro = existsSync(mproPdb);
if (!haveMpro)
  console.warn(`shared data not found at ${path.dirname(mproPdb)}: the screen API docking test did not run`);

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

const SEED = {
  titleJa: "Mpro 阻害薬の再利用",
  titleEn: "Repurposing Mpro inhibitors",
  targetUniprot: "P0DTD1",
  modality: "small_molecule",
  icd10: "U07.1",
  indication: "COVID-19",
  stage: "hit",
  publicSummaryJa: "既存薬から SARS-CoV-2 Mpro 阻害薬を探す。",
  publicSummaryEn: "Looking for SARS-CoV-2 Mpro inhibitors among approved drugs.",
  confidentialDetails: "screen details",
};

// both backends share one workspace: the second docks from the first one's cache
const workspace = mkdtempSync(path.join(tmpdir(), "kh-screen-api-"));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe.each(TEST_BACKENDS)("in-silico screen API on %s", (backend) => {
  let store: TestStore;
  let app: FastifyInstance;
  let as: Record<string, DemoSession> = {};
  let libraryId = "";
  let runId = "";

  const call = (who: string, method: "GET" | "POST", url: string, payload?: unknown, lang = "en") =>
    callAs(app, as[who] as DemoSession, method, url, payload, lang);

  async function finished(id: string, who = "researcher") {
    for (let i = 0; i < 600; i++) {
      const run = (await call(who, "GET", `/api/screen/runs/${id}`)).json();
      if (run.status === "done" || run.status === "failed") return run;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`screen ${id} did not finish`);
  }

  beforeAll(async () => {
    store = await openTestStore(backend, "memory://", PLATFORM_MIGRATIONS);
    await seedDemo(store.db);
    app = await buildServer({ store, screenWorkspace: workspace, dockingWorkers: 2 });
    as = await loginDemoAccounts(app, {
      researcher: "researcher@toto-u.example",
      tlo: "tlo@toto-u.example",
      company: "bd@sakura-pharma.example",
      investor: "partner@mirai-capital.example",
      regulator: "reviewer@regulator.example",
      funder: "po@funder.example",
    });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("standardises an uploaded library and lists the molecules it could not read", async () => {
    const res = await call("researcher", "POST", "/api/screen/libraries", {
      name: "mini library",
      fileName: "mini.tsv",
      content: LIBRARY,
    });
    expect(res.statusCode, res.body).toBe(201);
    const library = res.json();
    libraryId = library.id;
    expect(library).toMatchObject({ molecules: 6, failureCount: 1, sourceName: "mini.tsv" });
    expect(library.failures[0]).toMatchObject({ line: 8 });
    expect(library.organisationId).toBeTruthy();
    const audit = await store.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", libraryId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["screen.library.create"]);
  });

  it("refuses a bad upload with the field and the fix, in Japanese too, and stores nothing", async () => {
    const before = (await call("researcher", "GET", "/api/screen/libraries")).json().length;
    const badType = await call(
      "researcher",
      "POST",
      "/api/screen/libraries",
      { name: "x", fileName: "drugs.exe", content: "CCO" },
      "ja",
    );
    expect(badType.statusCode).toBe(400);
    expect(badType.json().errors[0]).toMatchObject({ field: "fileName" });
    expect(badType.json().errors[0].fix).toMatch(/\.smi/);
    expect(badType.json().errors[0].message).toMatch(/ファイルの種類/);
    const unreadable = await call("researcher", "POST", "/api/screen/libraries", {
      name: "x",
      fileName: "bad.smi",
      content: "C1CC1(\nnot-a-molecule\n",
    });
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.json().errors[0]).toMatchObject({ field: "content" });
    expect(unreadable.json().errors[0].message).toMatch(/line 1/);
    expect((await call("researcher", "GET", "/api/screen/libraries")).json()).toHaveLength(before);
  });

  it("runs a similarity screen in the background and says where each watched compound stopped", async () => {
    const res = await call("researcher", "POST", "/api/screen/runs", {
      name: "mini similarity screen",
      library: libraryId,
      watch: ["catechol", "sodium acetate", "boceprevir"],
      filters: { excludeAlerts: true },
      similarity: { queries: [{ id: "nirmatrelvir", smiles: NIRMATRELVIR }], topK: 3 },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(["queued", "running"]).toContain(res.json().status);
    runId = res.json().id;
    // attaching before it has finished is refused, not half done
    const early = await call("researcher", "POST", `/api/screen/runs/${runId}/attach`, {
      seedId: "00000000-0000-4000-8000-000000000000",
    });
    expect([404, 409]).toContain(early.statusCode);

    const run = await finished(runId);
    expect(run.status, run.error).toBe("done");
    expect(run.result.attrition.map((a: { stage: string; out: number }) => [a.stage, a.out])).toEqual([
      ["library", 6],
      ["filters", 5],
      ["similarity", 3],
    ]);
    expect(run.result.hits[0].name).toBe("boceprevir");
    const watched = Object.fromEntries(run.result.watched.map((w: { query: string }) => [w.query, w]));
    expect(watched.catechol.stoppedBecause).toMatch(/PAINS/);
    expect(watched["sodium acetate"].similarityRank).toBe(5);
    expect(watched.boceprevir.rank).toBe(1);
    // no server path leaks into the result
    expect(JSON.stringify(run.result)).not.toContain(workspace);
    expect(run.result.definition.library).toBe(libraryId);

    const list = (await call("tlo", "GET", "/api/screen/runs")).json();
    expect(list.map((r: { id: string }) => r.id)).toContain(runId);
    expect(list[0].result).toBeUndefined();
  }, 60_000);

  it("serves the report sandboxed, the hits as CSV and structure drawings", async () => {
    const report = await call("researcher", "GET", `/api/screen/runs/${runId}/report`);
    expect(report.statusCode).toBe(200);
    expect(report.headers["content-security-policy"]).toMatch(/sandbox allow-scripts/);
    expect(report.body).toContain("boceprevir");
    expect(report.body).toContain("<svg");
    const csv = await call("researcher", "GET", `/api/screen/runs/${runId}/hits.csv`);
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.body.split("\n")[0]).toMatch(/^rank,id,name,smiles,similarity/);
    expect(csv.body.split("\n")).toHaveLength(3 + 2);
    const svg = await call(
      "researcher",
      "GET",
      `/api/screen/structure.svg?smiles=${encodeURIComponent("c1ccccc1O")}`,
    );
    expect(svg.statusCode).toBe(200);
    expect(svg.headers["content-type"]).toMatch(/image\/svg\+xml/);
    expect(svg.body).toContain("<svg");
    const badSmiles = await call("researcher", "GET", "/api/screen/structure.svg?smiles=C1CC1(");
    expect(badSmiles.statusCode).toBe(400);
    expect(badSmiles.json().errors[0]).toMatchObject({ field: "smiles" });
    const badQuery = await call("researcher", "POST", "/api/screen/runs", {
      name: "typo",
      library: libraryId,
      similarity: {
        queries: [
          { id: "ok", smiles: "CCO" },
          { id: "typo", smiles: "CC(=O" },
        ],
      },
    });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().errors[0]).toMatchObject({ field: "similarity.queries.1.smiles" });
  });

  it("attaches a finished screen to the owner's seed with its report and hit list", async () => {
    const seed = await call("researcher", "POST", "/api/seeds", SEED);
    expect(seed.statusCode, seed.body).toBe(201);
    const seedId = seed.json().id;
    const attached = await call("researcher", "POST", `/api/screen/runs/${runId}/attach`, { seedId });
    expect(attached.statusCode, attached.body).toBe(201);
    const evidence = (await call("researcher", "GET", `/api/seeds/${seedId}/evidence`)).json();
    const item = evidence.find((e: { id: string }) => e.id === attached.json().evidenceId);
    expect(item.title).toBe("In-silico screen: mini similarity screen");
    expect(item.result).toMatch(/3 hits; funnel library 7→6, filters 6→5, similarity 5→3/);
    expect(item.files.map((f: { name: string }) => f.name).sort()).toEqual([
      `screen-${runId}-hits.csv`,
      `screen-${runId}.html`,
      `screen-${runId}.json`,
    ]);
    // the company cannot attach the researcher's screen (it cannot see it), nor its own to this seed
    expect((await call("company", "POST", `/api/screen/runs/${runId}/attach`, { seedId })).statusCode).toBe(
      404,
    );
  }, 60_000);

  it("keeps each organisation's libraries and screens to itself", async () => {
    expect((await call("company", "GET", `/api/screen/libraries/${libraryId}`)).statusCode).toBe(404);
    expect((await call("company", "GET", "/api/screen/libraries")).json()).toEqual([]);
    expect((await call("company", "GET", `/api/screen/runs/${runId}`)).statusCode).toBe(404);
    expect((await call("company", "GET", `/api/screen/runs/${runId}/report`)).statusCode).toBe(404);
    expect((await call("company", "GET", `/api/screen/runs/${runId}/hits.csv`)).statusCode).toBe(404);
    expect((await call("company", "GET", "/api/screen/runs")).json()).toEqual([]);
    // nor can it screen another organisation's library by guessing its id
    const borrowed = await call("company", "POST", "/api/screen/runs", {
      name: "borrowed",
      library: libraryId,
    });
    expect(borrowed.statusCode).toBe(404);
    expect((await call("tlo", "GET", `/api/screen/libraries/${libraryId}`)).statusCode).toBe(200);
  });

  it("refuses every screen route to roles that do not screen, and to anonymous callers", async () => {
    for (const who of ["investor", "regulator", "funder"]) {
      for (const [method, url, body] of [
        ["GET", "/api/screen/libraries"],
        ["POST", "/api/screen/libraries", { name: "x", fileName: "x.smi", content: "CCO" }],
        ["GET", `/api/screen/libraries/${libraryId}`],
        ["GET", "/api/screen/targets"],
        ["POST", "/api/screen/targets", { name: "x", fileName: "x.pdb", content: "x" }],
        ["GET", "/api/screen/runs"],
        ["POST", "/api/screen/runs", { name: "x", library: libraryId }],
        ["GET", `/api/screen/runs/${runId}`],
        ["GET", `/api/screen/runs/${runId}/report`],
        ["GET", `/api/screen/runs/${runId}/hits.csv`],
        ["POST", `/api/screen/runs/${runId}/attach`, { seedId: libraryId }],
        ["GET", "/api/screen/structure.svg?smiles=CCO"],
      ] as const)
        expect((await call(who, method, url, body)).statusCode, `${who} ${method} ${url}`).toBe(403);
    }
    const anonymous = await app.inject({ method: "GET", url: "/api/screen/runs" });
    expect(anonymous.statusCode).toBe(401);
  });

  describe.skipIf(!haveMpro)("docking into Mpro (6LU7)", () => {
    let targetId = "";
    it("registers the structure with its chains and co-crystallised ligand, and refuses a wrong chain", async () => {
      const content = readFileSync(mproPdb, "utf8");
      const wrong = await call("researcher", "POST", "/api/screen/targets", {
        name: "Mpro",
        fileName: "6lu7.pdb",
        content,
        defaultChain: "Z",
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors[0]).toMatchObject({ field: "defaultChain", fix: "Use one of: A, C" });
      const res = await call("researcher", "POST", "/api/screen/targets", {
        name: "SARS-CoV-2 Mpro (6LU7)",
        fileName: "6lu7.pdb",
        content,
        defaultChain: "A",
        defaultLigand: ["C:*"],
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().chains).toEqual(["A", "C"]);
      targetId = res.json().id;
      expect((await call("company", "GET", "/api/screen/targets")).json()).toEqual([]);
    });

    it("docks the best candidate into the target's default box, with the pose named inside the cache", async () => {
      const res = await call("researcher", "POST", "/api/screen/runs", {
        name: "mini docking screen",
        library: libraryId,
        filters: { excludeAlerts: true },
        similarity: { queries: [{ id: "nirmatrelvir", smiles: NIRMATRELVIR }], topK: 3 },
        docking: { receptor: targetId, topN: 1, exhaustiveness: 1, seed: 7 },
      });
      expect(res.statusCode, res.body).toBe(202);
      const run = await finished(res.json().id);
      expect(run.status, run.error).toBe("done");
      const [hit] = run.result.hits;
      expect(hit.name).toBe("boceprevir");
      expect(hit.docking.score).toBeLessThan(-3);
      expect(path.isAbsolute(hit.docking.posePath)).toBe(false);
      expect(existsSync(path.join(workspace, "cache", hit.docking.posePath))).toBe(true);
      expect(run.result.definition.docking.receptor).toBe(targetId);
      expect(run.result.docking.box.size.x).toBeGreaterThan(10);
      // a target without a default ligand needs a box
      const bare = await call("researcher", "POST", "/api/screen/targets", {
        name: "Mpro without ligand default",
        fileName: "6lu7.pdb",
        content: readFileSync(mproPdb, "utf8"),
      });
      const noBox = await call("researcher", "POST", "/api/screen/runs", {
        name: "no box",
        library: libraryId,
        docking: { receptor: bare.json().id },
      });
      expect(noBox.statusCode).toBe(400);
      expect(noBox.json().errors[0]).toMatchObject({ field: "docking.box" });
    }, 300_000);
  });
});
