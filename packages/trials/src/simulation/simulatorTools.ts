/**
 * The statistics only some designs need, loaded on demand: every worker thread pays for each module it
 * loads, and these bring in the mixture engine and special functions.
 */
import { needsPosterior, type SimulatorTools, type TrialModel } from "./simulateTrial.ts";

/** Imports the posterior-probability and t-test code for the designs that use them. */
export async function loadSimulatorTools(model: TrialModel): Promise<SimulatorTools> {
  const tools: SimulatorTools = {};
  if (needsPosterior(model)) {
    const { PosteriorBenefit } = await import("./posteriorProbability.ts");
    tools.posteriorBenefit = new PosteriorBenefit(model.priors, model.higherIsBetter, model.maxSampleSize);
  }
  if (model.tTest) tools.pooledTAsZ = (await import("./studentTest.ts")).pooledTAsZ;
  return tools;
}
