/**
 * VirtualTrialSpec: everything a patient-level simulation of a randomised trial needs — arms and
 * allocation, accrual, dropout, the true endpoint model per arm, and the analyses with their stopping
 * rules. Plain JSON, so a design travels unchanged through the API, saved designs and worker threads.
 */
import { type core, z } from "zod";
import { validateMixture } from "../mixture/index.ts";
import type { Mixture } from "../mixture/types.ts";

const finite = (field: string) =>
  z.number({ error: `${field} must be a number` }).refine(Number.isFinite, `${field} must be finite`);
const positive = (field: string, example: string) =>
  finite(field).refine((x) => x > 0, `${field} must be > 0: give e.g. ${example}`);
const nonNegative = (field: string, example: string) =>
  finite(field).refine((x) => x >= 0, `${field} must be ≥ 0: give e.g. ${example}`);
const probability = (field: string, example: string) =>
  finite(field).refine(
    (x) => x > 0 && x < 1,
    `${field} must lie strictly between 0 and 1: give a proportion, e.g. ${example}`,
  );
/** one value for every arm, or a list with one value per arm (checked against arms below) */
const oneOrList = <T extends z.ZodType>(value: T) => z.union([value, z.array(value).min(1)]);

export const ArmSpec = z.strictObject({
  name: z.string().min(1, "arm name must not be empty"),
  /** allocation ratio; integers for block randomisation (e.g. 2 : 1) */
  allocation: positive("allocation", "1 (equal) or 2 (twice as many as a 1)").default(1),
});

export const AccrualSpec = z.strictObject({
  /** patients per month once recruitment is at full speed; arrivals are a Poisson process */
  ratePerMonth: positive("ratePerMonth", "10"),
  /** slower periods before full speed, in order from the start of the trial */
  rampUp: z
    .array(
      z.strictObject({
        months: positive("months", "3"),
        ratePerMonth: nonNegative("ratePerMonth", "4"),
      }),
    )
    .default([]),
});

export const DropoutSpec = z.union([
  z.strictObject({
    /**
     * binary / normal: probability that a patient's outcome is never observed; time-to-event: probability
     * of dropping out within `withinMonths` (exponential dropout, as rpact's dropoutRate / dropoutTime)
     */
    probability: oneOrList(
      finite("probability").refine(
        (x) => x >= 0 && x < 1,
        "probability must lie in [0, 1): give a proportion, e.g. 0.1",
      ),
    ),
    withinMonths: positive("withinMonths", "12").optional(),
  }),
  z.strictObject({
    /** exponential dropout hazard per month */
    hazardPerMonth: oneOrList(nonNegative("hazardPerMonth", "0.01")),
  }),
]);

const betterWhen = z.enum(["higher", "lower"]).default("higher");
const assessmentMonths = nonNegative("assessmentMonths", "0 (immediate) or 6").default(0);

export const EndpointSpec = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("binary"),
    /** true response rate per arm */
    rates: z.array(probability("rate", "0.3")).min(2),
    /** months from randomisation until the response is known */
    assessmentMonths,
    betterWhen,
  }),
  z.strictObject({
    type: z.literal("normal"),
    /** true mean per arm */
    means: z.array(finite("mean")).min(2),
    /** true standard deviation of one patient's outcome, per arm or common */
    sds: oneOrList(positive("sd", "1")),
    assessmentMonths,
    betterWhen,
  }),
  z.strictObject({
    type: z.literal("timeToEvent"),
    /** true exponential hazard per month per arm (give this or `medians`) */
    hazards: z.array(positive("hazard", "0.05")).min(2).optional(),
    /** true median time to event in months per arm (give this or `hazards`) */
    medians: z.array(positive("median", "12")).min(2).optional(),
    /** the final analysis happens when this many events have been observed */
    maxEvents: z.number().int("maxEvents must be a whole number").min(2, "maxEvents must be ≥ 2"),
    /** each patient is followed at most this long after randomisation (default: until the analysis) */
    followUpMonths: positive("followUpMonths", "24").optional(),
  }),
]);

