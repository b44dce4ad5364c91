/**
 * The regularized incomplete beta function I_x(a, b) (the Beta CDF), its complement and its inverse (the Beta
 * quantile). The functions live in incbeta-fn.ts and incbeta-inv.ts; this module gathers them.
 *
 * @example
 * ```ts
 * import { betaInc, betaIncInv } from "../math/incbeta.js";
 * betaInc(2, 3, 0.4);      // 0.5248
 * betaIncInv(2, 3, 0.5248); // 0.4
 * ```
 */
export { betaInc, betaIncC, betaPrefix, incBeta } from "./incbeta-fn.js";
export { betaIncInv, betaIncInvPair } from "./incbeta-inv.js";
