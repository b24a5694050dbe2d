/** Argument checks of the decision functions: each error names the parameter, what it got and what would do. */

export function show(x: unknown): string {
  return typeof x === "number" ? String(x) : (JSON.stringify(x) ?? String(x));
}

export function requireFinite(name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x))
    throw new Error(`${name} must be a finite number (got ${show(x)})`);
  return x;
}

export function requirePositive(name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x <= 0) {
    throw new Error(`${name} must be a positive finite number (got ${show(x)})`);
  }
  return x;
}

export function requireNonNegative(name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
    throw new Error(`${name} must be a finite number ≥ 0 (got ${show(x)})`);
  }
  return x;
}

export function requirePositiveInteger(name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 1) {
    throw new Error(`${name} must be a whole number ≥ 1 (got ${show(x)})`);
  }
  return x;
}

export function requireNonNegativeInteger(name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0) {
    throw new Error(`${name} must be a whole number ≥ 0 (got ${show(x)})`);
  }
  return x;
}

/** A grid of parameter values: one number or a non-empty array of them. */
export function requireGrid(name: string, x: unknown): number[] {
  const values = typeof x === "number" ? [x] : x;
  if (!Array.isArray(values) || values.length === 0) {
    throw new Error(`${name} must be a number or a non-empty array of numbers (got ${show(x)})`);
  }
  return values.map((v, i) => requireFinite(`${name}[${i}]`, v));
}
