import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { kakehashi } from "./runKakehashi.ts";

const example = (file: string) => fileURLToPath(new URL(`../../../examples/trials/${file}`, import.meta.url));
const folder = mkdtempSync(join(tmpdir(), "kh-trials-cli-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("kakehashi trials", () => {
  it("evaluates a design from its JSON file: ESS, exact OCs, a report and the evaluation", async () => {
    const html = join(folder, "design.html");
    const json = join(folder, "design.json");
    const r = await kakehashi(
      ["trials", "design", example("external-control-design.json"), "--html", html, "--json", json],
      {},
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/largest type I error 0\.\d{4}/);
    expect(r.stdout).toContain("power prior, a0 = 0.3");
    const saved = JSON.parse(readFileSync(json, "utf8"));
    // a0 = 0.3 of 300 external patients, on top of the uniform prior's 2
    expect(saved.evaluation.priors.control.ess.moment).toBeCloseTo(92, 0);
    expect(readFileSync(html, "utf8")).toContain("動作特性 / Operating characteristics");
  }, 60_000);

  it("names every bad field of a design with its fix and exits 1", async () => {
    const bad = join(folder, "bad.json");
    const design = JSON.parse(readFileSync(example("external-control-design.json"), "utf8"));
    design.rule[0].probability = 2;
    design.control.n = -1;
    writeFileSync(bad, JSON.stringify(design));
    const r = await kakehashi(["trials", "design", bad], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("rule.0.probability: Too big: expected number to be <1 — Use less than 1.");
    expect(r.stderr).toContain("control.n: Too small: expected number to be >0 — Use more than 0.");
  });

  it("computes a group-sequential design with rpact's boundaries", async () => {
    const spec = join(folder, "gs.json");
    writeFileSync(spec, JSON.stringify({ design: { kMax: 3, typeOfDesign: "asOF", alpha: 0.025 } }));
    const r = await kakehashi(["trials", "gs", spec], {});
    expect(r.code, r.stderr).toBe(0);
    // rpact::getDesignGroupSequential(kMax = 3, alpha = 0.025, typeOfDesign = "asOF")$criticalValues
    for (const z of ["3.7103", "2.5114", "1.9930"]) expect(r.stdout).toContain(z);
    writeFileSync(spec, JSON.stringify({ design: { kMax: 3, alpha: 2 } }));
    const bad = await kakehashi(["trials", "gs", spec], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("design.alpha");
  });

  it("simulates virtual trials per scenario and reproduces them from the seed", async () => {
    const args = [
      "trials",
      "simulate",
      example("virtual-trial-binary-interim.json"),
      "--trials",
      "2000",
      "--seed",
      "5",
    ];
    const first = await kakehashi([...args, "--workers", "2"], {});
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/null: 0\.30 vs 0\.30: P\(success\) 0\.0\d+ ± 0\.00\d+/);
    const html = join(folder, "simulation.html");
    const again = await kakehashi([...args, "--workers", "1", "--html", html], {});
    expect(again.stdout).toBe(first.stdout);
    const report = readFileSync(html, "utf8");
    expect(report).toContain("optimistic: 0.30 vs 0.55");
    expect(report).toContain("Monte-Carlo standard error");
    const bad = await kakehashi(
      ["trials", "simulate", example("virtual-trial-binary-interim.json"), "--trials", "0"],
      {},
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--trials");
  }, 60_000);
});