const zBounds = z.strictObject({
  type: z.literal("z"),
  /** one-sided z boundaries, positive = treatment better, one per analysis (efficacy) or interim (futility) */
  bounds: oneOrList(finite("bound")),
});
const posteriorThresholds = z.strictObject({
  type: z.literal("posterior"),
  /** the rule looks at P(θ_treatment − θ_control > delta | data) (reversed when lower is better) */
  delta: finite("delta").default(0),
  /** one probability per analysis (efficacy: P > threshold) or interim (futility: P < threshold), or one for all */
  thresholds: oneOrList(probability("threshold", "0.975")),
});
/** a plain array of numbers is read as z bounds, the form a group-sequential design hands over */
const StoppingRule = z.preprocess(
  (x) => (Array.isArray(x) || typeof x === "number" ? { type: "z", bounds: x } : x),
  z.discriminatedUnion("type", [zBounds, posteriorThresholds]),
);

export const AnalysisSpec = z.strictObject({
  /** information fractions of the interim analyses (patients with outcome due, or events for time-to-event) */
  informationFractions: z.array(finite("informationFraction")).default([]),
  efficacy: StoppingRule,
  futility: StoppingRule.optional(),
  /** statistic of a normal endpoint for z bounds: z with known sd, or Student's t (pooled variance) */
  test: z.enum(["z", "t"]).default("z"),
  /** the sd the z test of a normal endpoint assumes known (default: each arm's true sd) */
  knownSd: positive("knownSd", "1").optional(),
  /** prior per arm (or one for all) for posterior rules: beta mixtures (binary), normal mixtures (normal) */
  priors: z.unknown().optional(),
});

const MAX_PATIENTS = 1_000_000;

const SpecObject = z.strictObject({
  /** the first arm is the control; 1 to 3 treatment arms follow */
  arms: z
    .array(ArmSpec)
    .min(2, "arms needs a control and at least one treatment arm")
    .max(4, "arms allows a control and at most 3 treatment arms"),
  randomization: z.enum(["blocks", "simple"]).default("blocks"),
  accrual: AccrualSpec,
  maxSampleSize: z
    .number()
    .int("maxSampleSize must be a whole number of patients")
    .min(2, "maxSampleSize must be ≥ 2")
    .max(MAX_PATIENTS, `maxSampleSize must be ≤ ${MAX_PATIENTS}`),
  dropout: DropoutSpec.optional(),
  endpoint: EndpointSpec,
  analysis: AnalysisSpec,
});
export const VirtualTrialSpec = SpecObject.superRefine(checkConsistency);

/** A spec as simulated (defaults filled in). */
export type VirtualTrialSpec = z.infer<typeof VirtualTrialSpec>;
/** A spec as written: defaulted fields may be left out. */
export type VirtualTrialSpecInput = z.input<typeof VirtualTrialSpec>;
export type EndpointSpec = VirtualTrialSpec["endpoint"];
export type StoppingRule = VirtualTrialSpec["analysis"]["efficacy"];

type Ctx = z.RefinementCtx;
const issue = (ctx: Ctx, path: (string | number)[], message: string) =>
  ctx.addIssue({ code: "custom", path, message });

