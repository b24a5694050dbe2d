import type {
  ExternalData,
  HistoricalStudy,
  PriorSource,
  RwdArm,
  TauDistribution,
  TrialDesignRequest,
  TrialEndpoint,
} from "../../api.ts";

/**
 * The trial design wizard's inputs as typed (strings, so that a half-typed number stays as it is) and
 * their translation to the API's TrialDesign body. Nothing is computed here: the server validates the
 * design, fills in its defaults and evaluates it.
 */

export const ENDPOINTS: readonly TrialEndpoint[] = ["binary", "normal", "count"];
export const PRIOR_CHOICES = ["weakly-informative", "map", "external", "mixture"] as const;
export type PriorChoice = (typeof PRIOR_CHOICES)[number];
/** The treatment arm borrows nothing from history: a weakly informative prior or one given outright. */
export const TREATMENT_PRIOR_CHOICES: readonly PriorChoice[] = ["weakly-informative", "mixture"];
export const TAU_DISTRIBUTIONS: readonly TauDistribution[] = ["half-normal", "half-cauchy"];
export const RWD_ARMS: readonly RwdArm[] = ["comparator", "target"];
export const EXTERNAL_METHODS = ["power-prior", "robust-mixture"] as const;
export type ExternalMethod = (typeof EXTERNAL_METHODS)[number];
export type ExternalSource = "rwd" | "manual";
export const ARMS = ["control", "treatment"] as const;
export type Arm = (typeof ARMS)[number];

/** The two numbers of a historical study, by endpoint (the API's field names). */
export const STUDY_COLUMNS: Record<TrialEndpoint, readonly [string, string]> = {
  binary: ["n", "r"],
  normal: ["mean", "se"],
  count: ["events", "exposure"],
};
/** The external control summary's two numbers, by endpoint. */
export const DATA_COLUMNS: Record<TrialEndpoint, readonly [string, string]> = {
  binary: ["r", "n"],
  normal: ["mean", "se"],
  count: ["events", "exposure"],
};
/** A mixture row's three numbers: [weight, a, b] (beta, gamma) or [weight, mean, sd] (normal). */
export const MIXTURE_COLUMNS: Record<TrialEndpoint, readonly [string, string, string]> = {
  binary: ["w", "a", "b"],
  normal: ["w", "mean", "sd"],
  count: ["w", "a", "b"],
};

/** Up to this many success criteria in the wizard (the API takes three). */
export const MAX_CRITERIA = 2;

let lastKey = 0;
/** A stable React key for a row added to an editable table. */
const nextKey = () => ++lastKey;

export interface StudyRow {
  key: number;
  study: string;
  a: string;
  b: string;
}

export interface MixtureRow {
  key: number;
  w: string;
  a: string;
  b: string;
}

export interface PriorDraft {
  type: PriorChoice;
  /** weakly informative prior of a normal or count endpoint: its centre (optional) */
  mean: string;
  studies: StudyRow[];
  tauDistribution: TauDistribution;
  tauScale: string;
  robustWeight: string;
  externalSource: ExternalSource;
  rwdStudyId: string;
  rwdArm: RwdArm;
  method: ExternalMethod;
  a0: string;
  weight: string;
  dataA: string;
  dataB: string;
  description: string;
  components: MixtureRow[];
}

export interface CriterionDraft {
  key: number;
  probability: string;
  delta: string;
}

export interface Draft {
  title: string;
  endpoint: TrialEndpoint;
  sigma: string;
  nTreatment: string;
  nControl: string;
  control: PriorDraft;
  treatment: PriorDraft;
  rule: CriterionDraft[];
  gridFrom: string;
  gridTo: string;
  gridPoints: string;
  effects: string;
}

/** Starting values that fit each endpoint's scale (response rate, mean, event rate). */
const ENDPOINT_DEFAULTS: Record<
  TrialEndpoint,
  { gridFrom: string; gridTo: string; gridPoints: string; effects: string; delta: string; mixture: string[] }
> = {
  binary: {
    gridFrom: "0.05",
    gridTo: "0.6",
    gridPoints: "50",
    effects: "0, 0.15, 0.25",
    delta: "0.15",
    mixture: ["1", "1", "1"],
  },
  normal: {
    gridFrom: "-1",
    gridTo: "1",
    gridPoints: "41",
    effects: "0, 0.5, 1",
    delta: "0.5",
    mixture: ["1", "0", "10"],
  },
  count: {
    gridFrom: "0.5",
    gridTo: "3",
    gridPoints: "26",
    effects: "0, 0.3, 0.5",
    delta: "0.3",
    mixture: ["1", "1", "1"],
  },
};

