import type * as tf from "@tensorflow/tfjs";
import type { Net } from "../nets/types";
import type { FieldJet } from "./input-map";

/**
 * net.jet(x), with the full space Hessian when asked. The Hessian comes from the jet algebra's
 * `net.jet(x, { hessian: true })` (src/jet); a net without it is refused with a clear error rather
 * than approximated. Shim until every Net's type declares the option.
 */
export function netJet(net: Net, x: tf.Tensor2D, hessian = false): FieldJet {
  if (!hessian) return net.jet(x);
  const j = (net.jet as (x: tf.Tensor2D, o: { hessian: boolean }) => FieldJet)(x, { hessian: true });
  if (j.hess === undefined) {
    throw new Error("this problem needs the Hessian of u (D²ₚH is not a multiple of the identity), but the value net's jet has no hess: use a net from src/nets with Hessian jets");
  }
  return j;
}
