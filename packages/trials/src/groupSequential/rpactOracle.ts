/**
 * Test support: the grid of designs compared with rpact, as rows for R, and the R script that computes
 * rpact's values for each row. Only the oracle tests import this file.
 */
import type { OracleOutput, Table } from "@kakehashi/core/r-oracle";
import type { DesignInput } from "./types.ts";

/**
 * The R run of `oracle` made once, failure included: rpact takes 5–15 s for a grid, so the run is
 * started from beforeAll (whose timeout is generous) and a broken run is not repeated for every test.
 */
export function runOnce(oracle: () => OracleOutput): () => OracleOutput {
  let result: OracleOutput | Error | undefined;
  return () => {
    if (result === undefined) {
      try {
        result = oracle();
      } catch (e) {
        result = e instanceof Error ? e : new Error(String(e));
      }
    }
    if (result instanceof Error) throw result;
    return result;
  };
}

export interface DesignCase {
  id: string;
  input: DesignInput;
}

const UNEQUAL: Record<number, number[]> = {
  2: [0.4, 1],
  3: [0.3, 0.65, 1],
  4: [0.2, 0.45, 0.75, 1],
  5: [0.15, 0.3, 0.55, 0.8, 1],
};
const USER_FUTILITY: Record<number, number[]> = {
  2: [0],
  3: [0, 0.5],
  4: [-0.5, 0.3, 1],
  5: [-1, 0, 0.5, 1],
};

const ALPHA_FAMILIES: { tag: string; input: DesignInput }[] = [
  { tag: "asOF", input: { typeOfDesign: "asOF" } },
  { tag: "asP", input: { typeOfDesign: "asP" } },
  { tag: "asHSD(-4)", input: { typeOfDesign: "asHSD", gammaA: -4 } },
  { tag: "asHSD(-2)", input: { typeOfDesign: "asHSD", gammaA: -2 } },
  { tag: "asHSD(1)", input: { typeOfDesign: "asHSD", gammaA: 1 } },
  { tag: "OF", input: { typeOfDesign: "OF" } },
  { tag: "P", input: { typeOfDesign: "P" } },
];

/**
 * "plain": designs without beta spending (every alpha family at K = 2..5 with alpha 0.025 on equal and
 * 0.05 on unequal information, some 0.025 unequal, user futility bounds binding and non-binding,
 * two-sided, WT and KD); "betaSpending": bsOF non-binding and binding, bsP, bsHSD. The grid is sized to
 * rpact's run time (~0.1 s a design, ~0.2–1.4 s a binding beta-spending design with K ≤ 4).
 */
export function designCases(kind: "plain" | "betaSpending"): DesignCase[] {
  const out: DesignCase[] = [];
  const add = (id: string, input: DesignInput) => out.push({ id, input });
  const rates = (K: number) => UNEQUAL[K] as number[];
  if (kind === "plain") {
    for (const K of [2, 3, 4, 5]) {
      for (const f of ALPHA_FAMILIES) {
        add(`K${K} ${f.tag} a=0.025 equal`, { ...f.input, kMax: K, alpha: 0.025 });
        add(`K${K} ${f.tag} a=0.05 unequal`, { ...f.input, alpha: 0.05, informationRates: rates(K) });
      }
    }
    for (const K of [3, 5]) {
      for (const type of ["asOF", "OF", "P"] as const) {
        add(`K${K} ${type} a=0.025 unequal`, {
          typeOfDesign: type,
          alpha: 0.025,
          informationRates: rates(K),
        });
      }
    }
    const futility: [number, DesignInput, boolean][] = [
      [3, { typeOfDesign: "asOF" }, true],
      [3, { typeOfDesign: "asOF" }, false],
      [3, { typeOfDesign: "OF" }, true],
      [3, { typeOfDesign: "P" }, true],
      [4, { typeOfDesign: "asOF" }, true],
      [5, { typeOfDesign: "asHSD", gammaA: -2 }, true],
      [5, { typeOfDesign: "OF" }, false],
      [5, { typeOfDesign: "asP" }, true],
    ];
    for (const [K, family, binding] of futility) {
      add(`K${K} ${family.typeOfDesign} user futility ${binding ? "binding" : "non-binding"}`, {
        ...family,
        kMax: K,
        futilityBounds: USER_FUTILITY[K] as number[],
        bindingFutility: binding,
      });
    }
    const twoSided: [number, DesignInput][] = [
      [2, { typeOfDesign: "asOF", kMax: 2 }],
      [3, { typeOfDesign: "asP", kMax: 3 }],
      [4, { typeOfDesign: "OF", kMax: 4 }],
      [5, { typeOfDesign: "P", kMax: 5 }],
      [5, { typeOfDesign: "asOF", kMax: 5 }],
      [3, { typeOfDesign: "asOF", informationRates: rates(3) }],
    ];
    for (const [K, family] of twoSided) {
      const tag = family.informationRates ? " unequal" : "";
      add(`K${K} ${family.typeOfDesign} two-sided a=0.05${tag}`, { ...family, alpha: 0.05, sided: 2 });
    }
    add("K3 WT(0.25)", { typeOfDesign: "WT", deltaWT: 0.25, kMax: 3 });
    add("K4 asKD(2) unequal", { typeOfDesign: "asKD", gammaA: 2, informationRates: rates(4) });
    return out;
  }
  add("K2 asOF bsOF non-binding", { typeOfDesign: "asOF", kMax: 2, typeBetaSpending: "bsOF" });
  add("K3 asP bsOF non-binding unequal", {
    typeOfDesign: "asP",
    informationRates: rates(3),
    typeBetaSpending: "bsOF",
  });
  add("K4 asHSD(-4) bsOF non-binding", {
    typeOfDesign: "asHSD",
    gammaA: -4,
    kMax: 4,
    typeBetaSpending: "bsOF",
  });
  add("K5 asOF bsOF non-binding unequal", {
    typeOfDesign: "asOF",
    informationRates: rates(5),
    typeBetaSpending: "bsOF",
  });
  for (const K of [2, 3, 4]) {
    add(`K${K} asOF bsOF binding`, {
      typeOfDesign: "asOF",
      kMax: K,
      typeBetaSpending: "bsOF",
      bindingFutility: true,
    });
  }
  add("K2 asP bsOF binding a=0.05", {
    typeOfDesign: "asP",
    alpha: 0.05,
    kMax: 2,
    typeBetaSpending: "bsOF",
    bindingFutility: true,
  });
  add("K3 asHSD(-2) bsOF binding a=0.05 unequal", {
    typeOfDesign: "asHSD",
    gammaA: -2,
    alpha: 0.05,
    informationRates: rates(3),
    typeBetaSpending: "bsOF",
    bindingFutility: true,
  });
  add("K3 asOF bsP non-binding", { typeOfDesign: "asOF", kMax: 3, typeBetaSpending: "bsP" });
  add("K3 asP bsHSD(-2) non-binding beta=0.1", {
    typeOfDesign: "asP",
    kMax: 3,
    beta: 0.1,
    typeBetaSpending: "bsHSD",
    gammaB: -2,
  });
  return out;
}

