import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import { deserialize, makeConnectionInfo, makeHeader, removeConnectionFile, serialize, SignatureError, writeConnectionFile } from "../../kernel/protocol";
import type { AnyMessage } from "../../kernel/protocol";

function message(): AnyMessage {
  return { header: makeHeader("execute_request", "s1"), parent_header: {}, metadata: {}, content: { code: "1+1" }, buffers: [] } as unknown as AnyMessage;
}

describe("protocol wire format", () => {
  const key = "secret-key";

  it("round-trips a signed message", () => {
    const msg = message();
    const back = deserialize(key, serialize(key, msg));
    assert.deepEqual(back.header, msg.header);
    assert.deepEqual(back.content, { code: "1+1" });
  });

  it("rejects a message signed with another key", () => {
    assert.throws(() => deserialize(key, serialize("other-key", message())), SignatureError);
  });

  it("rejects a message whose content was altered after signing", () => {
    const frames = serialize(key, message());
    frames[5] = Buffer.from(JSON.stringify({ code: "process.exit()" }));
    assert.throws(() => deserialize(key, frames), SignatureError);
  });

  it("rejects a truncated signature and an unsigned message", () => {
    const frames = serialize(key, message());
    frames[1] = (frames[1] as Buffer).subarray(0, 10);
    assert.throws(() => deserialize(key, frames), SignatureError);
    assert.throws(() => deserialize(key, serialize("", message())), SignatureError);
  });

  it("skips routing identities before the delimiter", () => {
    const frames = [Buffer.from("identity"), ...serialize(key, message())];
    assert.equal(deserialize(key, frames).header.msg_type, "execute_request");
  });

  it("signs with HMAC-SHA256 over header, parent, metadata, content", () => {
    const frames = serialize(key, message());
    const { createHmac } = require("node:crypto") as typeof import("node:crypto");
    const h = createHmac("sha256", key);
    for (const f of frames.slice(2, 6)) h.update(f);
    assert.equal((frames[1] as Buffer).toString(), h.digest("hex"));
  });
});

describe("connection file", () => {
  it("is loopback-only, has 5 distinct ports and a random key, mode 0600, and is removable", async () => {
    const a = await makeConnectionInfo();
    const b = await makeConnectionInfo();
    assert.equal(a.ip, "127.0.0.1");
    assert.equal(a.signature_scheme, "hmac-sha256");
    assert.equal(new Set([a.shell_port, a.iopub_port, a.stdin_port, a.control_port, a.hb_port]).size, 5);
    assert.ok(a.key.length >= 32);
    assert.notEqual(a.key, b.key);
    const file = await writeConnectionFile(a);
    assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(await fs.readFile(file, "utf8")), a);
    await removeConnectionFile(file);
    await assert.rejects(fs.stat(file));
  });
});
