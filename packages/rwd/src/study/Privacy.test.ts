import { describe, expect, it } from "vitest";
import { releaseCount, releaseParts, releaseSequence } from "./Privacy.ts";

describe("small-cell suppression", () => {
  it("hides counts from 1 to threshold − 1, keeps 0 and larger counts", () => {
    expect([0, 1, 9, 10, 11].map((n) => releaseCount(n))).toEqual([0, "<10", "<10", 10, 11]);
    expect(releaseCount(4, 5)).toBe("<5");
  });

  it("withholds a total that would reveal a hidden part by subtraction", () => {
    expect(releaseParts([120, 7])).toEqual({ parts: [120, "<10"], total: "suppressed" });
    expect(releaseParts([120, 70])).toEqual({ parts: [120, 70], total: 190 });
    expect(releaseParts([3, 4])).toEqual({ parts: ["<10", "<10"], total: "<10" });
    expect(releaseParts([3, 8])).toEqual({ parts: ["<10", "<10"], total: 11 });
  });

  it("withholds attrition steps that remove fewer than the threshold", () => {
    expect(releaseSequence([1000, 995, 990, 500, 6])).toEqual([
      { remaining: 1000, removed: null },
      { remaining: "suppressed", removed: "<10" },
      { remaining: 990, removed: 10 },
      { remaining: 500, removed: 490 },
      { remaining: "<10", removed: null },
    ]);
  });
});
