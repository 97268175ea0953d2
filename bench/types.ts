/**
 * The contract between bench/run.ts and every bench/*.bench.ts file: a bench file exports
 * `run(ctx)`, reports results with ctx.emit (one JSON object per line under --json, a table row
 * otherwise) and free-text remarks with ctx.note. Benchmarks are not tests: they assert nothing.
 */
export interface BenchResult {
  readonly case: string;
  readonly backend: string;
  readonly ms_per_step?: number;
  readonly [extra: string]: unknown;
}

export interface BenchContext {
  /** command-line arguments after `npm run bench --` (e.g. --json, --quick, --case mlp-d10-lap) */
  readonly args: readonly string[];
  readonly json: boolean;
  /** --quick: fewer steps, for a smoke run */
  readonly quick: boolean;
  /** true when no `--case X` was given or one names this case: X exactly, or X plus "-…" (so mlp-d1 is not mlp-d10) */
  wants(caseName: string): boolean;
  /** value of `--name value`, if given */
  option(name: string): string | undefined;
  emit(result: BenchResult): void;
  note(text: string): void;
}

export interface BenchModule {
  run(ctx: BenchContext): Promise<void>;
}
