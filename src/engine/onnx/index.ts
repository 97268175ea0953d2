export { onnxMlpStep, type OnnxMlpStep, type OnnxStepOptions, type StepResult } from "./mlp-step";
export { buildMlpStepGraph, type MlpStepSpec, type StepGraph } from "./mlp-step-graph";
export { sinSourceResidual, type JetGraphIn, type JetLossGraph } from "./jet-loss";
export { tanhRules, type ActivationRules } from "./activation";
export type { AdamOptions } from "./adam";
export { Graph } from "./graph";
export { onnxRuntimeVersion } from "./runtime";
