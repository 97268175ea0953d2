import * as tf from "@tensorflow/tfjs";
import type { TradingRun } from "./compare";
import type { TradingReference } from "./reference";

/**
 * The trivial runs every trained error is compared with, as stand-ins compareTradingRun reads:
 *   "static": N ≡ 0 (u_paper = −Aq², the ansatz's offset alone, so v̂ = −Aq/κ) and a density that
 *             does not move, m(t,·) = m₀;
 *   "init":   the solver's nets at initialisation (zero read-out: N ≡ 0 and m uniform on [qMin, qMax]).
 * Their v̄ is E_m[v̂] by the midpoint rule on `nQ` inventories.
 */
export function trivialTradingRuns(ref: TradingReference, nQ = 800): { static: TradingRun; init: TradingRun } {
  const p = ref.params;
  const h = (p.qMax - p.qMin) / nQ;
  const q = Array.from({ length: nQ }, (_, j) => p.qMin + (j + 0.5) * h);
  const m0 = (x: number): number => ref.density(0, x);
  const uniform = (): number => 1 / (p.qMax - p.qMin);
  const run = (density: (x: number) => number): TradingRun => {
    const vbar = q.reduce((s, x) => s + ((-p.A * x) / p.kappa) * density(x), 0) * h;
    return {
      // the core's u = −u_paper = Aq²; its feedback −∂ₚH(∂_q u) = −2Aq/(2κ)
      u: (x) => tf.tidy(() => tf.mul(tf.square(qOf(x)), p.A) as tf.Tensor2D),
      control: (x) => tf.tidy(() => tf.mul(qOf(x), -p.A / p.kappa) as tf.Tensor2D),
      m: (x) => {
        const v = qOf(x);
        const out = Float32Array.from(v.dataSync(), (qq) => density(qq));
        v.dispose();
        return tf.tensor2d(out, [out.length, 1]);
      },
      meanField: (name, times) => {
        if (name !== "vbar") throw new Error(`trivialTradingRuns: no mean-field term "${name}" (have: vbar)`);
        return times.map(() => vbar);
      },
    };
  };
  return { static: run(m0), init: run(uniform) };
}

const qOf = (x: tf.Tensor2D): tf.Tensor2D => tf.slice(x, [0, 1], [-1, 1]) as tf.Tensor2D;
