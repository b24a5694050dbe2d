import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_FILE_NAMES, SOURCE_PAGES } from "@kakehashi/lag";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kakehashi } from "./runKakehashi.ts";

/** The shared approval files: KAKEHASHI_SHARED_DATA, else ../shared/data beside the clone. */
const sharedData =
  process.env.KAKEHASHI_SHARED_DATA?.trim() ||
  resolve(fileURLToPath(new URL("../../../", import.meta.url)), "../shared/data");
const approvals = join(sharedData, "approvals");
const realFile = (s: keyof typeof DEFAULT_FILE_NAMES) => join(approvals, DEFAULT_FILE_NAMES[s]);
const haveReal = (["fda", "pmda", "ema"] as const).every((s) => existsSync(realFile(s)));
if (!haveReal) console.warn(`lag CLI tests on the real approval files did not run: ${approvals} is missing`);

// small files in the publishers' formats, for when the real ones are not there
const FDA_CSV =
  "Proprietary Name,Active Ingredient/Moiety,Applicant,NDA/BLA,FDA Approval Date,Orphan Drug Designation\nKeytruda,pembrolizumab,Merck,BLA,9/4/2014,Yes\n";
const PMDA_CSV =
  ',Review Category,Approval Date,No.,Brand Name (Applicant Company),New Approval/Partial Change,Active Ingredient (underlined: new active ingredient),Indications\n0,1,"Sep. 28, 2016",1,Keytruda (MSD K.K.),Approval,Pembrolizumab,A drug with a new active ingredient\n';

// no download address may come from the environment of whoever runs the tests
const ENV = { KAKEHASHI_LAG_FDA_URL: "", KAKEHASHI_LAG_PMDA_URL: "", KAKEHASHI_LAG_EMA_URL: "" };
const folder = mkdtempSync(join(tmpdir(), "kh-lag-cli-"));
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

let server: http.Server;
let base = "";
const files: Record<string, Buffer> = {};

beforeAll(async () => {
  files["/fda.csv"] = haveReal ? readFileSync(realFile("fda")) : Buffer.from(FDA_CSV);
  files["/pmda.csv"] = haveReal ? readFileSync(realFile("pmda")) : Buffer.from(PMDA_CSV);
  if (haveReal) files["/ema.xlsx"] = readFileSync(realFile("ema"));
  server = http.createServer((req, res) => {
    const body = files[req.url ?? ""];
    if (!body) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.end(body);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(folder, { recursive: true, force: true });
});

describe.skipIf(!haveReal)("kakehashi lag on the real approval files", () => {
  it("status: the three sources with their rows, faults, medicines and matching counts", async () => {
    const r = await kakehashi(["lag", "status", "--dir", approvals], ENV);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^FDA \(fda_cder.*\): 1341 data rows, 1341 used/m);
    expect(r.stdout).toMatch(/^PMDA \(pmda_.*\): 2448 data rows, \d+ used .*, \d+ reported only/m);
    expect(r.stdout).toMatch(/^EMA \(ema_.*\): 2041 data rows, \d+ used .*, \d+ reported only/m);
    expect(r.stdout).toContain("not-human 282");
    expect(r.stdout).toMatch(/Medicines: \d+; approved in Japan: \d+; with a lag: \d+/);
    expect(r.stdout).toMatch(/PMDA list covers: 2004-\d\d-\d\d to 2024-\d\d-\d\d/);
    expect(r.stdout).toMatch(/Matching: \d+ fuzzy, \d+ ambiguous, \d+ unmatched/);
    // every data row is used or reported
    expect(r.stdout).not.toContain("neither used nor reported");
  }, 60_000);

  it("analyse lag --by year: the definition and a table with a median for each year", async () => {
    const r = await kakehashi(["lag", "analyse", "lag", "--by", "year", "--dir", approvals], ENV);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Drug lag by year of the Japanese approval");
    expect(r.stdout).toMatch(/^year\s+n\s+median \(months\)\s+Q1\s+Q3$/m);
    // e.g. "2016   45   34.4   9.3   79.2"
    expect(r.stdout).toMatch(/^2016\s+\d+\s+-?\d+\.\d\s+-?\d+\.\d\s+-?\d+\.\d$/m);
    expect(r.stdout).toMatch(/^all\s+\d+\s+\d+\.\d/m);
  }, 60_000);

  it("analyse loss --csv: the shares by year, and the medicines behind them in a CSV", async () => {
    const csv = join(folder, "loss.csv");
    const r = await kakehashi(["lag", "analyse", "loss", "--dir", approvals, "--csv", csv], ENV);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Drug-loss share");
    expect(r.stdout).toMatch(/^2015\s+\d+\s+\d+\s+\d+\.\d$/m);
    const lines = readFileSync(csv, "utf8").split("\r\n");
    expect(lines[0]).toMatch(/^group,id,name,.*,lag_months,jp_status,/);
    expect(lines.filter((l) => l.startsWith("2015,")).length).toBeGreaterThan(10);
  }, 60_000);

  it("medicines --q pembrolizumab: the first US approval and the Japanese one", async () => {
    const r = await kakehashi(["lag", "medicines", "--dir", approvals, "--q", "pembrolizumab"], ENV);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^pembrolizumab\s+2014-09-04\s+2015-07-17\s+2016-09-28\s+24\.8\s+approved in Japan$/m,
    );
  }, 60_000);

  it("faults and matching list what the loaders and the matching report", async () => {
    const faults = await kakehashi(
      ["lag", "faults", "--dir", approvals, "--source", "pmda", "--kind", "missing-date"],
      ENV,
    );
    expect(faults.code, faults.stderr).toBe(0);
    expect(faults.stdout).toMatch(/^PMDA\s+\d+\s+missing-date\s+.*no approval date/m);
    const matching = await kakehashi(["lag", "matching", "--dir", approvals], ENV);
    expect(matching.code, matching.stderr).toBe(0);
    expect(matching.stdout).toMatch(/Precision 1\.000, recall 0\.9\d\d/);
    expect(matching.stdout).toMatch(/Fuzzy matches: \d+/);
  }, 60_000);
});

