/**
 * Feature-jet rules as graph ops, each recording its hand-written reverse on a tape: the graph
 * counterpart of src/jet's linear, sum, activation and product rules, and the one place of these
 * rules in graphs (mlp-jet.ts and dgm-jet.ts compose them). A jet of k features at n points:
 * value v [n,k], space derivatives s [d,n,k] (direction-major), Laplacian l [n,k] and, with a
 * time input (column 0 of x), ∂ₜ t [n,k]; l and t undefined: zero. The input's linear map has
 * s = U's space rows as [d,1,k] and t = U's time row [1,k] for all points (`broadcast`): their
 * cotangents arrive as [d,n,k] and [n,k] and are summed over n where U's gradient is formed.
 * reverse() replays the tape backwards once, accumulating cotangents per jet and gradients per
 * weight (graph tensor name).
 */
import type { ActivationRules } from "./activation";
import type { Graph } from "./graph";
import type { JetCotangents } from "./net-jet";

export interface TapeJet {
  readonly id: number;
  readonly k: number;
  readonly v: string;
  readonly s: string;
  readonly l?: string;
  readonly t?: string;
  readonly broadcast?: boolean;
}

export interface ReadOut {
  readonly u: string;
  readonly grad: string;
  readonly lap: string;
  readonly dt?: string;
  readonly jet: TapeJet;
  readonly bias: string;
}

interface Cot {
  v?: string;
  s?: string;
  l?: string;
  t?: string;
}

type Part = keyof Cot;

export class JetTape {
  private readonly back: (() => void)[] = [];
  private readonly cots = new Map<number, Cot>();
  private readonly wgrads = new Map<string, string>();
  private ids = 0;

  /** x [n, d] or, with `time`, [n, 1 + d] (t first) */
  constructor(private readonly g: Graph, private readonly f: ActivationRules, private readonly x: string, private readonly d: number, private readonly time = false) {}

  /** xU: v = xU, ∂ᵢ = U[i,:] at every point (the space rows), ∂ₜ = U[0,:] (the time row), Δ = 0 (x is data: its own jet is the identity) */
  inputLinear(u: string, k: number): TapeJet {
    const { g, x, d, time } = this;
    const space = time ? g.slice(u, 0, 1, 1 + d) : u;
    const t = time ? g.slice(u, 0, 0, 1) : undefined;
    const out = this.jet({ k, v: g.mm(x, u), s: g.reshape(space, [d, 1, k]), ...(t ? { t } : {}), broadcast: true });
    this.record(out, (c) => {
      this.addW(u, c.v && g.mmTA(x, c.v));
      const ds = c.s && g.reshape(g.sum(c.s, [1]), [d, k]);
      if (!time) return this.addW(u, ds);
      const dt = c.t && g.sum(c.t, [0], true);
      if (ds !== undefined || dt !== undefined) this.addW(u, g.concat([dt ?? g.mul(t as string, g.scalar(0)), ds ?? g.mul(space, g.scalar(0))], 0));
    });
    return out;
  }

  /** jW (no bias: it enters with the activation) */
  linear(j: TapeJet, w: string, k: number): TapeJet {
    const { g } = this;
    this.full(j, "linear");
    const l = j.l && g.mm(j.l, w);
    const t = j.t && g.mm(j.t, w);
    const out = this.jet({ k, v: g.mm(j.v, w), s: g.mm(j.s, w), ...(l ? { l } : {}), ...(t ? { t } : {}) });
    this.record(out, (c) => {
      const wT = g.transpose(w, [1, 0]);
      this.addW(w, c.v && g.mmTA(j.v, c.v));
      this.addW(w, c.s && g.mmTA(g.reshape(j.s, [-1, j.k]), g.reshape(c.s, [-1, k])));
      this.addW(w, c.l && j.l && g.mmTA(j.l, c.l));
      this.addW(w, c.t && j.t && g.mmTA(j.t, c.t));
      this.addCot(j, "v", c.v && g.mm(c.v, wT));
      this.addCot(j, "s", c.s && g.mm(c.s, wT));
      if (j.l) this.addCot(j, "l", c.l && g.mm(c.l, wT));
      if (j.t) this.addCot(j, "t", c.t && g.mm(c.t, wT));
    });
    return out;
  }

