import { KakehashiError } from "@kakehashi/core";

/**
 * Fixed-window attempt counter kept in memory (one server process). Login needs two limits at once —
 * per address and e-mail against password guessing, per address alone against credential stuffing —
 * which @fastify/rate-limit cannot put on one route (its second limiter skips a request the first saw).
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt; throws 429 too-many-attempts (with the seconds to wait) past the limit. */
  hit(key: string): void {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count > this.max)
      throw new KakehashiError("too-many-attempts", 429, {
        seconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)),
      });
  }

  private sweep(now: number) {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}
