// input() for cells: `import { input } from "../kernel/server/stdin"; const name = await input("name? ")`.
// It asks the front end through an input_request on the stdin channel; when the request came with
// allow_stdin false (headless runs, nbconvert, our executor) it fails at once with a clear error
// instead of waiting forever for a reply that cannot come.
import type { AnyMessage } from "../protocol/messages";

export class StdinNotAllowedError extends Error {
  override readonly name = "StdinNotAllowedError";
}

/** How the kernel answers input(): set by the server for the cell being run. */
export interface StdinChannel {
  readonly allowed: boolean;
  request(prompt: string, password: boolean): Promise<string>;
}

let current: StdinChannel | undefined;

export function setStdinChannel(channel: StdinChannel | undefined): void {
  current = channel;
}

export async function input(prompt = "", opts: { readonly password?: boolean } = {}): Promise<string> {
  if (current === undefined) throw new Error("input(): no kernel request is running (only cells of the mfg-lab kernel can ask for input)");
  if (!current.allowed) {
    throw new StdinNotAllowedError(
      `input(${JSON.stringify(prompt)}): this front end allows no stdin (allow_stdin is false, e.g. a headless run); ` +
      "pass the value as a parameter instead");
  }
  return current.request(prompt, opts.password === true);
}

/** The value of an input_reply (content.value), or an error naming what came instead. */
export function inputReplyValue(msg: AnyMessage): string {
  const value = (msg.content as { value?: unknown }).value;
  if (msg.header.msg_type !== "input_reply" || typeof value !== "string") {
    throw new Error(`expected an input_reply with a string value on stdin, got ${msg.header.msg_type}`);
  }
  return value;
}
