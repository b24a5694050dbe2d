/**
 * Seeded pseudo-random numbers shared by the engines (synthetic RWD, study matching, trial simulation).
 *
 * A generator is seeded from (seed, stream): the synthetic population gives every person its own stream
 * (seed, person_id), and a trial simulation gives every simulated trial its own, so the output does not
 * depend on chunk sizes, worker counts or the order in which work is done.
 */

/** splitmix32 finaliser: spreads nearby integers (seed, person id) over the whole 32-bit space. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast counting generator): 128-bit state, passes PractRand, and only
 * uses 32-bit integer operations, so it is fast in V8 and gives identical streams on every platform.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  constructor(seed: number, stream: number) {
    this.a = mix32(seed ^ 0x5bd1e995);
    this.b = mix32(stream ^ this.a);
    this.c = mix32(this.b ^ 0x27d4eb2d);
    this.d = 1;
    // the first outputs of a freshly seeded sfc32 are still correlated with the seed
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** uniform on [0, 1) */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** integer uniform on [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** standard normal (Marsaglia polar method, keeps the second deviate) */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  gauss(mean: number, sd: number): number {
    return mean + sd * this.normal();
  }

  /** log-normal given its median and the standard deviation of log(x) */
  logNormal(median: number, sdLog: number): number {
    return median * Math.exp(sdLog * this.normal());
  }

  /** exponential waiting time for a constant hazard (events per unit time) */
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** Poisson count; Knuth's method is fine for the small means used here */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(this.gauss(mean, Math.sqrt(mean))));
    const l = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > l) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** index drawn with probability proportional to weights[i] */
  pick(weights: readonly number[], total?: number): number {
    let sum = total ?? 0;
    if (total === undefined) for (const w of weights) sum += w;
    let r = this.next() * sum;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}
