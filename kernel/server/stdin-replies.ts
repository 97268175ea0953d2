// input_reply messages from the stdin socket, handed to the input() calls waiting for them in order.
import { inputReplyValue } from "./stdin";
import type { KernelSockets } from "./sockets";

export class StdinReplies {
  private readonly waiting: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];

  constructor(sockets: KernelSockets) {
    void (async () => {
      try {
        for await (const { msg } of sockets.requests(sockets.stdin)) {
          const w = this.waiting.shift();
          if (w === undefined) continue;
          try { w.resolve(inputReplyValue(msg)); } catch (e) { w.reject(e as Error); }
        }
      } catch {
        // closed at shutdown
      }
    })();
  }

  next(): Promise<string> {
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
}
