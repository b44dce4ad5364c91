/**
 * Small dense linear algebra: the row-major `Matrix` with its products (dense.ts) and the Cholesky factorization
 * with triangular solves, log det and inverse (cholesky.ts).
 *
 * @example
 * ```ts
 * import { Matrix, cholesky, cholSolve } from "../math/matrix.js";
 * const L = cholesky(Matrix.from([[4, 2], [2, 3]]));
 * cholSolve(L, new Float64Array([6, 5])); // [1, 1]
 * ```
 */
export { Matrix, dot, matMul, matVec, transpose } from "./dense.js";
export { cholesky, choleskyInverse, cholSolve, logDetChol, solveLower, solveLowerT, solveUpper } from "./cholesky.js";
