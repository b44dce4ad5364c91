/**
 * Borel's numerical layer (layer 0): log-space arithmetic, gamma-family and error functions, normal, incomplete
 * gamma and beta functions with their inverses, distribution CDFs and quantiles, and small dense linear algebra.
 * Imports only `src/math`, `src/util` and `src/rand`.
 *
 * @example
 * ```ts
 * import { logSumExp, lgamma, normalQuantile } from "../math/index.js";
 * logSumExp([0, 0]);      // log 2
 * normalQuantile(0.975);  // 1.959963984540054
 * ```
 */
export * from "./log.js";
export * from "./trig.js";
export * from "./gamma.js";
export * from "./erf.js";
export * from "./normal.js";
export * from "./exact.js";
export * from "./incgamma.js";
export * from "./root.js";
export * from "./incbeta.js";
export * from "./cdf.js";
export * from "./matrix.js";
