// Everything that can be wrong with the INPUT is found here, before a kernel starts or a file is
// written: invalid notebook, bad parameters, unknown kernel (the CLI maps these to exit code 2).
import { NotebookError } from "../nbformat/read";
import { readNotebook } from "../nbformat/read";
import { upgradeTo45 } from "../nbformat/write";
import type { Notebook } from "../nbformat/types";
import { injectParameters, ParameterError, Params } from "../params";
import type { KernelSpec } from "../protocol/kernel-process";
import { resolveKernel, ResolvedKernel, UnknownKernelError } from "./kernels";
import { markCell } from "./metadata";

export interface PrepareOptions {
  readonly input: string;
  readonly params?: Params;
  readonly kernel?: string;
  /** Bypasses kernel resolution (tests, benchmarks). */
  readonly kernelSpec?: KernelSpec;
}

export interface Prepared {
  readonly input: string;
  /** The copy that will be executed and written: parameters injected, outputs cleared, 4.5 ids. */
  readonly nb: Notebook;
  readonly kernel: ResolvedKernel;
  readonly params: Params;
}

export function isBadInput(e: unknown): e is NotebookError | ParameterError | UnknownKernelError {
  return e instanceof NotebookError || e instanceof ParameterError || e instanceof UnknownKernelError;
}

export async function prepareNotebook(opts: PrepareOptions): Promise<Prepared> {
  const source = await readNotebook(opts.input);
  const params = opts.params ?? {};
  const copy = structuredClone(source);
  const nb = upgradeTo45(injectParameters(copy, params, opts.input));
  delete nb.metadata["mfg_lab"]; // an executed input's run record is not this run's (cache.ts)
  const kernel: ResolvedKernel = opts.kernelSpec !== undefined
    ? { name: opts.kernel ?? "custom", spec: opts.kernelSpec }
    : resolveKernel(opts.kernel, nb.metadata.kernelspec?.name, opts.input);
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
    markCell(cell, "pending");
  }
  return { input: opts.input, nb, kernel, params };
}
