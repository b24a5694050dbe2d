/**
 * The MAP model's log density: its gradient against central finite differences, its value against a direct
 * evaluation written from the model definition, the defaults of the priors, and the input errors.
 */
import { mulberry32, normal } from "@kakehashi/core/r-oracle";
import { describe, expect, it } from "vitest";
import { MetaAnalyticTarget, prepareStudies, resolveModelSettings } from "./model.ts";
import type { MapFamily, MapStudy, TauPrior } from "./types.ts";

const STUDIES: Record<MapFamily, MapStudy[]> = {
  binomial: [
    { r: 23, n: 107 },
    { r: 0, n: 44 },
    { r: 51, n: 51 },
  ],
  normal: [
    { mean: 1.2, se: 0.3 },
    { mean: -0.4, se: 0.5, n: 30 },
    { mean: 0.8, se: 0.2 },
  ],
  poisson: [
    { events: 4, exposure: 20 },
    { events: 0, exposure: 11.5 },
    { events: 30, exposure: 80 },
  ],
};

/** log posterior of (μ, ω, η) written directly from the model, up to a constant. */
function directLogPosterior(
  family: MapFamily,
  studies: MapStudy[],
  tauPrior: TauPrior,
  q: Float64Array,
): number {
  const mu = q[0] as number;
  const tau = Math.exp(q[1] as number);
  let lp = -0.5 * (mu / 2) ** 2; // μ ~ N(0, 2²)
  const u = tau / tauPrior.scale;
  lp += tauPrior.distribution === "halfNormal" ? -0.5 * u * u : -Math.log(1 + u * u);
  lp += q[1] as number; // Jacobian of τ = e^ω
  for (const [j, s] of studies.entries()) {
    const eta = q[j + 2] as number;
    const theta = mu + tau * eta;
    lp += -0.5 * eta * eta;
    if (family === "binomial") {
      const { r, n } = s as { r: number; n: number };
      const p = 1 / (1 + Math.exp(-theta));
      lp += r * Math.log(p) + (n - r) * Math.log(1 - p);
    } else if (family === "normal") {
      const { mean, se } = s as { mean: number; se: number };
      lp += -0.5 * ((mean - theta) / se) ** 2;
    } else {
      const { events, exposure } = s as { events: number; exposure: number };
      lp += events * theta - exposure * Math.exp(theta);
    }
  }
  return lp;
}

describe("log posterior of the non-centred model", () => {
  const rnd = mulberry32(3);
  for (const family of ["binomial", "normal", "poisson"] as const) {
    for (const distribution of ["halfNormal", "halfCauchy"] as const) {
      it(`${family}, τ ~ ${distribution}: value and gradient`, () => {
        const studies = STUDIES[family];
        const tauPrior = { distribution, scale: 0.7 };
        const data = prepareStudies(family, studies, family === "normal" ? 1 : undefined);
        const target = new MetaAnalyticTarget(data, { muPrior: { mean: 0, sd: 2 }, tauPrior });
        const g = new Float64Array(target.dim);
        const scratch = new Float64Array(target.dim);
        let offset: number | undefined;
        for (let trial = 0; trial < 5; trial++) {
          const q = Float64Array.from({ length: target.dim }, () => 0.8 * normal(rnd));
          const lp = target.logDensity(q, g);
          const direct = directLogPosterior(family, studies, tauPrior, q);
          // equal up to one constant (the dropped normalising terms)
          offset ??= lp - direct;
          expect(lp - direct).toBeCloseTo(offset, 9);
          for (let k = 0; k < target.dim; k++) {
            const h = 1e-5;
            const up = q.slice();
            const down = q.slice();
            up[k] = (up[k] as number) + h;
            down[k] = (down[k] as number) - h;
            const numeric = (target.logDensity(up, scratch) - target.logDensity(down, scratch)) / (2 * h);
            expect(Math.abs((g[k] as number) - numeric), `∂/∂q${k}`).toBeLessThan(
              1e-5 * (1 + Math.abs(numeric)),
            );
          }
        }
      });
    }
  }

  it("the binomial log density stays finite for extreme θ", () => {
    const data = prepareStudies("binomial", [{ r: 3, n: 10 }]);
    const target = new MetaAnalyticTarget(data, {
      muPrior: { mean: 0, sd: 2 },
      tauPrior: { distribution: "halfNormal", scale: 1 },
    });
    const g = new Float64Array(3);
    expect(Number.isFinite(target.logDensity(new Float64Array([800, 0, 0]), g))).toBe(true);
    expect(Number.isFinite(target.logDensity(new Float64Array([-800, 0, 0]), g))).toBe(true);
    expect(g[0]).toBeCloseTo(3 + 800 / 4, 6);
  });
});

