import { validationError } from "@kakehashi/core";
import type { z } from "zod";

/** Parses a caller's input; a mismatch is the caller's to fix (400 with field errors), never a 500. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw validationError(parsed.error.issues);
  return parsed.data;
}
