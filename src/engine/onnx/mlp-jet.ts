/**
 * The MLP d → k₁ → … → k_L → 1 forward jet (value u, gradient ∇u, Laplacian Δu w.r.t. the input)
 * as graph ops, and its hand-written reverse. Layouts follow src/jet: weights W_l [in,out] and
 * b_l [out] as in tfjs; the space part of a jet direction-major, J [d,n,k]; Δ as L [n,k].
 * Per hidden layer, with a = f(z), p = f'(z), q = f''(z):
 *   layer 0:  z = xW₀ + b₀,  J = W₀ ⊙ p (W₀ broadcast over n),  L = q ⊙ Σᵢ W₀[i,:]²
 *   layer l:  z = aW + b,  J_z = JW,  L_z = LW,  J = p ⊙ J_z,  L = p ⊙ L_z + q ⊙ Σ_d J_z²
 *   output:   u = aW_L + b_L,  ∇u = JW_L [d,n,1],  Δu = LW_L.
 * The input x is data (no derivative w.r.t. x is needed).
 */
import type { ActivationRules } from "./activation";
import type { Graph } from "./graph";
import type { JetCotangents, NetJetGraph } from "./net-jet";

export interface MlpJetShape {
  readonly n: number;
  readonly d: number;
  readonly hidden: readonly number[];
}

/** What the forward pass keeps for the reverse (tensor names). */
interface Saved {
  readonly aPrev: string;
  readonly jPrev?: string;
  readonly lPrev?: string;
  readonly a: string;
  readonly p: string;
  readonly q: string;
  /** layer 0: W₀ as [d,1,k] and Σᵢ W₀[i,:]²; later layers: J_z, L_z, Σ_d J_z² */
  readonly jz: string;
  readonly lz?: string;
  readonly sq: string;
}

export interface MlpJet {
  readonly u: string;
  /** [d,n,1] */
  readonly grad: string;
  /** [n,1] */
  readonly lap: string;
  readonly saved: readonly Saved[];
  readonly last: { readonly a: string; readonly j: string; readonly l: string };
}

/** Shapes of W₀, b₀, …, W_L, b_L: the order of net.vars of src/nets mlp(). */
export function mlpVarShapes(s: MlpJetShape): number[][] {
  const w = [s.d, ...s.hidden, 1];
  const out: number[][] = [];
  for (let l = 0; l + 1 < w.length; l++) out.push([w[l] as number, w[l + 1] as number], [w[l + 1] as number]);
  return out;
}

export function mlpJetForward(g: Graph, s: MlpJetShape, x: string, vars: readonly string[], f: ActivationRules): MlpJet {
  const W = (l: number): string => vars[2 * l] as string;
  const B = (l: number): string => vars[2 * l + 1] as string;
  const L = s.hidden.length;
  const saved: Saved[] = [];
  const act = (z: string): { a: string; p: string; q: string } => {
    const a = f.value(g, z);
    const p = f.d1(g, a);
    return { a, p, q: f.d2(g, a, p) };
  };
  const t0 = act(g.add(g.mm(x, W(0)), B(0)));
  const w0 = g.reshape(W(0), [s.d, 1, s.hidden[0] as number]);
  const s0 = g.sum(g.sq(W(0)), [0]);
  saved.push({ aPrev: x, ...t0, jz: w0, sq: s0 });
  let [a, J, Lp] = [t0.a, g.mul(w0, t0.p), g.mul(t0.q, s0)];
  for (let l = 1; l < L; l++) {
    const t = act(g.add(g.mm(a, W(l)), B(l)));
    const jz = g.mm(J, W(l));
    const lz = g.mm(Lp, W(l));
    const Q = g.sum(g.sq(jz), [0]);
    saved.push({ aPrev: a, jPrev: J, lPrev: Lp, ...t, jz, lz, sq: Q });
    [a, J, Lp] = [t.a, g.mul(t.p, jz), g.add(g.mul(t.p, lz), g.mul(t.q, Q))];
  }
  return { u: g.add(g.mm(a, W(L)), B(L)), grad: g.mm(J, W(L)), lap: g.mm(Lp, W(L)), saved, last: { a, j: J, l: Lp } };
}

