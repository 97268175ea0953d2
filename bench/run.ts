/**
 * Runs every bench/*.bench.ts (each exports run(ctx), see types.ts), in file-name order.
 *   npm run bench                       human-readable lines
 *   npm run bench -- --json             one JSON object per line: {"case","backend","ms_per_step",...}
 *   npm run bench -- --quick            fewer steps (smoke run)
 *   npm run bench -- --case mlp-d10     only cases named so, or named so plus "-…" (repeatable)
 *   npm run bench -- --file solver      only bench files whose name starts with this (repeatable)
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { BenchContext, BenchModule, BenchResult } from "./types";

function values(args: readonly string[], name: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    if (a === `--${name}` && args[i + 1] !== undefined) out.push(args[i + 1] as string);
    else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3));
  });
  return out;
}

function context(args: readonly string[]): BenchContext {
  const json = args.includes("--json");
  const cases = values(args, "case");
  return {
    args,
    json,
    quick: args.includes("--quick"),
    wants: (c) => cases.length === 0 || cases.some((p) => c === p || c.startsWith(`${p}-`)),
    option: (name) => values(args, name)[0],
    emit(r: BenchResult) {
      if (json) {
        process.stdout.write(`${JSON.stringify({ kind: "timing", ...r })}\n`);
        return;
      }
      const { case: c, backend, ms_per_step: ms, ...rest } = r;
      const head = `${c.padEnd(16)} ${backend.padEnd(8)} ${ms === undefined ? "" : `${ms.toFixed(2).padStart(9)} ms/step`}`;
      process.stdout.write(`${head}  ${JSON.stringify(rest)}\n`);
    },
    note(text: string) {
      if (json) process.stdout.write(`${JSON.stringify({ kind: "note", note: text })}\n`);
      else process.stdout.write(`# ${text}\n`);
    },
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const files = values(args, "file");
  const benches = readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => files.length === 0 || files.some((p) => f.startsWith(p)))
    .sort();
  if (benches.length === 0) throw new Error(`bench: no bench/*.bench.ts file matches ${files.join(", ") || "(any)"}`);
  const ctx = context(args);
  for (const f of benches) {
    ctx.note(`bench/${f}`);
    const mod = (await import(join(__dirname, f))) as Partial<BenchModule>;
    if (typeof mod.run !== "function") throw new Error(`bench/${f}: must export run(ctx)`);
    await mod.run(ctx);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
