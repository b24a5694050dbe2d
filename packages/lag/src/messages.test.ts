import { LOCALES } from "@kakehashi/core";
import { describe, expect, it } from "vitest";
import { LAG_PROBLEM_CODES, LagError, lagProblemText } from "./messages.ts";

const PARAMS = {
  file: "F.csv",
  column: "C",
  publisher: "P",
  expected: "E",
  reason: "R",
  url: "http://u",
  source: "fda",
  env: "ENV",
  page: "http://page",
  failed: 2,
  list: "L",
};

describe("lag problem texts", () => {
  it("exist in ja and en for every code, and use their parameters", () => {
    for (const code of LAG_PROBLEM_CODES)
      for (const locale of LOCALES) {
        const t = lagProblemText(code, locale, PARAMS);
        expect(t.title.length, `${code} ${locale}`).toBeGreaterThan(3);
        expect(t.detail, `${code} ${locale}`).not.toContain("undefined");
        expect(t.fix, `${code} ${locale}`).not.toContain("undefined");
      }
    expect(lagProblemText("source-column-missing", "ja", PARAMS).detail).toContain("F.csv");
    expect(lagProblemText("fetch-not-configured", "ja", PARAMS).fix).toContain("ENV");
  });

  it("give a LagError an English message with detail and fix, and a text in each language", () => {
    const e = new LagError("fetch-failed", 502, PARAMS);
    expect(e.message).toContain("http://u");
    expect(e.message).toContain("Check the address");
    expect(e.text("ja").detail).toContain("http://u");
    expect(e.status).toBe(502);
  });
});
