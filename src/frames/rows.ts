import type * as dfd from "danfojs-node";

let danfoModule: typeof dfd | undefined;

/**
 * danfojs-node, loaded at the first frame made: loading it (xlsx, mathjs, …) takes ~2 s, which every
 * `import … from "../src"` paid while src imported it at the top.
 */
function danfo(): typeof dfd {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  danfoModule ??= require("danfojs-node") as typeof dfd;
  return danfoModule;
}

export type Row = Readonly<Record<string, number | string>>;

/** rows of plain values -> a danfo DataFrame with columns in first-seen order */
export function rowsToFrame(rows: readonly Row[]): dfd.DataFrame {
  if (rows.length === 0) throw new Error("rowsToFrame: rows is empty (a DataFrame needs at least one row)");
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  // danfo wants rectangular data: a column missing from a row becomes NaN
  const data = rows.map((r) => columns.map((c) => r[c] ?? NaN));
  return new (danfo().DataFrame)(data, { columns });
}

/** columns of equal length -> a danfo DataFrame */
export function columnsToFrame(columns: Readonly<Record<string, ArrayLike<number> | readonly string[]>>): dfd.DataFrame {
  const names = Object.keys(columns);
  if (names.length === 0) throw new Error("columnsToFrame: no columns");
  const n = (columns[names[0] as string] as ArrayLike<unknown>).length;
  const data: Record<string, (number | string)[]> = {};
  for (const k of names) {
    const c = columns[k] as ArrayLike<number | string>;
    if (c.length !== n) throw new Error(`columnsToFrame: column "${k}" has length ${c.length}, expected ${n}`);
    data[k] = Array.from(c);
  }
  return new (danfo().DataFrame)(data);
}

/** CSV text of a frame (danfo's module function: df.toCSV() misbehaves in danfojs-node) */
export function frameToCsv(df: dfd.DataFrame): string {
  return danfo().toCSV(df) as string;
}
