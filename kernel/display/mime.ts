// The MIME types of our display bundles: the ONE place they are spelled. kernel/executor reads the
// metrics back from the kernel's messages and kernel/report renders both; they import these.

/** Plotly figure JSON: JupyterLab (with the plotly extension), VS Code and nteract render it. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** A notebook's metrics, a flat name -> number object; the executor copies the last into summary.json. */
export const METRICS_MIME = "application/vnd.mfg-lab.metrics+json";
