// A minimal Jupyter kernel for client tests: answers kernel_info and execute_request correctly,
// but before each execute's real output it publishes a FORGED stream (wrong HMAC key) that a
// correct client must drop. Usage: node fake-kernel.js <connection_file> [mode]
// mode "stock" behaves like stock tslab 1.0.22: code containing "throw" fails with stderr text
// and a bare {status: "error"} reply (no iopub error), and requests arriving within 200 ms after
// an error get {status: "abort"}. mode "no-idle" never publishes the idle of an execute.
"use strict";
const fs = require("fs");
const crypto = require("crypto");
const zmq = require("zeromq");

const info = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const mode = process.argv[3] || "plain";
const DELIM = Buffer.from("<IDS|MSG>");
const url = (port) => `tcp://${info.ip}:${port}`;

function frames(key, ids, type, parent, content) {
  const header = { msg_id: crypto.randomUUID(), session: "fake", username: "fake", date: new Date().toISOString(), msg_type: type, version: "5.3" };
  const parts = [header, parent, {}, content].map((o) => Buffer.from(JSON.stringify(o)));
  const h = crypto.createHmac("sha256", key);
  parts.forEach((p) => h.update(p));
  return [...ids, DELIM, Buffer.from(h.digest("hex")), ...parts];
}

(async () => {
  const shell = new zmq.Router(), iopub = new zmq.Publisher(), control = new zmq.Router(), hb = new zmq.Reply(), stdin = new zmq.Router();
  await Promise.all([shell.bind(url(info.shell_port)), iopub.bind(url(info.iopub_port)), control.bind(url(info.control_port)), hb.bind(url(info.hb_port)), stdin.bind(url(info.stdin_port))]);
  (async () => { for await (const m of hb) await hb.send(m); })();
  (async () => { for await (const m of control) { const at = m.findIndex((f) => f.equals(DELIM)); const parent = JSON.parse(m[at + 2].toString()); await control.send(frames(info.key, m.slice(0, at), "shutdown_reply", parent, { restart: false })); process.exit(0); } })();
  let count = 0;
  let lastError = -Infinity;
  for await (const m of shell) {
    const at = m.findIndex((f) => f.equals(DELIM));
    const ids = m.slice(0, at);
    const parent = JSON.parse(m[at + 2].toString());
    const pub = (type, content, key = info.key) => iopub.send(frames(key, [], type, parent, content));
    await pub("status", { execution_state: "busy" });
    if (parent.msg_type === "kernel_info_request") {
      await shell.send(frames(info.key, ids, "kernel_info_reply", parent, { status: "ok", protocol_version: "5.3", implementation: "fake" }));
    } else if (parent.msg_type === "execute_request") {
      const code = JSON.parse(m[at + 5].toString()).code;
      if (mode === "stock" && Date.now() - lastError < 200) {
        await shell.send(frames(info.key, ids, "execute_reply", parent, { status: "abort" }));
      } else if (mode === "stock" && code.includes("throw")) {
        count++;
        lastError = Date.now();
        await pub("stream", { name: "stderr", text: `evalmachine.<anonymous>:1\n${code}\n^\n\nError: ${code.length} chars of trouble\n    at evalmachine.<anonymous>:1:7\n` });
        await shell.send(frames(info.key, ids, "execute_reply", parent, { status: "error", execution_count: count }));
      } else {
        count++;
        await pub("stream", { name: "stdout", text: "FORGED\n" }, "not-the-key");
        await pub("stream", { name: "stdout", text: "genuine\n" });
        await shell.send(frames(info.key, ids, "execute_reply", parent, { status: "ok", execution_count: count }));
      }
      if (mode === "no-idle") continue;
    }
    await pub("status", { execution_state: "idle" });
  }
})();