/** Gradients of the loss w.r.t. W₀, b₀, …, W_L, b_L (same order and shapes as mlpVarShapes). */
export function mlpJetReverse(g: Graph, s: MlpJetShape, x: string, vars: readonly string[], jet: MlpJet, ct: JetCotangents, f: ActivationRules): string[] {
  const { n, d } = s;
  const L = s.hidden.length;
  const W = (l: number): string => vars[2 * l] as string;
  const grads: string[] = new Array<string>(2 * L + 2);
  const kL = s.hidden[L - 1] as number;
  const flat = (t: string, k: number): string => g.reshape(t, [d * n, k]);
  const fromJetOut = g.add(g.mmTA(flat(jet.last.j, kL), flat(ct.dgrad, 1)), g.mmTA(jet.last.l, ct.dlap));
  grads[2 * L] = ct.du === undefined ? fromJetOut : g.add(fromJetOut, g.mmTA(jet.last.a, ct.du));
  grads[2 * L + 1] = ct.du === undefined ? g.mul(g.sum(ct.dlap, [0]), g.scalar(0)) : g.sum(ct.du, [0]);
  const wLT = g.transpose(W(L), [1, 0]);
  let da = ct.du === undefined ? undefined : g.mm(ct.du, wLT);
  let dJ = g.mm(ct.dgrad, wLT);
  let dL = g.mm(ct.dlap, wLT);
  for (let l = L - 1; l >= 0; l--) {
    const sv = jet.saved[l] as Saved;
    // through J = p ⊙ J_z (or W₀ ⊙ p) and L = p ⊙ L_z + q ⊙ Σ J_z² (or q ⊙ Σ W₀²)
    const dp = l > 0 ? g.add(g.sum(g.mul(dJ, sv.jz), [0]), g.mul(dL, sv.lz as string)) : g.sum(g.mul(dJ, sv.jz), [0]);
    const dq = g.mul(dL, sv.sq);
    let dA = g.add(g.mul(f.d1DA(g, sv.a), dp), g.mul(f.d2DA(g, sv.a), dq));
    if (da !== undefined) dA = g.add(dA, da);
    const dz = g.mul(dA, sv.p);
    const qdL = g.mul(sv.q, dL);
    grads[2 * l + 1] = g.sum(dz, [0]);
    if (l === 0) {
      const k = s.hidden[0] as number;
      const viaJ = g.reshape(g.sum(g.mul(dJ, sv.p), [1]), [d, k]);
      const viaSq = g.mul(g.mul(g.scalar(2), W(0)), g.sum(qdL, [0]));
      grads[0] = g.add(g.add(g.mmTA(x, dz), viaJ), viaSq);
      break;
    }
    const [k, kPrev] = [s.hidden[l] as number, s.hidden[l - 1] as number];
    const dJz = g.add(g.mul(sv.p, dJ), g.mul(g.mul(g.scalar(2), qdL), sv.jz));
    const dLz = g.mul(sv.p, dL);
    grads[2 * l] = g.add(g.add(g.mmTA(sv.aPrev, dz), g.mmTA(flat(sv.jPrev as string, kPrev), flat(dJz, k))), g.mmTA(sv.lPrev as string, dLz));
    const wT = g.transpose(W(l), [1, 0]);
    da = g.mm(dz, wT);
    dJ = g.mm(dJz, wT);
    dL = g.mm(dLz, wT);
  }
  return grads;
}

/** The MLP as a step graph's net. */
export function mlpJetGraph(s: MlpJetShape): NetJetGraph {
  return {
    kind: "mlp",
    n: s.n,
    d: s.d,
    varShapes: mlpVarShapes(s),
    forward(g, x, vars, f) {
      const jet = mlpJetForward(g, s, x, vars, f);
      return { u: jet.u, grad: jet.grad, lap: jet.lap, reverse: (ct) => mlpJetReverse(g, s, x, vars, jet, ct, f) };
    },
  };
}
