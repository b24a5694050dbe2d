import { KAKEHASHI_VERSION } from "@kakehashi/core";
import {
  type DecisionRule,
  decisionBoundary2S,
  oc2S,
  powerPrior,
  robustExternalPrior,
} from "../decision/index.ts";
import { type MapPrior, mapPrior } from "../map/index.ts";
import {
  betaMixture,
  effectiveSampleSize,
  gammaMixture,
  normalMixture,
  robustify,
  summarizeMixture,
} from "../mixture/index.ts";
import type { Mixture } from "../mixture/types.ts";
import type { ArmPrior, BayesianTwoArmEvaluation, OcPoint } from "./DesignEvaluation.ts";
import type { BayesianTwoArmDesign, PriorSource } from "./TrialDesign.ts";

type Endpoint = BayesianTwoArmDesign["endpoint"];
type Text = { ja: string; en: string };

const QUANTILES = [0.025, 0.25, 0.5, 0.75, 0.975];
// the boundary table shown to people stops here; the OCs use the whole outcome space
const MAX_BOUNDARY_ROWS = 200;

/**
 * The prior worth one patient, centred where the user says (normal) or on the expected rate (count):
 * Beta(1, 1) for a response rate, N(mean, σ) for a mean, Gamma(mean, 1) for an event rate per unit
 * of exposure. It is also what external data are updated from under a power prior.
 */
function weaklyInformative(endpoint: Endpoint, sigma: number | undefined, mean: number | undefined): Mixture {
  if (endpoint === "binary") return betaMixture([[1, 1, 1]]);
  if (endpoint === "normal") return normalMixture([[1, mean ?? 0, sigma as number]], sigma as number);
  return gammaMixture([[1, mean ?? 1, 1]], "poisson");
}

function mixtureFromRows(
  endpoint: Endpoint,
  sigma: number | undefined,
  rows: [number, number, number][],
): Mixture {
  const total = rows.reduce((s, r) => s + r[0], 0);
  const normalised = rows.map(([w, x, y]) => [w / total, x, y] as [number, number, number]);
  if (endpoint === "binary") return betaMixture(normalised);
  if (endpoint === "normal") return normalMixture(normalised, sigma as number);
  return gammaMixture(normalised, "poisson");
}

interface BuiltPrior {
  mixture: Mixture;
  description: Text;
  map?: MapPrior;
  external?: ArmPrior["external"];
}

