// `npm run kernel:install [-- --prefix DIR]`: writes the mfg-lab kernelspec for this checkout.
import { installKernelSpec } from "./install";

const USAGE = "usage: npm run kernel:install [-- --prefix DIR]";

/** Parses the CLI arguments; unknown arguments are an error, so typos never install silently elsewhere. */
export function parseInstallArgs(args: readonly string[]): { prefix?: string } {
  let prefix: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--prefix") {
      const value = args[i + 1];
      if (value === undefined || value.startsWith("--")) throw new Error(`--prefix needs a directory\n${USAGE}`);
      prefix = value;
      i++;
    } else if (arg.startsWith("--prefix=")) {
      prefix = arg.slice("--prefix=".length);
      if (prefix === "") throw new Error(`--prefix needs a directory\n${USAGE}`);
    } else if (arg === "--user") {
      // jupyter's default too; accepted for muscle memory.
    } else {
      throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    }
  }
  return prefix === undefined ? {} : { prefix };
}

export function runInstallCli(args: readonly string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  try {
    const { dir, spec } = installKernelSpec(parseInstallArgs(args));
    console.log(`installed kernelspec "mfg-lab" (${spec.display_name}) in ${dir}`);
    return 0;
  } catch (err) {
    console.error(`kernel:install: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
}

if (require.main === module) process.exitCode = runInstallCli(process.argv.slice(2));
