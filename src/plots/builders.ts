import {
  figure, heatmapTrace, lineTrace, scatterTrace,
  type Figure, type LayoutOptions, type Series, type Trace,
} from "./figure";

export interface NamedSeries {
  readonly name: string;
  readonly y: Series;
  readonly dash?: "solid" | "dash" | "dot" | "dashdot";
  readonly color?: string;
}

/** several curves over the same x */
export function lineFigure(x: Series, series: readonly NamedSeries[], opts: LayoutOptions = {}): Figure {
  const traces = series.map((s) => lineTrace(x, s.y, s.name, {
    ...(s.dash !== undefined ? { dash: s.dash } : {}),
    ...(s.color !== undefined ? { color: s.color } : {}),
  }));
  return figure(traces, opts);
}

/** learned solution (solid) against the exact one (dashed) */
export function solutionFigure(x: Series, learned: Series, exact: Series, opts: LayoutOptions & { learnedName?: string; exactName?: string } = {}): Figure {
  const { learnedName, exactName, ...lay } = opts;
  return lineFigure(x, [
    { name: learnedName ?? "learned", y: learned },
    { name: exactName ?? "exact", y: exact, dash: "dash" },
  ], { xTitle: "x", yTitle: "value", ...lay });
}

/** pointwise error; with absLog, |error| on a log y axis (relative size across orders of magnitude) */
export function errorFigure(x: Series, error: Series, opts: LayoutOptions & { absLog?: boolean; name?: string } = {}): Figure {
  const { absLog, name, ...lay } = opts;
  const y = absLog === true ? Array.from(error, Math.abs) : error;
  return figure([lineTrace(x, y, name ?? (absLog === true ? "|error|" : "error"))], {
    xTitle: "x",
    yTitle: absLog === true ? "|learned − exact|" : "learned − exact",
    ...(absLog === true ? { logY: true } : {}),
    ...lay,
  });
}

export type HistoryLike = readonly Readonly<Record<string, number>>[];

const NOT_LOSSES = new Set(["step", "lr", "time_s"]);

/**
 * Loss curves from history rows on a log y axis. Default columns: every numeric column except
 * step, lr and time_s. Non-positive values (log axis) are dropped as gaps.
 */
export function lossFigure(history: HistoryLike, opts: LayoutOptions & { columns?: readonly string[]; xColumn?: string } = {}): Figure {
  const { columns, xColumn, ...lay } = opts;
  if (history.length === 0) throw new Error("lossFigure: history is empty");
  const xc = xColumn ?? "step";
  const first = history[0] as Readonly<Record<string, number>>;
  const cols = columns ?? Object.keys(first).filter((k) => !NOT_LOSSES.has(k) && k !== xc);
  for (const c of cols) if (!(c in first)) throw new Error(`lossFigure: column "${c}" is not in the history`);
  const x = history.map((r) => r[xc] ?? NaN);
  const traces: Trace[] = cols.map((c) => lineTrace(x, history.map((r) => {
    const v = r[c] ?? NaN;
    return v > 0 ? v : NaN;
  }), c));
  return figure(traces, { xTitle: xc, yTitle: "loss", logY: true, ...lay });
}

export function heatmapFigure(x: Series, y: Series, z: readonly Series[], opts: LayoutOptions & { name?: string; colorscale?: string } = {}): Figure {
  const { name, colorscale, ...lay } = opts;
  return figure([heatmapTrace(x, y, z, name ?? "", colorscale ?? "Viridis")], lay);
}

export function scatterFigure(x: Series, y: Series, opts: LayoutOptions & { name?: string; colorValues?: Series } = {}): Figure {
  const { name, colorValues, ...lay } = opts;
  return figure([scatterTrace(x, y, name ?? "points", colorValues !== undefined ? { colorValues } : {})], lay);
}
