// Jupyter messaging protocol 5.3 — only the messages a headless executor sends or reads.
// Messages are a discriminated union on header.msg_type so handlers narrow the content type.

export const PROTOCOL_VERSION = "5.3";

export interface Header<T extends string = string> {
  readonly msg_id: string;
  readonly session: string;
  readonly username: string;
  readonly date: string;
  readonly msg_type: T;
  readonly version: string;
}

export type MimeBundle = Record<string, unknown>;

export interface ExecuteRequestContent {
  readonly code: string;
  readonly silent: boolean;
  readonly store_history: boolean;
  readonly user_expressions: Record<string, string>;
  readonly allow_stdin: boolean;
  readonly stop_on_error: boolean;
}

/** status is "ok" | "error" | "abort" (stock tslab answers "abort" right after an error). */
export interface ExecuteReplyContent {
  readonly status: string;
  readonly execution_count?: number | null;
  readonly ename?: string;
  readonly evalue?: string;
  readonly traceback?: readonly string[];
}

export interface KernelInfoReplyContent {
  readonly status?: string;
  readonly protocol_version: string;
  readonly implementation?: string;
  readonly language_info?: { readonly name: string; readonly [k: string]: unknown };
  readonly [k: string]: unknown;
}

export interface StreamContent { readonly name: "stdout" | "stderr"; readonly text: string }
export interface DisplayDataContent {
  readonly data: MimeBundle;
  readonly metadata?: Record<string, unknown>;
  readonly transient?: { readonly display_id?: string };
}
export interface ExecuteResultContent extends DisplayDataContent { readonly execution_count: number | null }
export interface ErrorContent { readonly ename: string; readonly evalue: string; readonly traceback: readonly string[] }
export interface StatusContent { readonly execution_state: "busy" | "idle" | "starting" }
export interface ClearOutputContent { readonly wait: boolean }
export interface ExecuteInputContent { readonly code: string; readonly execution_count: number | null }

/** Content types by msg_type: the single source for the typed union below. */
export interface ContentMap {
  execute_request: ExecuteRequestContent;
  execute_reply: ExecuteReplyContent;
  kernel_info_request: Record<string, never>;
  kernel_info_reply: KernelInfoReplyContent;
  shutdown_request: { readonly restart: boolean };
  shutdown_reply: { readonly restart: boolean; readonly status?: string };
  interrupt_request: Record<string, never>;
  interrupt_reply: { readonly status?: string };
  stream: StreamContent;
  display_data: DisplayDataContent;
  update_display_data: DisplayDataContent;
  execute_result: ExecuteResultContent;
  error: ErrorContent;
  status: StatusContent;
  clear_output: ClearOutputContent;
  execute_input: ExecuteInputContent;
}

export type MsgType = keyof ContentMap;

export interface Message<T extends string = string, C = unknown> {
  readonly header: Header<T>;
  readonly parent_header: Partial<Header>;
  readonly metadata: Record<string, unknown>;
  readonly content: C;
  readonly buffers: readonly Buffer[];
}

/** Any known message, narrowed by `msg.header.msg_type`. */
export type KnownMessage = { [K in MsgType]: Message<K, ContentMap[K]> }[MsgType];

export type IopubType =
  | "stream" | "display_data" | "update_display_data" | "execute_result"
  | "error" | "status" | "clear_output" | "execute_input";
export type IopubMessage = Extract<KnownMessage, { header: { msg_type: IopubType } }>;

/** Messages whose msg_type this client does not model are still delivered, untyped. */
export type AnyMessage = KnownMessage | Message<string, Record<string, unknown>>;

export function isType<K extends MsgType>(msg: AnyMessage, type: K): msg is AnyMessage & Message<K, ContentMap[K]> {
  return msg.header.msg_type === type;
}

/** TypeScript cannot narrow on the nested header.msg_type: this flat view narrows in a switch. */
export type IopubEvent = { [K in IopubType]: { readonly type: K; readonly content: ContentMap[K] } }[IopubType];

export function iopubEvent(msg: IopubMessage): IopubEvent {
  return { type: msg.header.msg_type, content: msg.content } as IopubEvent;
}