describe("study data and defaults", () => {
  it("normal: se = sigma/√n, and sigma defaults to RBesT's √(Σn / Σ se⁻²)", () => {
    const withSigma = prepareStudies(
      "normal",
      [
        { mean: 1, n: 25 },
        { mean: 2, se: 0.5 },
      ],
      2,
    );
    expect(Array.from(withSigma.size)).toEqual([1 / 0.4 ** 2, 1 / 0.25]);
    const estimated = prepareStudies("normal", [
      { mean: 1, n: 25, se: 0.4 },
      { mean: 2, n: 100, se: 0.25 },
    ]);
    expect(estimated.sigma).toBeCloseTo(Math.sqrt(125 / (1 / 0.16 + 1 / 0.0625)), 12);
  });

  it("default priors follow RBesT's gMAP", () => {
    const bin = prepareStudies("binomial", STUDIES.binomial);
    const sb = resolveModelSettings(bin, { family: "binomial" });
    expect(sb.muPrior).toEqual({ mean: 0, sd: 2 });
    expect(sb.tauPrior).toEqual({ distribution: "halfNormal", scale: 1 });
    expect([sb.chains, sb.warmup, sb.draws, sb.thin, sb.seed]).toEqual([4, 1000, 2000, 1, 1]);
    const nor = prepareStudies(
      "normal",
      [
        { mean: 1, se: 0.5 },
        { mean: 5, se: 0.5 },
      ],
      4,
    );
    const sn = resolveModelSettings(nor, { family: "normal" });
    // 100 · max(σ/10, sd(y)) = 100 · max(0.4, 2.83)
    expect(sn.muPrior.sd).toBeCloseTo(100 * Math.sqrt(8), 10);
    expect(sn.tauPrior).toEqual({ distribution: "halfNormal", scale: 2 });
    const poi = prepareStudies("poisson", [{ events: 9, exposure: 10 }]);
    const sp = resolveModelSettings(poi, { family: "poisson" });
    // one study: log(100) + σ̃ with σ̃ = 1/rate, rate = 9.5/10
    expect(sp.muPrior.sd).toBeCloseTo(Math.log(100) + 10 / 9.5, 12);
  });
});

describe("bad input names the study row and field", () => {
  const cases: [MapFamily, unknown[], RegExp][] = [
    [
      "binomial",
      [
        { r: 5, n: 10 },
        { study: "B", r: 12, n: 10 },
      ],
      /studies\[1\] \("B"\)\.r: .*\[0, n = 10\] \(got 12\)/,
    ],
    ["binomial", [{ r: 1, n: -3 }], /studies\[0\]\.n: .*positive integer \(got -3\)/],
    ["binomial", [{ r: 1.5, n: 3 }], /studies\[0\]\.r: /],
    ["binomial", [{ n: 3 }], /studies\[0\]\.r: .*got nothing/],
    [
      "poisson",
      [{ events: 2, exposure: 0 }],
      /studies\[0\]\.exposure: the exposure must be positive \(got 0\)/,
    ],
    ["poisson", [{ events: -1, exposure: 2 }], /studies\[0\]\.events: /],
    ["normal", [{ mean: 1, se: 0 }], /studies\[0\]\.se: the standard error must be positive/],
    ["normal", [{ mean: 1 }], /studies\[0\]: give the standard error/],
    ["normal", [{ mean: 1, n: 20 }], /studies\[0\]\.se: missing; give se, or give sigma/],
    [
      "binomial",
      [
        { study: "A", r: 1, n: 2 },
        { study: "A", r: 1, n: 2 },
      ],
      /studies\[1\] \("A"\)\.study: duplicate/,
    ],
    ["binomial", [], /studies: give at least one/],
  ];
  for (const [family, studies, message] of cases) {
    it(`${family} ${JSON.stringify(studies)}`, () => {
      expect(() => prepareStudies(family, studies as MapStudy[])).toThrow(message);
    });
  }

  it("options are checked", () => {
    const data = prepareStudies("binomial", STUDIES.binomial);
    expect(() => resolveModelSettings(data, { family: "binomial", chains: 0 })).toThrow(
      /chains: must be an integer ≥ 1/,
    );
    expect(() => resolveModelSettings(data, { family: "binomial", adaptDelta: 1 })).toThrow(
      /adaptDelta: must lie in/,
    );
    expect(() =>
      resolveModelSettings(data, { family: "binomial", tauPrior: { distribution: "halfNormal", scale: -1 } }),
    ).toThrow(/tauPrior\.scale: must be a positive/);
    expect(() => resolveModelSettings(data, { family: "binomial", muPrior: { mean: 0, sd: 0 } })).toThrow(
      /muPrior: needs a finite mean and a positive finite sd/,
    );
    expect(() => prepareStudies("normal", [{ mean: 1, se: 1 }], -2)).toThrow(/sigma: must be a positive/);
  });
});
