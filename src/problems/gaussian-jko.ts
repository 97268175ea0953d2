/**
 * Problem 6A (problems.md §6): a CNF as an MFG with Gaussian data, i.e. one JKO step
 *   min_v ∫₀ᵀ∫ ½|v|² ρ + α_C KL(ρ_T ‖ N(0, I)),
 * and its closed-form solution (terminal law, straight map, potential Φ*, costs), plus the
 * likelihood-only limit α_C → ∞ and the Wasserstein gradient flow as a sequence of JKO steps.
 */

export interface GaussianJkoProblem {
  /** data mean μ₀ (length d) */
  readonly mu0: readonly number[];
  /** data standard deviations s_i along the eigenvectors (columns of Q), all > 0 */
  readonly s: readonly number[];
  /** orthogonal Q as rows Q[i][j] (d × d): the data covariance is Q diag(s²) Qᵀ */
  readonly Q: readonly (readonly number[])[];
  readonly T: number;
  readonly alphaC: number;
}

/** the defaults of problems.md §6A: μ₀ = (1.5, −1), s = (1.5, 0.5), Q = rotation by 30°, T = 1, α_C = 30 */
export function gaussianJkoDefaults(): GaussianJkoProblem {
  return { mu0: [1.5, -1], s: [1.5, 0.5], Q: rotation2(Math.PI / 6), T: 1, alphaC: 30 };
}

export function rotation2(angle: number): number[][] {
  const c = Math.cos(angle), s = Math.sin(angle);
  return [[c, -s], [s, c]];
}

/** the terminal standard deviation of one Gaussian JKO step of size λ from standard deviation s */
export function jkoSigma(s: number, lambda: number): number {
  return (s + Math.sqrt(s * s + 4 * lambda * (1 + lambda))) / (2 * (1 + lambda));
}

export interface GaussianJkoSolution {
  readonly problem: GaussianJkoProblem;
  readonly d: number;
  readonly sigma: readonly number[];
  /** terminal mean m = μ₀/(1+λ) */
  readonly m: readonly number[];
  /** terminal covariance Q diag(σ²) Qᵀ */
  readonly covT: readonly (readonly number[])[];
  /** optimal E[L] = E ∫ ½|v|² dt */
  readonly kinetic: number;
  /** optimal E[C], C = ½|z_T|² − ℓ_T + (d/2) ln 2π (nats) */
  readonly nll: number;
  /** ℓ(T) = log det of the map's Jacobian (the same for every particle) */
  readonly logDet: number;
  /** the optimal (straight) map x ↦ z_T */
  map(x: readonly number[]): number[];
  /** Φ*(x, t) (up to a constant) with v = −∇Φ* */
  potential(x: readonly number[], t: number): number;
  /** ∇ₓΦ*(x, t) */
  potentialGrad(x: readonly number[], t: number): number[];
}

export function validateJko(p: GaussianJkoProblem): number {
  const d = p.mu0.length;
  if (d === 0) throw new Error("gaussianJko: mu0 must be non-empty");
  if (p.s.length !== d) throw new Error(`gaussianJko: s must have length ${d}, got ${p.s.length}`);
  p.s.forEach((v, i) => {
    if (!(v > 0) || !Number.isFinite(v)) throw new Error(`gaussianJko: s[${i}] must be finite and > 0, got ${v}`);
  });
  if (p.Q.length !== d || p.Q.some((r) => r.length !== d)) throw new Error(`gaussianJko: Q must be ${d} × ${d}`);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += (p.Q[k]?.[i] as number) * (p.Q[k]?.[j] as number);
      if (Math.abs(dot - (i === j ? 1 : 0)) > 1e-9) throw new Error("gaussianJko: Q must be orthogonal");
    }
  }
  if (!(p.T > 0) || !Number.isFinite(p.T)) throw new Error(`gaussianJko: T must be finite and > 0, got ${p.T}`);
  if (!(p.alphaC > 0) || !Number.isFinite(p.alphaC)) throw new Error(`gaussianJko: alphaC must be finite and > 0, got ${p.alphaC}`);
  return d;
}

