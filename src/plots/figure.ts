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

/** contour lines of z (same convention as heatmapTrace) at the given levels, no fill, no colour bar */
export function contourTrace(x: Series, y: Series, z: readonly Series[], name: string, levels: { start: number; end: number; size: number }, style: TraceStyle = {}): Trace {
  const h = heatmapTrace(x, y, z, name);
  const line: Record<string, unknown> = { width: style.width ?? 1 };
  if (style.color !== undefined) line.color = style.color;
  if (style.dash !== undefined) line.dash = style.dash;
  return { type: "contour", name, x: h.x, y: h.y, z: h.z, showscale: false, contours: { coloring: "none", ...levels }, line, showlegend: true };
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

/**
 * Panels side by side in one figure: panel k's traces move to the axes x{k+1}/y{k+1} (k = 0 keeps
 * x/y), each panel's title is an annotation above it; xTitle labels every panel, yTitle the first.
 */
export function panelsFigure(panels: readonly { readonly title: string; readonly traces: readonly Trace[] }[], opts: LayoutOptions & { gap?: number } = {}): Figure {
  const n = panels.length;
  if (n === 0) throw new Error("panelsFigure: no panels");
  const gap = opts.gap ?? 0.06;
  const base = layout(opts);
  const axes: Record<string, unknown> = {};
  const annotations: unknown[] = [];
  const data: Trace[] = [];
  panels.forEach((p, k) => {
    const sx = k === 0 ? "" : String(k + 1);
    const lo = k / n + (k === 0 ? 0 : gap / 2), hi = (k + 1) / n - (k === n - 1 ? 0 : gap / 2);
    axes[`xaxis${sx}`] = { ...base.xaxis, domain: [lo, hi], anchor: `y${sx}` };
    axes[`yaxis${sx}`] = { ...(k === 0 ? base.yaxis : { type: base.yaxis?.type }), anchor: `x${sx}` };
    annotations.push({ text: p.title, xref: "paper", yref: "paper", x: (lo + hi) / 2, y: 1, xanchor: "center", yanchor: "bottom", showarrow: false });
    p.traces.forEach((t) => data.push({ ...t, xaxis: `x${sx}`, yaxis: `y${sx}` }));
  });
  return { data, layout: { ...base, ...axes, annotations, margin: { l: 60, r: 20, t: opts.title !== undefined ? 80 : 40, b: 50 } } };
}
