/**
 * The MLP d → k₁ → … → k_L → 1 forward jet (value u, gradient ∇u, Laplacian Δu w.r.t. the input)
 * and its reverse, composed from the jet tape's rules (jet-tape.ts):
 *   layer 0:  σ(xW₀ + b₀);  layer l:  σ(aW_l + b_l);  output:  u = aW_L + b_L.
 * Layouts follow src/jet: weights W_l [in,out] and b_l [out] as in tfjs. The input x is data
 * (no derivative w.r.t. x is needed).
 */
import { JetTape } from "./jet-tape";
import type { NetJetGraph } from "./net-jet";

export interface MlpJetShape {
  readonly n: number;
  readonly d: number;
  readonly hidden: readonly number[];
  /** column 0 of x is time t (the jet then carries ∂ₜ) */
  readonly time?: boolean;
}

/** Shapes of W₀, b₀, …, W_L, b_L: the order of net.vars of src/nets mlp(). */
export function mlpVarShapes(s: MlpJetShape): number[][] {
  const w = [s.d + (s.time ? 1 : 0), ...s.hidden, 1];
  const out: number[][] = [];
  for (let l = 0; l + 1 < w.length; l++) out.push([w[l] as number, w[l + 1] as number], [w[l + 1] as number]);
  return out;
}

/** The MLP as a step graph's net, composed from the jet tape's rules. */
export function mlpJetGraph(s: MlpJetShape): NetJetGraph {
  const L = s.hidden.length;
  return {
    kind: "mlp",
    n: s.n,
    d: s.d,
    time: s.time ?? false,
    varShapes: mlpVarShapes(s),
    forward(g, x, vars, f) {
      const t = new JetTape(g, f, x, s.d, s.time);
      const v = (i: number): string => vars[i] as string;
      const k = (l: number): number => s.hidden[l] as number;
      let a = t.activate(t.inputLinear(v(0), k(0)), v(1));
      for (let l = 1; l < L; l++) a = t.activate(t.linear(a, v(2 * l), k(l)), v(2 * l + 1));
      const out = t.readOut(a, v(2 * L), v(2 * L + 1));
      return { u: out.u, grad: out.grad, lap: out.lap, ...(out.dt ? { dt: out.dt } : {}), reverse: (ct) => t.reverse(out, ct, vars) };
    },
  };
}
