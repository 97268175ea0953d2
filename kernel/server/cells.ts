// tslab as a library: its converter (cell -> module, type check, language service) and its executor
// (exports shared between cells, top-level await, interrupts). tslab reports results through the
// console it is given; we pass one that records them instead of printing.
import { createConverter, type Converter, type ConvertResult } from "tslab/dist/converter";
import { createExecutor, type ConverterSet, type Executor } from "tslab/dist/executor";
import type { ErrorContent } from "../protocol/messages";
import { diagnosticsError, errorContent } from "./errors";
import { loadProject, type Project } from "./project";
import { CellMaps } from "./cell-maps";
import { runsNoUserCode } from "./inert-code";

export type CellOutcome =
  | { readonly ok: true; readonly hasValue: boolean; readonly value?: unknown; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: ErrorContent };

/** tslab's printDiagnostics format: fileName, line, column, message. */
const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

/**
 * The node converter without side outputs (emitDependencies: false makes none; dropping them also
 * covers a stock converter): imported project files (../src) are loaded by Node's require through
 * tsx (one module instance per file, source-mapped stacks), not from tslab's in-memory copies.
 * The cell's output is named for its traceback positions (CellMaps).
 */
function loadImportsWithNode(conv: Converter, maps: CellMaps, label: () => string): Converter {
  return {
    convert(prevDecl: string, src: string): ConvertResult {
      const { sideOutputs: _dropped, ...rest } = conv.convert(prevDecl, src);
      if (rest.output === undefined) return rest;
      // breakOnSigint: false spares a cell that calls nothing the watchdog thread (inert-code.ts)
      const breakOnSigint = !runsNoUserCode(rest.output);
      return { ...rest, output: maps.register(rest.output, rest.sourceMaps, rest.hasToplevelAwait === true, label()), breakOnSigint };
    },
    inspect: (prevDecl, src, position) => conv.inspect(prevDecl, src, position),
    complete: (prevDecl, src, position) => conv.complete(prevDecl, src, position),
    addModule: (name, content, meta) => conv.addModule(name, content, meta),
    close: () => conv.close(),
  };
}

function converterSet(project: Project, maps: CellMaps, label: () => string): ConverterSet {
  let node: Converter | undefined;
  let browser: Converter | undefined;
  return {
    get node(): Converter {
      node ??= loadImportsWithNode(createConverter({
        isJS: false,
        isBrowser: false,
        emitDependencies: false,
        sourceMap: true,
        directCommonJS: true,
        checkDependency: (file) => !project.files.has(file),
      }), maps, label);
      return node;
    },
    get browser(): Converter {
      browser ??= createConverter({ isJS: false, isBrowser: true });
      return browser;
    },
    close(): void {
      node?.close();
      browser?.close();
    },
  };
}

export class Cells {
  private readonly executor: Executor;
  private readonly maps = new CellMaps();
  /** How tracebacks name the cell being compiled ("In [3]"). */
  private label = "In [ ]";
  private running = false;
  private record: { value?: unknown; hasValue: boolean; thrown?: unknown; threw: boolean; diagnostics: string[] } =
    { hasValue: false, threw: false, diagnostics: [] };

  constructor(cwd: string = process.cwd()) {
    const convs = converterSet(loadProject(cwd), this.maps, () => this.label);
    void convs.node; // compile the (empty) cell program now, not at the first cell
    this.executor = createExecutor(cwd, convs, {
      log: (value?: unknown) => { this.record.value = value; this.record.hasValue = true; },
      error: (first?: unknown, ...rest: unknown[]) => {
        if (first === DIAGNOSTIC_FORMAT && rest.length === 4) {
          const [file, line, col, text] = rest as [string, number, number, string];
          this.record.diagnostics.push(`${file}${line}:${col} - ${text}`);
        } else {
          this.record.thrown = first;
          this.record.threw = true;
        }
      },
    });
  }

  async run(code: string, label: string): Promise<CellOutcome> {
    this.record = { hasValue: false, threw: false, diagnostics: [] };
    this.label = label;
    this.running = true;
    let ok: boolean;
    try {
      ok = await this.executor.execute(code);
    } finally {
      this.running = false;
    }
    const r = this.record;
    if (ok) return { ok: true, hasValue: r.hasValue, value: r.value, warnings: r.diagnostics };
    if (r.threw) return { ok: false, error: errorContent(r.thrown, (lines) => this.maps.rewrite(lines)) };
    return { ok: false, error: diagnosticsError(r.diagnostics) };
  }

  /**
   * Rejects the awaited promise of the running cell (synchronous code needs SIGINT). Only while a
   * cell runs: tslab's interrupt rejects the promise the NEXT cell would race against otherwise.
   */
  interrupt(): void {
    if (this.running) this.executor.interrupt();
  }

  complete(code: string, cursor: number): ReturnType<Executor["complete"]> {
    return this.executor.complete(code, cursor);
  }

  inspect(code: string, cursor: number): ReturnType<Executor["inspect"]> | undefined {
    return this.executor.inspect(code, cursor);
  }

  close(): void { this.executor.close(); }
}
