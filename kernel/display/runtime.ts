// Where bundles go: to the Jupyter frontend when running inside a tslab kernel, else to the console
// (so notebook code also runs as a plain `tsx` script).
import type { MimeBundle } from "./bundles";

/** The slice of tslab's public API we use; `bundle` exists only in our patched tslab. */
export interface TslabDisplay {
  raw(contentType: string, b: string | Uint8Array): unknown;
  bundle?(data: MimeBundle, metadata?: Readonly<Record<string, unknown>>): void;
}
interface TslabPublic {
  readonly display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

/**
 * tslab's public module when this code runs inside a tslab kernel, else null. tslab sets
 * globalThis.__tslab__ in its own process only; its require resolves "tslab" to the running kernel,
 * so we never load a second copy (or the TypeScript compiler) in plain scripts.
 */
export function kernelApi(): TslabPublic | null {
  const host = (globalThis as { __tslab__?: { require?: unknown } }).__tslab__;
  if (host === undefined || typeof host.require !== "function") return null;
  return (host.require as (id: string) => TslabPublic)("tslab");
}

export function inKernel(): boolean {
  return kernelApi() !== null;
}

/**
 * Sends one bundle through a tslab display. Patched tslab: one display_data carrying every MIME type.
 * Stock tslab can only send one MIME type per output, so it gets the bundle's first (richest) entry.
 */
export function sendBundle(target: TslabDisplay, bundle: MimeBundle): void {
  if (typeof target.bundle === "function") {
    target.bundle(bundle);
    return;
  }
  const first = Object.entries(bundle)[0];
  if (first === undefined) return;
  target.raw(first[0], first[1] as string);
}

/** Shows a bundle: in a kernel as one display output, outside as its text/plain on stdout. */
export function showBundle(bundle: MimeBundle): void {
  const api = kernelApi();
  if (api !== null) {
    sendBundle(api.display, bundle);
    return;
  }
  const text = bundle["text/plain"];
  console.log(typeof text === "string" ? text : JSON.stringify(bundle));
}
