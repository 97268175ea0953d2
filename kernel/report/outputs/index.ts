import type { Safe } from "../html";
import { renderRich } from "./rich";
import { renderError, renderStream } from "./stream";
import type { Output, RenderContext } from "./types";

export { METRICS_MIME, PLOTLY_MIME } from "./rich";
export type { Output, RenderContext, RichOutput } from "./types";
export { joinText } from "./types";

export function renderOutput(output: Output, ctx: RenderContext): Safe {
  switch (output.output_type) {
    case "stream":
      return renderStream(output);
    case "error":
      return renderError(output);
    default:
      return renderRich(output, ctx);
  }
}
