/**
 * The regularized incomplete gamma functions P(a, x) and Q(a, x) (the Gamma CDF and survival function) and
 * their inverses in x. The functions live in incgamma-fn.ts and incgamma-inv.ts; this module gathers them.
 *
 * @example
 * ```ts
 * import { gammaP, gammaPInv } from "../math/incgamma.js";
 * gammaP(1, 2);      // 1 − e^-2
 * gammaPInv(1, 0.5); // log 2
 * ```
 */
export { gammaP, gammaPrefix, gammaQ } from "./incgamma-fn.js";
export { gammaPInv, gammaQInv } from "./incgamma-inv.js";
