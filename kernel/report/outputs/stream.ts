import { AnsiUp } from "ansi_up";
import { html, trusted, type Safe } from "../html";
import { joinText, type ErrorOutput, type StreamOutput } from "./types";

/** ANSI colours to HTML spans; ansi_up escapes the text itself. */
export function ansiToHtml(text: string): Safe {
  const converter = new AnsiUp();
  converter.use_classes = false;
  return trusted(converter.ansi_to_html(text));
}

export function renderStream(output: StreamOutput): Safe {
  return html`<pre class="${output.name}">${ansiToHtml(joinText(output.text))}</pre>`;
}

export function renderError(output: ErrorOutput): Safe {
  const traceback = output.traceback.length > 0
    ? output.traceback.join("\n")
    : `${output.ename}: ${output.evalue}`;
  return html`<pre class="error">${ansiToHtml(traceback)}</pre>`;
}
