import { type core, z } from "zod";

/**
 * A cohort definition in the spirit of OHDSI ATLAS / Circe, reduced to what the engine builds:
 * concept sets, entry events, observation requirements, inclusion rules and an exit strategy.
 * Stored as JSON; `version` lets later shapes be migrated instead of misread.
 */

// concept_id columns are INTEGER in the CDM; anything outside that range can never match and is a typo
const conceptId = z.number().int().min(1).max(2_147_483_647);
const days = z.number().int().min(0).max(100_000);
const signedDays = z.number().int().min(-100_000).max(100_000);

export const ConceptSetItem = z.strictObject({
  conceptId,
  /** also the concept's descendants in concept_ancestor */
  includeDescendants: z.boolean().default(false),
  /** removed from the set after every item has been expanded */
  exclude: z.boolean().default(false),
});

export const ConceptSet = z.strictObject({
  id: z.number().int().min(0),
  name: z.string().min(1),
  items: z.array(ConceptSetItem).min(1),
});

export const EventDomain = z.enum([
  "drug_exposure",
  "drug_era",
  "condition_occurrence",
  "condition_era",
  "measurement",
]);
export type EventDomain = z.infer<typeof EventDomain>;

export const MeasurementFilter = z.strictObject({
  operator: z.enum(["<", "<=", ">", ">="]),
  value: z.number(),
  /** the value is only comparable in these units; omitted = any unit */
  unitConceptIds: z.array(conceptId).min(1).optional(),
});
export type MeasurementFilter = z.infer<typeof MeasurementFilter>;

export const EntryCriterion = z.strictObject({
  domain: EventDomain,
  conceptSetId: z.number().int().min(0),
  measurement: MeasurementFilter.optional(),
});
export type EntryCriterion = z.infer<typeof EntryCriterion>;

export const AgeCriterion = z.strictObject({
  type: z.literal("age"),
  /** inclusive, in years at the index date */
  min: z.number().int().min(0).max(150).optional(),
  max: z.number().int().min(0).max(150).optional(),
});

export const SexCriterion = z.strictObject({
  type: z.literal("sex"),
  genderConceptIds: z.array(conceptId).min(1),
});

export const OccurrenceCriterion = z.strictObject({
  type: z.literal("occurrence"),
  domain: EventDomain,
  conceptSetId: z.number().int().min(0),
  measurement: MeasurementFilter.optional(),
  /** days relative to the index date, both ends inclusive: -365..-1 is the year before the index */
  window: z.strictObject({ startDays: signedDays, endDays: signedDays }),
  occurrence: z.enum(["at_least", "none"]),
  /** for "at_least": how many distinct events (default 1) */
  count: z.number().int().min(1).optional(),
});

export const Criterion = z.discriminatedUnion("type", [AgeCriterion, SexCriterion, OccurrenceCriterion]);
export type Criterion = z.infer<typeof Criterion>;

export const InclusionRule = z.strictObject({
  name: z.string().min(1),
  nameJa: z.string().min(1).optional(),
  criterion: Criterion,
});
export type InclusionRule = z.infer<typeof InclusionRule>;

export const ExitStrategy = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("end_of_exposure"),
    /** entry events at most this many days apart (end to next start) join into one era */
    persistenceWindowDays: days,
    /** added after the era's end */
    surveillanceDays: days.default(0),
  }),
  z.strictObject({ type: z.literal("fixed_days"), days }),
  z.strictObject({ type: z.literal("end_of_observation") }),
]);
export type ExitStrategy = z.infer<typeof ExitStrategy>;

