/**
 * The trial engine against R in the same run:
 *  1. exact operating characteristics of a two-arm binary design whose control prior is the robust MAP
 *     prior of the ankylosing-spondylitis trials, over a 50-point grid — ours vs the same computation in
 *     base R (posterior mixtures, P(θT − θC > 0) by integrate(), boundary by bisection, dbinom sums), as
 *     RBesT does it (RBesT itself is not packaged for Debian);
 *  2. 10^5 simulated virtual trials of a two-arm binary design with one interim — ours on all cores vs
 *     base R vectorised;
 *  3. a 5-stage group-sequential design with its sample size — ours vs rpact.
 * R's times are taken inside R (system.time), so its start-up is not counted against it.
 *
 *   npm run bench:trials             # BENCH_TRIALS=100000 by default
 */
import { availableParallelism } from "node:os";
import { get, runR } from "@kakehashi/core/r-oracle";
import {
  betaMixture,
  getDesignGroupSequential,
  getSampleSizeMeans,
  mapPrior,
  oc2S,
  robustify,
  simulateTrials,
} from "@kakehashi/trials";

const TRIALS = Number(process.env.BENCH_TRIALS ?? 100_000);
const ms = (t0: number) => performance.now() - t0;
const line = (label: string, ours: number, theirs: number, unit = "ms") =>
  console.log(
    `${label.padEnd(58)} ours ${ours.toFixed(1).padStart(9)} ${unit}   R ${theirs.toFixed(1).padStart(9)} ${unit}   ratio R/ours ${(theirs / ours).toFixed(1)}×`,
  );

// 1. exact OCs with a robust MAP prior
const AS_N = [107, 44, 51, 39, 139, 20, 78, 35];
const AS_R = [23, 12, 19, 9, 39, 6, 9, 10];
const map = mapPrior(
  AS_N.map((n, i) => ({ n, r: AS_R[i] as number })),
  { family: "binomial", tauPrior: { distribution: "halfNormal", scale: 1 }, seed: 1 },
);
const control = robustify(map.mixture, { weight: 0.2 });
const treatment = betaMixture([[1, 1, 1]]);
const n1 = 60;
const n2 = 30;
const rule = { criteria: [{ probability: 0.975, threshold: 0, lowerTail: false }] };
const grid = Array.from({ length: 50 }, (_, i) => 0.05 + (0.55 * i) / 49);
let t0 = performance.now();
const ours = oc2S(treatment, control, n1, n2, rule, grid, grid);
const ocMs = ms(t0);

const mix = (m: typeof control) =>
  m.family === "beta"
    ? `list(w = c(${m.components.map((c) => c.w).join(",")}), a = c(${m.components.map((c) => c.a).join(",")}), b = c(${m.components.map((c) => c.b).join(",")}))`
    : "stop('beta')";
const r = runR(`
control <- ${mix(control)}; treatment <- ${mix(treatment)}
n1 <- ${n1}; n2 <- ${n2}; grid <- c(${grid.join(",")})
postmix <- function(p, r, n) {
  lw <- log(p$w) + lbeta(p$a + r, p$b + n - r) - lbeta(p$a, p$b)
  w <- exp(lw - max(lw)); list(w = w / sum(w), a = p$a + r, b = p$b + n - r)
}
pdiff <- function(p1, p2) integrate(function(x) sapply(x, function(t)
  sum(p2$w * dbeta(t, p2$a, p2$b)) * sum(p1$w * pbeta(t, p1$a, p1$b, lower.tail = FALSE))), 0, 1, rel.tol = 1e-10)$value
oc <- NULL
t <- system.time({
  crit <- sapply(0:n2, function(y2) {
    p2 <- postmix(control, y2, n2); lo <- 0; hi <- n1 + 1
    while (lo < hi) { mid <- (lo + hi) %/% 2; if (pdiff(postmix(treatment, mid, n1), p2) > 0.975) hi <- mid else lo <- mid + 1 }
    lo
  })
  oc <- sapply(grid, function(th) sum(dbinom(0:n2, n2, th) * pbinom(crit - 1, n1, th, lower.tail = FALSE)))
})
emit("ms", 1000 * t[["elapsed"]]); emit("oc", oc)
`);
const rOc = get(r, "oc");
const maxDiff = Math.max(...ours.map((o, i) => Math.abs(o.probability - (rOc[i] as number))));
line("exact OC, robust MAP control prior, 50-point grid", ocMs, get(r, "ms")[0] as number);
console.log(`  largest |ours − R| over the grid: ${maxDiff.toExponential(2)}`);