function checkConsistency(s: z.output<typeof SpecObject>, ctx: Ctx): void {
  const arms = s.arms.length;
  const perArmLength = (value: unknown, path: (string | number)[], what: string) => {
    if (Array.isArray(value) && value.length !== arms) {
      issue(ctx, path, `${what} has ${value.length} values but there are ${arms} arms: give one per arm`);
    }
  };
  const names = new Set<string>();
  s.arms.forEach((arm, i) => {
    if (names.has(arm.name)) issue(ctx, ["arms", i, "name"], `arm name "${arm.name}" is used twice`);
    names.add(arm.name);
    if (s.randomization === "blocks" && !Number.isInteger(arm.allocation)) {
      issue(
        ctx,
        ["arms", i, "allocation"],
        `allocation ${arm.allocation} is not a whole number: block randomisation needs integer ratios ` +
          `(e.g. 2 : 1), or set randomization to "simple"`,
      );
    }
  });
  const blockSize = s.arms.reduce((t, a) => t + a.allocation, 0);
  if (s.randomization === "blocks" && blockSize > 100) {
    issue(ctx, ["arms"], `allocation ratios sum to ${blockSize}: reduce them (e.g. 2 : 1, not 200 : 100)`);
  }

  const e = s.endpoint;
  if (e.type === "binary") perArmLength(e.rates, ["endpoint", "rates"], "rates");
  if (e.type === "normal") {
    perArmLength(e.means, ["endpoint", "means"], "means");
    perArmLength(e.sds, ["endpoint", "sds"], "sds");
  }
  if (e.type === "timeToEvent") {
    if ((e.hazards === undefined) === (e.medians === undefined)) {
      issue(ctx, ["endpoint", "hazards"], "give exactly one of endpoint.hazards or endpoint.medians");
    }
    if (e.hazards) perArmLength(e.hazards, ["endpoint", "hazards"], "hazards");
    if (e.medians) perArmLength(e.medians, ["endpoint", "medians"], "medians");
    if (e.maxEvents > s.maxSampleSize) {
      issue(
        ctx,
        ["endpoint", "maxEvents"],
        `maxEvents ${e.maxEvents} exceeds maxSampleSize ${s.maxSampleSize}: each patient has at most one event`,
      );
    }
  }
  if (s.dropout) {
    if ("probability" in s.dropout) {
      perArmLength(s.dropout.probability, ["dropout", "probability"], "dropout.probability");
      if (s.dropout.withinMonths !== undefined && e.type !== "timeToEvent") {
        issue(
          ctx,
          ["dropout", "withinMonths"],
          "withinMonths only applies to time-to-event endpoints: for binary / normal endpoints the probability is that of a missing outcome",
        );
      }
    } else {
      perArmLength(s.dropout.hazardPerMonth, ["dropout", "hazardPerMonth"], "dropout.hazardPerMonth");
      if (e.type !== "timeToEvent" && e.assessmentMonths === 0) {
        issue(
          ctx,
          ["dropout", "hazardPerMonth"],
          "a dropout hazard has no effect when endpoint.assessmentMonths is 0: set the assessment time or give dropout.probability",
        );
      }
    }
  }

  const a = s.analysis;
  const fractions = a.informationFractions;
  fractions.forEach((f, k) => {
    if (!(f > 0 && f < 1)) {
      issue(
        ctx,
        ["analysis", "informationFractions", k],
        `information fraction ${f} must lie strictly between 0 and 1 (the final analysis is at 1)`,
      );
    } else if (k > 0 && !(f > (fractions[k - 1] as number))) {
      issue(ctx, ["analysis", "informationFractions", k], "information fractions must increase");
    }
  });
  const stages = fractions.length + 1;
  const total = e.type === "timeToEvent" ? e.maxEvents : s.maxSampleSize;
  const unit = e.type === "timeToEvent" ? "events" : "patients";
  let previous = 0;
  for (const [k, f] of fractions.entries()) {
    const target = informationTarget(f, total);
    if (target <= previous || target >= total) {
      issue(
        ctx,
        ["analysis", "informationFractions", k],
        `interim at fraction ${f} of ${total} ${unit} falls on the same count (${target}) as the analysis before or after it: space the interims further apart or raise the size`,
      );
    }
    previous = target;
  }
  checkRule(ctx, a.efficacy, ["analysis", "efficacy"], stages, "analysis (interims and final)", e.type);
  if (a.futility) {
    if (stages === 1) {
      issue(
        ctx,
        ["analysis", "futility"],
        "futility stopping needs interim analyses: add analysis.informationFractions or drop futility",
      );
    } else {
      checkRule(ctx, a.futility, ["analysis", "futility"], stages - 1, "interim", e.type);
    }
    if (a.futility.type === "z" && a.efficacy.type === "z") {
      const eff = expand(a.efficacy.bounds, stages);
      expand(a.futility.bounds, stages - 1).forEach((f, k) => {
        if (f > (eff[k] as number)) {
          issue(
            ctx,
            ["analysis", "futility", "bounds", k],
            `futility bound ${f} lies above the efficacy bound ${eff[k]} of the same interim: lower it`,
          );
        }
      });
    }
  }
  if (e.type !== "normal") {
    if (a.test !== "z") issue(ctx, ["analysis", "test"], 'test "t" applies to normal endpoints only');
    if (a.knownSd !== undefined)
      issue(ctx, ["analysis", "knownSd"], "knownSd applies to normal endpoints only");
  }
  const needsPriors = a.efficacy.type === "posterior" || a.futility?.type === "posterior";
  if (needsPriors) {
    if (a.priors === undefined) {
      issue(
        ctx,
        ["analysis", "priors"],
        "posterior rules need analysis.priors: one mixture prior per arm (or one for all arms)",
      );
    } else {
      perArmLength(a.priors, ["analysis", "priors"], "analysis.priors");
      const family = e.type === "binary" ? "beta" : "normal";
      const list = Array.isArray(a.priors) ? a.priors : [a.priors];
      list.forEach((prior, i) => {
        const path = Array.isArray(a.priors) ? ["analysis", "priors", i] : ["analysis", "priors"];
        try {
          const mix = validateMixture(prior);
          if (mix.family !== family) {
            issue(
              ctx,
              path,
              `prior is a ${mix.family} mixture but a ${e.type} endpoint needs a ${family} mixture`,
            );
          }
        } catch (err) {
          issue(ctx, path, `invalid prior: ${(err as Error).message}`);
        }
      });
    }
  }
}

