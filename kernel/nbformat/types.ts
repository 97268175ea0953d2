// nbformat 4 (4.5 when written): the subset of the schema the executor reads and writes.

export type MultilineString = string | string[];
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type MimeBundle = Record<string, Json>;

export interface StreamOutput { output_type: "stream"; name: "stdout" | "stderr"; text: MultilineString }
export interface DisplayDataOutput { output_type: "display_data"; data: MimeBundle; metadata: Record<string, Json>; transient?: { display_id?: string } }
export interface ExecuteResultOutput { output_type: "execute_result"; execution_count: number | null; data: MimeBundle; metadata: Record<string, Json> }
export interface ErrorOutput { output_type: "error"; ename: string; evalue: string; traceback: string[] }
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CellMetadata { tags?: string[]; [k: string]: unknown }

export interface CodeCell {
  cell_type: "code";
  id?: string;
  metadata: CellMetadata;
  source: MultilineString;
  outputs: Output[];
  execution_count: number | null;
}
export interface MarkdownCell { cell_type: "markdown"; id?: string; metadata: CellMetadata; source: MultilineString; attachments?: unknown }
export interface RawCell { cell_type: "raw"; id?: string; metadata: CellMetadata; source: MultilineString; attachments?: unknown }
export type Cell = CodeCell | MarkdownCell | RawCell;

export interface NotebookMetadata {
  kernelspec?: { name: string; display_name: string; language?: string };
  language_info?: { name: string; [k: string]: unknown };
  [k: string]: unknown;
}

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: NotebookMetadata;
  cells: Cell[];
}

export function sourceText(src: MultilineString): string {
  return Array.isArray(src) ? src.join("") : src;
}

/** nbformat's on-disk convention: a list of lines, each keeping its "\n". */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function cellTags(cell: Cell): readonly string[] {
  const tags = cell.metadata.tags;
  return Array.isArray(tags) ? tags : [];
}
