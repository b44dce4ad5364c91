/**
 * choleskyAD(A, n): the lower Cholesky factor L (row-major n×n, L Lᵀ = A) of a symmetric positive-definite
 * matrix given as a row-major vector of length n², as one AD node — so a covariance built from parameters
 * (a GP kernel, LKJ-style constructions) can feed `mvnormal`.
 *
 * Backward pass (I. Murray, "Differentiation of the Cholesky decomposition", arXiv:1602.07527, 2016):
 * with Φ(M) the lower triangle of M with its diagonal halved,
 *   Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹),   sym(C) = ½(C + Cᵀ),
 * using the lower triangle of L̄. The symmetric form gives each entry A_ij and A_ji the same gradient, so a
 * symmetric parameterization (A_ij and A_ji from the same value) receives the full derivative.
 *
 * @example
 * ```ts
 * choleskyAD(new Float64Array([4, 2, 2, 3]), 2);   // Float64Array [2, 0, 1, √2]
 * ```
 */
import { BorelError } from "../util/errors.js";
import { cholesky, Matrix, solveLowerT } from "../math/matrix.js";
import { lengthOf, plain } from "./elementwise.js";
import { Var, type Real } from "./var.js";

function backCholesky(node: Var): void {
  const n = node.k, L = node.xs as Float64Array, Lbar = node.gs as Float64Array, Lm = new Matrix(n, n, L);
  const P = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += L[k * n + i] * Lbar[k * n + j];
      P[i * n + j] = i === j ? 0.5 * s : s;
    }
  const X = new Float64Array(n * n), row = new Float64Array(n), col = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) row[j] = P[i * n + j];
    X.set(solveLowerT(Lm, row), i * n);
  }
  const ga = (node.a as Var).gradVector();
  const C = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) col[i] = X[i * n + j];
    const c = solveLowerT(Lm, col);
    for (let i = 0; i < n; i++) C[i * n + j] = c[i];
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ga[i * n + j] += 0.5 * (C[i * n + j] + C[j * n + i]);
}

/** Lower Cholesky factor of the n×n row-major matrix A (a vector of length n²). */
export function choleskyAD(A: Real, n: number): Real {
  if (lengthOf(A) !== n * n) throw new BorelError("shape", `cholesky: expected an ${n}×${n} matrix as a vector of length ${n * n}, got length ${lengthOf(A)}`);
  const a = plain(A) as Float64Array;
  let L: Float64Array;
  try {
    L = cholesky(new Matrix(n, n, a)).data;
  } catch {
    throw new BorelError("not-positive-definite", `cholesky: the ${n}×${n} matrix is not positive definite`, {
      hint: "a covariance must be symmetric with positive eigenvalues; add jitter to the diagonal",
    });
  }
  if (!(A instanceof Var)) return L;
  const node = new Var(A.tape, 0, L, backCholesky, A, null);
  node.k = n;
  return node;
}