export const defaultDelta = (endpoint: TrialEndpoint) => ENDPOINT_DEFAULTS[endpoint].delta;

const emptyStudy = (): StudyRow => ({ key: nextKey(), study: "", a: "", b: "" });

export function newMixtureRow(endpoint: TrialEndpoint): MixtureRow {
  const [w = "1", a = "1", b = "1"] = ENDPOINT_DEFAULTS[endpoint].mixture;
  return { key: nextKey(), w, a, b };
}

export const newStudyRow = emptyStudy;

export function newCriterion(probability: string, delta: string): CriterionDraft {
  return { key: nextKey(), probability, delta };
}

export function emptyPrior(endpoint: TrialEndpoint, rwd = true): PriorDraft {
  return {
    type: "weakly-informative",
    mean: "",
    studies: [emptyStudy(), emptyStudy()],
    tauDistribution: "half-normal",
    tauScale: "1",
    robustWeight: "0.2",
    externalSource: rwd ? "rwd" : "manual",
    rwdStudyId: "",
    rwdArm: "comparator",
    method: "power-prior",
    a0: "0.5",
    weight: "0.2",
    dataA: "",
    dataB: "",
    description: "",
    components: [newMixtureRow(endpoint)],
  };
}

/** A new design; `rwd`: whether the user may borrow external controls from real-world-data studies. */
export function initialDraft(rwd: boolean): Draft {
  const endpoint: TrialEndpoint = "binary";
  const defaults = ENDPOINT_DEFAULTS[endpoint];
  return {
    title: "",
    endpoint,
    sigma: "",
    nTreatment: "40",
    nControl: "20",
    control: emptyPrior(endpoint, rwd),
    treatment: emptyPrior(endpoint, rwd),
    rule: [newCriterion("0.975", "0")],
    gridFrom: defaults.gridFrom,
    gridTo: defaults.gridTo,
    gridPoints: defaults.gridPoints,
    effects: defaults.effects,
  };
}

/** A new endpoint brings its own scenario grid and effects (the old ones are on another scale). */
export function withEndpoint(draft: Draft, endpoint: TrialEndpoint): Draft {
  if (endpoint === draft.endpoint) return draft;
  const defaults = ENDPOINT_DEFAULTS[endpoint];
  const resetMixture = (prior: PriorDraft): PriorDraft => ({
    ...prior,
    components: [newMixtureRow(endpoint)],
  });
  return {
    ...draft,
    endpoint,
    control: resetMixture(draft.control),
    treatment: resetMixture(draft.treatment),
    gridFrom: defaults.gridFrom,
    gridTo: defaults.gridTo,
    gridPoints: defaults.gridPoints,
    effects: defaults.effects,
  };
}

/**
 * The ankylosing-spondylitis example (placebo ASAS20 responders in 8 historical trials), the classic
 * MAP-prior example of the Bayesian borrowing literature.
 */
export const AS_EXAMPLE = {
  title: "Ankylosing spondylitis: ASAS20 response, placebo control with a MAP prior",
  n: [107, 44, 51, 39, 139, 20, 78, 35],
  r: [23, 12, 19, 9, 39, 6, 9, 10],
};

