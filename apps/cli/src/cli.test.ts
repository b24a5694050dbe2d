import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipelineDb } from "@kakehashi/pipeline";
import { PLATFORM_MIGRATIONS } from "@kakehashi/server";
import { createAccount, createOrganisation } from "@kakehashi/store";
import { openTestStore, TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kakehashi } from "./runKakehashi.ts";

describe.each(TEST_BACKENDS)("kakehashi CLI on %s", (backend) => {
  let store: TestStore;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "kh-cli-"));
    // the CLI runs as another process: PGlite is used from a folder, closed while the CLI has it
    store = await openTestStore(backend, join(folder, "data"), PLATFORM_MIGRATIONS);
    if (backend === "pglite") await store.close();
  });
  afterAll(async () => {
    if (backend === "postgres") await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("migrates, creates the first administrator and verifies an intact audit trail", async () => {
    expect((await kakehashi(["db", "migrate"], store.env)).stdout).toMatch(/up to date/);
    const created = await kakehashi(
      [
        "admin",
        "create",
        "--email",
        "Admin@Example.jp",
        "--name",
        "管理 太郎",
        "--org-ja",
        "運営事務局",
        "--org-en",
        "Secretariat",
        "--password-stdin",
      ],
      store.env,
      "a long admin passphrase\n",
    );
    expect(created.stderr).toBe("");
    expect(created.stdout).toMatch(/Administrator created: admin@example\.jp \(Secretariat\)/);
    const verified = await kakehashi(["audit", "verify"], store.env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/Audit trail intact: 2 entries/);
  });

  it("refuses bad flags with the flag's name and the fix, and writes nothing", async () => {
    const bad = await kakehashi(
      ["admin", "create", "--email", "not-an-address", "--name", "x", "--password-stdin"],
      store.env,
      "",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--email/);
    expect(bad.stderr).toMatch(/name@example\.jp/);
    const short = await kakehashi(
      [
        "admin",
        "create",
        "--email",
        "b@example.jp",
        "--name",
        "x",
        "--org-ja",
        "組織",
        "--org-en",
        "Org",
        "--password-stdin",
      ],
      store.env,
      "short\n",
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/at least 12 characters/);
    const taken = await kakehashi(
      [
        "admin",
        "create",
        "--email",
        "admin@example.jp",
        "--name",
        "x",
        "--org-ja",
        "別組織",
        "--org-en",
        "Other",
        "--password-stdin",
      ],
      store.env,
      "another long passphrase\n",
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/already registered/);
    // the refused e-mail left no organisation behind and the chain still holds exactly two entries
    const verified = await kakehashi(["audit", "verify", "--json"], store.env);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, entries: 2 });
  });

  it("exits non-zero and names the entry after an audit row is edited with SQL", async () => {
    const tamper =
      backend === "pglite" ? await openTestStore("pglite", join(folder, "data"), PLATFORM_MIGRATIONS) : store;
    await sql`update audit_log set detail = '{"roles":["researcher"]}' where seq = 2`.execute(tamper.db);
    if (backend === "pglite") await tamper.close();
    const verified = await kakehashi(["audit", "verify"], store.env);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toMatch(/BROKEN at entry 2 \(hash-mismatch\)/);
  });

  it("imports seeds from a CSV file all or nothing and exports them again", async () => {
    const s =
      backend === "pglite" ? await openTestStore("pglite", join(folder, "data"), PLATFORM_MIGRATIONS) : store;
    const org = await createOrganisation(
      s.db,
      { id: null, label: "test" },
      { nameJa: "東都大学", nameEn: "Toto University", kind: "university" },
    );
    await createAccount(
      s.db,
      { id: null, label: "test" },
      { organisationId: org.id, email: "tlo@toto-u.example", displayName: "TLO", roles: ["tlo"] },
    );
    if (backend === "pglite") await s.close();
    const header = "title_ja,title_en,modality,icd10,indication,stage,public_summary_ja,public_summary_en";
    const row = "核酸医薬 A,Oligo A,nucleic_acid,G71.0,DMD,hit,概要,Summary";
    const bad = join(folder, "bad.csv");
    writeFileSync(bad, [header, row, "抗体 B,Antibody B,antibody,C34,肺がん,phase9,概要,Summary"].join("\n"));
    const refused = await kakehashi(["seeds", "import", bad, "--as", "tlo@toto-u.example"], store.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad\.csv: 1 error\(s\) on 1 line\(s\)\. Nothing was imported\./);
    expect(refused.stderr).toMatch(/line 3, stage: /);
    const good = join(folder, "good.csv");
    writeFileSync(good, [header, row, row.replace("Oligo A", "Oligo B")].join("\n"));
    const imported = await kakehashi(["seeds", "import", good, "--as", "tlo@toto-u.example"], store.env);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toMatch(/Imported 2 seed\(s\)/);
    const exported = await kakehashi(["seeds", "export", "--as", "tlo@toto-u.example"], store.env);
    expect(JSON.parse(exported.stdout).map((r: { titleEn: string }) => r.titleEn)).toEqual([
      "Oligo A",
      "Oligo B",
    ]);
    const nobody = await kakehashi(["seeds", "export", "--as", "nobody@toto-u.example"], store.env);
    expect(nobody.code).toBe(2);
  }, 120_000); // five runs of the CLI; the next test builds on the seeds imported here

  it("imports evidence all or nothing, naming the line and column, and exports it again", async () => {
    const s =
      backend === "pglite" ? await openTestStore("pglite", join(folder, "data"), PLATFORM_MIGRATIONS) : store;
    const seeds = await pipelineDb(s.db)
      .selectFrom("seeds")
      .select(["id", "title_en"])
      .orderBy("title_en")
      .execute();
    if (backend === "pglite") await s.close();
    const [oligoA, oligoB] = seeds.map((x) => x.id);
    expect(seeds.map((x) => x.title_en)).toEqual(["Oligo A", "Oligo B"]);
    const header =
      "seed_id,kind,title,result,performed_on,performed_by,replications,reproduced_by_other_lab,integrity_level";
    const row = (id: string | undefined, replications = "3") =>
      `${id},off_target,Transcriptome,"No off-target hits, 2 arrays",2026-01-15,核酸化学研究室,${replications},no,research`;
    const exportEvidence = async (format = "json") => {
      const res = await kakehashi(
        ["seeds", "export", "--evidence", "--format", format, "--as", "tlo@toto-u.example"],
        store.env,
      );
      expect(res.stderr).toBe("");
      return res.stdout;
    };

    const bad = join(folder, "bad-evidence.csv");
    writeFileSync(bad, [header, row(oligoA), row(oligoB, "three")].join("\n"));
    const refused = await kakehashi(
      ["seeds", "import", bad, "--evidence", "--as", "tlo@toto-u.example"],
      store.env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad-evidence\.csv: 1 error\(s\) on 1 line\(s\)\. Nothing was imported\./);
    expect(refused.stderr).toMatch(/line 3, replications: /);
    expect(JSON.parse(await exportEvidence())).toEqual([]);

    const good = join(folder, "evidence.csv");
    writeFileSync(good, [header, row(oligoA), row(oligoB, "2")].join("\n"));
    const imported = await kakehashi(
      ["seeds", "import", good, "--evidence", "--as", "tlo@toto-u.example"],
      store.env,
    );
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toMatch(/Imported 0 seed\(s\) and 2 evidence record\(s\)/);
    const first = JSON.parse(await exportEvidence());
    expect(
      first.map((e: { seedId: string; replications: number }) => `${e.seedId}:${e.replications}`).sort(),
    ).toEqual([`${oligoA}:3`, `${oligoB}:2`].sort());

    // the CSV export is itself an importable evidence file
    const csv = join(folder, "exported-evidence.csv");
    writeFileSync(csv, await exportEvidence("csv"));
    const again = await kakehashi(
      ["seeds", "import", csv, "--evidence", "--as", "tlo@toto-u.example"],
      store.env,
    );
    expect(again.stdout).toMatch(/2 evidence record\(s\)/);
    expect(JSON.parse(await exportEvidence())).toHaveLength(4);
  }, 180_000); // seven runs of the CLI, each starting a process and opening the store
});
