import { UsageError } from "./usage-error";

/**
 * The one argv walk of the CLI's commands: `option(a, value)` handles a flag and returns true
 * (`value()` takes the next word, or fails naming the flag); a word it does not handle that starts
 * with "-" is an unknown option; any other word goes to `positional`.
 */
export function walkArgs(rest: readonly string[], option: (a: string, value: () => string) => boolean, positional: (a: string) => void): void {
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (option(a, value)) continue;
    if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
    positional(a);
  }
}
