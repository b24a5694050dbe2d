import { z } from "zod";

/**
 * A two-arm Bayesian design as a sponsor writes it down for a regulatory consultation: the endpoint,
 * where each arm's prior comes from (nothing borrowed, historical trials through a MAP prior, a
 * real-world-data control arm, or a mixture given outright), the sample sizes, the success rule and the
 * scenarios over which its operating characteristics are shown.
 */

const positive = z.number().positive().finite();
const probability = z.number().gt(0).lt(1);

/** A mixture as [weight, a, b] (beta, gamma) or [weight, mean, sd] (normal) rows. */
const MixtureRows = z
  .array(z.tuple([positive, z.number().finite(), positive]))
  .min(1)
  .max(10);

export const HistoricalStudy = z.union([
  z.strictObject({
    study: z.string().max(200).optional(),
    n: z.number().int().positive(),
    r: z.number().int().min(0),
  }),
  z.strictObject({ study: z.string().max(200).optional(), mean: z.number().finite(), se: positive }),
  z.strictObject({
    study: z.string().max(200).optional(),
    events: z.number().int().min(0),
    exposure: positive,
  }),
]);
export type HistoricalStudy = z.infer<typeof HistoricalStudy>;

export const PriorSource = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("weakly-informative"),
    /** normal endpoint: centre of the unit-information prior; count endpoint: expected rate */
    mean: z.number().finite().optional(),
  }),
  z.strictObject({ type: z.literal("mixture"), components: MixtureRows }),
  z.strictObject({
    type: z.literal("map"),
    studies: z.array(HistoricalStudy).min(2).max(100),
    tauPrior: z
      .strictObject({ distribution: z.enum(["half-normal", "half-cauchy"]), scale: positive })
      .default({ distribution: "half-normal", scale: 1 }),
    /** weight of the weakly informative component that keeps the prior robust to conflict (0 = none) */
    robustWeight: z.number().min(0).lt(1).default(0.2),
    seed: z.number().int().min(0).default(20261124),
  }),
  z.strictObject({
    type: z.literal("external"),
    /** the RWD study whose arm summarises the external controls; its counts are read by the platform */
    rwdStudyId: z.uuid().optional(),
    rwdArm: z.enum(["target", "comparator"]).optional(),
    description: z.string().max(500).optional(),
    /** the external control summary; the platform fills it from the RWD study when rwdStudyId is given */
    data: z
      .union([
        z.strictObject({ r: z.number().int().min(0), n: z.number().int().positive() }),
        z.strictObject({ mean: z.number().finite(), se: positive }),
        z.strictObject({ events: z.number().int().min(0), exposure: positive }),
      ])
      .optional(),
    method: z.discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("power-prior"), a0: z.number().min(0).max(1) }),
      z.strictObject({ kind: z.literal("robust-mixture"), weight: z.number().min(0).lt(1) }),
    ]),
  }),
]);
export type PriorSource = z.infer<typeof PriorSource>;

export const Criterion = z.strictObject({
  /** success needs P(θ_treatment − θ_control > delta | data) > probability */
  probability,
  delta: z.number().finite().default(0),
});

export const BayesianTwoArmDesign = z
  .strictObject({
    version: z.literal(1).default(1),
    kind: z.literal("bayesian-two-arm"),
    title: z.string().trim().min(1).max(200),
    endpoint: z.enum(["binary", "normal", "count"]),
    /** normal endpoint: the sampling sd of one patient's outcome */
    sigma: positive.optional(),
    treatment: z.strictObject({ n: z.number().int().positive().max(100_000), prior: PriorSource }),
    control: z.strictObject({ n: z.number().int().positive().max(100_000), prior: PriorSource }),
    rule: z.array(Criterion).min(1).max(3),
    scenarios: z.strictObject({
      /** true control values at which type I error and power are shown (the prior-data conflict curve) */
      control: z.array(z.number().finite()).min(2).max(200),
      /** true treatment − control differences for the power curves */
      effects: z.array(z.number().finite()).min(1).max(5),
    }),
  })
  .superRefine((d, ctx) => {
    if (d.endpoint === "normal" && d.sigma === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["sigma"],
        message: "a normal endpoint needs sigma, the sd of one outcome",
      });
    if (d.endpoint === "binary")
      for (const [i, v] of d.scenarios.control.entries())
        if (!(v > 0 && v < 1))
          ctx.addIssue({
            code: "custom",
            path: ["scenarios", "control", i],
            message: "a response rate lies strictly between 0 and 1",
          });
    for (const arm of ["treatment", "control"] as const) {
      const p = d[arm].prior;
      if (p.type === "external" && p.data === undefined && p.rwdStudyId === undefined)
        ctx.addIssue({
          code: "custom",
          path: [arm, "prior", "data"],
          message: "give the external control summary (data) or the RWD study it comes from (rwdStudyId)",
        });
      if (p.type === "external" && p.data !== undefined) {
        const ok =
          d.endpoint === "binary"
            ? "r" in p.data && p.data.r <= p.data.n
            : d.endpoint === "normal"
              ? "se" in p.data
              : "events" in p.data;
        if (!ok)
          ctx.addIssue({
            code: "custom",
            path: [arm, "prior", "data"],
            message: `a ${d.endpoint} endpoint needs ${d.endpoint === "binary" ? "{ r, n } with r ≤ n" : d.endpoint === "normal" ? "{ mean, se }" : "{ events, exposure }"}`,
          });
      }
      if (p.type === "map")
        for (const [i, s] of p.studies.entries()) {
          const ok =
            d.endpoint === "binary"
              ? "r" in s && s.r <= s.n
              : d.endpoint === "normal"
                ? "se" in s
                : "events" in s;
          if (!ok)
            ctx.addIssue({
              code: "custom",
              path: [arm, "prior", "studies", i],
              message: `a ${d.endpoint} endpoint needs ${d.endpoint === "binary" ? "{ n, r } with r ≤ n" : d.endpoint === "normal" ? "{ mean, se }" : "{ events, exposure }"}`,
            });
        }
    }
  });
export type BayesianTwoArmDesign = z.infer<typeof BayesianTwoArmDesign>;
export type BayesianTwoArmDesignInput = z.input<typeof BayesianTwoArmDesign>;
