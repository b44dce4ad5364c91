/**
 * The Cholesky factorization A = L·Lᵀ of a symmetric positive-definite matrix and what it is used for:
 * triangular solves, A⁻¹b, log det A and A⁻¹ (multivariate normal densities, dense mass matrices, Gaussian
 * processes, Kalman filters). Only the lower triangle of A is read.
 *
 * @example
 * ```ts
 * const A = Matrix.from([[4, 2], [2, 3]]);
 * const L = cholesky(A);                       // [[2, 0], [1, √2]]
 * cholSolve(L, new Float64Array([2, 1]));      // x with A x = b: [0.5, 0]
 * logDetChol(L);                               // log 8
 * ```
 */
import { BorelError } from "../util/errors.js";
import { Matrix } from "./dense.js";

function requireSquare(name: string, A: Matrix): void {
  if (A.rows !== A.cols) throw new BorelError("shape-mismatch", `${name}: matrix must be square, got ${A.shape()}`);
}

function requireLength(name: string, L: Matrix, b: ArrayLike<number>): void {
  requireSquare(name, L);
  if (b.length !== L.rows)
    throw new BorelError("shape-mismatch", `${name}: matrix is ${L.shape()} but b has length ${b.length} (must be ${L.rows})`);
}

function singular(name: string, i: number, v: number): BorelError {
  return new BorelError("singular-matrix", `${name}: diagonal entry ${i} is ${v}; the triangular matrix is singular`, {
    hint: "a Cholesky factor of a positive-definite matrix has a positive diagonal",
  });
}

/**
 * The lower-triangular Cholesky factor L with A = L·Lᵀ (Cholesky–Banachiewicz, row by row; reads the lower
 * triangle of A). Throws `BorelError` "not-positive-definite" naming the failing pivot if A is not (numerically)
 * positive definite, or has NaN entries.
 *
 * @example
 * ```ts
 * cholesky(Matrix.from([[1, 0], [0, 9]])).toArray(); // [[1, 0], [0, 3]]
 * cholesky(Matrix.from([[1, 2], [2, 1]]));           // throws: pivot 1 is −3
 * ```
 */
export function cholesky(A: Matrix): Matrix {
  requireSquare("cholesky", A);
  const n = A.rows;
  const L = new Matrix(n, n);
  const a = A.data;
  const l = L.data;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= l[ri + k]! * l[rj + k]!;
      if (i === j) {
        if (!(s > 0))
          throw new BorelError(
            "not-positive-definite",
            `cholesky: matrix is not positive definite: pivot ${i} (of ${n}) is ${s} after eliminating the rows above`,
            {
              hint:
                "check that the matrix is symmetric positive definite; if it is only semi-definite or ill-conditioned, " +
                "add jitter to the diagonal (e.g. A + 1e-8·max(diag A)·I)",
            },
          );
        l[ri + i] = Math.sqrt(s);
      } else {
        l[ri + j] = s / l[rj + j]!;
      }
    }
  }
  return L;
}

/**
 * Solves L x = b for lower-triangular L by forward substitution (reads only the lower triangle).
 *
 * @example
 * ```ts
 * solveLower(Matrix.from([[2, 0], [1, 1]]), new Float64Array([2, 3])); // [1, 2]
 * ```
 */
export function solveLower(L: Matrix, b: ArrayLike<number>): Float64Array {
  requireLength("solveLower", L, b);
  const n = L.rows;
  const l = L.data;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    const ri = i * n;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * x[k]!;
    const d = l[ri + i]!;
    if (d === 0) throw singular("solveLower", i, d);
    x[i] = s / d;
  }
  return x;
}

/**
 * Solves U x = b for upper-triangular U by back substitution (reads only the upper triangle).
 *
 * @example
 * ```ts
 * solveUpper(Matrix.from([[1, 1], [0, 2]]), new Float64Array([3, 4])); // [1, 2]
 * ```
 */
export function solveUpper(U: Matrix, b: ArrayLike<number>): Float64Array {
  requireLength("solveUpper", U, b);
  const n = U.rows;
  const u = U.data;
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    const ri = i * n;
    for (let k = i + 1; k < n; k++) s -= u[ri + k]! * x[k]!;
    const d = u[ri + i]!;
    if (d === 0) throw singular("solveUpper", i, d);
    x[i] = s / d;
  }
  return x;
}

/**
 * Solves Lᵀ x = b for lower-triangular L without forming Lᵀ (back substitution down the columns of L).
 *
 * @example
 * ```ts
 * solveLowerT(Matrix.from([[2, 0], [1, 1]]), new Float64Array([4, 2])); // Lᵀ = [[2, 1], [0, 1]]: [1, 2]
 * ```
 */
export function solveLowerT(L: Matrix, b: ArrayLike<number>): Float64Array {
  requireLength("solveLowerT", L, b);
  const n = L.rows;
  const l = L.data;
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    const d = l[i * n + i]!;
    if (d === 0) throw singular("solveLowerT", i, d);
    x[i] = s / d;
  }
  return x;
}

/**
 * Solves A x = b given the Cholesky factor L of A: x = L⁻ᵀ (L⁻¹ b).
 *
 * @example
 * ```ts
 * const L = cholesky(Matrix.from([[4, 2], [2, 3]]));
 * cholSolve(L, new Float64Array([6, 5])); // [1, 1]
 * ```
 */
export function cholSolve(L: Matrix, b: ArrayLike<number>): Float64Array {
  return solveLowerT(L, solveLower(L, b));
}

/**
 * log det A = 2 Σᵢ log Lᵢᵢ from the Cholesky factor L of A (no overflow for large matrices).
 *
 * @example
 * ```ts
 * logDetChol(cholesky(Matrix.from([[4, 0], [0, 9]]))); // log 36
 * ```
 */
export function logDetChol(L: Matrix): number {
  requireSquare("logDetChol", L);
  let s = 0;
  for (let i = 0; i < L.rows; i++) s += Math.log(L.data[i * L.cols + i]!);
  return 2 * s;
}

/**
 * A⁻¹ from the Cholesky factor L of A: A⁻¹ = L⁻ᵀ L⁻¹, with L⁻¹ by forward substitution; the result is exactly
 * symmetric.
 *
 * @example
 * ```ts
 * choleskyInverse(cholesky(Matrix.from([[4, 0], [0, 2]]))).toArray(); // [[0.25, 0], [0, 0.5]]
 * ```
 */
export function choleskyInverse(L: Matrix): Matrix {
  requireSquare("choleskyInverse", L);
  const n = L.rows;
  const l = L.data;
  // M = L⁻¹ (lower triangular), column by column: L m_j = e_j.
  const m = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) {
      let s = i === j ? 1 : 0;
      for (let k = j; k < i; k++) s -= l[i * n + k]! * m[k * n + j]!;
      const d = l[i * n + i]!;
      if (d === 0) throw singular("choleskyInverse", i, d);
      m[i * n + j] = s / d;
    }
  }
  // A⁻¹ = Mᵀ M: (i, j) = Σ_{k ≥ max(i, j)} M[k][i] M[k][j].
  const inv = new Matrix(n, n);
  const out = inv.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += m[k * n + i]! * m[k * n + j]!;
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return inv;
}