function buildPrior(source: PriorSource, endpoint: Endpoint, sigma: number | undefined): BuiltPrior {
  switch (source.type) {
    case "weakly-informative": {
      const what = {
        binary: { ja: "一様分布 Beta(1, 1)", en: "uniform Beta(1, 1)" },
        normal: {
          ja: "単位情報事前分布 N(平均, σ)（1 例分）",
          en: "unit-information N(mean, σ) (one patient's worth)",
        },
        count: { ja: "Gamma(平均, 1)（曝露 1 単位分）", en: "Gamma(mean, 1) (one unit of exposure)" },
      }[endpoint];
      return {
        mixture: weaklyInformative(endpoint, sigma, source.mean),
        description: {
          ja: `弱情報事前分布: ${what.ja}、借用なし`,
          en: `weakly informative prior: ${what.en}, no borrowing`,
        },
      };
    }
    case "mixture":
      return {
        mixture: mixtureFromRows(endpoint, sigma, source.components),
        description: {
          ja: `指定された ${source.components.length} 成分の混合事前分布`,
          en: `a ${source.components.length}-component mixture prior given by the user`,
        },
      };
    case "map": {
      const family = endpoint === "binary" ? "binomial" : endpoint === "normal" ? "normal" : "poisson";
      const fitted = mapPrior(source.studies as never, {
        family,
        ...(endpoint === "normal" ? { sigma } : {}),
        tauPrior: {
          distribution: source.tauPrior.distribution === "half-normal" ? "halfNormal" : "halfCauchy",
          scale: source.tauPrior.scale,
        },
        seed: source.seed,
      });
      const w = source.robustWeight;
      const mixture =
        w > 0 ? robustify(fitted.mixture as Mixture, { weight: w }) : (fitted.mixture as Mixture);
      const k = source.studies.length;
      const tau = `${source.tauPrior.distribution} (${source.tauPrior.scale})`;
      return {
        mixture,
        map: fitted,
        description: {
          ja: `${k} 試験のメタアナリシス予測（MAP）事前分布（τ 事前分布 ${tau}）${w > 0 ? `、ロバスト成分の重み ${w}` : ""}`,
          en: `meta-analytic-predictive (MAP) prior from ${k} historical trials (τ prior ${tau})${w > 0 ? `, robust weight ${w}` : ""}`,
        },
      };
    }
    case "external": {
      const data = source.data;
      if (!data)
        throw new Error("external controls need their summary data (or an RWD study to read it from)");
      const options = { description: source.description, rwdStudyId: source.rwdStudyId };
      const built =
        source.method.kind === "power-prior"
          ? powerPrior(weaklyInformative(endpoint, sigma, undefined), data, source.method.a0, options)
          : robustExternalPrior(data, {
              ...options,
              weight: source.method.weight,
              ...(endpoint === "normal" ? { sigma } : {}),
              ...(endpoint === "count" ? { likelihood: "poisson" as const } : {}),
            });
      const how =
        source.method.kind === "power-prior"
          ? {
              ja: `べき事前分布（power prior）a0 = ${source.method.a0}`,
              en: `power prior, a0 = ${source.method.a0}`,
            }
          : {
              ja: `ロバスト混合（弱情報成分の重み ${source.method.weight}）`,
              en: `robust mixture, weakly informative weight ${source.method.weight}`,
            };
      const from = source.rwdStudyId
        ? {
            ja: `RWD 研究 ${source.rwdStudyId} の ${source.rwdArm ?? "comparator"} 群`,
            en: `the ${source.rwdArm ?? "comparator"} arm of RWD study ${source.rwdStudyId}`,
          }
        : { ja: "外部の要約データ", en: "an external summary" };
      return {
        mixture: built.prior,
        description: {
          ja: `外部対照（${from.ja}）からの${how.ja}`,
          en: `${how.en} from external controls (${from.en})`,
        },
        external: {
          ...(source.rwdStudyId
            ? { rwdStudyId: source.rwdStudyId, rwdArm: source.rwdArm ?? "comparator" }
            : {}),
          data: data as Record<string, number>,
          method: how.en,
        },
      };
    }
  }
}

/**
 * Each ESS method is defined for some priors only (ELIR needs beta shapes ≥ 1, Morita an interior
 * mode); an undefined one is shown as such with the engine's reason, never as a number.
 */
function essByMethod(mixture: Mixture): Pick<ArmPrior, "ess" | "essNotes"> {
  const ess: ArmPrior["ess"] = { elir: null, moment: null, morita: null };
  const essNotes: NonNullable<ArmPrior["essNotes"]> = {};
  for (const method of ["elir", "moment", "morita"] as const) {
    try {
      ess[method] = effectiveSampleSize(mixture, method);
    } catch (error) {
      essNotes[method] = (error as Error).message;
    }
  }
  return Object.keys(essNotes).length ? { ess, essNotes } : { ess };
}

function armPrior(built: BuiltPrior): ArmPrior {
  const summary = summarizeMixture(built.mixture, QUANTILES);
  const arm: ArmPrior = {
    description: built.description,
    mixture: built.mixture,
    mean: summary.mean,
    sd: summary.sd,
    quantiles: summary.quantiles,
    ...essByMethod(built.mixture),
  };
  if (built.external) arm.external = built.external;
  const map = built.map;
  if (map) {
    const d = map.diagnostics;
    arm.map = {
      tau: { mean: map.summary.tau.mean, quantiles: map.summary.tau.quantiles },
      diagnostics: [
        { parameter: "μ", ...d.parameters.mu },
        { parameter: "τ", ...d.parameters.tau },
        { parameter: "θ new", ...d.parameters.thetaNew },
      ].map(({ parameter, rhat, essBulk }) => ({ parameter, rhat, essBulk })),
      converged: d.converged,
      candidates: map.candidates.map((c) => ({
        components: c.components,
        logLik: c.logLik,
        aic: c.aic,
        chosen: c.mixture === map.mixture,
      })),
      studies: map.studies.map((s) => ({ study: s.study, mean: s.mean, lower: s.lower, upper: s.upper })),
    };
  }
  return arm;
}

