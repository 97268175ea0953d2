/** SIGINT/SIGTERM abort the runs (kernels killed, partial notebooks written); a second one exits at once. */
export function trapSignals(ctrl: AbortController): { received: () => NodeJS.Signals | undefined; release: () => void } {
  let got: NodeJS.Signals | undefined;
  const handler = (sig: NodeJS.Signals): void => {
    if (got !== undefined) process.exit(sig === "SIGINT" ? 130 : 143); // the exit hook SIGKILLs kernels
    got = sig;
    ctrl.abort();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return { received: () => got, release: () => { process.off("SIGINT", handler); process.off("SIGTERM", handler); } };
}

export const signalExitCode = (sig: NodeJS.Signals): number => (sig === "SIGINT" ? 130 : 143);
