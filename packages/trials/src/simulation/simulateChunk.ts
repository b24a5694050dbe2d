/**
 * A consecutive run of simulated trials. Trial i always draws from its own stream `new Rng(seed, i)`,
 * so a trial's record is the same whichever thread or chunk simulates it.
 */
import { Rng } from "@kakehashi/core/random";
import type { VirtualTrialSimulator } from "./simulateTrial.ts";

/** Records of trials start … start + count − 1, `simulator.width` numbers each. */
export function simulateChunk(
  simulator: VirtualTrialSimulator,
  seed: number,
  start: number,
  count: number,
): Float64Array {
  const width = simulator.width;
  const out = new Float64Array(count * width);
  for (let t = 0; t < count; t++) simulator.simulate(new Rng(seed, start + t), out, t * width);
  return out;
}
