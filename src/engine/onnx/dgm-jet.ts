/**
 * The DGM net's forward jet (value, ∇, Δ w.r.t. the input) and its hand-written reverse as graph
 * ops, composed from the jet tape's rules exactly as src/nets/dgm.ts composes src/jet's:
 *   S₁ = σ(xW₁ + b₁); per gated layer, with the x- and S-weights of Z, G, R side by side,
 *   Z, G, R = σ(xU_· + S W_· + b_·),  H = σ(xU_h + (S∘R)W_h + b_h),  S ← H − G∘H + Z∘S;
 *   u = SW + b.
 * Variables in net.vars order: W₁, b₁, then per layer [U_z|U_g|U_r], [W_z|W_g|W_r], [b_z|b_g|b_r],
 * U_h, W_h, b_h, then W, b. The gates' blocks are sliced from the (small) weights, never from the
 * jets, and their gradients concatenated back.
 */
import type { Graph } from "./graph";
import { JetTape, type TapeJet } from "./jet-tape";
import type { NetJetGraph } from "./net-jet";

export interface DgmJetShape {
  readonly n: number;
  readonly d: number;
  readonly width: number;
  readonly layers: number;
  /** column 0 of x is time t (the jet then carries ∂ₜ) */
  readonly time?: boolean;
}

const PER_LAYER = 6;

export function dgmVarShapes(s: DgmJetShape): number[][] {
  const { width: k } = s;
  const f = s.d + (s.time ? 1 : 0);
  const layer = [[f, 3 * k], [k, 3 * k], [3 * k], [f, k], [k, k], [k]];
  return [[f, k], [k], ...Array.from({ length: s.layers }, () => layer.map((sh) => [...sh])).flat(), [k, 1], [1]];
}

/** The three k-wide blocks of a [.,3k] weight (axis 1) or [3k] bias (axis 0). */
function blocks(g: Graph, w: string, axis: number, k: number): [string, string, string] {
  return [0, 1, 2].map((b) => g.slice(w, axis, b * k, (b + 1) * k)) as [string, string, string];
}

export function dgmJetGraph(s: DgmJetShape): NetJetGraph {
  const k = s.width;
  const varShapes = dgmVarShapes(s);
  return {
    kind: "dgm",
    n: s.n,
    d: s.d,
    time: s.time ?? false,
    varShapes,
    forward(g, x, vars, f) {
      const t = new JetTape(g, f, x, s.d, s.time);
      const v = (i: number): string => vars[i] as string;
      const gate = (u: string, w: string, b: string, from: TapeJet): TapeJet => t.activate(t.add(t.inputLinear(u, k), t.linear(from, w, k)), b);
      // per layer: the names the tape sees (the gates' blocks), and how net.vars' gradients are made of theirs
      const tapeVars: string[][] = [[v(0)], [v(1)]];
      let S = t.activate(t.inputLinear(v(0), k), v(1));
      for (let l = 0; l < s.layers; l++) {
        const at = 2 + PER_LAYER * l;
        const [uz, ug, ur] = blocks(g, v(at), 1, k);
        const [wz, wg, wr] = blocks(g, v(at + 1), 1, k);
        const [bz, bg, br] = blocks(g, v(at + 2), 0, k);
        const [uh, wh, bh] = [v(at + 3), v(at + 4), v(at + 5)];
        tapeVars.push([uz, ug, ur], [wz, wg, wr], [bz, bg, br], [uh], [wh], [bh]);
        const z = gate(uz, wz, bz, S);
        const gg = gate(ug, wg, bg, S);
        const r = gate(ur, wr, br, S);
        const h = gate(uh, wh, bh, t.product(S, r));
        S = t.add(t.sub(h, t.product(gg, h)), t.product(z, S));
      }
      const last = 2 + PER_LAYER * s.layers;
      tapeVars.push([v(last)], [v(last + 1)]);
      const out = t.readOut(S, v(last), v(last + 1));
      return {
        u: out.u,
        grad: out.grad,
        lap: out.lap,
        ...(out.dt ? { dt: out.dt } : {}),
        reverse(ct) {
          const grads = t.reverse(out, ct, tapeVars.flat());
          let i = 0;
          return tapeVars.map((parts, j) => {
            const gs = grads.slice(i, (i += parts.length));
            return gs.length === 1 ? (gs[0] as string) : g.concat(gs, (varShapes[j] as number[]).length - 1);
          });
        },
      };
    },
  };
}