  add(a: TapeJet, b: TapeJet): TapeJet {
    return this.sum(a, b, 1);
  }

  sub(a: TapeJet, b: TapeJet): TapeJet {
    return this.sum(a, b, -1);
  }

  /** σ(z + bias): v = a, ∂ = p ∂z, ∂ₜ = p ∂ₜz, Δ = p Δz + q Σᵢ(∂ᵢz)², with a = σ, p = σ', q = σ'' */
  activate(z: TapeJet, bias: string): TapeJet {
    const { g, f } = this;
    const a = f.value(g, g.add(z.v, bias));
    const p = f.d1(g, a);
    const q = f.d2(g, a, p);
    const sq = g.sum(g.sq(z.s), [0]);
    const l = plus(g, z.l && g.mul(p, z.l), g.mul(q, sq)) as string;
    const t = z.t && g.mul(p, z.t);
    const out = this.jet({ k: z.k, v: a, s: g.mul(z.s, p), l, ...(t ? { t } : {}) });
    this.record(out, (c) => {
      const dp = plus(g, c.s && g.sum(g.mul(c.s, z.s), [0]), c.l && z.l && g.mul(c.l, z.l), c.t && z.t && g.mul(c.t, z.t));
      const dq = c.l && g.mul(c.l, sq);
      const dA = plus(g, c.v, dp && g.mul(f.d1DA(g, a), dp), dq && g.mul(f.d2DA(g, a), dq));
      const dz = dA && g.mul(dA, p);
      this.addCot(z, "v", dz);
      this.addW(bias, dz && g.sum(dz, [0]));
      const qdl2 = c.l && g.mul(g.scalar(2), g.mul(q, c.l));
      this.addCot(z, "s", plus(g, c.s && g.mul(p, c.s), qdl2 && g.mul(qdl2, z.s)));
      if (z.l) this.addCot(z, "l", c.l && g.mul(p, c.l));
      if (z.t) this.addCot(z, "t", c.t && g.mul(p, c.t));
    });
    return out;
  }

  /** Hadamard product: v = a b, ∂ = b ∂a + a ∂b (∂ᵢ and ∂ₜ), Δ = a Δb + b Δa + 2 Σᵢ ∂ᵢa ∂ᵢb */
  product(a: TapeJet, b: TapeJet): TapeJet {
    const { g } = this;
    this.full(a, "product");
    this.full(b, "product");
    const cross = g.sum(g.mul(a.s, b.s), [0]);
    const l = plus(g, a.l && g.mul(b.v, a.l), b.l && g.mul(a.v, b.l), g.mul(g.scalar(2), cross)) as string;
    const t = plus(g, a.t && g.mul(a.t, b.v), b.t && g.mul(b.t, a.v));
    const out = this.jet({ k: a.k, v: g.mul(a.v, b.v), s: g.add(g.mul(a.s, b.v), g.mul(b.s, a.v)), l, ...(t ? { t } : {}) });
    this.record(out, (c) => {
      const cl2 = c.l && g.mul(g.scalar(2), c.l);
      for (const [p, q] of [[a, b], [b, a]] as const) {
        const viaT = c.t && q.t && g.mul(c.t, q.t);
        this.addCot(p, "v", plus(g, c.v && g.mul(c.v, q.v), c.s && g.sum(g.mul(c.s, q.s), [0]), c.l && q.l && g.mul(c.l, q.l), viaT));
        this.addCot(p, "s", plus(g, c.s && g.mul(c.s, q.v), cl2 && g.mul(cl2, q.s)));
        if (p.l) this.addCot(p, "l", c.l && g.mul(c.l, q.v));
        if (p.t) this.addCot(p, "t", c.t && g.mul(c.t, q.v));
      }
    });
    return out;
  }

