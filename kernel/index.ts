// The notebook machinery, one namespace per folder. kernel/report (and kernel/sweep/html) are left
// out on purpose: they load KaTeX, markdown-it and a browser driver, which the executor and the
// notebooks never need.
export * as protocol from "./protocol";
export * as nbformat from "./nbformat";
export * as params from "./params";
export * as executor from "./executor";
export * as sweep from "./sweep";
export * as cli from "./cli";
export * as kernelspec from "./kernelspec";
export * as display from "./display";
