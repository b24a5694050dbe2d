/** JSON input of mapPrior: valid specs parse into mapPrior's arguments; errors name the row and field. */
import { describe, expect, it } from "vitest";
import { mapPrior } from "./mapPrior.ts";
import { MapPriorSpec, parseMapPriorSpec } from "./spec.ts";

const AS = {
  family: "binomial",
  studies: [
    { study: "AS1", r: 23, n: 107 },
    { study: "AS2", r: 12, n: 44 },
    { study: "AS3", r: 19, n: 51 },
  ],
  options: {
    tauPrior: { distribution: "halfNormal", scale: 1 },
    seed: 3,
    chains: 2,
    warmup: 200,
    draws: 300,
  },
};

describe("parseMapPriorSpec", () => {
  it("returns mapPrior's arguments, which run", () => {
    const { studies, options } = parseMapPriorSpec(AS);
    expect(options.family).toBe("binomial");
    expect(options.tauPrior).toEqual({ distribution: "halfNormal", scale: 1 });
    expect(studies).toEqual(AS.studies);
    const prior = mapPrior(studies, { ...options, components: [1, 2] });
    expect(prior.mixture.family).toBe("beta");
    expect(prior.settings.seed).toBe(3);
  });

  it("accepts the normal and Poisson forms", () => {
    expect(
      parseMapPriorSpec({ family: "normal", studies: [{ mean: 1, n: 20 }], options: { sigma: 2 } }).options
        .sigma,
    ).toBe(2);
    expect(
      parseMapPriorSpec({ family: "normal", studies: [{ mean: 1, se: 0.3, n: 20 }] }).studies,
    ).toHaveLength(1);
    expect(
      parseMapPriorSpec({ family: "poisson", studies: [{ events: 3, exposure: 12.5 }] }).studies[0],
    ).toEqual({ events: 3, exposure: 12.5 });
    expect(MapPriorSpec.safeParse(AS).success).toBe(true);
  });

  const bad: [string, unknown, RegExp][] = [
    [
      "r above n",
      { ...AS, studies: [AS.studies[0], { study: "X", r: 50, n: 44 }] },
      /studies\[1\] \("X"\)\.r: r must not exceed n/,
    ],
    ["fractional n", { ...AS, studies: [{ r: 2, n: 4.5 }] }, /studies\[0\]\.n: n must be a whole number/],
    ["negative r", { ...AS, studies: [{ r: -1, n: 4 }] }, /studies\[0\]\.r: r must be ≥ 0/],
    ["missing field", { ...AS, studies: [{ study: "Q", n: 4 }] }, /studies\[0\] \("Q"\)\.r: /],
    ["unknown field", { ...AS, studies: [{ r: 1, n: 4, arm: "pbo" }] }, /studies\[0\]: .*arm/],
    [
      "duplicate labels",
      {
        ...AS,
        studies: [
          { study: "A", r: 1, n: 4 },
          { study: "A", r: 1, n: 4 },
        ],
      },
      /studies\[1\] \("A"\)\.study: duplicate study label/,
    ],
    ["no studies", { ...AS, studies: [] }, /studies: give at least one historical study/],
    ["family", { ...AS, family: "weibull" }, /family: /],
    [
      "Poisson exposure",
      { family: "poisson", studies: [{ events: 1, exposure: 0 }] },
      /studies\[0\]\.exposure: exposure must be positive/,
    ],
    [
      "normal without se or sigma",
      { family: "normal", studies: [{ study: "N", mean: 1, n: 20 }] },
      /studies\[0\] \("N"\)\.se: se is missing and options\.sigma is not given/,
    ],
    [
      "bad option",
      { ...AS, options: { tauPrior: { distribution: "uniform", scale: 1 } } },
      /options\.tauPrior\.distribution: /,
    ],
    ["unknown option", { ...AS, options: { iterations: 10 } }, /options: .*iterations/],
  ];
  for (const [what, input, message] of bad) {
    it(`rejects ${what}`, () => {
      expect(() => parseMapPriorSpec(input)).toThrow(message);
    });
  }
});
