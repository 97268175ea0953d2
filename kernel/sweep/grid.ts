// Grids: `--grid name=v1,v2,…` with JSON literal values (a value that is not JSON is a string, the
// rule of `-p`) and integer ranges `seed=1..5`; the runs are the cartesian product, in the order
// the axes were given, the last axis varying fastest.
import type { Json } from "../nbformat/types";
import { ParameterError } from "../params";

export interface GridAxis {
  readonly name: string;
  readonly values: readonly Json[];
}

export interface GridRun {
  /** stable and readable: `seed=3,lrU=0.01` */
  readonly id: string;
  /** the grid's values for this run (without the fixed -p / -f parameters) */
  readonly point: Readonly<Record<string, Json>>;
}

const NAME = /^[A-Za-z_$][\w$]*$/;
const RANGE = /^(-?\d+)\.\.(-?\d+)$/;
/** Ranges longer than this are surely typos (`1..1000000`); the run-count guard comes later. */
const MAX_RANGE = 1_000_000;

/** Splits at commas outside brackets, braces and double-quoted strings. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function valuesOf(name: string, raw: string): Json[] {
  const range = RANGE.exec(raw.trim());
  if (range !== null) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (to < from) throw new ParameterError(`--grid ${name}=${raw}: empty range (${to} < ${from})`);
    if (to - from + 1 > MAX_RANGE) throw new ParameterError(`--grid ${name}=${raw}: more than ${MAX_RANGE} values`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  return splitTopLevel(raw).map((part) => {
    if (part.trim() === "") throw new ParameterError(`--grid ${name}=${raw}: empty value`);
    try {
      return JSON.parse(part) as Json;
    } catch {
      return part;
    }
  });
}

/** One `--grid name=values` argument. */
export function parseGridArg(arg: string): GridAxis {
  const eq = arg.indexOf("=");
  const name = arg.slice(0, eq).trim();
  if (eq <= 0 || !NAME.test(name)) throw new ParameterError(`--grid ${JSON.stringify(arg)}: expected name=v1,v2,… or name=a..b`);
  const values = valuesOf(name, arg.slice(eq + 1));
  const seen = new Set<string>();
  for (const v of values) {
    const key = JSON.stringify(v);
    if (seen.has(key)) throw new ParameterError(`--grid ${name}: value ${key} given twice`);
    seen.add(key);
  }
  return { name, values };
}

/** Axes with the same name are an error: which one would win is not obvious. */
export function checkAxes(axes: readonly GridAxis[]): void {
  const names = axes.map((a) => a.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new ParameterError(`--grid ${twice} given twice; put all its values in one --grid`);
}

export function gridSize(axes: readonly GridAxis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

/** Keeps ids readable and file-name safe: strings bare, JSON otherwise, unsafe bytes %-escaped. */
function idPart(v: Json): string {
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text.replace(/[^\w.+\-[\]:]/g, (c) => encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`));
}

/** `name=value,…` for the given names of a point, in the given order ("all" when none). */
export function pointId(point: Readonly<Record<string, Json>>, names: readonly string[]): string {
  if (names.length === 0) return "all";
  return names.map((n) => `${n}=${idPart(point[n] as Json)}`).join(",");
}

export function expandGrid(axes: readonly GridAxis[]): GridRun[] {
  let points: Record<string, Json>[] = [{}];
  for (const axis of axes) points = points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.name]: v })));
  const names = axes.map((a) => a.name);
  const runs = points.map((point) => ({ id: pointId(point, names), point }));
  const ids = new Set<string>();
  for (const r of runs) {
    // "1" and 1 print alike; a notebook parameter has one kind, so this needs a mixed-kind grid
    if (ids.has(r.id)) throw new ParameterError(`--grid: two runs would share the id ${r.id}; use values of one JSON kind per name`);
    ids.add(r.id);
  }
  return runs;
}
