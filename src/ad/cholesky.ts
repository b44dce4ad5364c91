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
import { cholesky, Matrix } from "../math/matrix.js";
import { lengthOf, plain } from "./elementwise.js";
import { Var, type Real } from "./var.js";

function backCholesky(node: Var): void {
  const n = node.k, L = node.xs as Float64Array, Lbar = node.gs as Float64Array;
  // P = Φ(Lᵀ L̄): the lower triangle of Lᵀ L̄ with its diagonal halved.
  const P = node.tape.alloc(n * n); // zeroed; scratch from the tape's arena, as X below
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += L[k * n + i] * Lbar[k * n + j];
      P[i * n + j] = i === j ? 0.5 * s : s;
    }
  // X = P L⁻¹ (each row x solves Lᵀ x = p), then C = L⁻ᵀ X (each column), both by back substitution in place:
  // the triangular solves are the whole cost, so they run here on flat arrays (as calls of solveLowerT with a
  // fresh vector per row and column they were ~10× slower: 19 µs for n = 11).
  const X = node.tape.alloc(n * n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let r = n - 1; r >= 0; r--) {
      let s = P[row + r];
      for (let k = r + 1; k < n; k++) s -= L[k * n + r] * X[row + k];
      X[row + r] = s / L[r * n + r];
    }
  }
  const C = X; // column j of C overwrites column j of X: each entry is read before it is written
  for (let j = 0; j < n; j++)
    for (let r = n - 1; r >= 0; r--) {
      let s = X[r * n + j];
      for (let k = r + 1; k < n; k++) s -= L[k * n + r] * C[k * n + j];
      C[r * n + j] = s / L[r * n + r];
    }
  const ga = (node.a as Var).gradVector();
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
