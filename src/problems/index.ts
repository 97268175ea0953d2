/**
 * src/problems — the notebooks' problems as data plus their closed-form or reference solutions.
 * gaussian-jko: problem 6A (a CNF as an MFG with Gaussian data, JKO steps to the OU flow);
 * mixture-score: problem 6B (OU-noised Gaussian mixtures: p_t, score, Laplacian, the SGM HJB).
 */
export * from "./gaussian-jko";
export * from "./mixture-score";
