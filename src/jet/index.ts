/**
 * src/jet — one jet type and one table of derivative rules (in the spirit of JAX's `jet`).
 *
 * A jet of a scalar u at n points is a ScalarJet {u [n,1], grad [n,d], lap [n,1], dt? [n,1],
 * hess? [n,d,d]} over the space coordinates (time, when an input, is column 0 of x and only
 * contributes dt). Nets produce them with `net.jet(x, { hessian?, inputGrad? })` (src/nets);
 * this module's plain functions combine them into fields, each partwise by the rules of rules.ts:
 *   jetScale(a, c)    c·a
 *   jetAdd(a, b)      a + b          jetSub(a, b)   a − b
 *   jetMul(a, b)      a·b            (∇: a∇b + b∇a; Δ: aΔb + bΔa + 2∇a·∇b; Hessian likewise)
 *   jetExp(a)         e^a            (e^N densities: Δe^N = e^N (ΔN + |∇N|²))
 *   jetLog(a)         log a
 *   jetOffset(a, g)   a + g for a closed-form g given by its value, gradient, Laplacian (and
 *                     Hessian, dt; an omitted dt means ∂t g = 0)
 *   jetAffineInput(j, a)  the chain rule of y = a∘x + b: N's jet w.r.t. y -> u(x) = N(y)'s w.r.t. x
 * dt and hess are carried when every operand has them; a mismatch is an error naming the part.
 * Every result is differentiable w.r.t. the net's weights (and w.r.t. x when the net's jet was)
 * by one ordinary reverse pass.
 *
 * The rules table (rules.ts), written once for a layer's features and for ScalarJets:
 * linear (matMul + bias), elementwise functions (tanh via 2σ(2z)−1, sigmoid, softplus, exp, log:
 * value, first and second derivative; functions.ts), product, sums, input maps (affine scaling and
 * offsets of inputs, the periodic sin/cos feature map; input.ts) and offsets (scalar.ts). The
 * fused activation and product (fused.ts) are the same rules as single tape nodes with hand-written
 * reverse passes, which the nets use for speed. Every tfjs-internal access of the solver is in
 * tfjs-internals.ts, behind a guard that refuses tfjs other than 4.22.x.
 */
export type { Activation, JetOptions, ScalarJet } from "./types";
export { checkScalarJet, jetAdd, jetAffineInput, jetExp, jetLog, jetMul, jetOffset, jetScale, jetSub } from "./scalar";
export { ELEMENTWISE, type Elementwise, type ElementwiseName } from "./functions";
