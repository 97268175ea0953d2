/**
 * src/scores — score-based generative models as MFGs (problem 6B): the potential score with its
 * terminal condition exact, DSM and the HJB residual of the score MFG, training B0 (DSM) and B1
 * (DSM + γ·HJB) on the generic loop, the probability-flow ODE with the exact divergence (NLL,
 * sampling, the likelihood-consistency identity), and metrics against the closed-form p_t.
 */
export * from "./potential";
export * from "./losses";
export * from "./targets";
export * from "./noising";
export * from "./train";
export * from "./pf-ode";
export * from "./eval-set";
export * from "./sample-metrics";
export * from "./evaluate";
export * from "./figures";
export * from "./jobs";
