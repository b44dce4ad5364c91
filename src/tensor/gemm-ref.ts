/**
 * The plain TypeScript reference GEMM: C = op(A)·op(B) with f64 accumulation, rounded to f32 on store.
 * Every faster kernel is tested against it. IEEE to the letter: a zero in A times a NaN or ±∞ in B gives NaN.
 *
 * @example
 * ```ts
 * const c = gemmRef(new Float32Array([1, 2]), new Float32Array([3, 4]), 1, 2, 1); // [11]
 * ```
 */

/**
 * A is m×k (k×m when `transA`), B is k×n (n×k when `transB`), both row-major; returns row-major m×n.
 */
export function gemmRef(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number,
  transA = false, transB = false, out: Float32Array = new Float32Array(m * n)): Float32Array {
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let kk = 0; kk < k; kk++) {
      const aik = transA ? a[kk * m + i] : a[i * k + kk]; // no skip of aik = 0: 0·NaN and 0·∞ must give NaN
      if (transB) for (let j = 0; j < n; j++) row[j] += aik * b[j * k + kk];
      else { const o = kk * n; for (let j = 0; j < n; j++) row[j] += aik * b[o + j]; }
    }
    for (let j = 0; j < n; j++) out[i * n + j] = row[j];
  }
  return out;
}

/** Exact integer GEMM (int32 result) of row-major int8 A (m×k) and B (k×n): the oracle of the int8 kernel. */
export function gemmIntRef(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Int32Array {
  const out = new Int32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let kk = 0; kk < k; kk++) {
      const aik = a[i * k + kk];
      for (let j = 0; j < n; j++) out[i * n + j] += aik * b[kk * n + j];
    }
  return out;
}

/** (|A|·|B|)_ij, the scale of the rounding error of entry ij of A·B. */
export function absGemmRef(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let kk = 0; kk < k; kk++) {
      const aik = Math.abs(a[i * k + kk]);
      for (let j = 0; j < n; j++) out[i * n + j] += aik * Math.abs(b[kk * n + j]);
    }
  return out;
}