describe("kakehashi lag fetch", () => {
  it.skipIf(!haveReal)(
    "downloads the three files from their addresses; status then loads them",
    async () => {
      const dir = join(folder, "fetched");
      const r = await kakehashi(
        [
          "lag",
          "fetch",
          "--dir",
          dir,
          "--fda-url",
          `${base}/fda.csv`,
          "--pmda-url",
          `${base}/pmda.csv`,
          "--ema-url",
          `${base}/ema.xlsx`,
        ],
        ENV,
      );
      expect(r.code, r.stderr).toBe(0);
      for (const [s, url] of [
        ["fda", "/fda.csv"],
        ["pmda", "/pmda.csv"],
        ["ema", "/ema.xlsx"],
      ] as const) {
        const body = files[url] as Buffer;
        expect(r.stdout).toContain(
          `${join(dir, DEFAULT_FILE_NAMES[s])}  ${body.length} bytes  sha256 ${sha256(body)}`,
        );
        expect(readFileSync(join(dir, DEFAULT_FILE_NAMES[s]))).toEqual(body);
      }
      const status = await kakehashi(["lag", "status", "--dir", dir, "--json"], ENV);
      expect(status.code, status.stderr).toBe(0);
      const report = JSON.parse(status.stdout);
      expect(report.sources.fda).toMatchObject({ dataRows: 1341, used: 1341, unaccounted: [] });
      for (const s of ["pmda", "ema"]) expect(report.sources[s].unaccounted).toEqual([]);
      expect(report.medicines.withLag).toBeGreaterThan(0);
    },
    120_000,
  );

  it("a source answering 404: exit 1, names the source and address, keeps the good file", async () => {
    const dir = join(folder, "partial");
    const good = await kakehashi(
      ["lag", "fetch", "--dir", dir, "--only", "fda", "--fda-url", `${base}/fda.csv`],
      ENV,
    );
    expect(good.code, good.stderr).toBe(0);
    const fdaFile = join(dir, DEFAULT_FILE_NAMES.fda);
    const before = readFileSync(fdaFile);
    expect(before).toEqual(files["/fda.csv"]);

    const missing = `${base}/moved/fda.csv`;
    const r = await kakehashi(
      [
        "lag",
        "fetch",
        "--dir",
        dir,
        "--only",
        "fda,pmda",
        "--fda-url",
        missing,
        "--pmda-url",
        `${base}/pmda.csv`,
      ],
      ENV,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: FDA (${missing})`);
    expect(r.stderr).toContain("HTTP 404");
    expect(r.stderr).toContain(SOURCE_PAGES.fda);
    expect(r.stderr).toContain("Not fetched: FDA; the existing files were kept.");
    expect(r.stdout).toMatch(
      /^PMDA {2}.*pmda_approvals_2007-2024\.csv {2}\d+ bytes {2}sha256 [0-9a-f]{64}$/m,
    );
    expect(readFileSync(fdaFile)).toEqual(before);
  }, 60_000);

  it("with no address for the FDA: says where to find it and which flag to give", async () => {
    const r = await kakehashi(["lag", "fetch", "--dir", join(folder, "none"), "--only", "fda"], ENV);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--fda-url");
    expect(r.stderr).toContain("KAKEHASHI_LAG_FDA_URL");
    expect(r.stderr).toContain(SOURCE_PAGES.fda);
  }, 60_000);
});

describe("kakehashi lag errors", () => {
  it("a folder without the files: exit 1, naming each missing file and `kakehashi lag fetch`", async () => {
    const dir = join(folder, "empty");
    const r = await kakehashi(["lag", "status", "--dir", dir], ENV);
    expect(r.code).toBe(1);
    for (const name of Object.values(DEFAULT_FILE_NAMES)) expect(r.stderr).toContain(name);
    expect(r.stderr).toContain(`kakehashi lag fetch --dir ${dir}`);
  }, 60_000);

  it("bad flags are reported with the flag's name (exit 2)", async () => {
    const year = await kakehashi(["lag", "analyse", "lag", "--from", "soon"], ENV);
    expect(year.code).toBe(2);
    expect(year.stderr).toContain("--from");
    const status = await kakehashi(["lag", "medicines", "--status", "maybe"], ENV);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain("--status");
    expect(status.stderr).toContain("approved-jp, not-approved-jp");
    const figure = await kakehashi(["lag", "analyse", "delay"], ENV);
    expect(figure.code).toBe(2);
    expect(figure.stderr).toContain('"lag", "loss", "orphan"');
  }, 60_000);
});
