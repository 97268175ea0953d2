// Writing notebooks atomically (temp file + rename) in nbformat 4.5, with cell ids.
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Notebook, splitLines, sourceText } from "./types";

export function newCellId(): string {
  return randomBytes(4).toString("hex");
}

/** Upgrades to 4.5 in place: every cell gets an id (required from 4.5 on). */
export function upgradeTo45(nb: Notebook): Notebook {
  nb.nbformat_minor = Math.max(nb.nbformat_minor, 5);
  const seen = new Set<string>();
  for (const cell of nb.cells) {
    if (cell.id === undefined || seen.has(cell.id)) cell.id = newCellId();
    seen.add(cell.id);
  }
  return nb;
}

/** Jupyter's own layout: 1-space indent, sources and stream texts as line lists, trailing newline. */
export function serializeNotebook(nb: Notebook): string {
  const cells = nb.cells.map((c) => {
    const source = splitLines(sourceText(c.source));
    if (c.cell_type !== "code") return { ...c, source };
    const outputs = c.outputs.map((o) => (o.output_type === "stream" ? { ...o, text: splitLines(sourceText(o.text)) } : o));
    return { ...c, source, outputs };
  });
  return JSON.stringify({ ...nb, cells }, null, 1) + "\n";
}

/** A reader never sees a half-written file: write a sibling temp file, fsync, rename over. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await fs.open(tmp, "w", 0o644);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

export async function writeNotebookAtomic(file: string, nb: Notebook): Promise<void> {
  await writeFileAtomic(file, serializeNotebook(nb));
}