/** eigen-coordinates Qᵀx and back */
export function toEigen(Q: readonly (readonly number[])[], x: readonly number[]): number[] {
  return x.map((_, i) => x.reduce((acc, xk, k) => acc + (Q[k]?.[i] as number) * xk, 0));
}
export function fromEigen(Q: readonly (readonly number[])[], y: readonly number[]): number[] {
  return y.map((_, i) => y.reduce((acc, yk, k) => acc + (Q[i]?.[k] as number) * yk, 0));
}

const LN2PI = Math.log(2 * Math.PI);

export function gaussianJko(p: GaussianJkoProblem): GaussianJkoSolution {
  const d = validateJko(p);
  const lambda = p.alphaC * p.T;
  const sigma = p.s.map((s) => jkoSigma(s, lambda));
  const m = p.mu0.map((v) => v / (1 + lambda));
  const covT = p.Q.map((_, i) => p.Q.map((__, j) => sigma.reduce((acc, sg, k) => acc + (p.Q[i]?.[k] as number) * sg * sg * (p.Q[j]?.[k] as number), 0)));
  const sq = (v: number): number => v * v;
  const kinetic = (p.mu0.reduce((a, v, i) => a + sq(v - (m[i] as number)), 0) + p.s.reduce((a, s, i) => a + sq(s - (sigma[i] as number)), 0)) / (2 * p.T);
  const logDet = sigma.reduce((a, sg, i) => a + Math.log(sg / (p.s[i] as number)), 0);
  const nll = 0.5 * (m.reduce((a, v) => a + v * v, 0) + sigma.reduce((a, v) => a + v * v, 0)) - logDet + (d / 2) * LN2PI;
  // Φ* in eigen-coordinates y = Qᵀx, τ = T − t: Σ ½aᵢyᵢ²/(1+aᵢτ) + bᵢyᵢ/(1+aᵢτ) − bᵢ²τ/(2(1+aᵢτ))
  const me = toEigen(p.Q, m);
  const a = sigma.map((sg) => p.alphaC * (1 - 1 / (sg * sg)));
  const b = sigma.map((sg, i) => (p.alphaC * (me[i] as number)) / (sg * sg));
  const potential = (x: readonly number[], t: number): number => {
    const y = toEigen(p.Q, x), tau = p.T - t;
    return y.reduce((acc, yi, i) => {
      const ai = a[i] as number, bi = b[i] as number, den = 1 + ai * tau;
      return acc + (0.5 * ai * yi * yi + bi * yi - 0.5 * bi * bi * tau) / den;
    }, 0);
  };
  const potentialGrad = (x: readonly number[], t: number): number[] => {
    const y = toEigen(p.Q, x), tau = p.T - t;
    return fromEigen(p.Q, y.map((yi, i) => ((a[i] as number) * yi + (b[i] as number)) / (1 + (a[i] as number) * tau)));
  };
  const mu0e = toEigen(p.Q, p.mu0);
  const map = (x: readonly number[]): number[] => {
    const y = toEigen(p.Q, x);
    return fromEigen(p.Q, y.map((yi, i) => (me[i] as number) + ((sigma[i] as number) / (p.s[i] as number)) * (yi - (mu0e[i] as number))));
  };
  return { problem: p, d, sigma, m, covT, kinetic, nll, logDet, map, potential, potentialGrad };
}

/**
 * log ρ*_t(x) of the MFG solution: particles move on the straight map's segments at constant speed,
 * so ρ*_t = N(μ_t, Q diag(r_t²) Qᵀ) with μ_t = μ₀ + (t/T)(m − μ₀), r_t,i = (1 − t/T)sᵢ + (t/T)σᵢ.
 */
