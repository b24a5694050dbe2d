/**
 * The No-U-Turn sampler as Stan runs it (Hoffman & Gelman 2014; Betancourt 2017, "A conceptual introduction
 * to Hamiltonian Monte Carlo"): multinomial sampling of the trajectory states, biased progressive sampling
 * between subtrees, the generalised U-turn criterion on the sharp momenta checked over every merged subtree
 * and across the seams between subtrees, a diagonal Euclidean metric and divergence detection (energy error
 * above 1000).
 *
 * Warmup is Stan's windowed adaptation: dual averaging of the log step size towards a target mean acceptance
 * statistic (γ = 0.05, t₀ = 10, κ = 0.75, μ = log 10ε), an initial fast interval (75 iterations), slow windows
 * of doubling length (25, 50, 100, …) at the end of which the inverse metric becomes the regularised variance
 * (n/(n+5))·var + 10⁻³·5/(n+5) of the window's draws and the step size is re-initialised, and a terminal
 * fast interval (50). With a short warmup the intervals shrink to 15 % / 75 % / 10 %, as in Stan.
 */
import type { Rng } from "@kakehashi/core/random";

/** A log density (up to a constant) on ℝ^dim with its gradient. */
export interface LogDensityTarget {
  readonly dim: number;
  /** Returns log p(q) and writes ∇ log p(q) into `grad`; −Infinity or NaN marks an impossible point. */
  logDensity(q: Float64Array, grad: Float64Array): number;
}

export interface NutsOptions {
  /** warmup (adaptation) iterations, discarded */
  warmup: number;
  /** kept draws, after thinning */
  draws: number;
  /** keep every `thin`-th post-warmup iteration */
  thin: number;
  /** target mean acceptance statistic of the step-size adaptation (Stan's adapt_delta) */
  adaptDelta: number;
  /** largest tree depth: at most 2^maxTreeDepth − 1 leapfrog steps per iteration */
  maxTreeDepth: number;
}

/** One chain's output. */
export interface NutsChain {
  /** kept draws, row-major: draw i occupies [i·dim, (i+1)·dim) */
  draws: Float64Array;
  /** step size after warmup */
  stepSize: number;
  /** diagonal inverse metric (the adapted posterior variances) */
  inverseMetric: Float64Array;
  /** post-warmup iterations that ended in a divergent trajectory */
  divergences: number;
  /** post-warmup iterations that stopped at the maximum tree depth */
  treeDepthHits: number;
  /** mean tree depth after warmup */
  meanTreeDepth: number;
  /** mean acceptance statistic after warmup */
  meanAcceptStat: number;
  /** gradient evaluations, warmup included */
  leapfrogSteps: number;
}

class PhasePoint {
  readonly q: Float64Array;
  readonly p: Float64Array;
  readonly g: Float64Array;
  lp = 0;
  constructor(dim: number) {
    this.q = new Float64Array(dim);
    this.p = new Float64Array(dim);
    this.g = new Float64Array(dim);
  }
  copyFrom(o: PhasePoint): void {
    this.q.set(o.q);
    this.p.set(o.p);
    this.g.set(o.g);
    this.lp = o.lp;
  }
}

/** Scratch of one recursion level, allocated once so that tree building allocates nothing. */
interface Level {
  proposeFinal: PhasePoint;
  pInitEnd: Float64Array;
  pSharpInitEnd: Float64Array;
  pFinalBeg: Float64Array;
  pSharpFinalBeg: Float64Array;
  rhoInit: Float64Array;
  rhoFinal: Float64Array;
  rhoTemp: Float64Array;
}

const MAX_DELTA_H = 1000;

function logSumExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

class NutsSampler {
  readonly dim: number;
  readonly z: PhasePoint;
  readonly invMetric: Float64Array;
  epsilon = 1;
  private readonly levels: Level[] = [];
  private lastLogWeight = 0;
  private nLeapfrog = 0;
  private sumMetroProb = 0;
  divergent = false;
  depth = 0;
  totalLeapfrog = 0;

