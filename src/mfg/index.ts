export type * from "./types";
export { ergodic, finiteHorizon } from "./problem";
export { solve, metricsAtInit, type MfgRun } from "./solve";
export { ERGODIC_DEFAULTS, FINITE_HORIZON_DEFAULTS, JOINT_DEFAULTS, defaultOptions, type SolveOptions } from "./options";
export { hjbResidual, fpResidual, fpResidualOverM, driftDivergence } from "./residuals";
export { zeroReadout } from "./nets";