export function jkoLogDensity(sol: GaussianJkoSolution, x: readonly number[], t: number): number {
  const p = sol.problem, tau = t / p.T;
  const y = toEigen(p.Q, x.map((v, i) => v - ((1 - tau) * (p.mu0[i] as number) + tau * (sol.m[i] as number))));
  return y.reduce((acc, yi, i) => {
    const r = (1 - tau) * (p.s[i] as number) + tau * (sol.sigma[i] as number);
    return acc - 0.5 * (yi / r) ** 2 - Math.log(r);
  }, -(sol.d / 2) * LN2PI);
}

export interface LikelihoodOnlyLimit {
  /** min E[C] = H(ρ₀) = (d/2) ln(2πe) + Σ ln sᵢ: the floor of likelihood-only training */
  readonly entropy: number;
  /** minimal E[L] among flows with ρ_T = N(0, I) (the Brenier map's) */
  readonly kinetic: number;
  /** the Brenier map x ↦ Q diag(1/sᵢ) Qᵀ(x − μ₀) */
  map(x: readonly number[]): number[];
}

/** α_C → ∞: every flow with ρ_T = N(0, I) minimises E[C]; the kinetic-optimal one is Brenier's */
export function likelihoodOnlyLimit(p: GaussianJkoProblem): LikelihoodOnlyLimit {
  const d = validateJko(p);
  const entropy = (d / 2) * Math.log(2 * Math.PI * Math.E) + p.s.reduce((a, s) => a + Math.log(s), 0);
  const kinetic = (p.mu0.reduce((a, v) => a + v * v, 0) + p.s.reduce((a, s) => a + (s - 1) * (s - 1), 0)) / (2 * p.T);
  const map = (x: readonly number[]): number[] => {
    const y = toEigen(p.Q, x.map((v, i) => v - (p.mu0[i] as number)));
    return fromEigen(p.Q, y.map((yi, i) => yi / (p.s[i] as number)));
  };
  return { entropy, kinetic, map };
}

export interface JkoOuPoint {
  readonly t: number;
  readonly mean: number;
  readonly variance: number;
}

/**
 * The Wasserstein gradient flow of KL(· ‖ N(0, 1)) as K JKO steps of size h = t/K from N(μ₀, s²)
 * (each step the MFG above with λ = h): nodes k = 0..K.
 */
export function jkoSteps(mu0: number, s: number, t: number, K: number): JkoOuPoint[] {
  if (!Number.isInteger(K) || K <= 0) throw new Error(`jkoSteps: K must be a positive integer, got ${K}`);
  if (!(s > 0)) throw new Error(`jkoSteps: s must be > 0, got ${s}`);
  if (!(t > 0)) throw new Error(`jkoSteps: t must be > 0, got ${t}`);
  const h = t / K;
  const out: JkoOuPoint[] = [{ t: 0, mean: mu0, variance: s * s }];
  let m = mu0, sg = s;
  for (let k = 1; k <= K; k++) {
    sg = jkoSigma(sg, h);
    m = m / (1 + h);
    out.push({ t: k * h, mean: m, variance: sg * sg });
  }
  return out;
}

/** the Ornstein–Uhlenbeck flow the JKO steps converge to: mean μ₀e^{−t}, variance 1 + (s² − 1)e^{−2t} */
export function ouFlow(mu0: number, s: number, t: number): JkoOuPoint {
  return { t, mean: mu0 * Math.exp(-t), variance: 1 + (s * s - 1) * Math.exp(-2 * t) };
}

/** n samples of ρ₀ = N(μ₀, Q diag(s²) Qᵀ) drawn from r, row-major n × d */
export function sampleJkoData(p: GaussianJkoProblem, n: number, r: { normal(): number }): Float64Array {
  const d = validateJko(p);
  const out = new Float64Array(n * d);
  const e = new Array<number>(d);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < d; i++) e[i] = (p.s[i] as number) * r.normal();
    for (let i = 0; i < d; i++) {
      let v = p.mu0[i] as number;
      for (let j = 0; j < d; j++) v += (p.Q[i]?.[j] as number) * (e[j] as number);
      out[k * d + i] = v;
    }
  }
  return out;
}
