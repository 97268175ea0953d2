import type { IsoMixture } from "../domains";

/** ½N(−2, 0.5²) + ½N(2, 0.5²): the 1-D target of problem 4 */
export const twoModes1d: IsoMixture = { weights: [0.5, 0.5], means: [[-2], [2]], stds: [0.5, 0.5] };