const list = (x: readonly number[] | undefined) => (x === undefined ? "none" : x.join(";"));
const orNA = (x: number | undefined) => (x === undefined ? "NA" : x);

/** One row per case, the columns the R script reads. */
export function designTable(cases: readonly DesignCase[]): Table {
  return {
    id: cases.map((c) => c.id),
    kMax: cases.map((c) => c.input.kMax ?? c.input.informationRates?.length ?? 3),
    info: cases.map((c) => list(c.input.informationRates)),
    alpha: cases.map((c) => c.input.alpha ?? 0.025),
    beta: cases.map((c) => c.input.beta ?? 0.2),
    sided: cases.map((c) => c.input.sided ?? 1),
    type: cases.map((c) => c.input.typeOfDesign ?? "OF"),
    gammaA: cases.map((c) => orNA(c.input.gammaA)),
    deltaWT: cases.map((c) => orNA(c.input.deltaWT)),
    bs: cases.map((c) => c.input.typeBetaSpending ?? "none"),
    gammaB: cases.map((c) => orNA(c.input.gammaB)),
    fut: cases.map((c) => list(c.input.futilityBounds)),
    binding: cases.map((c) => (c.input.bindingFutility ? 1 : 0)),
  };
}

/** rpact writes −6 (C_FUTILITY_BOUNDS_DEFAULT) where a stage has no futility bound. */
export function fromRpactFutility(x: readonly number[]): number[] {
  return x.map((f) => (f <= -6 ? Number.NEGATIVE_INFINITY : f));
}

/** R: makeDesign(row) builds the rpact design of one row of designTable. */
export const R_MAKE_DESIGN = `
vec <- function(s) if (s == "none") NA_real_ else as.numeric(strsplit(s, ";")[[1]])
makeDesign <- function(r) {
  args <- list(kMax = as.integer(r$kMax), alpha = r$alpha, beta = r$beta, sided = as.integer(r$sided),
               typeOfDesign = r$type)
  if (r$info != "none") args$informationRates <- vec(r$info)
  if (!is.na(r$gammaA)) args$gammaA <- r$gammaA
  if (!is.na(r$deltaWT)) args$deltaWT <- r$deltaWT
  if (r$bs != "none") args$typeBetaSpending <- r$bs
  if (!is.na(r$gammaB)) args$gammaB <- r$gammaB
  if (r$fut != "none") args$futilityBounds <- vec(r$fut)
  if (r$binding == 1) args$bindingFutility <- TRUE
  suppressWarnings(do.call(getDesignGroupSequential, args))
}
`;

/** Emits, per case id, the design's and its characteristics' fields (full doubles via emit). */
export const designScript = `${R_MAKE_DESIGN}
cases <- input("cases")
for (i in seq_len(nrow(cases))) {
  r <- cases[i, ]
  d <- makeDesign(r)
  ch <- getDesignCharacteristics(d)
  p <- function(name) paste0(r$id, ".", name)
  emit(p("criticalValues"), d$criticalValues)
  emit(p("alphaSpent"), d$alphaSpent)
  emit(p("stageLevels"), d$stageLevels)
  emit(p("futilityBounds"), d$futilityBounds)
  if (r$bs != "none") {
    emit(p("betaSpent"), d$betaSpent)
    emit(p("designPower"), d$power)
  }
  emit(p("shift"), ch$shift)
  emit(p("inflationFactor"), ch$inflationFactor)
  emit(p("power"), ch$power)
  emit(p("rejectionProbabilities"), ch$rejectionProbabilities)
  emit(p("futilityProbabilities"), ch$futilityProbabilities)
  emit(p("averageSampleNumber1"), ch$averageSampleNumber1)
  emit(p("averageSampleNumber01"), ch$averageSampleNumber01)
  emit(p("averageSampleNumber0"), ch$averageSampleNumber0)
}
`;
