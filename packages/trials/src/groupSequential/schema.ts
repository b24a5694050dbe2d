/**
 * GroupSequentialSpec: the JSON input of the API and CLI for a group-sequential design and, optionally,
 * its sample size for one endpoint. Every message names the field and says what to write instead; an
 * absent futility bound is written null (JSON has no −Infinity).
 */
import { z } from "zod";
import { getDesignCharacteristics } from "./characteristics.ts";
import { getDesignGroupSequential } from "./design.ts";
import type { SampleSizeResult } from "./sampleSize.ts";
import { getSampleSizeMeans } from "./sampleSizeMeans.ts";
import { getSampleSizeRates } from "./sampleSizeRates.ts";
import { getSampleSizeSurvival, type SurvivalSampleSizeResult } from "./sampleSizeSurvival.ts";
import type { DesignCharacteristics, DesignInput, GroupSequentialDesign } from "./types.ts";

const num = (what: string) =>
  z
    .number({
      error: (iss) => (iss.input === undefined ? `${what} is required` : `${what} must be a number`),
    })
    .finite(`${what} must be finite`);
/** strict objects whose unknown-key message lists the fields that are allowed */
const strict = <T extends z.ZodRawShape>(where: string, shape: T) =>
  z.strictObject(shape, {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `unknown field ${iss.keys.map((k) => `"${k}"`).join(", ")} in ${where}; allowed: ${Object.keys(shape).join(", ")}`
        : undefined,
  });
const positive = (what: string, example: string) => num(what).gt(0, `${what} must be > 0, e.g. ${example}`);
const probability = (what: string, example: string) =>
  num(what).gt(0, `${what} must be > 0, e.g. ${example}`).lt(1, `${what} must be < 1, e.g. ${example}`);

const DesignSpec = strict("design", {
  kMax: z
    .int("kMax must be an integer from 1 to 20")
    .min(1, "kMax must be ≥ 1")
    .max(20, "kMax must be ≤ 20")
    .optional(),
  informationRates: z
    .array(
      num("each information rate")
        .gt(0, "each information rate must be > 0, e.g. 0.5")
        .max(1, "each information rate must be ≤ 1 (the last one is 1)"),
      "informationRates must be an array like [0.5, 1]",
    )
    .min(1, "informationRates needs at least one rate, ending with 1")
    .max(20, "informationRates may have at most 20 entries")
    .optional(),
  alpha: num("alpha")
    .min(1e-6, "alpha must be ≥ 1e-6, e.g. 0.025")
    .max(0.5, "alpha must be ≤ 0.5, e.g. 0.025")
    .optional(),
  beta: num("beta")
    .min(1e-4, "beta must be ≥ 1e-4, e.g. 0.2 for 80% power")
    .lt(1, "beta must be < 1")
    .optional(),
  sided: z.union([z.literal(1), z.literal(2)], "sided must be 1 or 2").optional(),
  typeOfDesign: z
    .enum(
      ["OF", "P", "WT", "asOF", "asP", "asKD", "asHSD"],
      "typeOfDesign must be one of OF, P, WT, asOF, asP, asKD, asHSD",
    )
    .optional(),
  deltaWT: num("deltaWT").min(-0.5, "deltaWT must be ≥ −0.5, e.g. 0.25").optional(),
  gammaA: num("gammaA").optional(),
  typeBetaSpending: z
    .enum(
      ["none", "bsOF", "bsP", "bsKD", "bsHSD"],
      "typeBetaSpending must be one of none, bsOF, bsP, bsKD, bsHSD",
    )
    .optional(),
  gammaB: num("gammaB").optional(),
  futilityBounds: z
    .array(
      num("each futility bound").nullable(),
      "futilityBounds must be an array of z values (null: no bound)",
    )
    .optional(),
  bindingFutility: z.boolean("bindingFutility must be true or false").optional(),
}).superRefine((d, ctx) => {
  const rates = d.informationRates;
  if (rates !== undefined) {
    if (d.kMax !== undefined && rates.length !== d.kMax) {
      ctx.addIssue({
        code: "custom",
        path: ["informationRates"],
        message: `informationRates has ${rates.length} entries but kMax is ${d.kMax}: give one rate per stage`,
      });
    }
    rates.forEach((t, k) => {
      if (k > 0 && !(t > (rates[k - 1] as number))) {
        ctx.addIssue({
          code: "custom",
          path: ["informationRates", k],
          message: "informationRates must increase strictly",
        });
      }
    });
    if (rates[rates.length - 1] !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["informationRates"],
        message: "the last information rate must be 1",
      });
    }
  }
  const K = d.kMax ?? rates?.length ?? 3;
  if (d.futilityBounds !== undefined && d.futilityBounds.length !== K - 1) {
    ctx.addIssue({
      code: "custom",
      path: ["futilityBounds"],
      message: `futilityBounds needs kMax − 1 = ${K - 1} entries (one per interim stage, null for none)`,
    });
  }
  const type = d.typeOfDesign ?? "OF";
  if (type === "WT" && d.deltaWT === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["deltaWT"],
      message: 'deltaWT is required for typeOfDesign "WT", e.g. 0.25',
    });
  }
  if ((type === "asHSD" || type === "asKD") && d.gammaA === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["gammaA"],
      message: `gammaA is required for typeOfDesign "${type}", e.g. -4`,
    });
  }
  const bs = d.typeBetaSpending ?? "none";
  if ((bs === "bsHSD" || bs === "bsKD") && d.gammaB === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["gammaB"],
      message: `gammaB is required for typeBetaSpending "${bs}", e.g. -2`,
    });
  }
  if (bs !== "none" && !type.startsWith("as")) {
    ctx.addIssue({
      code: "custom",
      path: ["typeBetaSpending"],
      message: "beta spending needs an alpha-spending typeOfDesign (asOF, asP, asKD, asHSD)",
    });
  }
});

