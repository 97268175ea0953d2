// The control channel and the heartbeat in a helper process: an interrupt_request must reach a
// cell, and the heartbeat must answer, even while the kernel's JavaScript is blocked in synchronous
// code. (A worker thread would do, but zeromq's addon aborts the process when a cell calls
// process.exit() with a worker alive.) This process owns the control and heartbeat sockets,
// verifies each request's HMAC, turns interrupt_request into SIGINT for the kernel (tslab's vm
// breakOnSigint stops synchronous code; the kernel's SIGINT handler rejects awaited code) and hands
// every request to the kernel over IPC, which answers the same way. It exits with the kernel.
"use strict";
const { createHmac, timingSafeEqual } = require("crypto");
const fs = require("fs");
const zmq = require("zeromq");

const DELIM = Buffer.from("<IDS|MSG>");
const { endpoint, hbEndpoint, key } = JSON.parse(process.argv[2]);
const kernelPid = process.ppid;
// Jupyter's signal-mode interrupt goes to the kernel's process group, this process included.
process.on("SIGINT", () => undefined);
process.on("disconnect", () => process.exit(0));

function isVerifiedInterrupt(frames) {
  const at = frames.findIndex((f) => Buffer.from(f).equals(DELIM));
  if (at < 0 || frames.length < at + 6) return false;
  if (key !== "") {
    const h = createHmac("sha256", key);
    for (const part of frames.slice(at + 2, at + 6)) h.update(part);
    const want = Buffer.from(h.digest("hex"));
    const got = Buffer.from(frames[at + 1]);
    if (got.length !== want.length || !timingSafeEqual(got, want)) return false;
  }
  try {
    return JSON.parse(Buffer.from(frames[at + 2]).toString("utf8")).msg_type === "interrupt_request";
  } catch {
    return false;
  }
}

/**
 * Whether the kernel is stopped (SIGSTOP, a debugger): then the heartbeat must not answer for it,
 * as an in-process heartbeat thread would not. Linux /proc; elsewhere assumed running.
 */
function kernelStopped() {
  try {
    const stat = fs.readFileSync(`/proc/${kernelPid}/stat`, "utf8");
    return /^\S+ \(.*\) [Tt] /.test(stat);
  } catch {
    return false;
  }
}

async function echoHeartbeats() {
  const hb = new zmq.Reply({ linger: 0 });
  await hb.bind(hbEndpoint);
  process.on("message", (m) => { if (m === "close") hb.close(); });
  try {
    for await (const frames of hb) {
      while (kernelStopped()) await new Promise((r) => setTimeout(r, 50));
      await hb.send(frames);
    }
  } catch {
    // closed at shutdown
  }
}

async function serve() {
  const sock = new zmq.Router({ sendHighWaterMark: 0, linger: 0 });
  await sock.bind(endpoint);
  void echoHeartbeats();
  process.on("message", (m) => {
    if (m === "close") { sock.close(); process.exit(0); }
    sock.send(m.map((f) => Buffer.from(f))).catch(() => undefined);
  });
  process.send("bound");
  try {
    for await (const frames of sock) {
      if (isVerifiedInterrupt(frames)) process.kill(kernelPid, "SIGINT");
      process.send(frames);
    }
  } catch {
    // closed at shutdown
  }
}

serve().catch((e) => {
  process.send({ error: String(e && e.stack ? e.stack : e) });
  process.exit(1);
});