// 2. virtual trials: 2 arms × 100 patients, binary 0.3 vs 0.45, interim at half, z bounds (OBF-like)
const bounds = [2.797, 1.977];
const spec = {
  arms: [{ name: "control" }, { name: "treatment" }],
  accrual: { ratePerMonth: 20 },
  maxSampleSize: 200,
  endpoint: { type: "binary" as const, rates: [0.3, 0.45] },
  analysis: { informationFractions: [0.5], efficacy: bounds },
};
const workers = availableParallelism();
t0 = performance.now();
const sim = await simulateTrials(spec, { trials: TRIALS, seed: 7, workers });
const simMs = ms(t0);
const rs = runR(`
set.seed(7); B <- ${TRIALS}; n <- 50; b <- c(${bounds.join(",")})
z <- function(x0, x1, m) { p <- (x0 + x1) / (2 * m); ifelse(p > 0 & p < 1, (x1 - x0) / m / sqrt(p * (1 - p) * 2 / m), 0) }
t <- system.time({
  a0 <- rbinom(B, n, 0.3); a1 <- rbinom(B, n, 0.45); b0 <- rbinom(B, n, 0.3); b1 <- rbinom(B, n, 0.45)
  z1 <- z(a0, a1, n); z2 <- z(a0 + b0, a1 + b1, 2 * n)
  power <- mean(z1 >= b[1] | (z1 < b[1] & z2 >= b[2]))
})
emit("ms", 1000 * t[["elapsed"]]); emit("power", power)
# the same trial patient by patient, as a simulation with accrual and allocation has to be written
one <- function() {
  arrive <- cumsum(rexp(200, 20)); arm <- as.vector(replicate(100, sample(0:1)))
  y <- rbinom(200, 1, ifelse(arm == 1, 0.45, 0.3))
  k <- 100; zi <- z(sum(y[1:k] * (arm[1:k] == 0)), sum(y[1:k] * (arm[1:k] == 1)), 50)
  if (zi >= b[1]) return(TRUE)
  z(sum(y * (arm == 0)), sum(y * (arm == 1)), 100) >= b[2]
}
B2 <- ${Math.min(TRIALS, 20_000)}
t2 <- system.time(p2 <- mean(replicate(B2, one())))
emit("loop_ms", 1000 * t2[["elapsed"]]); emit("loop_trials", B2)
`);
const rMs = get(rs, "ms")[0] as number;
const loopMs = get(rs, "loop_ms")[0] as number;
const loopTrials = get(rs, "loop_trials")[0] as number;
console.log(
  `${`${TRIALS.toLocaleString("en")} virtual trials, 1 interim (${workers} workers)`.padEnd(58)} ours ${simMs.toFixed(0).padStart(9)} ms = ${Math.round((TRIALS / simMs) * 1000).toLocaleString("en")} trials/s   R (vectorised, no accrual/patient model) ${rMs.toFixed(0)} ms = ${Math.round((TRIALS / rMs) * 1000).toLocaleString("en")} trials/s`,
);
console.log(
  `  R patient by patient (accrual, block allocation), ${loopTrials.toLocaleString("en")} trials: ${Math.round((loopTrials / loopMs) * 1000).toLocaleString("en")} trials/s; ours/R ratio ${(TRIALS / simMs / (loopTrials / loopMs)).toFixed(1)}×`,
);
console.log(
  `  power ours ${sim.success.estimate.toFixed(4)} ± ${sim.success.mcse.toFixed(4)} (MC se), R ${(get(rs, "power")[0] as number).toFixed(4)}`,
);

// 3. group-sequential design and sample size vs rpact
const REPS = 20;
t0 = performance.now();
for (let i = 0; i < REPS; i++) {
  const design = getDesignGroupSequential({
    kMax: 5,
    alpha: 0.025,
    beta: 0.1,
    typeOfDesign: "asOF",
    typeBetaSpending: "bsOF",
  });
  getSampleSizeMeans({ alternative: 0.4, stDev: 1 }, design);
}
const gsMs = ms(t0) / REPS;
const rg = runR(
  `
t <- system.time(for (i in 1:${REPS}) {
  d <- getDesignGroupSequential(kMax = 5, alpha = 0.025, beta = 0.1, typeOfDesign = "asOF", typeBetaSpending = "bsOF")
  s <- getSampleSizeMeans(d, alternative = 0.4, stDev = 1)
})
emit("ms", 1000 * t[["elapsed"]] / ${REPS})
`,
  {},
  { packages: ["rpact"] },
);
line("5-stage asOF + bsOF design and sample size (means)", gsMs, get(rg, "ms")[0] as number);
