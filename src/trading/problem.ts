/**
 * Crowd trading (Cardaliaguet–Lehalle, Cartea–Jaimungal ansatz): the model's parameters as data.
 * Price dS = γ v̄_t dt + σ dW, inventory dQ = v dt, cash dX = −v(S + κv) dt; each trader maximises
 * E[X_T + Q_T S_T − A Q_T² − φ ∫ Q_t² dt] and m₀ = N(μ₀, s₀²).
 */
export interface TradingParams {
  /** horizon */
  readonly T: number;
  /** temporary impact (cost κv² per unit time) */
  readonly kappa: number;
  /** running inventory penalty */
  readonly phi: number;
  /** terminal inventory penalty */
  readonly A: number;
  /** permanent impact of the crowd's mean rate on the price drift */
  readonly gamma: number;
  /** mean of the initial inventory law m₀ */
  readonly mu0: number;
  /** standard deviation of m₀ */
  readonly s0: number;
  /** inventory window [qMin, qMax] used for sampling and quadrature (not part of the model) */
  readonly qMin: number;
  readonly qMax: number;
}

/** Defaults of problems.md (ours): T = 1, κ = 1, φ = 0.1, A = 1, γ = 1, m₀ = N(4, 0.3²), q ∈ [0, 8]. */
export const TRADING_DEFAULTS: TradingParams = Object.freeze({
  T: 1,
  kappa: 1,
  phi: 0.1,
  A: 1,
  gamma: 1,
  mu0: 4,
  s0: 0.3,
  qMin: 0,
  qMax: 8,
});

/** Defaults overridden by `over`, validated. */
export function tradingParams(over: Partial<TradingParams> = {}): TradingParams {
  const p: TradingParams = Object.freeze({ ...TRADING_DEFAULTS, ...over });
  validateTradingParams(p);
  return p;
}

/** Throws an error naming the offending parameter. */
export function validateTradingParams(p: TradingParams): void {
  const finite = (name: keyof TradingParams): number => {
    const v = p[name];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`trading: parameter ${name} must be a finite number, got ${String(v)}`);
    }
    return v;
  };
  const positive = (name: keyof TradingParams): void => {
    if (finite(name) <= 0) throw new Error(`trading: parameter ${name} must be > 0, got ${p[name]}`);
  };
  const nonNegative = (name: keyof TradingParams): void => {
    if (finite(name) < 0) throw new Error(`trading: parameter ${name} must be >= 0, got ${p[name]}`);
  };
  positive("T");
  positive("kappa");
  nonNegative("phi");
  nonNegative("A");
  finite("gamma");
  finite("mu0");
  positive("s0");
  finite("qMin");
  finite("qMax");
  if (p.qMax <= p.qMin) {
    throw new Error(`trading: parameter qMax (${p.qMax}) must exceed qMin (${p.qMin})`);
  }
}
