/**
 * Small-cell suppression for results that leave the engine (MID-NET, Sentinel and OHDSI all do this):
 * a count below the threshold is shown as "<threshold", and a count that would let such a small
 * number be worked out by subtraction from the numbers shown beside it is withheld ("suppressed").
 */
export type ReleasedCount = number | `<${number}` | "suppressed";

export const DEFAULT_MIN_CELL_COUNT = 10;

export const isShown = (c: ReleasedCount): c is number => typeof c === "number";

export function releaseCount(n: number, threshold = DEFAULT_MIN_CELL_COUNT): ReleasedCount {
  return n > 0 && n < threshold ? `<${threshold}` : n;
}

/**
 * Parts shown with their total (target and comparator of one study): if exactly one part is below
 * the threshold, the total minus the other part would give it away, so the total is withheld.
 */
export function releaseParts(
  parts: number[],
  threshold = DEFAULT_MIN_CELL_COUNT,
): { parts: ReleasedCount[]; total: ReleasedCount } {
  const released = parts.map((n) => releaseCount(n, threshold));
  const total = parts.reduce((a, b) => a + b, 0);
  const small = released.filter((c) => !isShown(c)).length;
  return {
    parts: released,
    total: small > 0 ? (small === parts.length ? releaseCount(total, threshold) : "suppressed") : total,
  };
}

/**
 * A falling sequence of counts (an attrition table). A step that removes between 1 and threshold − 1
 * persons would reveal a small group by subtraction: its count is withheld and its removal shown as
 * "<threshold"; the following steps are compared with the last count still shown.
 */
export function releaseSequence(
  counts: number[],
  threshold = DEFAULT_MIN_CELL_COUNT,
): { remaining: ReleasedCount; removed: ReleasedCount | null }[] {
  let lastShown: number | null = null;
  return counts.map((n) => {
    if (n > 0 && n < threshold) return { remaining: `<${threshold}` as const, removed: null };
    if (lastShown === null) {
      lastShown = n;
      return { remaining: n, removed: null };
    }
    const removed = lastShown - n;
    if (removed > 0 && removed < threshold)
      return { remaining: "suppressed" as const, removed: `<${threshold}` as const };
    lastShown = n;
    return { remaining: n, removed };
  });
}
