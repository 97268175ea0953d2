// Tracebacks at cell lines. Each compiled cell gets a script name (//# sourceURL) and tslab's
// source maps (its CommonJS output -> the cell; or, for a cell transpiled from its ES module
// output, CommonJS -> ES module -> the cell), so a stack frame `at deep (mfg-lab-cell-7:5:11)`
// becomes `at deep (In [3]:2:9)`: the cell and its own line:column.
import { SourceMap } from "node:module";

/** The wrapper tslab's executor puts around a cell's code, on the code's first line. */
const WRAPPER_PREFIX = { sync: "(function(exports, require) { ", async: "(async function(exports, require) { " };
/** tslab compiles a cell as a file whose first line is "export {};". */
const CELL_FILE_PREFIX_LINES = 1;
const FRAME = /mfg-lab-cell-(\d+):(\d+):(\d+)/g;

/**
 * tslab's maps of a compiled cell, the cell's first: [output -> cell], or [ES module -> cell,
 * output -> ES module] (ConvertResult.sourceMaps).
 */
export type CellSourceMaps = readonly [string] | readonly [string, string];

/**
 * A compiled cell's maps, kept as tslab's JSON text and parsed only when a stack frame in the cell
 * is mapped (most cells never throw; parsing the maps of every cell was a cost of every cell).
 */
interface CellScript {
  readonly label: string;
  readonly maps: CellSourceMaps;
  parsed?: readonly SourceMap[];
  readonly prefixLength: number;
  readonly outputLines: number;
}

function parsedMaps(s: CellScript): readonly SourceMap[] {
  s.parsed ??= s.maps.map((m) => new SourceMap(JSON.parse(m) as ConstructorParameters<typeof SourceMap>[0]));
  return s.parsed;
}

interface Position { readonly line: number; readonly column: number }

function originalOf(map: SourceMap, p: Position): Position | undefined {
  const e = map.findEntry(p.line, p.column) as { originalLine?: number; originalColumn?: number };
  return e.originalLine === undefined || e.originalColumn === undefined ? undefined : { line: e.originalLine, column: e.originalColumn };
}

export class CellMaps {
  private readonly scripts = new Map<number, CellScript>();
  private next = 0;

  /** The output to run, named so that its stack frames can be mapped back to `label`. */
  register(output: string, maps: CellSourceMaps | undefined, topLevelAwait: boolean, label: string): string {
    const id = ++this.next;
    if (maps !== undefined) {
      this.scripts.set(id, {
        label,
        maps,
        prefixLength: (topLevelAwait ? WRAPPER_PREFIX.async : WRAPPER_PREFIX.sync).length,
        outputLines: output.split("\n").length,
      });
    }
    return `${output}\n//# sourceURL=mfg-lab-cell-${id}`;
  }

  /** The cell position (1-based) of a runtime position in script `id`, if it maps to the cell's code. */
  cellPosition(id: number, line: number, column: number): { label: string; line: number; column: number } | undefined {
    const s = this.scripts.get(id);
    if (s === undefined || line > s.outputLines) return undefined;
    const generated = { line: line - 1, column: column - 1 - (line === 1 ? s.prefixLength : 0) };
    // from the output back through each map, the last (output -> ...) first
    let cell: Position | undefined = generated;
    for (const map of [...parsedMaps(s)].reverse()) cell = cell === undefined ? undefined : originalOf(map, cell);
    if (cell === undefined || cell.line < CELL_FILE_PREFIX_LINES) return undefined;
    return { label: s.label, line: cell.line - CELL_FILE_PREFIX_LINES + 1, column: cell.column + 1 };
  }

  /**
   * A stack trace's lines with cell frames at cell positions; frames of the executor's wrapper
   * call (past the cell's code) are dropped.
   */
  rewrite(lines: readonly string[]): string[] {
    const out: string[] = [];
    for (const line of lines) {
      let keep = true;
      const mapped = line.replace(FRAME, (whole, id: string, l: string, c: string) => {
        const p = this.cellPosition(Number(id), Number(l), Number(c));
        if (p === undefined) {
          if (this.scripts.has(Number(id))) keep = false;
          return whole;
        }
        return `${p.label}:${p.line}:${p.column}`;
      });
      if (keep) out.push(mapped);
    }
    return out;
  }
}
