// The `parameters` cell: one `const name = <JSON literal>;` per line, `//` comments and blank lines allowed.
import type { Json } from "../nbformat/types";

export class ParameterError extends Error {
  override readonly name = "ParameterError";
}

export interface ParameterDecl {
  readonly name: string;
  readonly value: Json;
  readonly line: number; // 1-based, in the parameters cell
}

const DECL = /^\s*(?:export\s+)?(const|let)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(.*)$/;

/** Splits `<json>; // comment` by trying each `;` until the left part is valid JSON. */
function literalOf(rest: string): Json | undefined {
  const cuts = [...rest.matchAll(/;/g)].map((m) => m.index);
  for (const cut of [...cuts, rest.length]) {
    const after = rest.slice(cut + 1).trim();
    if (cut < rest.length && after !== "" && !after.startsWith("//")) continue;
    try {
      return JSON.parse(rest.slice(0, cut)) as Json;
    } catch {
      // not this cut
    }
  }
  return undefined;
}

export function parseParameters(source: string, where: string): ParameterDecl[] {
  const decls: ParameterDecl[] = [];
  source.split("\n").forEach((text, i) => {
    const line = i + 1;
    const trimmed = text.trim();
    if (trimmed === "" || trimmed.startsWith("//")) return;
    const m = DECL.exec(text);
    const value = m === null ? undefined : literalOf((m[3] ?? "").trim());
    if (m === null || value === undefined) {
      throw new ParameterError(`${where}, line ${line}: expected \`const name = <JSON literal>;\`, got ${JSON.stringify(trimmed)}`);
    }
    decls.push({ name: m[2] as string, value, line });
  });
  return decls;
}

/** `-p name=value`: the value as JSON when it parses, else the raw string (papermill's rule). */
export function parseAssignment(arg: string): [string, Json] {
  const eq = arg.indexOf("=");
  const name = arg.slice(0, eq).trim();
  if (eq <= 0 || !/^[A-Za-z_$][\w$]*$/.test(name)) throw new ParameterError(`-p ${JSON.stringify(arg)}: expected name=value`);
  const raw = arg.slice(eq + 1);
  try {
    return [name, JSON.parse(raw) as Json];
  } catch {
    return [name, raw];
  }
}

export function kindOf(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}
