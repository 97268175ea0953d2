/**
 * Validation primitives for config objects and arguments. Every error names the config (or function)
 * and the field, and quotes the offending value: `trainJsdGan: dBatch must be a positive integer, got 0`.
 * Each rule returns the value, narrowed, so a check can sit where the value is read.
 */

/** a check of one field: throws, or returns the value */
export type Rule<T> = (where: string, field: string, v: unknown) => T;

function fail(where: string, field: string, what: string, v: unknown): never {
  const shown = typeof v === "string" ? `"${v}"` : Array.isArray(v) ? `[${v.join(", ")}]` : String(v);
  throw new Error(`${where}: ${field} must be ${what}, got ${shown}`);
}

const isNumber = (v: unknown): v is number => typeof v === "number";

/** a rule on numbers: `ok` decides, `what` completes "must be …" in the error */
export function numberRule(what: string, ok: (v: number) => boolean): Rule<number> {
  return (where, field, v) => (isNumber(v) && ok(v) ? v : fail(where, field, what, v));
}

export const integer = numberRule("an integer", Number.isInteger);
export const positiveInt = numberRule("a positive integer", (v) => Number.isInteger(v) && v > 0);
export const nonNegativeInt = numberRule("a non-negative integer", (v) => Number.isInteger(v) && v >= 0);
export const finite = numberRule("finite", Number.isFinite);
export const finitePositive = numberRule("finite and > 0", (v) => Number.isFinite(v) && v > 0);
export const finiteNonNegative = numberRule("finite and >= 0", (v) => Number.isFinite(v) && v >= 0);
/** >= 0, +Infinity allowed (e.g. an inverse temperature) */
export const nonNegative = numberRule(">= 0", (v) => v >= 0);

/** an integer >= min */
export function intAtLeast(min: number): Rule<number> {
  return numberRule(`an integer >= ${min}`, (v) => Number.isInteger(v) && v >= min);
}

/** a number in an interval; `bounds` says which ends are open, e.g. "(]" for (lo, hi] */
export function inRange(lo: number, hi: number, bounds: "[]" | "(]" | "[)" | "()" = "[]"): Rule<number> {
  const loOk = bounds[0] === "[" ? (v: number): boolean => v >= lo : (v: number): boolean => v > lo;
  const hiOk = bounds[1] === "]" ? (v: number): boolean => v <= hi : (v: number): boolean => v < hi;
  return numberRule(`in ${bounds[0]}${lo}, ${hi}${bounds[1]}`, (v) => loOk(v) && hiOk(v));
}

/** one of the listed strings: `must be "a", "b" or "c"` */
export function oneOf<const T extends string>(options: readonly T[]): Rule<T> {
  const quoted = options.map((o) => `"${o}"`);
  const text = quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}` : (quoted[0] ?? "nothing");
  return (where, field, v) => ((options as readonly unknown[]).includes(v) ? (v as T) : fail(where, field, text, v));
}

/** a non-empty list of positive integers (layer widths) */
export const positiveIntList: Rule<readonly number[]> = (where, field, v) =>
  Array.isArray(v) && v.length > 0 && v.every((h) => isNumber(h) && Number.isInteger(h) && h > 0)
    ? (v as number[])
    : fail(where, field, "a non-empty list of positive integers", v);

/** the rule, but an absent (undefined) value passes */
export function optional<T>(rule: Rule<T>): Rule<T | undefined> {
  return (where, field, v) => (v === undefined ? undefined : rule(where, field, v));
}

/** one rule over several fields, e.g. all("trainJsdGan", { batch: c.batch, dSteps: c.dSteps }, positiveInt) */
export function all<T>(where: string, fields: Readonly<Record<string, unknown>>, rule: Rule<T>): void {
  for (const [field, v] of Object.entries(fields)) rule(where, field, v);
}
