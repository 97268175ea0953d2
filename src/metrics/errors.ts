/** Error metrics as pure functions of plain number arrays (number[], Float32Array, Float64Array). */

export type Numbers = ArrayLike<number>;

function checkPair(pred: Numbers, exact: Numbers, who: string): void {
  if (pred.length === 0) throw new Error(`${who}: pred is empty`);
  if (pred.length !== exact.length) {
    throw new Error(`${who}: pred has length ${pred.length}, exact has length ${exact.length}`);
  }
}

/** ‖pred − exact‖₂ / ‖exact‖₂ (discrete, on the given points); throws when ‖exact‖₂ = 0 */
export function relL2(pred: Numbers, exact: Numbers): number {
  checkPair(pred, exact, "relL2");
  let num = 0, den = 0;
  for (let i = 0; i < pred.length; i++) {
    const e = exact[i] as number;
    const diff = (pred[i] as number) - e;
    num += diff * diff;
    den += e * e;
  }
  if (den === 0) throw new Error("relL2: exact is identically zero, the relative error is undefined");
  return Math.sqrt(num / den);
}

/** max_i |pred_i − exact_i| */
export function supError(pred: Numbers, exact: Numbers): number {
  checkPair(pred, exact, "supError");
  let m = 0;
  for (let i = 0; i < pred.length; i++) {
    const a = Math.abs((pred[i] as number) - (exact[i] as number));
    if (Number.isNaN(a)) return NaN; // a NaN must not hide behind max
    if (a > m) m = a;
  }
  return m;
}

/** sqrt(mean r_i²) of a residual evaluated at sample points */
export function residualRms(residual: Numbers): number {
  if (residual.length === 0) throw new Error("residualRms: residual is empty");
  let s = 0;
  for (let i = 0; i < residual.length; i++) {
    const r = residual[i] as number;
    s += r * r;
  }
  return Math.sqrt(s / residual.length);
}

/** pointwise pred − exact, float64 */
export function pointwiseError(pred: Numbers, exact: Numbers): Float64Array {
  checkPair(pred, exact, "pointwiseError");
  const out = new Float64Array(pred.length);
  for (let i = 0; i < pred.length; i++) out[i] = (pred[i] as number) - (exact[i] as number);
  return out;
}
