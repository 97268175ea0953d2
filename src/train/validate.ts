/**
 * One config-validation helper: a rule per field, checked in order; the first bad value throws an
 * error naming the owner and the field, e.g. `mfg.solve: batch must be a positive integer, got 0`.
 */
export type Rule =
  | "int"
  | "positiveInt"
  | "nonNegativeInt"
  | "positive"
  | "nonNegative"
  | "finite"
  | "fraction"
  | "boolean"
  | "function"
  | readonly string[];

const CHECKS: Record<Exclude<Rule, readonly string[]>, [(v: unknown) => boolean, string]> = {
  int: [(v) => typeof v === "number" && Number.isInteger(v), "an integer"],
  positiveInt: [(v) => typeof v === "number" && Number.isInteger(v) && v > 0, "a positive integer"],
  nonNegativeInt: [(v) => typeof v === "number" && Number.isInteger(v) && v >= 0, "an integer >= 0"],
  positive: [(v) => typeof v === "number" && Number.isFinite(v) && v > 0, "a finite number > 0"],
  nonNegative: [(v) => typeof v === "number" && Number.isFinite(v) && v >= 0, "a finite number >= 0"],
  finite: [(v) => typeof v === "number" && Number.isFinite(v), "a finite number"],
  fraction: [(v) => typeof v === "number" && v > 0 && v <= 1, "a number in (0, 1]"],
  boolean: [(v) => typeof v === "boolean", "true or false"],
  function: [(v) => typeof v === "function", "a function"],
};

/** Checks cfg[k] against rules[k] for every k of rules (undefined values are skipped when optional). */
export function validateConfig<C extends object>(
  owner: string,
  cfg: C,
  rules: Partial<Record<keyof C & string, Rule>>,
  optional: readonly (keyof C & string)[] = [],
): C {
  for (const [k, rule] of Object.entries(rules) as [keyof C & string, Rule][]) {
    const v = (cfg as Record<string, unknown>)[k];
    if (v === undefined && optional.includes(k)) continue;
    if (Array.isArray(rule)) {
      if (!rule.includes(v as string)) throw new Error(`${owner}: ${k} must be one of ${rule.map((r) => JSON.stringify(r)).join(", ")}, got ${JSON.stringify(v)}`);
      continue;
    }
    const [ok, what] = CHECKS[rule as Exclude<Rule, readonly string[]>];
    if (!ok(v)) throw new Error(`${owner}: ${k} must be ${what}, got ${typeof v === "function" ? "a function" : JSON.stringify(v) ?? String(v)}`);
  }
  return cfg;
}

/** Unknown option names are an error (a typo would otherwise silently run the default). */
export function rejectUnknown(owner: string, cfg: object, known: readonly string[]): void {
  for (const k of Object.keys(cfg)) {
    if (!known.includes(k)) throw new Error(`${owner}: unknown option "${k}" (known: ${known.join(", ")})`);
  }
}
