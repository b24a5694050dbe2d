/**
 * JSON input of a MAP prior (API bodies, saved analyses): the family, the historical studies and the options
 * of mapPrior. `parseMapPriorSpec` validates it and names the offending study row and field in its errors.
 *
 * Example: { "family": "binomial", "studies": [{ "study": "A", "r": 23, "n": 107 }],
 *            "options": { "tauPrior": { "distribution": "halfNormal", "scale": 1 } } }
 */
import { z } from "zod";
import type { BinomialStudy, MapPriorOptions, MapStudy, NormalStudy, PoissonStudy } from "./types.ts";

const label = z.string().trim().min(1, "the study label must not be empty").optional();

const BinomialStudySpec = z
  .strictObject({
    study: label,
    r: z.number().int("r must be a whole number of responders").min(0, "r must be ≥ 0"),
    n: z.number().int("n must be a whole number of patients").min(1, "n must be ≥ 1"),
  })
  .refine((s) => s.r <= s.n, { message: "r must not exceed n", path: ["r"] });

const NormalStudySpec = z
  .strictObject({
    study: label,
    mean: z.number(),
    se: z.number().positive("se must be positive").optional(),
    n: z.number().positive("n must be positive").optional(),
  })
  .refine((s) => s.se !== undefined || s.n !== undefined, {
    message: 'give the standard error "se", or the sample size "n" with options.sigma',
    path: ["se"],
  });

const PoissonStudySpec = z.strictObject({
  study: label,
  events: z.number().int("events must be a whole number").min(0, "events must be ≥ 0"),
  exposure: z.number().positive("exposure must be positive"),
});

const OptionsSpec = z.strictObject({
  sigma: z.number().positive().optional(),
  muPrior: z.strictObject({ mean: z.number(), sd: z.number().positive() }).optional(),
  tauPrior: z
    .strictObject({ distribution: z.enum(["halfNormal", "halfCauchy"]), scale: z.number().positive() })
    .optional(),
  chains: z.number().int().min(1).max(64).optional(),
  warmup: z.number().int().min(0).optional(),
  draws: z.number().int().min(4).optional(),
  thin: z.number().int().min(1).optional(),
  seed: z.number().int().optional(),
  adaptDelta: z.number().gt(0).lt(1).optional(),
  maxTreeDepth: z.number().int().min(1).max(15).optional(),
  components: z.array(z.number().int().min(1).max(20)).min(1).optional(),
  aicPenalty: z.number().min(0).optional(),
  constrainBetaShapes: z.boolean().optional(),
  probs: z.array(z.number().gt(0).lt(1)).optional(),
});

function uniqueLabels(studies: readonly { study?: string | undefined }[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  for (const [i, s] of studies.entries()) {
    if (s.study === undefined) continue;
    const first = seen.get(s.study);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: `duplicate study label (also studies[${first}]); give unique labels`,
        path: ["studies", i, "study"],
      });
    } else seen.set(s.study, i);
  }
}

/** zod schema of the JSON input of mapPrior: { family, studies, options? }. */
export const MapPriorSpec = z
  .discriminatedUnion("family", [
    z.strictObject({
      family: z.literal("binomial"),
      studies: z.array(BinomialStudySpec).min(1, "give at least one historical study"),
      options: OptionsSpec.optional(),
    }),
    z.strictObject({
      family: z.literal("normal"),
      studies: z.array(NormalStudySpec).min(1, "give at least one historical study"),
      options: OptionsSpec.optional(),
    }),
    z.strictObject({
      family: z.literal("poisson"),
      studies: z.array(PoissonStudySpec).min(1, "give at least one historical study"),
      options: OptionsSpec.optional(),
    }),
  ])
  .superRefine((spec, ctx) => {
    uniqueLabels(spec.studies, ctx);
    if (spec.family === "normal" && spec.options?.sigma === undefined) {
      const allBoth = spec.studies.every((s) => s.se !== undefined && s.n !== undefined);
      for (const [i, s] of spec.studies.entries()) {
        if (s.se === undefined && !allBoth) {
          ctx.addIssue({
            code: "custom",
            message:
              "se is missing and options.sigma is not given; give se, or options.sigma so that se = sigma/√n",
            path: ["studies", i, "se"],
          });
        }
      }
    }
  });

export type MapPriorSpecInput = z.input<typeof MapPriorSpec>;

function describePath(path: readonly PropertyKey[], input: unknown): string {
  let text = "";
  let node: unknown = input;
  for (const key of path) {
    if (typeof key === "number") {
      text += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const name = (node as { study?: unknown } | undefined)?.study;
      if (typeof name === "string" && name !== "") text += ` ("${name}")`;
    } else {
      text += text === "" ? String(key) : `.${String(key)}`;
      node =
        node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    }
  }
  return text === "" ? "input" : text;
}

/**
 * Validates JSON input against MapPriorSpec and returns the arguments of mapPrior. Throws an Error listing
 * every problem as `studies[3] ("label").r: message`.
 */
export function parseMapPriorSpec(input: unknown): {
  studies: MapStudy[];
  options: MapPriorOptions;
} {
  const parsed = MapPriorSpec.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${describePath(issue.path, input)}: ${issue.message}`);
    throw new Error(`invalid MAP prior input:\n${lines.join("\n")}`);
  }
  const spec = parsed.data;
  const options: MapPriorOptions = { ...(spec.options ?? {}), family: spec.family };
  const studies: MapStudy[] = spec.studies.map((s) => {
    if ("r" in s) return { ...s } as BinomialStudy;
    if ("events" in s) return { ...s } as PoissonStudy;
    return { ...s } as NormalStudy;
  });
  return { studies, options };
}
