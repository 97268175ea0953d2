// Reading and validating nbformat 4. Invalid input is a NotebookError (exit code 2 in the CLI)
// whose message names the file and the JSON path of the first problem.
import { promises as fs } from "node:fs";
import { Cell, Notebook } from "./types";

export class NotebookError extends Error {
  override readonly name = "NotebookError";
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isMultiline = (v: unknown): boolean => typeof v === "string" || (Array.isArray(v) && v.every((s) => typeof s === "string"));
const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;
const OUTPUT_TYPES = new Set(["stream", "display_data", "execute_result", "error"]);

function outputProblem(o: unknown, at: string): string | undefined {
  if (!isObj(o)) return `${at} is not an object`;
  if (typeof o.output_type !== "string" || !OUTPUT_TYPES.has(o.output_type)) return `${at}.output_type ${JSON.stringify(o.output_type)} is not one of stream, display_data, execute_result, error`;
  if (o.output_type === "stream" && (!["stdout", "stderr"].includes(o.name as string) || !isMultiline(o.text))) return `${at}: a stream needs name stdout|stderr and text`;
  if ((o.output_type === "display_data" || o.output_type === "execute_result") && (!isObj(o.data) || !isObj(o.metadata))) return `${at}: data and metadata must be objects`;
  if (o.output_type === "error" && (typeof o.ename !== "string" || typeof o.evalue !== "string" || !Array.isArray(o.traceback))) return `${at}: an error needs ename, evalue, traceback`;
  return undefined;
}

function cellProblem(c: unknown, at: string, ids: Set<string>): string | undefined {
  if (!isObj(c)) return `${at} is not an object`;
  if (!["code", "markdown", "raw"].includes(c.cell_type as string)) return `${at}.cell_type ${JSON.stringify(c.cell_type)} is not one of code, markdown, raw`;
  if (!isMultiline(c.source)) return `${at}.source must be a string or a list of strings`;
  if (!isObj(c.metadata)) return `${at}.metadata must be an object`;
  if (c.metadata.tags !== undefined && !(Array.isArray(c.metadata.tags) && c.metadata.tags.every((t) => typeof t === "string"))) return `${at}.metadata.tags must be a list of strings`;
  if (c.id !== undefined) {
    if (typeof c.id !== "string" || !CELL_ID.test(c.id)) return `${at}.id ${JSON.stringify(c.id)} must match ${CELL_ID.source}`;
    if (ids.has(c.id)) return `${at}.id ${JSON.stringify(c.id)} is not unique`;
    ids.add(c.id);
  }
  if (c.cell_type !== "code") return undefined;
  if (!Array.isArray(c.outputs)) return `${at}.outputs must be a list`;
  if (c.execution_count !== null && !Number.isInteger(c.execution_count)) return `${at}.execution_count must be an integer or null`;
  for (const [i, o] of c.outputs.entries()) {
    const p = outputProblem(o, `${at}.outputs[${i}]`);
    if (p !== undefined) return p;
  }
  return undefined;
}

/** Validates parsed JSON as nbformat 4; returns it typed or throws NotebookError. */
export function validateNotebook(json: unknown, file: string): Notebook {
  if (!isObj(json)) throw new NotebookError(file, "not a notebook: the top level is not a JSON object");
  if (json.nbformat !== 4) throw new NotebookError(file, `not nbformat 4 (nbformat is ${JSON.stringify(json.nbformat)}); convert it with \`jupyter nbconvert --to notebook\``);
  if (!Number.isInteger(json.nbformat_minor) || (json.nbformat_minor as number) < 0) throw new NotebookError(file, "nbformat_minor must be a non-negative integer");
  if (!isObj(json.metadata)) throw new NotebookError(file, "metadata must be an object");
  if (!Array.isArray(json.cells)) throw new NotebookError(file, "cells must be a list");
  const ks = json.metadata.kernelspec;
  if (ks !== undefined && !(isObj(ks) && typeof ks.name === "string")) throw new NotebookError(file, "metadata.kernelspec must be an object with a string name");
  const ids = new Set<string>();
  for (const [i, c] of (json.cells as unknown[]).entries()) {
    const p = cellProblem(c, `cells[${i}]`, ids);
    if (p !== undefined) throw new NotebookError(file, `schema error: ${p}`);
  }
  return json as unknown as Notebook;
}

export function parseNotebook(text: string, file: string): Notebook {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new NotebookError(file, `not JSON (${(e as Error).message})`);
  }
  return validateNotebook(json, file);
}

export async function readNotebook(file: string): Promise<Notebook> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (e) {
    throw new NotebookError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseNotebook(text, file);
}

export function codeCells(nb: Notebook): Array<{ index: number; cell: Extract<Cell, { cell_type: "code" }> }> {
  const out: Array<{ index: number; cell: Extract<Cell, { cell_type: "code" }> }> = [];
  nb.cells.forEach((cell, index) => { if (cell.cell_type === "code") out.push({ index, cell }); });
  return out;
}
