import { copyFileSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { indicationLag, keywordsFor } from "./indications.ts";
import { ApprovalsMonitor, findMedicines, sourceFiles } from "./monitor.ts";
import { DEFAULT_FILE_NAMES } from "./sources/fetch.ts";
import { approvalFiles, haveApprovalsData } from "./testSupport.ts";

if (!haveApprovalsData)
  console.warn("shared approval lists not found: the monitor and indication tests on real data did not run");

describe("disease words for an ICD-10 code", () => {
  it("takes the longest known prefix", () => {
    expect(keywordsFor("C22.1")).toContain("cholangiocarcinoma");
    expect(keywordsFor("C22.0")).toContain("hepatocellular");
    expect(keywordsFor("c34.9")).toContain("non-small cell lung");
    expect(keywordsFor("Z99")).toEqual([]);
  });
});

describe.skipIf(!haveApprovalsData)("the approvals monitor on the real lists", () => {
  const folder = mkdtempSync(path.join(tmpdir(), "kh-lag-monitor-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("has nothing until the three files are there, then loads them once and again when one changes", async () => {
    const monitor = new ApprovalsMonitor(folder);
    expect(await monitor.current()).toBeNull();
    expect(monitor.missingFiles()).toEqual(Object.values(DEFAULT_FILE_NAMES));
    for (const [source, file] of Object.entries(approvalFiles))
      copyFileSync(file, path.join(folder, DEFAULT_FILE_NAMES[source as keyof typeof DEFAULT_FILE_NAMES]));
    const first = await monitor.current();
    expect(first?.load.medicines.length).toBeGreaterThan(1500);
    expect(await monitor.current()).toBe(first);
    // a newer list dropped in (same format) is loaded on the next call
    const pmda = path.join(folder, DEFAULT_FILE_NAMES.pmda);
    utimesSync(pmda, new Date(), new Date(Date.now() + 5000));
    const second = await monitor.current();
    expect(second).not.toBe(first);
    expect(second?.load.medicines.length).toBe(first?.load.medicines.length);
    // a newer edition under its own name is taken in place of the older file beside it
    const newer = path.join(folder, "fda_cder_nme_and_new_biologics_1985-2025.csv");
    copyFileSync(approvalFiles.fda, newer);
    utimesSync(newer, new Date(), new Date(Date.now() + 10_000));
    expect(sourceFiles(folder).fda).toBe("fda_cder_nme_and_new_biologics_1985-2025.csv");
    const third = await monitor.current();
    expect(third).not.toBe(second);
    expect(third?.load.loads.fda.file).toBe(newer);
  }, 120_000);

  it("finds medicines by brand or name, filters and sorts them", async () => {
    const state = await new ApprovalsMonitor(folder).current();
    const medicines = state?.load.medicines ?? [];
    const [keytruda] = findMedicines(medicines, { q: "Keytruda" });
    expect(keytruda?.name).toMatch(/pembrolizumab/i);
    expect(keytruda?.us?.date).toBe("2014-09-04");
    const notJp = findMedicines(medicines, { status: "not-approved-jp", from: 2020, to: 2020 });
    expect(notJp.length).toBeGreaterThan(10);
    for (const m of notJp) {
      expect(m.jpStatus).toBe("not-approved-jp");
      expect(m.firstUsEu?.date.slice(0, 4)).toBe("2020");
    }
    const byLag = findMedicines(medicines, { sort: "-lag", status: "approved-jp" });
    expect(byLag[0]?.lagMonths).toBeGreaterThan(byLag[10]?.lagMonths ?? 0);
    const ids = notJp.slice(0, 3).map((m) => m.id);
    expect(
      findMedicines(medicines, { ids })
        .map((m) => m.id)
        .sort(),
    ).toEqual([...ids].sort());
  }, 120_000);

  it("lists the existing medicines of a seed's indication with how many reached Japan", async () => {
    const state = await new ApprovalsMonitor(folder).current();
    if (!state) throw new Error("not loaded");
    const lung = indicationLag(state, "C34.9");
    expect(lung.basis).toBe("keywords");
    expect(lung.summary.n).toBeGreaterThan(20);
    const names = lung.medicines.map((m) => m.name.toLowerCase());
    for (const drug of ["osimertinib", "alectinib"]) expect(names.join(" ")).toContain(drug);
    expect(lung.summary.approvedJp + lung.summary.notApprovedJp).toBe(lung.summary.n);
    expect(lung.summary.medianLagMonths).not.toBeNull();
    // newest first
    const dates = lung.medicines.map((m) => m.firstUsEu?.date ?? "");
    expect([...dates].sort().reverse()).toEqual(dates);
    // an unknown code falls back to its chapter's ATC group
    const other = indicationLag(state, "K59.0");
    expect(other).toMatchObject({ basis: "therapeutic-area", area: { code: "A" } });
    expect(other.summary.n).toBeGreaterThan(0);
  }, 120_000);
});
