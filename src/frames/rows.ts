import * as dfd from "danfojs-node";

export type Row = Readonly<Record<string, number | string>>;

/** rows of plain values -> a danfo DataFrame with columns in first-seen order */
export function rowsToFrame(rows: readonly Row[]): dfd.DataFrame {
  if (rows.length === 0) throw new Error("rowsToFrame: rows is empty (a DataFrame needs at least one row)");
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  // danfo wants rectangular data: a column missing from a row becomes NaN
  const data = rows.map((r) => columns.map((c) => r[c] ?? NaN));
  return new dfd.DataFrame(data, { columns });
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
  return new dfd.DataFrame(data);
}

/** CSV text of a frame (danfo's module function: df.toCSV() misbehaves in danfojs-node) */
export function frameToCsv(df: dfd.DataFrame): string {
  return dfd.toCSV(df) as string;
}
