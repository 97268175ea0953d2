// The Jupyter wire format: [identities..., "<IDS|MSG>", hmac, header, parent, metadata, content, buffers...].
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { AnyMessage, Header, PROTOCOL_VERSION } from "./messages";

const DELIM = Buffer.from("<IDS|MSG>");

export class SignatureError extends Error {
  override readonly name = "SignatureError";
}

export function sign(key: string, parts: readonly Buffer[]): string {
  if (key === "") return ""; // an empty key disables signing (protocol spec)
  const h = createHmac("sha256", key);
  for (const p of parts) h.update(p);
  return h.digest("hex");
}

export function makeHeader<T extends string>(msgType: T, session: string): Header<T> {
  return {
    msg_id: randomUUID(),
    session,
    username: "mfg-lab",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

export function serialize(key: string, msg: AnyMessage): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((o) =>
    Buffer.from(JSON.stringify(o)),
  );
  return [DELIM, Buffer.from(sign(key, parts)), ...parts, ...msg.buffers];
}

/** Parses and verifies a received multipart message; throws SignatureError on a bad HMAC. */
export function deserialize(key: string, frames: readonly Buffer[]): AnyMessage {
  const at = frames.findIndex((f) => f.equals(DELIM));
  if (at < 0 || frames.length < at + 6) throw new Error("malformed Jupyter message: no <IDS|MSG> delimiter or too few frames");
  const signature = frames[at + 1] as Buffer;
  const parts = frames.slice(at + 2, at + 6);
  if (key !== "") {
    const want = Buffer.from(sign(key, parts));
    if (signature.length !== want.length || !timingSafeEqual(signature, want)) {
      throw new SignatureError("rejected a kernel message with an invalid HMAC signature");
    }
  }
  const [header, parent, metadata, content] = parts.map((p) => JSON.parse(p.toString("utf8")) as unknown);
  return {
    header: header as Header,
    parent_header: (parent ?? {}) as Partial<Header>,
    metadata: (metadata ?? {}) as Record<string, unknown>,
    content: (content ?? {}) as Record<string, unknown>,
    buffers: frames.slice(at + 6),
  } as AnyMessage;
}
