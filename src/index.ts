// The solver's public surface: notebooks import from "../src".
// Shared building blocks are exported flat. Each problem folder is also a namespace
// (ergodic.*, trading.*, ...): problem folders reuse generic names (hjbResidual, DensityJet, relL2)
// that would collide if flattened.
export * from "./backend";
export * from "./random";
export * from "./sampling";
export * from "./nets";
export * from "./train";
export * from "./metrics";
export * from "./plots";
export * from "./frames";
export * from "./ode";

export * as ode from "./ode";
export * as ergodic from "./ergodic";
export * as trading from "./trading";
export * as jsd from "./jsd";
export * as wfr from "./wfr";
export * as mfg from "./mfg";
export * as problems from "./problems";
export * as flows from "./flows";
export * as integrate from "./integrate";
export * as domains from "./domains";
export * as scores from "./scores";
export * as parallel from "./parallel";