const inRange = (endpoint: Endpoint, theta: number) =>
  endpoint === "binary" ? theta >= 0 && theta <= 1 : endpoint === "count" ? theta >= 0 : true;

/**
 * Everything a two-arm Bayesian design is judged on, computed exactly: each arm's prior (with its
 * effective sample size and, for a MAP prior, the fit's diagnostics), the decision boundary, and the
 * probability of success over the scenario grid — effect 0 gives the type I error as a function of the
 * true control value, i.e. how the design behaves under prior-data conflict.
 */
export function evaluateDesign(design: BayesianTwoArmDesign): BayesianTwoArmEvaluation {
  const started = performance.now();
  const { endpoint, sigma } = design;
  const treatment = armPrior(buildPrior(design.treatment.prior, endpoint, sigma));
  const control = armPrior(buildPrior(design.control.prior, endpoint, sigma));
  const rule: DecisionRule = {
    criteria: design.rule.map((c) => ({ probability: c.probability, threshold: c.delta, lowerTail: false })),
  };
  const n1 = design.treatment.n;
  const n2 = design.control.n;
  const sigmas = endpoint === "normal" ? { sigma1: sigma, sigma2: sigma } : {};

  const effects = [...new Set([0, ...design.scenarios.effects])].sort((a, b) => a - b);
  const theta1: number[] = [];
  const theta2: number[] = [];
  for (const effect of effects)
    for (const c of design.scenarios.control)
      if (inRange(endpoint, c + effect)) {
        theta1.push(c + effect);
        theta2.push(c);
      }
  const rows = oc2S(treatment.mixture, control.mixture, n1, n2, rule, theta1, theta2, sigmas);
  const oc: OcPoint[] = rows.map((r) => ({
    effect: r.theta1 - r.theta2,
    control: r.theta2,
    treatment: r.theta1,
    probability: r.probability,
  }));
  // the effect is recomputed from the pair: snap it back to the grid value it came from
  for (const p of oc)
    p.effect = effects.reduce((best, e) => (Math.abs(e - p.effect) < Math.abs(best - p.effect) ? e : best));

  const boundary2S = decisionBoundary2S(treatment.mixture, control.mixture, n1, n2, rule, sigmas);
  let boundary: BayesianTwoArmEvaluation["boundary"];
  if (boundary2S.kind === "normal") {
    const region = boundary2S.region(control.mean);
    boundary = { kind: "normal", criticalDifference: region.lower - control.mean };
  } else {
    const rowsShown = Math.min(boundary2S.maxControlCount, MAX_BOUNDARY_ROWS - 1);
    const controlOutcomes = Array.from({ length: rowsShown + 1 }, (_, y) => y);
    boundary = {
      kind: "discrete",
      control: controlOutcomes,
      treatmentCritical: controlOutcomes.map((y) => {
        const lower = boundary2S.lower[y] as number;
        return lower <= (boundary2S.upper[y] as number) && Number.isFinite(lower) ? lower : null;
      }),
    };
  }
  const nullRows = oc.filter((p) => p.effect === 0);
  const worst = nullRows.reduce((a, b) => (b.probability > a.probability ? b : a), nullRows[0] as OcPoint);
  return {
    kind: "bayesian-two-arm",
    priors: { treatment, control },
    boundary,
    oc,
    maxTypeIError: { control: worst.control, probability: worst.probability },
    engineVersion: KAKEHASHI_VERSION,
    elapsedMs: performance.now() - started,
  };
}
