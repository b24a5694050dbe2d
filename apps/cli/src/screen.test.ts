import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { kakehashi } from "./runKakehashi.ts";

const folder = mkdtempSync(join(tmpdir(), "kh-screen-cli-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("kakehashi screen", () => {
  it("stores a library once, reports the unreadable line, and searches it by similarity", async () => {
    const smi = join(folder, "drugs.smi");
    writeFileSync(
      smi,
      [
        "CC(=O)Oc1ccccc1C(=O)O aspirin",
        "OC(=O)c1ccccc1O salicylic_acid",
        "C1CC1( broken",
        "Cn1cnc2c1c(=O)n(C)c(=O)n2C caffeine",
      ].join("\n"),
    );
    const lib = join(folder, "drugs.khlib");
    const built = await kakehashi(["screen", "library", smi, "-o", lib], {});
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toContain("3 molecules, 1 failed");
    expect(built.stderr).toContain(`${smi}:3:`);
    expect(existsSync(lib)).toBe(true);
    const similar = await kakehashi(
      ["screen", "similar", lib, "-q", "CC(=O)Oc1ccccc1C(=O)O", "--top", "2"],
      {},
    );
    expect(similar.code, similar.stderr).toBe(0);
    const lines = similar.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^1\.0000 .*aspirin/);
    expect(lines[1]).toMatch(/salicylic_acid/);
  }, 60_000);

  it("names the bad fields of a screen definition", async () => {
    const def = join(folder, "bad.json");
    writeFileSync(
      def,
      JSON.stringify({ name: "x", library: "drugs.smi", similarity: { queries: [], topK: -1 } }),
    );
    const r = await kakehashi(["screen", "run", def], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("similarity.queries");
    expect(r.stderr).toContain("similarity.topK");
  });
});
