import { describe, expect, it } from "vitest";
import { betaMixture, gammaMixture, normalMixture, validateMixture } from "./construct.ts";

describe("mixture constructors", () => {
  it("build plain-data mixtures and renormalise weights that sum to 1 within 1e-8", () => {
    const b = betaMixture([
      [0.3 + 4e-9, 2, 3],
      [0.7, 10, 20],
    ]);
    expect(b.family).toBe("beta");
    expect(b.components).toHaveLength(2);
    const sum = b.components.reduce((s, c) => s + c.w, 0);
    expect(Math.abs(sum - 1)).toBeLessThanOrEqual(Number.EPSILON);
    expect(b.components[1]).toMatchObject({ a: 10, b: 20 });
    // JSON round trip keeps everything
    expect(validateMixture(JSON.parse(JSON.stringify(b)))).toEqual(b);

    const n = normalMixture([[1, -0.5, 2]], 4);
    expect(n).toEqual({ family: "normal", sigma: 4, components: [{ w: 1, m: -0.5, s: 2 }] });
    const g = gammaMixture([[1, 2, 0.5]], "exponential");
    expect(g).toEqual({ family: "gamma", likelihood: "exponential", components: [{ w: 1, a: 2, b: 0.5 }] });
  });

  it("reject weights that do not sum to 1, and non-positive or non-finite parameters, naming them", () => {
    expect(() =>
      betaMixture([
        [0.5, 1, 1],
        [0.4, 2, 2],
      ]),
    ).toThrow(/weights sum to 0.9.*rescale/);
    expect(() => betaMixture([[1, -1, 2]])).toThrow(
      /\[0\]\.a \(first shape\) must be a positive finite number/,
    );
    expect(() => betaMixture([[1, 1, Number.POSITIVE_INFINITY]])).toThrow(/\[0\]\.b/);
    expect(() =>
      betaMixture([
        [0, 1, 1],
        [1, 1, 1],
      ]),
    ).toThrow(/\[0\]\.w \(weight\)/);
    expect(() => betaMixture([])).toThrow(/non-empty/);
    expect(() => betaMixture([[1, 2]] as unknown as [number, number, number][])).toThrow(/triple/);
    expect(() => normalMixture([[1, 0, 1]], 0)).toThrow(/sigma .* must be a positive finite number/);
    expect(() => normalMixture([[1, Number.NaN, 1]], 1)).toThrow(/\[0\]\.m \(mean\) must be a finite number/);
    expect(() => normalMixture([[1, 0, -2]], 1)).toThrow(/\[0\]\.s \(standard deviation\)/);
    expect(() => gammaMixture([[1, 1, 1]], "weibull" as "poisson")).toThrow(
      /likelihood must be "poisson" or "exponential"/,
    );
    expect(() => gammaMixture([[1, 1, 0]], "poisson")).toThrow(/\[0\]\.b \(rate\)/);
  });

  it("validateMixture checks untyped JSON and names the component and field at fault", () => {
    expect(() => validateMixture(null)).toThrow(/mixture must be an object/);
    expect(() => validateMixture({ family: "beta" })).toThrow(/mixture.components must be a non-empty array/);
    expect(() => validateMixture({ family: "cauchy", components: [{ w: 1, a: 1, b: 1 }] })).toThrow(
      /mixture.family must be "beta", "normal" or "gamma"/,
    );
    expect(() =>
      validateMixture({
        family: "beta",
        components: [
          { w: 0.5, a: 1, b: 1 },
          { w: 0.5, a: "2", b: 1 },
        ],
      }),
    ).toThrow(/mixture.components\[1\]\.a \(first shape\) must be a positive finite number \(got "2"\)/);
    expect(() => validateMixture({ family: "normal", components: [{ w: 1, m: 0, s: 1 }] })).toThrow(
      /mixture.sigma/,
    );
    expect(() => validateMixture({ family: "gamma", components: [{ w: 1, a: 1, b: 1 }] })).toThrow(
      /mixture.likelihood/,
    );
    expect(() => validateMixture({ family: "beta", components: [[1, 1, 1]] })).toThrow(
      /mixture.components\[0\] must be an object/,
    );
    const v = validateMixture({
      family: "gamma",
      likelihood: "poisson",
      components: [
        { w: 0.25, a: 1, b: 2, note: "extra fields are dropped" },
        { w: 0.75, a: 3, b: 4 },
      ],
    });
    expect(v).toEqual({
      family: "gamma",
      likelihood: "poisson",
      components: [
        { w: 0.25, a: 1, b: 2 },
        { w: 0.75, a: 3, b: 4 },
      ],
    });
  });
});
