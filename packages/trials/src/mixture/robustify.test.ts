import { describe, expect, it } from "vitest";
import { betaMixture, gammaMixture, normalMixture, validateMixture } from "./construct.ts";
import { moments } from "./moments.ts";
import { posterior } from "./posterior.ts";
import { robustify } from "./robustify.ts";
import type { BetaMixture, GammaMixture, NormalMixture } from "./types.ts";

describe("robustify", () => {
  it("beta: adds the uniform Beta(1, 1) by default and scales the other weights by 1 − weight", () => {
    const mix = betaMixture([
      [0.4, 8, 3],
      [0.6, 10, 2],
    ]);
    const r = robustify(mix, { weight: 0.1 }) as BetaMixture;
    expect(r.components).toEqual([
      { w: 0.4 * 0.9, a: 8, b: 3 },
      { w: 0.6 * 0.9, a: 10, b: 2 },
      { w: 0.1, a: 1, b: 1 },
    ]);
    expect(() => validateMixture(r)).not.toThrow();
    // a given mean with n observations: a + b = n + 1, as RBesT
    const r2 = robustify(mix, { weight: 0.2, mean: 0.3, n: 4 }) as BetaMixture;
    expect(r2.components[2]).toEqual({ w: 0.2, a: 0.3 * 5, b: 0.7 * 5 });
  });

  it("normal: adds the unit-information N(mean, sigma), mean defaulting to the mixture mean", () => {
    const mix = normalMixture(
      [
        [0.3, 0.5, 0.7],
        [0.7, 2, 1],
      ],
      2,
    );
    const r = robustify(mix, { weight: 0.25 }) as NormalMixture;
    expect(r.sigma).toBe(2);
    expect(r.components[2]).toEqual({ w: 0.25, m: moments(mix).mean, s: 2 });
    const r4 = robustify(mix, { weight: 0.25, mean: 0, n: 4 }) as NormalMixture;
    expect(r4.components[2]).toEqual({ w: 0.25, m: 0, s: 1 });
    expect(r4.components[0]?.w).toBeCloseTo(0.3 * 0.75, 15);
  });

  it("gamma: the mean-matched component worth one observation (Poisson Gamma(m, 1), exponential Gamma(1, 1/m))", () => {
    const pois = gammaMixture([[1, 20, 4]], "poisson");
    const rp = robustify(pois, { weight: 0.2 }) as GammaMixture;
    expect(rp.likelihood).toBe("poisson");
    expect(rp.components[1]).toEqual({ w: 0.2, a: 5, b: 1 });
    const expo = gammaMixture([[1, 20, 4]], "exponential");
    const re = robustify(expo, { weight: 0.2, mean: 2, n: 3 }) as GammaMixture;
    expect(re.components[1]).toEqual({ w: 0.2, a: 3, b: 1.5 });
    // the robust component has the requested mean
    expect(moments(gammaMixture([[1, 3, 1.5]], "exponential")).mean).toBe(2);
  });

  it("lets the posterior discount the informative part when the data conflict with it", () => {
    const informative = betaMixture([[1, 40, 160]]); // mean 0.2
    const robust = robustify(informative, { weight: 0.2, mean: 0.5 });
    const post = posterior(robust, { r: 30, n: 40 }) as BetaMixture;
    expect(post.components[1]?.w).toBeGreaterThan(0.99);
    const agree = posterior(robust, { r: 8, n: 40 }) as BetaMixture;
    expect(agree.components[0]?.w).toBeGreaterThan(0.8);
  });

  it("rejects a weight outside (0, 1) and impossible means or n", () => {
    const b = betaMixture([[1, 2, 2]]);
    expect(() => robustify(b, { weight: 0 })).toThrow(/weight .* strictly between 0 and 1/);
    expect(() => robustify(b, { weight: 1 })).toThrow(/weight/);
    expect(() => robustify(b, { weight: Number.NaN })).toThrow(/weight/);
    expect(() => robustify(b, { weight: 0.1, mean: 1.2 })).toThrow(/mean of the robust beta component/);
    expect(() => robustify(b, { weight: 0.1, n: -1 })).toThrow(
      /n \(observations the robust component is worth\)/,
    );
    expect(() => robustify(gammaMixture([[1, 2, 2]], "poisson"), { weight: 0.1, mean: -1 })).toThrow(
      /mean of the robust gamma component/,
    );
    expect(() => robustify(normalMixture([[1, 0, 1]], 1), { weight: 0.1, mean: Number.NaN })).toThrow(/mean/);
  });
});
