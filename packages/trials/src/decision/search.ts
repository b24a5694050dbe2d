/**
 * Where a monotone yes/no over the counts 0, 1, 2, … switches: galloping from a guess (the boundary at
 * the neighbouring control count is within a step or two), then bisection. Each call of `succeeds` is a
 * posterior probability, so the number of calls is what this saves.
 */

// 2^50 counts: far beyond any trial; reaching it means the rule can never switch (a bug or absurd input)
const MAX_STEP = 2 ** 50;

/**
 * Smallest y in [min, max] with succeeds(y) true, for succeeds false…false true…true; max + 1 when none.
 * `max` may be Infinity when the switch is known to exist.
 */
export function firstSuccess(
  succeeds: (y: number) => boolean,
  guess: number,
  min: number,
  max: number,
): number {
  const start = Math.min(Math.max(Math.round(guess), min), max);
  let lo: number; // fails (or min − 1)
  let hi: number; // succeeds (or max + 1)
  if (succeeds(start)) {
    hi = start;
    let step = 1;
    for (;;) {
      const y = hi - step;
      if (y < min) {
        lo = min - 1;
        break;
      }
      if (!succeeds(y)) {
        lo = y;
        break;
      }
      hi = y;
      step *= 2;
    }
  } else {
    lo = start;
    let step = 1;
    for (;;) {
      const y = lo + step;
      if (y > max) {
        hi = max + 1;
        break;
      }
      if (succeeds(y)) {
        hi = y;
        break;
      }
      lo = y;
      step *= 2;
      if (step > MAX_STEP) throw new Error(`decision boundary search: no switch found above ${lo}`);
    }
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (succeeds(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
