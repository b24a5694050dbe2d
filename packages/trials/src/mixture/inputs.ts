/**
 * Argument checks shared by the mixture functions. Each error names the parameter, what it got and
 * what would be accepted, so a caller (or an API client) can fix the input without reading the code.
 */

/** A value as it should appear in an error message. */
export function show(x: unknown): string {
  return typeof x === "number" ? String(x) : (JSON.stringify(x) ?? String(x));
}

/** x itself, or an Error naming `name` unless x is a finite number. */
export function requireFinite(name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new Error(`${name} must be a finite number (got ${show(x)})`);
  }
  return x;
}

/** x itself, or an Error naming `name` unless x is finite and > 0. */
export function requirePositive(name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x <= 0) {
    throw new Error(`${name} must be a positive finite number (got ${show(x)})`);
  }
  return x;
}

/** x itself, or an Error naming `name` unless x is finite and ≥ 0. */
export function requireNonNegative(name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
    throw new Error(`${name} must be a finite number ≥ 0 (got ${show(x)})`);
  }
  return x;
}

/** x itself, or an Error naming `name` unless x is a whole number ≥ 1. */
export function requirePositiveInteger(name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 1) {
    throw new Error(`${name} must be a whole number ≥ 1 (got ${show(x)})`);
  }
  return x;
}

/** x itself, or an Error naming `name` unless x is a whole number ≥ 0. */
export function requireNonNegativeInteger(name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0) {
    throw new Error(`${name} must be a whole number ≥ 0 (got ${show(x)})`);
  }
  return x;
}

/** p in [0, 1]: 0 and 1 are accepted and map to the ends of the support */
export function requireProbability(name: string, p: unknown): number {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new Error(`${name} must be a probability between 0 and 1 (got ${show(p)})`);
  }
  return p;
}

/** x must not be NaN (±∞ are legitimate arguments of a distribution function) */
export function requireNumber(name: string, x: unknown): number {
  if (typeof x !== "number" || Number.isNaN(x)) {
    throw new Error(`${name} must be a number (got ${show(x)})`);
  }
  return x;
}