  // trajectory scratch of transition()
  private readonly zFwd: PhasePoint;
  private readonly zBck: PhasePoint;
  private readonly zSample: PhasePoint;
  private readonly zPropose: PhasePoint;
  private readonly zInit: PhasePoint;
  private readonly pFwd: Float64Array;
  private readonly pSharpFwd: Float64Array;
  private readonly pBck: Float64Array;
  private readonly pSharpBck: Float64Array;
  private readonly rho: Float64Array;
  private readonly rhoSub: Float64Array;
  private readonly rhoTemp: Float64Array;
  private readonly sBeg: Float64Array;
  private readonly sSharpBeg: Float64Array;
  private readonly sEnd: Float64Array;
  private readonly sSharpEnd: Float64Array;

  constructor(
    private readonly target: LogDensityTarget,
    private readonly rng: Rng,
    readonly maxDepth: number,
  ) {
    const d = target.dim;
    this.dim = d;
    this.z = new PhasePoint(d);
    this.invMetric = new Float64Array(d).fill(1);
    for (let k = 0; k <= maxDepth; k++) {
      this.levels.push({
        proposeFinal: new PhasePoint(d),
        pInitEnd: new Float64Array(d),
        pSharpInitEnd: new Float64Array(d),
        pFinalBeg: new Float64Array(d),
        pSharpFinalBeg: new Float64Array(d),
        rhoInit: new Float64Array(d),
        rhoFinal: new Float64Array(d),
        rhoTemp: new Float64Array(d),
      });
    }
    this.zFwd = new PhasePoint(d);
    this.zBck = new PhasePoint(d);
    this.zSample = new PhasePoint(d);
    this.zPropose = new PhasePoint(d);
    this.zInit = new PhasePoint(d);
    this.pFwd = new Float64Array(d);
    this.pSharpFwd = new Float64Array(d);
    this.pBck = new Float64Array(d);
    this.pSharpBck = new Float64Array(d);
    this.rho = new Float64Array(d);
    this.rhoSub = new Float64Array(d);
    this.rhoTemp = new Float64Array(d);
    this.sBeg = new Float64Array(d);
    this.sSharpBeg = new Float64Array(d);
    this.sEnd = new Float64Array(d);
    this.sSharpEnd = new Float64Array(d);
  }

  init(q: Float64Array): void {
    this.z.q.set(q);
    this.z.lp = this.target.logDensity(this.z.q, this.z.g);
    if (!Number.isFinite(this.z.lp)) throw new Error("NUTS: the initial point has zero posterior density");
  }

  private samplePMomentum(z: PhasePoint): void {
    for (let i = 0; i < this.dim; i++) z.p[i] = this.rng.normal() / Math.sqrt(this.invMetric[i] as number);
  }

  private hamiltonian(z: PhasePoint): number {
    let k = 0;
    for (let i = 0; i < this.dim; i++) {
      const p = z.p[i] as number;
      k += p * p * (this.invMetric[i] as number);
    }
    return -z.lp + 0.5 * k;
  }

  private leapfrog(z: PhasePoint, eps: number): void {
    const { q, p, g } = z;
    const half = 0.5 * eps;
    for (let i = 0; i < this.dim; i++) p[i] = (p[i] as number) + half * (g[i] as number);
    for (let i = 0; i < this.dim; i++)
      q[i] = (q[i] as number) + eps * (this.invMetric[i] as number) * (p[i] as number);
    z.lp = this.target.logDensity(q, g);
    for (let i = 0; i < this.dim; i++) p[i] = (p[i] as number) + half * (g[i] as number);
  }

