import type * as tf from "@tensorflow/tfjs";
import type { Net } from "../nets/types";
import type { FieldJet } from "./input-map";

/** net.jet(x), with the full space Hessian (src/jet's Hessian jets) when asked; refused when a net has none. */
export function netJet(net: Net, x: tf.Tensor2D, hessian = false): FieldJet {
  if (!hessian) return net.jet(x);
  const j = net.jet(x, { hessian: true });
  if (j.hess === undefined) {
    throw new Error("this problem needs the Hessian of u (D²ₚH is not a multiple of the identity), but the value net's jet returned no hess");
  }
  return j;
}
