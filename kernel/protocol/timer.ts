// Cancellable sleeps: every wait in the client is raced against something, and a forgotten
// timer would keep the executor process alive after the last notebook.

export interface Timer { readonly done: Promise<void>; cancel(): void }

export function timer(ms: number): Timer {
  let handle: NodeJS.Timeout | undefined;
  let settle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    settle = resolve;
    handle = setTimeout(resolve, Math.max(0, ms));
  });
  return { done, cancel: () => { if (handle !== undefined) clearTimeout(handle); settle(); } };
}

export async function sleep(ms: number): Promise<void> {
  await timer(ms).done;
}

/** Resolves with the first settled value; cancels the timer either way. */
export async function withTimer<T, U>(p: Promise<T>, ms: number, onTimeout: U): Promise<T | U> {
  const t = timer(ms);
  try {
    return await Promise.race([p, t.done.then(() => onTimeout)]);
  } finally {
    t.cancel();
  }
}
