/**
 * Test helper: agreement of a simulated probability or mean with its exact value, in units of the
 * Monte-Carlo standard error, recording the worst agreement per label for the report.
 */
import { expect } from "vitest";

const worst = new Map<string, { z: number; relative: number }>();

/**
 * Asserts |simulated − exact| ≤ 4 MCSE. For a probability, pass `trials` and the MCSE is that of a
 * proportion at the exact value; otherwise pass the MCSE itself.
 */
export function expectWithinMcse(
  simulated: number,
  exact: number,
  error: { trials: number } | { mcse: number },
  label: string,
): void {
  const mcse = "mcse" in error ? error.mcse : Math.sqrt((exact * (1 - exact)) / error.trials);
  const z = mcse > 0 ? Math.abs(simulated - exact) / mcse : simulated === exact ? 0 : Infinity;
  const relative = exact === 0 ? Math.abs(simulated) : Math.abs(simulated - exact) / Math.abs(exact);
  const seen = worst.get(label);
  worst.set(label, { z: Math.max(seen?.z ?? 0, z), relative: Math.max(seen?.relative ?? 0, relative) });
  expect(
    z,
    `${label}: simulated ${simulated} vs exact ${exact} (MCSE ${mcse.toExponential(2)}, ${z.toFixed(2)} MCSE apart)`,
  ).toBeLessThanOrEqual(4);
}

/** Prints the worst agreement by label when ORACLE_REPORT is set. */
export function reportMcse(title: string): void {
  if (!process.env.ORACLE_REPORT) return;
  const rows = [...worst.entries()].map(
    ([k, v]) => `  ${v.z.toFixed(2)} MCSE  (relative ${v.relative.toExponential(2)})  ${k}`,
  );
  console.log(`[monte-carlo] ${title}: largest distance from the exact value\n${rows.join("\n")}`);
}
