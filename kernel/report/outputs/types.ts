/** The slice of nbformat 4 that reports read (multiline strings may be arrays of lines). */
export type MultilineString = string | readonly string[];

export interface StreamOutput {
  readonly output_type: "stream";
  readonly name: "stdout" | "stderr";
  readonly text: MultilineString;
}

export interface ErrorOutput {
  readonly output_type: "error";
  readonly ename: string;
  readonly evalue: string;
  readonly traceback: readonly string[];
}

export interface RichOutput {
  readonly output_type: "display_data" | "execute_result";
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly execution_count?: number | null;
}

export type Output = StreamOutput | ErrorOutput | RichOutput;

export function joinText(text: unknown): string {
  if (Array.isArray(text)) return text.join("");
  return typeof text === "string" ? text : JSON.stringify(text, null, 2);
}

/** Numbers each Plotly figure of a page, so containers get stable unique ids. */
export interface RenderContext {
  figureCount: number;
}