function checkRule(
  ctx: Ctx,
  rule: StoppingRule,
  path: (string | number)[],
  count: number,
  per: string,
  endpoint: EndpointSpec["type"],
): void {
  const values = rule.type === "z" ? rule.bounds : rule.thresholds;
  const name = rule.type === "z" ? "bounds" : "thresholds";
  if (Array.isArray(values) && values.length !== count) {
    issue(
      ctx,
      [...path, name],
      `${values.length} ${name} given but the design has ${count} ${per === "interim" ? "interims" : "analyses"}: give one per ${per}`,
    );
  }
  if (rule.type === "posterior" && endpoint === "timeToEvent") {
    issue(
      ctx,
      [...path, "type"],
      'posterior rules need a binary or normal endpoint: use type "z" (log-rank) for time-to-event',
    );
  }
}

/** Patients (or events) at an interim: the first whole count reaching the fraction of the total. */
export function informationTarget(fraction: number, total: number): number {
  // the tolerance keeps 0.3 · 100 at 30 although 0.3 · 100 = 30.000000000000004
  return Math.max(1, Math.ceil(fraction * total - 1e-9));
}

/** One value per analysis from a scalar or a list. */
export function expand(value: number | number[], count: number): number[] {
  return Array.isArray(value) ? value.slice(0, count) : new Array<number>(count).fill(value);
}

/** `analysis.efficacy.bounds[1]`: how an issue's path reads in a message. */
function issuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(spec)" : out;
}

function describe(issue: core.$ZodIssue): string {
  if (issue.code === "invalid_type" && /received undefined$/.test(issue.message)) {
    return `is required (${issue.expected})`;
  }
  if (issue.code === "unrecognized_keys")
    return `unknown field(s) ${issue.keys.join(", ")}: remove or rename`;
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    // report the branch that got furthest: the one with the fewest complaints
    const best = [...issue.errors].sort((x, y) => x.length - y.length)[0] ?? [];
    return best.map((sub) => `${issuePath(sub.path)}: ${describe(sub)}`).join("; ");
  }
  return issue.message;
}

export class VirtualTrialSpecError extends Error {
  constructor(
    readonly issues: readonly core.$ZodIssue[],
    /** where the spec came from, e.g. a scenario, said before the issues */
    context = "",
  ) {
    super(
      `${context}invalid virtual trial spec: ${issues.map((i) => `${issuePath(i.path)}: ${describe(i)}`).join("; ")}`,
    );
    this.name = "VirtualTrialSpecError";
  }
}

/** Validates a spec (JSON or object) and fills in defaults; the error names each bad field and the fix. */
export function parseVirtualTrialSpec(input: unknown): VirtualTrialSpec {
  const result = VirtualTrialSpec.safeParse(input);
  if (!result.success) throw new VirtualTrialSpecError(result.error.issues);
  return result.data;
}

/** The validated prior of each arm. */
export function armPriors(spec: VirtualTrialSpec): Mixture[] {
  const p = spec.analysis.priors;
  if (p === undefined) return [];
  const list = Array.isArray(p) ? p : spec.arms.map(() => p);
  return list.map((m) => validateMixture(m));
}