const MeansSpec = strict("endpoint (means)", {
  type: z.literal("means"),
  alternative: num("endpoint.alternative"),
  stDev: positive("endpoint.stDev", "1").optional(),
  thetaH0: num("endpoint.thetaH0").optional(),
  groups: z.union([z.literal(1), z.literal(2)], "groups must be 1 or 2").optional(),
  allocationRatioPlanned: positive("allocationRatioPlanned", "1").optional(),
  normalApproximation: z.boolean("normalApproximation must be true or false").optional(),
});

const RatesSpec = strict("endpoint (rates)", {
  type: z.literal("rates"),
  pi1: probability("pi1", "0.4"),
  pi2: probability("pi2", "0.2").optional(),
  groups: z.union([z.literal(1), z.literal(2)], "groups must be 1 or 2").optional(),
  riskRatio: z.boolean("riskRatio must be true or false").optional(),
  thetaH0: num("endpoint.thetaH0").optional(),
  allocationRatioPlanned: positive("allocationRatioPlanned", "1").optional(),
});

const SurvivalSpec = strict("endpoint (survival)", {
  type: z.literal("survival"),
  hazardRatio: positive("hazardRatio", "0.7").optional(),
  lambda1: positive("lambda1", "0.05").optional(),
  lambda2: positive("lambda2", "0.07").optional(),
  median1: positive("median1", "14").optional(),
  median2: positive("median2", "10").optional(),
  pi1: probability("pi1", "0.3").optional(),
  pi2: probability("pi2", "0.4").optional(),
  eventTime: positive("eventTime", "12").optional(),
  thetaH0: positive("thetaH0", "1").optional(),
  allocationRatioPlanned: positive("allocationRatioPlanned", "1").optional(),
  typeOfComputation: z
    .enum(
      ["Schoenfeld", "Freedman", "HsiehFreedman"],
      "typeOfComputation must be Schoenfeld, Freedman or HsiehFreedman",
    )
    .optional(),
  accrualTime: positive("accrualTime", "12").optional(),
  followUpTime: num("followUpTime").min(0, "followUpTime must be ≥ 0, e.g. 6").optional(),
  dropoutRate1: num("dropoutRate1")
    .min(0, "dropoutRate1 must be ≥ 0")
    .lt(1, "dropoutRate1 must be < 1")
    .optional(),
  dropoutRate2: num("dropoutRate2")
    .min(0, "dropoutRate2 must be ≥ 0")
    .lt(1, "dropoutRate2 must be < 1")
    .optional(),
  dropoutTime: positive("dropoutTime", "12").optional(),
});

/** JSON input: a design and, optionally, an endpoint whose sample size is wanted. */
export const GroupSequentialSpec = strict("the spec", {
  design: DesignSpec.default({}),
  endpoint: z
    .discriminatedUnion("type", [MeansSpec, RatesSpec, SurvivalSpec], {
      error: 'endpoint.type must be "means", "rates" or "survival"',
    })
    .optional(),
});
export type GroupSequentialSpec = z.infer<typeof GroupSequentialSpec>;

export interface GroupSequentialReport {
  design: GroupSequentialDesign;
  characteristics: DesignCharacteristics;
  sampleSize?:
    | Omit<SampleSizeResult, "design" | "characteristics">
    | Omit<SurvivalSampleSizeResult, "design">;
}

/** "path: message" lines of a failed parse, e.g. "design.alpha: alpha must be ≤ 0.5, e.g. 0.025". */
export function describeSpecIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(spec)"}: ${i.message}`).join("\n");
}

function toDesignInput(d: z.infer<typeof DesignSpec>): DesignInput {
  const { futilityBounds, ...rest } = d;
  const input: DesignInput = { ...rest };
  if (futilityBounds !== undefined) {
    input.futilityBounds = futilityBounds.map((f) => (f === null ? Number.NEGATIVE_INFINITY : f));
  }
  return input;
}

/**
 * Validates a GroupSequentialSpec (throwing an Error whose message lists each bad field and its fix)
 * and computes the design, its characteristics and, when an endpoint is given, the sample size.
 */
export function runGroupSequentialSpec(spec: unknown): GroupSequentialReport {
  const parsed = GroupSequentialSpec.safeParse(spec);
  if (!parsed.success) throw new Error(`invalid group-sequential spec:\n${describeSpecIssues(parsed.error)}`);
  const design = getDesignGroupSequential(toDesignInput(parsed.data.design));
  const characteristics = getDesignCharacteristics(design);
  const report: GroupSequentialReport = { design, characteristics };
  const e = parsed.data.endpoint;
  if (e === undefined) return report;
  const { type, ...params } = e;
  if (type === "means" || type === "rates") {
    const result =
      type === "means"
        ? getSampleSizeMeans(params as Parameters<typeof getSampleSizeMeans>[0], design)
        : getSampleSizeRates(params as Parameters<typeof getSampleSizeRates>[0], design);
    const { design: _design, characteristics: _characteristics, ...rest } = result;
    report.sampleSize = rest;
  } else {
    const { design: _design, ...rest } = getSampleSizeSurvival(params, design);
    report.sampleSize = rest;
  }
  return report;
}
