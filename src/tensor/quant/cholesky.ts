/**
 * Dense f64 Cholesky factorization and SPD inverse (row-major n×n), for GPTQ's Hessian.
 *
 * @example
 * ```ts
 * const L = cholesky(new Float64Array([4, 2, 2, 3]), 2);   // lower triangular, L·Lᵀ = A
 * ```
 */
import { BorelError } from "../../util/errors.js";

/** Lower-triangular L with L·Lᵀ = A; throws when A is not positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let p = 0; p < j; p++) d -= L[j * n + p] * L[j * n + p];
    if (!(d > 0)) throw new BorelError("not-positive-definite", `cholesky: matrix is not positive definite (pivot ${j} = ${d})`,
      { hint: "increase the damping (GPTQ: damp) or use more calibration samples" });
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let p = 0; p < j; p++) s -= L[i * n + p] * L[j * n + p];
      L[i * n + j] = s / ljj;
    }
  }
  return L;
}

/** A⁻¹ for symmetric positive-definite A, through its Cholesky factor. */
export function inverseSPD(a: Float64Array, n: number): Float64Array {
  const L = cholesky(a, n), Linv = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    Linv[j * n + j] = 1 / L[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let p = j; p < i; p++) s -= L[i * n + p] * Linv[p * n + j];
      Linv[i * n + j] = s / L[i * n + i];
    }
  }
  const out = new Float64Array(n * n); // Linvᵀ · Linv
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = i; p < n; p++) s += Linv[p * n + i] * Linv[p * n + j];
      out[i * n + j] = s; out[j * n + i] = s;
    }
  return out;
}
