import { cholesky, choleskyInverse, choleskySolve, SingularMatrixError } from "./linalg.ts";

/** Objective (a log-likelihood, possibly penalised), its gradient and its information (−Hessian). */
export interface Evaluation {
  logLik: number;
  gradient: Float64Array;
  information: Float64Array;
}

export interface NewtonOptions {
  maxIter: number;
  /** Relative change of the objective at which the iteration stops. */
  eps?: number;
  /** Names the model in error messages. */
  what: string;
}

export interface NewtonResult<E extends Evaluation = Evaluation> {
  beta: Float64Array;
  /** The evaluation at `beta`, so callers get the variance at the estimate without another pass. */
  final: E;
  /** Objective at the starting values (for coxph and clogit, the null log-likelihood). */
  initialLogLik: number;
  iterations: number;
  converged: boolean;
}

export const DEFAULT_EPS = 1e-12;

/**
 * Newton–Raphson with step halving, the scheme of R's coxfit6: a step that lowers the objective (or
 * overflows) is halved and retried, each try counting as an iteration as R counts them. R stops at a
 * relative change of 1e-9; we go to 1e-12 so our estimates are the optimum itself rather than R's
 * last iterate, and agree with R to far better than 1e-6. The 0.1 floor (as glm's) keeps the test
 * meaningful when the log-likelihood tends to 0 (separation).
 */
export function newtonRaphson<E extends Evaluation>(
  evaluate: (beta: Float64Array) => E,
  start: Float64Array,
  options: NewtonOptions,
): NewtonResult<E> {
  const p = start.length;
  const eps = options.eps ?? DEFAULT_EPS;
  let beta = Float64Array.from(start);
  let current = evaluate(beta);
  if (!Number.isFinite(current.logLik)) {
    throw new Error(`${options.what}: the log-likelihood is not finite at the starting values`);
  }
  const initialLogLik = current.logLik;
  let step = newtonStep(current, p, options.what);
  let iterations = 0;
  let converged = false;
  let halving = false;
  while (iterations < options.maxIter) {
    iterations++;
    const candidate = new Float64Array(p);
    for (let j = 0; j < p; j++) candidate[j] = (beta[j] as number) + (step[j] as number);
    const next = evaluate(candidate);
    const finite = Number.isFinite(next.logLik) && next.gradient.every(Number.isFinite);
    const change = next.logLik - current.logLik;
    const small = finite && Math.abs(change) <= eps * (Math.abs(next.logLik) + 0.1);
    // As R, a halved step never signals convergence by being small: it is small because it was
    // halved. But a halved step that still loses, by a rounding-level amount, means the current
    // point is the maximum to machine precision (which R's 1e-9 rarely meets and 1e-12 does).
    if (small && !halving) {
      beta = candidate;
      current = next;
      converged = true;
      break;
    }
    if (small && change <= 0) {
      converged = true;
      break;
    }
    if (!finite || change < 0) {
      for (let j = 0; j < p; j++) step[j] = (step[j] as number) / 2;
      halving = true;
      continue;
    }
    halving = false;
    beta = candidate;
    current = next;
    step = newtonStep(current, p, options.what);
  }
  return { beta, final: current, initialLogLik, iterations, converged };
}

function newtonStep(e: Evaluation, p: number, what: string): Float64Array {
  return choleskySolve(factor(e.information, p, what), p, e.gradient);
}

/** Inverse of the information at the estimate: the model-based variance of the estimates. */
export function inverseInformation(information: Float64Array, p: number, what: string): Float64Array {
  return choleskyInverse(factor(information, p, what), p);
}

function factor(information: Float64Array, p: number, what: string): Float64Array {
  try {
    return cholesky(information, p);
  } catch (err) {
    if (err instanceof SingularMatrixError) {
      throw new Error(
        `${what}: the information matrix is singular (collinear covariates, or a covariate constant ` +
          `within every stratum): ${err.message}`,
      );
    }
    throw err;
  }
}
