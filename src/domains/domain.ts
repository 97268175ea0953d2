import type * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random";
import { latinBox, latinTorus } from "./latin";
import { uniformBox, uniformTorus } from "./samplers";

/** The space part of a problem: the torus [0,1)^d or a box Π [lo_i, hi_i]. */
export type Domain =
  | { readonly kind: "torus"; readonly d: number; readonly lo: readonly number[]; readonly hi: readonly number[] }
  | { readonly kind: "box"; readonly d: number; readonly lo: readonly number[]; readonly hi: readonly number[] };

/** How collocation points are drawn. */
export type SamplingMethod = "uniform" | "latin";

/** What a spec may write: `{ torus: true }` or `{ box: [[lo, hi], …] }`. */
export interface DomainSpec {
  readonly torus?: boolean;
  readonly box?: readonly (readonly [number, number])[];
}

/** Checked domain of dimension d; errors name `domain`. */
export function domainOf(spec: DomainSpec | undefined, d: number, who: string): Domain {
  if (spec === undefined || typeof spec !== "object") throw new Error(`${who}: domain must be { torus: true } or { box: [[lo, hi], …] }, got ${String(spec)}`);
  const ones = new Array<number>(d).fill(1);
  const zeros = new Array<number>(d).fill(0);
  if (spec.torus === true && spec.box === undefined) return Object.freeze({ kind: "torus", d, lo: zeros, hi: ones });
  if (spec.box === undefined || spec.torus === true) throw new Error(`${who}: domain must have exactly one of torus: true or box`);
  if (!Array.isArray(spec.box) || spec.box.length !== d) throw new Error(`${who}: domain.box must list ${d} intervals [lo, hi] (one per dimension), got ${JSON.stringify(spec.box)}`);
  spec.box.forEach((iv, i) => {
    if (!Array.isArray(iv) || iv.length !== 2 || !Number.isFinite(iv[0]) || !Number.isFinite(iv[1]) || !(iv[0] < iv[1])) {
      throw new Error(`${who}: domain.box[${i}] must be [lo, hi] with finite lo < hi, got ${JSON.stringify(iv)}`);
    }
  });
  return Object.freeze({ kind: "box", d, lo: spec.box.map((iv) => iv[0]), hi: spec.box.map((iv) => iv[1]) });
}

export function volume(domain: Domain): number {
  return domain.lo.reduce((v, a, i) => v * ((domain.hi[i] as number) - a), 1);
}

/** n points of the domain, [n,d], uniform or Latin hypercube; torus values lie in [0,1). */
export function sampleDomain(domain: Domain, r: Rng, n: number, method: SamplingMethod = "uniform"): tf.Tensor2D {
  if (domain.kind === "torus") return method === "latin" ? latinTorus(r, n, domain.d) : uniformTorus(r, n, domain.d);
  return method === "latin" ? latinBox(r, n, domain.lo, domain.hi) : uniformBox(r, n, domain.lo, domain.hi);
}
