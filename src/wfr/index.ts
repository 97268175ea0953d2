export * from "./sphere";
export * from "./measure";
export * from "./poly-game";
export * from "./quad-form";
export * from "./game-eval";
export * from "./dynamics";
