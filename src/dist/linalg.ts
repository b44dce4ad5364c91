/**
 * The dense linear algebra the multivariate normal needs, on row-major n×n Float64Arrays (wrapped, not
 * copied, as src/math/matrix.ts `Matrix`es): Cholesky factor, forward and back substitution.
 *
 * @example
 * ```ts
 * const L = choleskyFlat(new Float64Array([4, 2, 2, 3]), 2);   // [2, 0, 1, √2]
 * solveLowerFlat(L!, 2, new Float64Array([2, 1]));             // L⁻¹ b
 * ```
 */
import { cholesky, Matrix, solveLower, solveLowerT } from "../math/matrix.js";

/** Lower-triangular L with L Lᵀ = A (reading A's lower triangle), or null when A is not positive definite. */
export function choleskyFlat(a: Float64Array, n: number): Float64Array | null {
  try {
    return cholesky(new Matrix(n, n, a)).data;
  } catch {
    return null;
  }
}

/** x with L x = b (L lower triangular, row-major). */
export const solveLowerFlat = (L: Float64Array, n: number, b: Float64Array): Float64Array => solveLower(new Matrix(n, n, L), b);

/** x with Lᵀ x = b. */
export const solveLowerTFlat = (L: Float64Array, n: number, b: Float64Array): Float64Array => solveLowerT(new Matrix(n, n, L), b);
