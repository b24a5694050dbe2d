import { z } from "zod";

/**
 * A repurposing screen as a team writes it down: which library, which drug-likeness filters, which known
 * actives seed the similarity stage, and which target structure the top candidates are docked into.
 * Every stage is optional except the library; stages run in this order and each one's attrition is kept.
 */

const range = z
  .strictObject({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, "min must not exceed max");

const Vec3 = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

export const ScreenDefinition = z.strictObject({
  version: z.literal(1).default(1),
  name: z.string().trim().min(1).max(200),
  /** SMILES / TSV / CSV / SDF file, or a library file saved by `kakehashi screen library` */
  library: z.string().min(1),
  /** compounds to follow through the funnel by name or id (e.g. "nelfinavir"): where each one stops, and why */
  watch: z.array(z.string().min(1)).max(50).default([]),
  filters: z
    .strictObject({
      lipinski: z.boolean().default(false),
      veber: z.boolean().default(false),
      properties: z
        .partialRecord(
          z.enum([
            "mw",
            "exactMw",
            "clogp",
            "hbd",
            "hba",
            "tpsa",
            "rotatableBonds",
            "heavyAtoms",
            "rings",
            "aromaticRings",
          ]),
          range,
        )
        .default({}),
      /** drop molecules that match a PAINS alert (they are kept, flagged, when false) */
      excludeAlerts: z.boolean().default(false),
    })
    .default({ lipinski: false, veber: false, properties: {}, excludeAlerts: false }),
  similarity: z
    .strictObject({
      /** known actives against the target, e.g. published Mpro inhibitors */
      queries: z
        .array(z.strictObject({ id: z.string().min(1), smiles: z.string().min(1) }))
        .min(1)
        .max(1000),
      fusion: z.enum(["max", "mean"]).default("max"),
      /** how many of the most similar molecules go on */
      topK: z.number().int().positive().max(1_000_000).default(200),
      /** and only those at least this similar */
      threshold: z.number().min(0).max(1).default(0),
    })
    .optional(),
  docking: z
    .strictObject({
      /** PDB file of the target structure */
      receptor: z.string().min(1),
      chain: z.string().max(4).optional(),
      box: z.union([
        /** around a co-crystallised ligand, by its residue names in the PDB file */
        z.strictObject({
          ligandResidues: z.array(z.string().min(1).max(4)).min(1),
          padding: z.number().min(0).max(20).default(8),
        }),
        z.strictObject({ center: Vec3, size: Vec3 }),
      ]),
      /** how many of the molecules that reach this stage are docked (best-ranked first) */
      topN: z.number().int().positive().max(100_000).default(50),
      exhaustiveness: z.number().int().min(1).max(64).default(8),
      seed: z.number().int().min(0).default(1),
      /** a hit must score at or below this (kcal/mol), e.g. −7 */
      scoreThreshold: z.number().max(0).optional(),
      /**
       * also dock the watched compounds that stopped at an earlier stage, as references: their scores are
       * shown beside the hits' (where they would have ranked) but they do not become hits
       */
      dockWatched: z.boolean().default(false),
    })
    .optional(),
});
export type ScreenDefinition = z.infer<typeof ScreenDefinition>;
export type ScreenDefinitionInput = z.input<typeof ScreenDefinition>;