export const CohortDefinition = z
  .strictObject({
    version: z.literal(1),
    name: z.string().optional(),
    nameJa: z.string().optional(),
    description: z.string().optional(),
    conceptSets: z.array(ConceptSet).min(1),
    /** one criterion, or alternatives of which any qualifies */
    entry: z.union([EntryCriterion, z.array(EntryCriterion).min(1)]),
    /** keep only each person's earliest entry event ever (new users), before any other requirement */
    firstOccurrenceOnly: z.boolean().default(false),
    /** continuous observation required before the index date (washout) */
    priorObservationDays: days.default(0),
    /** continuous observation required after the index date */
    postObservationDays: days.default(0),
    inclusionRules: z.array(InclusionRule).default([]),
    exit: ExitStrategy,
  })
  .superRefine((def, ctx) => {
    const ids = new Set<number>();
    def.conceptSets.forEach((set, i) => {
      if (ids.has(set.id))
        ctx.addIssue({
          code: "custom",
          path: ["conceptSets", i, "id"],
          message: `duplicate concept set id ${set.id}`,
        });
      ids.add(set.id);
      // a set of exclusions only would silently select nothing
      if (set.items.every((item) => item.exclude))
        ctx.addIssue({
          code: "custom",
          path: ["conceptSets", i, "items"],
          message: "a concept set needs at least one item that is not excluded",
        });
    });
    const checkEvent = (
      c: { domain: EventDomain; conceptSetId: number; measurement?: MeasurementFilter | undefined },
      path: (string | number)[],
    ) => {
      if (!ids.has(c.conceptSetId))
        ctx.addIssue({
          code: "custom",
          path: [...path, "conceptSetId"],
          message: `no concept set has id ${c.conceptSetId}`,
        });
      if (c.measurement && c.domain !== "measurement")
        ctx.addIssue({
          code: "custom",
          path: [...path, "measurement"],
          message: 'a measurement value filter needs domain "measurement"',
        });
    };
    if (Array.isArray(def.entry))
      def.entry.forEach((c, i) => {
        checkEvent(c, ["entry", i]);
      });
    else checkEvent(def.entry, ["entry"]);
    def.inclusionRules.forEach((rule, i) => {
      const c = rule.criterion;
      const path = ["inclusionRules", i, "criterion"];
      if (c.type === "age") {
        if (c.min === undefined && c.max === undefined)
          ctx.addIssue({ code: "custom", path, message: "an age criterion needs min, max or both" });
        if (c.min !== undefined && c.max !== undefined && c.min > c.max)
          ctx.addIssue({ code: "custom", path: [...path, "max"], message: "max is below min" });
      } else if (c.type === "occurrence") {
        checkEvent(c, path);
        if (c.window.startDays > c.window.endDays)
          ctx.addIssue({
            code: "custom",
            path: [...path, "window", "endDays"],
            message: "the window ends before it starts",
          });
        if (c.occurrence === "none" && c.count !== undefined)
          ctx.addIssue({
            code: "custom",
            path: [...path, "count"],
            message: 'count applies to "at_least" only',
          });
      }
    });
  });

/** A definition as stored and built (defaults filled in). */
export type CohortDefinition = z.infer<typeof CohortDefinition>;
/** A definition as written: defaulted fields may be left out. */
export type CohortDefinitionInput = z.input<typeof CohortDefinition>;

/** `conceptSets[0].items[2].conceptId`: how an issue's path reads in a message. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(root)" : out;
}

export class CohortDefinitionError extends Error {
  constructor(readonly issues: readonly core.$ZodIssue[]) {
    super(`invalid cohort definition: ${issues.map((i) => `${issuePath(i.path)}: ${i.message}`).join("; ")}`);
    this.name = "CohortDefinitionError";
  }
}

/**
 * zod reports a failed union (the single-or-list `entry`) as one "Invalid input" at the union, with
 * each branch's issues inside. The branch that only complains about the value's kind (object vs
 * array) is not the one the author meant, so the other branch's issues are lifted out with full paths.
 */
function liftUnionIssues(issues: readonly core.$ZodIssue[]): core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== "invalid_union") return [issue];
    const meant = issue.errors.filter(
      (branch) => !(branch.length === 1 && branch[0]?.code === "invalid_type" && branch[0].path.length === 0),
    );
    const [branch] = meant;
    if (meant.length !== 1 || !branch) return [issue];
    return liftUnionIssues(branch.map((sub) => ({ ...sub, path: [...issue.path, ...sub.path] })));
  });
}

/** Parses stored or submitted JSON; the error names each bad field by its path. */
export function parseCohortDefinition(json: unknown): CohortDefinition {
  const result = CohortDefinition.safeParse(json);
  if (!result.success) throw new CohortDefinitionError(liftUnionIssues(result.error.issues));
  return result.data;
}

/** The entry criteria as a list, whichever form the definition used. */
export const entryCriteria = (def: CohortDefinition): EntryCriterion[] =>
  Array.isArray(def.entry) ? def.entry : [def.entry];
