import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LagError } from "../messages.ts";
import { DEFAULT_FILE_NAMES, FetchSourcesError, fetchSources } from "./fetch.ts";

const FDA_CSV =
  "Proprietary Name,Active Ingredient/Moiety,Applicant,NDA/BLA,FDA Approval Date,Orphan Drug Designation\nKeytruda,pembrolizumab,Merck,BLA,9/4/2014,Yes\n";
const PMDA_CSV =
  ',Review Category,Approval Date,No.,Brand Name (Applicant Company),New Approval/Partial Change,Active Ingredient (underlined: new active ingredient),Indications\n0,1,"Jan. 18, 2024",1,X (Y Co.),Approval,Danicopan,A drug with a new active ingredient\n';
const HTML = "<!doctype html><html><body>List of approved products</body></html>";

async function emaBytes(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Worksheet 1");
  ws.addRow(["Content type:", "EPARs"]);
  ws.addRow([
    "Category",
    "Medicine name",
    "International non-proprietary name (INN) / common name",
    "Active substance",
    "Authorisation status",
    "Generic",
    "Biosimilar",
    "Orphan medicine",
    "Marketing authorisation date",
  ]);
  ws.addRow([
    "Human",
    "Keytruda",
    "pembrolizumab",
    "pembrolizumab",
    "Authorised",
    "no",
    "no",
    "no",
    new Date("2015-07-17"),
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("fetchSources", () => {
  let server: http.Server;
  let base = "";
  let dir = "";
  let ema: Buffer = Buffer.alloc(0);
  const hits: string[] = [];

  beforeAll(async () => {
    ema = await emaBytes();
    server = http.createServer((req, res) => {
      hits.push(req.url ?? "");
      const send = (status: number, body: string | Buffer, type = "text/csv") => {
        res.writeHead(status, { "content-type": type });
        res.end(body);
      };
      if (req.url === "/fda.csv") send(200, FDA_CSV);
      else if (req.url === "/pmda.csv") send(200, PMDA_CSV);
      else if (req.url === "/ema.xlsx")
        send(200, ema, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      else if (req.url === "/page.html") send(200, HTML, "text/html");
      else if (req.url === "/moved") {
        res.writeHead(302, { location: "/fda.csv" });
        res.end();
      } else send(404, "not found", "text/plain");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = await mkdtemp(path.join(tmpdir(), "lag-fetch-"));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it("downloads the three files, checks them and reports bytes, sha256, address and time", async () => {
    const result = await fetchSources({
      dir,
      sources: { fda: `${base}/moved`, pmda: `${base}/pmda.csv`, ema: `${base}/ema.xlsx` },
      env: {},
      now: () => new Date("2025-01-02T03:04:05Z"),
    });
    expect(result.failed).toEqual([]);
    expect(result.fetched.map((f) => f.source)).toEqual(["fda", "pmda", "ema"]);
    const fda = result.fetched[0];
    expect(fda).toMatchObject({
      url: `${base}/moved`,
      file: path.join(dir, DEFAULT_FILE_NAMES.fda),
      bytes: Buffer.byteLength(FDA_CSV),
      sha256: createHash("sha256").update(FDA_CSV).digest("hex"),
      fetchedAt: "2025-01-02T03:04:05.000Z",
    });
    expect(await readFile(path.join(dir, DEFAULT_FILE_NAMES.ema))).toEqual(ema);
    expect(await readFile(path.join(dir, DEFAULT_FILE_NAMES.pmda), "utf8")).toBe(PMDA_CSV);
  });

  it("keeps the old file when the address answers 404, with a clear error", async () => {
    const file = path.join(dir, DEFAULT_FILE_NAMES.fda);
    await writeFile(file, FDA_CSV);
    const result = await fetchSources({
      dir,
      sources: { fda: `${base}/gone.csv` },
      only: ["fda"],
      env: {},
      strict: false,
    });
    expect(result.fetched).toEqual([]);
    expect(result.failed[0]?.error.code).toBe("fetch-failed");
    expect(result.failed[0]?.error.message).toMatch(/gone\.csv.*HTTP 404.*was kept/);
    expect(await readFile(file, "utf8")).toBe(FDA_CSV);
  });

  it("keeps the old file when the address gives something else (a web page), and leaves no temporary file", async () => {
    const file = path.join(dir, DEFAULT_FILE_NAMES.pmda);
    await writeFile(file, PMDA_CSV);
    let error: unknown;
    try {
      await fetchSources({ dir, sources: { pmda: `${base}/page.html` }, only: ["pmda"], env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FetchSourcesError);
    const failure = (error as FetchSourcesError).result.failed[0];
    expect(failure?.error.code).toBe("fetch-wrong-format");
    expect(failure?.error.text("en").detail).toContain("List of Approved Products");
    expect(failure?.error.text("ja").title).toBe("ダウンロードしたファイルの形式が違います");
    expect(await readFile(file, "utf8")).toBe(PMDA_CSV);
    expect((await readdir(dir)).filter((f) => f.endsWith(".part"))).toEqual([]);
  });

  it("says where to find an address that is not configured, and takes one from the environment", async () => {
    const result = await fetchSources({ dir, only: ["fda"], env: {}, strict: false });
    const error = result.failed[0]?.error;
    expect(error).toBeInstanceOf(LagError);
    expect(error?.code).toBe("fetch-not-configured");
    expect(error?.message).toContain("KAKEHASHI_LAG_FDA_URL");
    expect(error?.message).toContain("fda.gov");
    const fromEnv = await fetchSources({
      dir,
      only: ["fda"],
      env: { KAKEHASHI_LAG_FDA_URL: `${base}/fda.csv` },
    });
    expect(fromEnv.fetched[0]?.url).toBe(`${base}/fda.csv`);
  });
});