  /** U-turn criterion: the summed momentum still points along the sharp momenta at both ends. */
  private criterion(pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean {
    let a = 0;
    let b = 0;
    for (let i = 0; i < this.dim; i++) {
      a += (pSharpPlus[i] as number) * (rho[i] as number);
      b += (pSharpMinus[i] as number) * (rho[i] as number);
    }
    return a > 0 && b > 0;
  }

  private sharp(p: Float64Array, out: Float64Array): void {
    for (let i = 0; i < this.dim; i++) out[i] = (this.invMetric[i] as number) * (p[i] as number);
  }

  /**
   * Builds a subtree of 2^depth leapfrog steps from the current point `z` in direction `sign`; returns
   * whether it is valid (no divergence, no internal U-turn) and leaves its log weight in lastLogWeight.
   * beg/end refer to build order: beg is the point next to where the subtree starts.
   */
  private buildTree(
    depth: number,
    propose: PhasePoint,
    pSharpBeg: Float64Array,
    pSharpEnd: Float64Array,
    rho: Float64Array,
    pBeg: Float64Array,
    pEnd: Float64Array,
    h0: number,
    sign: number,
  ): boolean {
    const z = this.z;
    if (depth === 0) {
      this.leapfrog(z, sign * this.epsilon);
      this.nLeapfrog++;
      let h = this.hamiltonian(z);
      if (Number.isNaN(h)) h = Number.POSITIVE_INFINITY;
      if (h - h0 > MAX_DELTA_H) this.divergent = true;
      const w = h0 - h;
      this.lastLogWeight = w;
      this.sumMetroProb += w > 0 ? 1 : Math.exp(w);
      propose.copyFrom(z);
      for (let i = 0; i < this.dim; i++) {
        const p = z.p[i] as number;
        const s = (this.invMetric[i] as number) * p;
        pSharpBeg[i] = s;
        pSharpEnd[i] = s;
        pBeg[i] = p;
        pEnd[i] = p;
        rho[i] = (rho[i] as number) + p;
      }
      return !this.divergent;
    }
    const L = this.levels[depth] as Level;
    L.rhoInit.fill(0);
    if (
      !this.buildTree(depth - 1, propose, pSharpBeg, L.pSharpInitEnd, L.rhoInit, pBeg, L.pInitEnd, h0, sign)
    ) {
      return false;
    }
    const wInit = this.lastLogWeight;
    L.rhoFinal.fill(0);
    if (
      !this.buildTree(
        depth - 1,
        L.proposeFinal,
        L.pSharpFinalBeg,
        pSharpEnd,
        L.rhoFinal,
        L.pFinalBeg,
        pEnd,
        h0,
        sign,
      )
    ) {
      return false;
    }
    const wFinal = this.lastLogWeight;
    const wSubtree = logSumExp(wInit, wFinal);
    this.lastLogWeight = wSubtree;
    // multinomial choice between the two halves, in proportion to their weights
    if (wFinal > wSubtree || this.rng.next() < Math.exp(wFinal - wSubtree)) propose.copyFrom(L.proposeFinal);

    const t = L.rhoTemp;
    for (let i = 0; i < this.dim; i++) {
      const s = (L.rhoInit[i] as number) + (L.rhoFinal[i] as number);
      t[i] = s;
      rho[i] = (rho[i] as number) + s;
    }
    let persist = this.criterion(pSharpBeg, pSharpEnd, t);
    for (let i = 0; i < this.dim; i++) t[i] = (L.rhoInit[i] as number) + (L.pFinalBeg[i] as number);
    persist = persist && this.criterion(pSharpBeg, L.pSharpFinalBeg, t);
    for (let i = 0; i < this.dim; i++) t[i] = (L.rhoFinal[i] as number) + (L.pInitEnd[i] as number);
    persist = persist && this.criterion(L.pSharpInitEnd, pSharpEnd, t);
    return persist;
  }

  /** One NUTS iteration from the current point; returns the acceptance statistic. */
  transition(): number {
    const d = this.dim;
    const z = this.z;
    this.samplePMomentum(z);
    const h0 = this.hamiltonian(z);
    this.zFwd.copyFrom(z);
    this.zBck.copyFrom(z);
    this.zSample.copyFrom(z);
    this.zPropose.copyFrom(z);
    this.pFwd.set(z.p);
    this.pBck.set(z.p);
    this.sharp(z.p, this.pSharpFwd);
    this.pSharpBck.set(this.pSharpFwd);
    this.rho.set(z.p);
    let logWeight = 0;
    this.nLeapfrog = 0;
    this.sumMetroProb = 0;
    this.divergent = false;
    this.depth = 0;
    while (this.depth < this.maxDepth) {
      this.rhoSub.fill(0);
      const forward = this.rng.next() > 0.5;
      const from = forward ? this.zFwd : this.zBck;
      z.copyFrom(from);
      const valid = this.buildTree(
        this.depth,
        this.zPropose,
        this.sSharpBeg,
        this.sSharpEnd,
        this.rhoSub,
        this.sBeg,
        this.sEnd,
        h0,
        forward ? 1 : -1,
      );
      from.copyFrom(z);
      if (!valid) break;
      this.depth++;
      const wSub = this.lastLogWeight;
      // biased progressive sampling: favours the new subtree, still leaves the trajectory's distribution invariant
      if (wSub > logWeight || this.rng.next() < Math.exp(wSub - logWeight))
        this.zSample.copyFrom(this.zPropose);
      logWeight = logSumExp(logWeight, wSub);

      // the old trajectory's end next to the new subtree, and its far end
      const adjP = forward ? this.pFwd : this.pBck;
      const adjSharp = forward ? this.pSharpFwd : this.pSharpBck;
      const farSharp = forward ? this.pSharpBck : this.pSharpFwd;
      const t = this.rhoTemp;
      for (let i = 0; i < d; i++) t[i] = (this.rho[i] as number) + (this.rhoSub[i] as number);
      let persist = this.criterion(farSharp, this.sSharpEnd, t);
      for (let i = 0; i < d; i++) t[i] = (this.rho[i] as number) + (this.sBeg[i] as number);
      persist = persist && this.criterion(farSharp, this.sSharpBeg, t);
      for (let i = 0; i < d; i++) t[i] = (this.rhoSub[i] as number) + (adjP[i] as number);
      persist = persist && this.criterion(adjSharp, this.sSharpEnd, t);
      for (let i = 0; i < d; i++) this.rho[i] = (this.rho[i] as number) + (this.rhoSub[i] as number);
      adjP.set(this.sEnd);
      adjSharp.set(this.sSharpEnd);
      if (!persist) break;
    }
    this.totalLeapfrog += this.nLeapfrog;
    z.copyFrom(this.zSample);
    return this.nLeapfrog > 0 ? this.sumMetroProb / this.nLeapfrog : 0;
  }

  /** Stan's heuristic: double or halve ε until one leapfrog step's acceptance crosses 0.8. */
  initStepSize(): void {
    const z = this.z;
    this.zInit.copyFrom(z);
    const logTarget = Math.log(0.8);
    const trial = (): number => {
      z.copyFrom(this.zInit);
      this.samplePMomentum(z);
      const h0 = this.hamiltonian(z);
      this.leapfrog(z, this.epsilon);
      this.totalLeapfrog++;
      let h = this.hamiltonian(z);
      if (Number.isNaN(h)) h = Number.POSITIVE_INFINITY;
      return h0 - h;
    };
    const direction = trial() > logTarget ? 1 : -1;
    for (let k = 0; k < 200; k++) {
      const deltaH = trial();
      if (direction === 1 && !(deltaH > logTarget)) break;
      if (direction === -1 && !(deltaH < logTarget)) break;
      this.epsilon = direction === 1 ? 2 * this.epsilon : 0.5 * this.epsilon;
      if (this.epsilon > 1e7 || this.epsilon < 1e-300) {
        throw new Error(
          `NUTS: step size ${this.epsilon} while initialising; the posterior is improper or flat`,
        );
      }
    }
    z.copyFrom(this.zInit);
  }
}

/** Warmup windows of Stan's windowed adaptation: [start, end] iteration indices of each slow window. */
export function adaptationWindows(warmup: number): Array<[number, number]> {
  if (warmup < 20) return [];
  let initBuffer = 75;
  let termBuffer = 50;
  let baseWindow = 25;
  if (initBuffer + baseWindow + termBuffer > warmup) {
    initBuffer = Math.floor(0.15 * warmup);
    termBuffer = Math.floor(0.1 * warmup);
    baseWindow = warmup - (initBuffer + termBuffer);
  }
  const lastSlow = warmup - termBuffer - 1;
  const windows: Array<[number, number]> = [];
  let size = baseWindow;
  let start = initBuffer;
  let end = Math.min(initBuffer + baseWindow - 1, lastSlow);
  for (;;) {
    windows.push([start, end]);
    if (end >= lastSlow) break;
    size *= 2;
    start = end + 1;
    end += size;
    // a window after which a doubled one would not fit takes the rest of the slow phase
    if (end + 2 * size >= warmup - termBuffer) end = lastSlow;
  }
  return windows;
}

/**
 * Runs one NUTS chain from `init` (dual averaging + diagonal metric adaptation during warmup) and returns
 * the kept draws. The chain is reproducible given the Rng's (seed, stream).
 */
export function sampleNuts(
  target: LogDensityTarget,
  init: Float64Array,
  rng: Rng,
  options: NutsOptions,
): NutsChain {
  const { warmup, draws, thin, adaptDelta, maxTreeDepth } = options;
  const dim = target.dim;
  const sampler = new NutsSampler(target, rng, maxTreeDepth);
  sampler.init(init);
  sampler.initStepSize();

  // dual averaging state
  const gamma = 0.05;
  const t0 = 10;
  const kappa = 0.75;
  let mu = Math.log(10 * sampler.epsilon);
  let counter = 0;
  let sBar = 0;
  let xBar = 0;

  const windows = adaptationWindows(warmup);
  let w = 0;
  const wMean = new Float64Array(dim);
  const wM2 = new Float64Array(dim);
  let wCount = 0;

  for (let it = 0; it < warmup; it++) {
    const accept = Math.min(1, sampler.transition());
    counter++;
    const eta = 1 / (counter + t0);
    sBar = (1 - eta) * sBar + eta * (adaptDelta - accept);
    const x = mu - (sBar * Math.sqrt(counter)) / gamma;
    const xEta = counter ** -kappa;
    xBar = (1 - xEta) * xBar + xEta * x;
    sampler.epsilon = Math.exp(x);

    const win = windows[w];
    if (win && it >= win[0] && it <= win[1]) {
      // Welford's running variance of the window's draws
      wCount++;
      const q = sampler.z.q;
      for (let i = 0; i < dim; i++) {
        const v = q[i] as number;
        const delta = v - (wMean[i] as number);
        wMean[i] = (wMean[i] as number) + delta / wCount;
        wM2[i] = (wM2[i] as number) + delta * (v - (wMean[i] as number));
      }
      if (it === win[1]) {
        const n = wCount;
        for (let i = 0; i < dim; i++) {
          const variance = (wM2[i] as number) / (n - 1);
          sampler.invMetric[i] = (n / (n + 5)) * variance + 1e-3 * (5 / (n + 5));
        }
        wMean.fill(0);
        wM2.fill(0);
        wCount = 0;
        w++;
        sampler.initStepSize();
        mu = Math.log(10 * sampler.epsilon);
        counter = 0;
        sBar = 0;
        xBar = 0;
      }
    }
  }
  if (warmup > 0) sampler.epsilon = Math.exp(xBar);

  const out = new Float64Array(draws * dim);
  let divergences = 0;
  let treeDepthHits = 0;
  let depthSum = 0;
  let acceptSum = 0;
  const iterations = draws * thin;
  for (let it = 0; it < iterations; it++) {
    acceptSum += sampler.transition();
    depthSum += sampler.depth;
    if (sampler.divergent) divergences++;
    if (sampler.depth >= maxTreeDepth) treeDepthHits++;
    if ((it + 1) % thin === 0) out.set(sampler.z.q, ((it + 1) / thin - 1) * dim);
  }
  return {
    draws: out,
    stepSize: sampler.epsilon,
    inverseMetric: sampler.invMetric.slice(),
    divergences,
    treeDepthHits,
    meanTreeDepth: iterations > 0 ? depthSum / iterations : 0,
    meanAcceptStat: iterations > 0 ? acceptSum / iterations : 0,
    leapfrogSteps: sampler.totalLeapfrog,
  };
}
