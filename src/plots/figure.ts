/**
 * Plain Plotly JSON (no DOM, no plotly.js import): traces, layouts and small builders that
 * compose. Typed arrays become plain number arrays and non-finite values become null, so a
 * figure survives JSON.stringify as Plotly expects.
 */

export type Series = ArrayLike<number>;

export interface Trace {
  readonly type: string;
  readonly name?: string;
  readonly [key: string]: unknown;
}

export interface Axis {
  readonly title?: { readonly text: string };
  readonly type?: "linear" | "log";
  readonly [key: string]: unknown;
}

export interface Layout {
  readonly title?: { readonly text: string };
  readonly xaxis?: Axis;
  readonly yaxis?: Axis;
  readonly [key: string]: unknown;
}

export interface Figure {
  readonly data: readonly Trace[];
  readonly layout: Layout;
}

export interface TraceStyle {
  readonly color?: string;
  readonly dash?: "solid" | "dash" | "dot" | "dashdot";
  readonly width?: number;
}

/** JSON-safe numbers: NaN/±Infinity -> null (Plotly leaves a gap) */
export function plain(v: Series): (number | null)[] {
  return Array.from(v, (x) => (Number.isFinite(x) ? x : null));
}

function checkXY(x: Series, y: Series, who: string): void {
  if (x.length !== y.length) throw new Error(`${who}: x has length ${x.length}, y has length ${y.length}`);
}

export function lineTrace(x: Series, y: Series, name: string, style: TraceStyle = {}): Trace {
  checkXY(x, y, `lineTrace "${name}"`);
  const line: Record<string, unknown> = {};
  if (style.color !== undefined) line.color = style.color;
  if (style.dash !== undefined) line.dash = style.dash;
  if (style.width !== undefined) line.width = style.width;
  return { type: "scatter", mode: "lines", name, x: plain(x), y: plain(y), line };
}

export function scatterTrace(x: Series, y: Series, name: string, opts: { color?: string; size?: number; colorValues?: Series } = {}): Trace {
  checkXY(x, y, `scatterTrace "${name}"`);
  const marker: Record<string, unknown> = { size: opts.size ?? 4 };
  if (opts.colorValues !== undefined) {
    checkXY(x, opts.colorValues, `scatterTrace "${name}" colorValues`);
    marker.color = plain(opts.colorValues);
    marker.showscale = true;
  } else if (opts.color !== undefined) marker.color = opts.color;
  return { type: "scatter", mode: "markers", name, x: plain(x), y: plain(y), marker };
}

/** z[i][j] is the value at (x[j], y[i]) — Plotly's row-major convention */
export function heatmapTrace(x: Series, y: Series, z: readonly Series[], name = "", colorscale = "Viridis"): Trace {
  if (z.length !== y.length) throw new Error(`heatmapTrace: z has ${z.length} rows, y has length ${y.length}`);
  z.forEach((row, i) => {
    if (row.length !== x.length) throw new Error(`heatmapTrace: z[${i}] has length ${row.length}, x has length ${x.length}`);
  });
  return { type: "heatmap", name, x: plain(x), y: plain(y), z: z.map(plain), colorscale };
}

export function histogramTrace(values: Series, name: string, opts: { nbins?: number; density?: boolean } = {}): Trace {
  return {
    type: "histogram",
    name,
    x: plain(values),
    nbinsx: opts.nbins ?? 50,
    histnorm: opts.density === false ? "" : "probability density",
    opacity: 0.6,
  };
}

export interface LayoutOptions {
  readonly title?: string;
  readonly xTitle?: string;
  readonly yTitle?: string;
  readonly logX?: boolean;
  readonly logY?: boolean;
}

export function layout(o: LayoutOptions = {}): Layout {
  const axis = (title: string | undefined, log: boolean | undefined): Axis => ({
    ...(title !== undefined ? { title: { text: title } } : {}),
    type: log === true ? "log" : "linear",
  });
  return {
    ...(o.title !== undefined ? { title: { text: o.title } } : {}),
    xaxis: axis(o.xTitle, o.logX),
    yaxis: axis(o.yTitle, o.logY),
    margin: { l: 60, r: 20, t: o.title !== undefined ? 50 : 20, b: 50 },
  };
}

/** traces + a layout from options; refine the layout further with withLayout */
export function figure(data: readonly Trace[], opts: LayoutOptions = {}): Figure {
  return { data: [...data], layout: layout(opts) };
}

/** the same figure with more traces */
export function addTraces(fig: Figure, ...traces: Trace[]): Figure {
  return { data: [...fig.data, ...traces], layout: fig.layout };
}

/** the same figure with layout fields merged in (shallow, axes merged one level) */
export function withLayout(fig: Figure, patch: Layout): Figure {
  const merged: Layout = {
    ...fig.layout,
    ...patch,
    ...(patch.xaxis !== undefined ? { xaxis: { ...fig.layout.xaxis, ...patch.xaxis } } : {}),
    ...(patch.yaxis !== undefined ? { yaxis: { ...fig.layout.yaxis, ...patch.yaxis } } : {}),
  };
  return { data: fig.data, layout: merged };
}

export function withLogAxis(fig: Figure, axis: "x" | "y"): Figure {
  return withLayout(fig, axis === "x" ? { xaxis: { type: "log" } } : { yaxis: { type: "log" } });
}
