import * as tf from "@tensorflow/tfjs";
import type { ScalarJet } from "../jet";

/**
 * The score MFG's HJB residual (problems.md §6B), R[ψ] = ∂ₜψ − Δψ − x·∇ψ − |∇ψ|² − d, per row [n,1]:
 * the OU Fokker–Planck equation divided by p, so R[log p_t] = 0 (and R[log N(0, I)] = 0 too).
 * x [n,d] are the rows' space coordinates; ψ's jet must carry ∂ₜ.
 */
export function scoreHjbResidualTensor(psi: ScalarJet, x: tf.Tensor2D): tf.Tensor2D {
  if (psi.dt === undefined) throw new Error("scoreHjbResidual: ψ's jet has no ∂ₜ (the potential needs a time input)");
  const dt = psi.dt;
  return tf.tidy(() => {
    const d = x.shape[1];
    const xg = tf.sum(tf.mul(x, psi.grad), 1, true);
    const g2 = tf.sum(tf.square(psi.grad), 1, true);
    return tf.sub(tf.sub(tf.sub(tf.sub(dt, psi.lap), xg), g2), d) as tf.Tensor2D;
  });
}

/** denoising score matching E|σ_t ∇ψ(t, x_t) + ε|² with x_t = e^{−t}x₀ + σ_t ε (σ [n,1], ε [n,d]) */
export function dsmLoss(psi: ScalarJet, sigma: tf.Tensor2D, eps: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sum(tf.square(tf.add(tf.mul(psi.grad, sigma), eps)), 1)) as tf.Scalar);
}

/** the HJB penalty E[σ_t⁴ R[ψ]²] (σ⁴ puts it on the DSM's scale: σ_t² R is O(1) as t → 0) */
export function hjbPenalty(residual: tf.Tensor2D, sigma: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.mul(residual, tf.square(sigma)))) as tf.Scalar);
}
