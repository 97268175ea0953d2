/**
 * Seeded pseudo-random numbers in plain TypeScript: xoshiro128** seeded through splitmix32.
 * Independent of the tfjs backend, so the same seed gives the same numbers on wasm and cpu.
 */

export interface Rng {
  /** the seed this generator was built from */
  readonly seed: number;
  /** uniform on [0, 1), 32 bits of resolution */
  uniform(): number;
  /** standard normal N(0, 1) by Box–Muller (the second variate of each pair is cached) */
  normal(): number;
  /** an integer uniform on {0, ..., n-1} */
  int(n: number): number;
  /** one element of a non-empty array, uniformly */
  choice<T>(items: readonly T[]): T;
  /** an index drawn with probabilities proportional to non-negative weights */
  categorical(weights: readonly number[]): number;
  /** n uniforms on [lo, hi) */
  uniformArray(n: number, lo?: number, hi?: number): Float64Array;
  /** n normals with the given mean and standard deviation */
  normalArray(n: number, mean?: number, std?: number): Float64Array;
  /** an independent generator derived from this one's stream (for sub-tasks that must not perturb it) */
  fork(): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

function xoshiro128ss(seed: number): () => number {
  const init = splitmix32(seed);
  let a = init(), b = init(), c = init(), d = init();
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is a fixed point
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
}

function checkCount(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${n}`);
}

/** A seeded generator. The seed must be a finite integer (taken modulo 2^32). */
export function rng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new Error(`rng: seed must be an integer, got ${seed}`);
  const next = xoshiro128ss(seed);
  const uniform = (): number => next() / 4294967296;
  let spare: number | undefined;
  const normal = (): number => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  const int = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`rng.int: n must be a positive integer, got ${n}`);
    return Math.floor(uniform() * n);
  };
  const self: Rng = {
    seed,
    uniform,
    normal,
    int,
    choice<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error("rng.choice: items is empty");
      return items[int(items.length)] as T;
    },
    categorical: (weights) => categorical(uniform, weights),
    uniformArray(n, lo = 0, hi = 1) {
      checkCount(n, "rng.uniformArray: n");
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * uniform();
      return out;
    },
    normalArray(n, mean = 0, std = 1) {
      checkCount(n, "rng.normalArray: n");
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = mean + std * normal();
      return out;
    },
    fork: () => rng(next() | 0),
  };
  return self;
}

function categorical(uniform: () => number, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`rng.categorical: weights must be finite and >= 0, got ${w}`);
    total += w;
  }
  if (total <= 0) throw new Error("rng.categorical: weights sum to zero");
  let u = uniform() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] as number;
    if (u < 0) return i;
  }
  // rounding can leave u at ~0 after the loop: return the last index with positive weight
  for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
  return weights.length - 1;
}
