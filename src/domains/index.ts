export * from "./samplers";
export * from "./latin";
export * from "./grid";
export * from "./domain";
export * from "./line";
export * from "./mixture";
