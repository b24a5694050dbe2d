import { describe, expect, it } from "vitest";
import { AttemptLimiter } from "./throttle.ts";

describe("AttemptLimiter", () => {
  it("allows max attempts per window, then refuses with the seconds left, then resets", () => {
    let now = 1_000_000;
    const limiter = new AttemptLimiter(2, 60_000, () => now);
    limiter.hit("a");
    limiter.hit("a");
    limiter.hit("b");
    now += 15_000;
    expect(() => limiter.hit("a")).toThrow(expect.objectContaining({ status: 429, params: { seconds: 45 } }));
    now += 45_000;
    expect(() => limiter.hit("a")).not.toThrow();
  });
});