  /** The scalar output u = jW + b (W [k,1]): u [n,1], ∇u [d,n,1], Δu [n,1], ∂ₜu [n,1] with a time input. */
  readOut(j: TapeJet, w: string, bias: string): ReadOut {
    const z = this.linear(j, w, 1);
    if (z.l === undefined) throw new Error("jet tape: readOut of a jet without a Laplacian");
    const u = this.g.add(z.v, bias);
    return { u, grad: z.s, lap: z.l, ...(z.t ? { dt: z.t } : {}), jet: z, bias };
  }

  /**
   * Replays the tape backwards from the read-out's cotangents (`readOut` of this tape) and returns
   * d loss / d w for each weight asked for; a weight the loss does not reach gets zeros.
   */
  reverse(out: ReadOut, ct: JetCotangents, weights: readonly string[]): string[] {
    this.addW(out.bias, ct.du && this.g.sum(ct.du, [0]));
    this.addCot(out.jet, "v", ct.du);
    this.addCot(out.jet, "s", ct.dgrad);
    this.addCot(out.jet, "l", ct.dlap);
    if (out.jet.t) this.addCot(out.jet, "t", ct.ddt);
    for (let i = this.back.length - 1; i >= 0; i--) (this.back[i] as () => void)();
    return weights.map((w) => this.wgrads.get(w) ?? this.g.mul(w, this.g.scalar(0)));
  }

  private sum(a: TapeJet, b: TapeJet, sign: 1 | -1): TapeJet {
    const { g } = this;
    const op = sign === 1 ? g.add : g.sub;
    const neg = (t: string | undefined): string | undefined => (t === undefined || sign === 1 ? t : g.mul(g.scalar(-1), t));
    // l and t are optional (zero when undefined)
    const opt = (x: string | undefined, y: string | undefined): string | undefined => (x && y ? op(x, y) : x ?? neg(y));
    const [l, t] = [opt(a.l, b.l), opt(a.t, b.t)];
    const out = this.jet({ k: a.k, v: op(a.v, b.v), s: op(a.s, b.s), ...(l ? { l } : {}), ...(t ? { t } : {}) });
    this.record(out, (c) => {
      for (const part of ["v", "s", "l", "t"] as const) {
        if (a[part] !== undefined) this.addCot(a, part, c[part]);
        if (b[part] !== undefined) this.addCot(b, part, neg(c[part]));
      }
    });
    return out;
  }

  private jet(parts: Omit<TapeJet, "id">): TapeJet {
    return { id: this.ids++, ...parts };
  }

  private full(j: TapeJet, rule: string): void {
    if (j.broadcast) throw new Error(`jet tape: ${rule} of the input's linear map (add a layer's jet to it first)`);
  }

  /** the reverse of the op that made `out`, run only if a cotangent reached it */
  private record(out: TapeJet, reverse: (c: Cot) => void): void {
    this.back.push(() => {
      const c = this.cots.get(out.id);
      if (c !== undefined) reverse(c);
    });
  }

  private addCot(j: TapeJet, part: Part, t: string | undefined): void {
    if (t === undefined) return;
    const c = this.cots.get(j.id) ?? {};
    c[part] = plus(this.g, c[part], t) as string;
    this.cots.set(j.id, c);
  }

  private addW(w: string, t: string | undefined): void {
    if (t === undefined) return;
    this.wgrads.set(w, plus(this.g, this.wgrads.get(w), t) as string);
  }
}

/** Sum of the defined terms (undefined: none). */
function plus(g: Graph, ...terms: (string | undefined)[]): string | undefined {
  let acc: string | undefined;
  for (const t of terms) if (t !== undefined) acc = acc === undefined ? t : g.add(acc, t);
  return acc;
}
