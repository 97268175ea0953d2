// Papermill's layout: the executed copy keeps the `parameters` cell as written and gets an
// `injected-parameters` cell right after it. tslab accepts re-declaring a `const` in a later cell
// (the later declaration wins, measured with tslab 1.0.22), so the injected cell uses the same
// `const name = <JSON>;` form and the notebook's own cell stays readable.
import { promises as fs } from "node:fs";
import { CodeCell, Json, Notebook, cellTags, sourceText } from "../nbformat/types";
import { newCellId } from "../nbformat/write";
import { kindOf, ParameterError, parseParameters } from "./parse";

export const PARAMETERS_TAG = "parameters";
export const INJECTED_TAG = "injected-parameters";

export type Params = Readonly<Record<string, Json>>;

export async function readParamsFile(file: string): Promise<Params> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, "utf8"));
  } catch (e) {
    throw new ParameterError(`-f ${file}: ${(e as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new ParameterError(`-f ${file}: expected a JSON object of name -> value`);
  return json as Params;
}

/**
 * Primitives are declared with their widened type (`const s: string = "a"`): a bare `const s = "a"`
 * has the literal type "a", and a later cell's `s !== ""` or `s === "b"` would not compile.
 */
export function injectedSource(params: Params): string {
  const widened = (v: unknown): string => (["string", "number", "boolean"].includes(typeof v) ? `: ${typeof v}` : "");
  const lines = Object.entries(params).map(([k, v]) => `const ${k}${widened(v)} = ${JSON.stringify(v)};`);
  return ["// Parameters injected by `mfg-lab run`", ...lines].join("\n") + "\n";
}

/**
 * Returns a copy of `nb` with an injected-parameters cell (replacing one from an earlier run).
 * Unknown names, a missing parameters cell, or a value of another JSON kind than the default
 * (e.g. "ture" for a boolean) are ParameterErrors naming the file.
 */
export function injectParameters(nb: Notebook, params: Params, file: string): Notebook {
  const names = Object.keys(params);
  const cells = nb.cells.filter((c) => !cellTags(c).includes(INJECTED_TAG));
  const at = cells.findIndex((c) => c.cell_type === "code" && cellTags(c).includes(PARAMETERS_TAG));
  if (names.length === 0) return { ...nb, cells };
  if (at < 0) throw new ParameterError(`${file}: no cell tagged "${PARAMETERS_TAG}", cannot set ${names.join(", ")}`);
  const decls = parseParameters(sourceText((cells[at] as CodeCell).source), `${file}: parameters cell`);
  const known = new Map(decls.map((d) => [d.name, d.value]));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new ParameterError(`${file}: unknown parameter(s) ${unknown.join(", ")}; the parameters cell declares ${[...known.keys()].join(", ") || "nothing"}`);
  for (const n of names) {
    const def = known.get(n) as Json;
    const v = params[n] as Json;
    if (def !== null && kindOf(def) !== kindOf(v)) throw new ParameterError(`${file}: parameter ${n} is a ${kindOf(def)} (default ${JSON.stringify(def)}), got ${kindOf(v)} ${JSON.stringify(v)}`);
  }
  const injected: CodeCell = { cell_type: "code", id: newCellId(), metadata: { tags: [INJECTED_TAG] }, source: injectedSource(params), outputs: [], execution_count: null };
  return { ...nb, cells: [...cells.slice(0, at + 1), injected, ...cells.slice(at + 1)] };
}
