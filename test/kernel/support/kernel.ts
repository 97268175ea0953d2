// Test helpers for the tslab regression tests: a kernel from our kernelspec, driven through the
// real protocol by kernel/protocol's client. MFG_LAB_TEST_TSLAB_MAIN=/path/to/tslab/dist/main.js
// runs the same tests against another tslab (e.g. a stock copy) to show that they fail there.
import { projectKernelSpec } from "../../../kernel/kernelspec";
import { KernelClient } from "../../../kernel/protocol";
import type { ExecuteReplyContent, IopubMessage } from "../../../kernel/protocol/messages";

export interface KernelSpecLike {
  readonly argv: readonly string[];
  readonly interrupt_mode?: "signal" | "message";
}

export function testKernelSpec(): KernelSpecLike {
  const other = process.env["MFG_LAB_TEST_TSLAB_MAIN"];
  if (other === undefined || other === "") return projectKernelSpec();
  const boot = "require(process.argv[1]).startKernel({configPath: process.argv[2], enableFindLocal: false})";
  return { argv: [process.execPath, "-e", boot, other, "{connection_file}"] };
}

export async function startTestKernel(cwd: string): Promise<KernelClient> {
  return KernelClient.start(testKernelSpec(), { cwd, startupTimeoutMs: 60_000 });
}

export interface Run {
  readonly reply: ExecuteReplyContent;
  /** Every iopub message of the request except status, in arrival order. */
  readonly msgs: readonly IopubMessage[];
  /** Whether the iopub idle arrived (the client gives up waiting after iopubTimeoutMs). */
  readonly idle: boolean;
}

export async function run(client: KernelClient, code: string, iopubTimeoutMs = 5000): Promise<Run> {
  const msgs: IopubMessage[] = [];
  let idle = false;
  const reply = await client.execute(code, {
    iopubTimeoutMs,
    onIopub: (m) => {
      if (m.header.msg_type !== "status") msgs.push(m);
      else if ((m.content as { execution_state?: string }).execution_state === "idle") idle = true;
    },
  });
  return { reply, msgs, idle };
}

export function ofType<T extends IopubMessage["header"]["msg_type"]>(
  r: Run, type: T,
): Extract<IopubMessage, { header: { msg_type: T } }>[] {
  return r.msgs.filter((m) => m.header.msg_type === type) as Extract<IopubMessage, { header: { msg_type: T } }>[];
}

export function stdout(r: Run): string {
  return ofType(r, "stream").filter((m) => m.content.name === "stdout").map((m) => m.content.text).join("");
}