export function withAsExample(draft: Draft): Draft {
  const base = withEndpoint(draft, "binary");
  return {
    ...base,
    title: base.title.trim() === "" ? AS_EXAMPLE.title : base.title,
    control: {
      ...base.control,
      type: "map",
      studies: AS_EXAMPLE.n.map((n, i) => ({
        key: nextKey(),
        study: `AS ${i + 1}`,
        a: String(n),
        b: String(AS_EXAMPLE.r[i] ?? ""),
      })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Draft → request

/** A number as typed; left out when empty so that the server names the missing field. */
const num = (value: string): number | undefined => (value.trim() === "" ? undefined : Number(value));
const text = (value: string): string | undefined => (value.trim() === "" ? undefined : value.trim());

const pair = (columns: readonly [string, string], a: string, b: string) => ({
  [columns[0]]: num(a),
  [columns[1]]: num(b),
});

const isBlank = (...values: string[]) => values.every((v) => v.trim() === "");

function toPrior(prior: PriorDraft, endpoint: TrialEndpoint): PriorSource {
  switch (prior.type) {
    case "weakly-informative":
      return endpoint === "binary" ? { type: prior.type } : { type: prior.type, mean: num(prior.mean) };
    case "mixture":
      return {
        type: prior.type,
        components: prior.components.map((row) => [row.w, row.a, row.b].map(num)) as [
          number,
          number,
          number,
        ][],
      };
    case "map":
      return {
        type: prior.type,
        studies: prior.studies
          .filter((row) => !isBlank(row.study, row.a, row.b))
          .map(
            (row) =>
              ({ study: text(row.study), ...pair(STUDY_COLUMNS[endpoint], row.a, row.b) }) as HistoricalStudy,
          ),
        tauPrior: { distribution: prior.tauDistribution, scale: num(prior.tauScale) as number },
        robustWeight: num(prior.robustWeight),
      };
    case "external": {
      const method =
        prior.method === "power-prior"
          ? { kind: prior.method, a0: num(prior.a0) as number }
          : { kind: prior.method, weight: num(prior.weight) as number };
      const source =
        prior.externalSource === "rwd"
          ? { rwdStudyId: text(prior.rwdStudyId), rwdArm: prior.rwdArm }
          : { data: pair(DATA_COLUMNS[endpoint], prior.dataA, prior.dataB) as ExternalData };
      return { type: prior.type, ...source, description: text(prior.description), method };
    }
  }
}

/** Evenly spaced values from `from` to `to` (both included), or [] when the inputs do not make a grid. */
export function gridValues(from: string, to: string, points: string): number[] {
  const a = num(from);
  const b = num(to);
  const k = num(points);
  if (a === undefined || b === undefined || k === undefined) return [];
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isInteger(k) || k < 1) return [];
  if (k === 1) return [a];
  // rounded to 10 significant digits so that 0.05 + 11 × step reads as 0.1734693878, not …77
  return Array.from({ length: k }, (_, i) => Number((a + ((b - a) * i) / (k - 1)).toPrecision(10)));
}

/** The effects as typed (commas or spaces between), with 0 put first when missing: it gives the type I error. */
export function effectValues(effects: string): number[] {
  const values = effects
    .split(/[\s,、，;]+/)
    .filter((v) => v !== "")
    .map(Number);
  return values.includes(0) ? values : [0, ...values];
}

export function toRequest(draft: Draft): TrialDesignRequest {
  const { endpoint } = draft;
  return {
    kind: "bayesian-two-arm",
    title: draft.title,
    endpoint,
    ...(endpoint === "normal" ? { sigma: num(draft.sigma) } : {}),
    treatment: { n: num(draft.nTreatment) as number, prior: toPrior(draft.treatment, endpoint) },
    control: { n: num(draft.nControl) as number, prior: toPrior(draft.control, endpoint) },
    rule: draft.rule.map((c) => ({ probability: num(c.probability) as number, delta: num(c.delta) ?? 0 })),
    scenarios: {
      control: gridValues(draft.gridFrom, draft.gridTo, draft.gridPoints),
      effects: effectValues(draft.effects),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Request → draft (a saved design as the starting point of a new one)

const str = (value: number | undefined | null) =>
  value === undefined || value === null ? "" : String(value);

function fromPrior(source: PriorSource, endpoint: TrialEndpoint): PriorDraft {
  const prior = emptyPrior(endpoint);
  switch (source.type) {
    case "weakly-informative":
      return { ...prior, type: source.type, mean: str(source.mean) };
    case "mixture":
      return {
        ...prior,
        type: source.type,
        components: source.components.map(([w, a, b]) => ({
          key: nextKey(),
          w: str(w),
          a: str(a),
          b: str(b),
        })),
      };
    case "map": {
      const [ca, cb] = STUDY_COLUMNS[endpoint];
      return {
        ...prior,
        type: source.type,
        studies: source.studies.map((s) => {
          const row = s as Record<string, number | string | undefined>;
          return {
            key: nextKey(),
            study: String(row.study ?? ""),
            a: String(row[ca] ?? ""),
            b: String(row[cb] ?? ""),
          };
        }),
        tauDistribution: source.tauPrior?.distribution ?? prior.tauDistribution,
        tauScale: str(source.tauPrior?.scale) || prior.tauScale,
        robustWeight: str(source.robustWeight) || prior.robustWeight,
      };
    }
    case "external": {
      const [da, db] = DATA_COLUMNS[endpoint];
      const data = (source.data ?? {}) as Record<string, number | undefined>;
      return {
        ...prior,
        type: source.type,
        externalSource: source.rwdStudyId ? "rwd" : "manual",
        rwdStudyId: source.rwdStudyId ?? "",
        rwdArm: source.rwdArm ?? "comparator",
        method: source.method.kind,
        a0: source.method.kind === "power-prior" ? str(source.method.a0) : prior.a0,
        weight: source.method.kind === "robust-mixture" ? str(source.method.weight) : prior.weight,
        dataA: str(data[da]),
        dataB: str(data[db]),
        description: source.description ?? "",
      };
    }
  }
}

export function fromRequest(spec: TrialDesignRequest): Draft {
  const { endpoint } = spec;
  const grid = spec.scenarios.control;
  return {
    title: spec.title,
    endpoint,
    sigma: str(spec.sigma),
    nTreatment: str(spec.treatment.n),
    nControl: str(spec.control.n),
    control: fromPrior(spec.control.prior, endpoint),
    treatment: fromPrior(spec.treatment.prior, endpoint),
    rule: spec.rule.map((c) => newCriterion(str(c.probability), str(c.delta))),
    gridFrom: str(grid[0]),
    gridTo: str(grid[grid.length - 1]),
    gridPoints: String(grid.length),
    effects: spec.scenarios.effects.join(", "),
  };
}

// ---------------------------------------------------------------------------------------------
// Server field paths → the wizard's controls

/** The API field path of each control the draft shows now (also the suffix of its element id). */
export function controlKeys(draft: Draft): string[] {
  const keys = ["title", "endpoint"];
  if (draft.endpoint === "normal") keys.push("sigma");
  keys.push("treatment.n", "control.n");
  for (const arm of ARMS) {
    const prior = draft[arm];
    const base = `${arm}.prior`;
    keys.push(base);
    switch (prior.type) {
      case "weakly-informative":
        if (draft.endpoint !== "binary") keys.push(`${base}.mean`);
        break;
      case "mixture":
        keys.push(`${base}.components`);
        prior.components.forEach((_, i) => {
          for (const j of [0, 1, 2]) keys.push(`${base}.components.${i}.${j}`);
        });
        break;
      case "map":
        keys.push(`${base}.studies`);
        prior.studies.forEach((_, i) => {
          // the numbers first: an error on a whole row (`studies.3`) belongs to them
          for (const column of STUDY_COLUMNS[draft.endpoint]) keys.push(`${base}.studies.${i}.${column}`);
          keys.push(`${base}.studies.${i}.study`);
        });
        keys.push(`${base}.tauPrior.distribution`, `${base}.tauPrior.scale`, `${base}.robustWeight`);
        break;
      case "external":
        if (prior.externalSource === "rwd") keys.push(`${base}.rwdStudyId`, `${base}.rwdArm`);
        else for (const column of DATA_COLUMNS[draft.endpoint]) keys.push(`${base}.data.${column}`);
        keys.push(`${base}.method`);
        keys.push(prior.method === "power-prior" ? `${base}.method.a0` : `${base}.method.weight`);
        keys.push(`${base}.description`);
        break;
    }
  }
  draft.rule.forEach((_, i) => {
    keys.push(`rule.${i}.probability`, `rule.${i}.delta`);
  });
  keys.push("scenarios.control", "scenarios.effects");
  return keys;
}

/**
 * The control a server field path belongs to: the control itself, else the first control inside it
 * (`control.prior.studies.3` → that row's first cell), else the nearest one around it
 * (`scenarios.control.7` → the grid).
 */
export function controlOf(field: string, keys: readonly string[]): string | undefined {
  // external controls read from an RWD study: the server's "data missing" is about the study picked
  const rwd = /^(control|treatment)\.prior\.data(\.|$)/.exec(field);
  if (rwd && keys.includes(`${rwd[1]}.prior.rwdStudyId`)) return `${rwd[1]}.prior.rwdStudyId`;
  const type = /^(control|treatment)\.prior\.type$/.exec(field);
  if (type) return `${type[1]}.prior`;
  if (keys.includes(field)) return field;
  const inside = keys.find((k) => k.startsWith(`${field}.`));
  if (inside) return inside;
  // not the source select: an error inside a source no longer shown (the type was changed) is left out
  const around = keys.filter((k) => field.startsWith(`${k}.`) && !/^(control|treatment)\.prior$/.test(k));
  return around.sort((a, b) => b.length - a.length)[0];
}
