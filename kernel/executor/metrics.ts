// The metrics contract: the LAST display carrying this MIME type is the notebook's metrics
// (kernel/display emitMetrics), a flat name -> number object copied into summary.json.
import { METRICS_MIME } from "../display/mime";
import type { IopubMessage } from "../protocol/messages";

export { METRICS_MIME };

export type Metrics = Record<string, number>;

export function metricsOf(msg: IopubMessage): Metrics | undefined {
  const t = msg.header.msg_type;
  if (t !== "display_data" && t !== "update_display_data" && t !== "execute_result") return undefined;
  const data = (msg.content as { data?: Record<string, unknown> }).data;
  let m = data?.[METRICS_MIME];
  if (typeof m === "string") {
    try { m = JSON.parse(m); } catch { return undefined; } // tslab's display.raw sends text
  }
  if (typeof m !== "object" || m === null || Array.isArray(m)) return undefined;
  const out: Metrics = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === "number") out[k] = v;
  return out;
}
