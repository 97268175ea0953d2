/**
 * One-at-a-time ablation of a recipe (an object of factors): for each factor where `base` and
 * `other` differ, `base` with that one factor taken from `other`, in `base`'s key order.
 */
export function oneAtATime<R extends object>(base: R, other: R): { factor: keyof R & string; recipe: R }[] {
  const factors = Object.keys(base) as (keyof R & string)[];
  return factors.filter((f) => base[f] !== other[f]).map((factor) => ({ factor, recipe: { ...base, [factor]: other[factor] } }));
}
