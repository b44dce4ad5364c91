/**
 * Welford's streaming mean and (co)variance, for the metric estimate of warmup (numerically stable in one
 * pass; the sample variance divides by n − 1 as Stan's `welford_var_estimator`).
 *
 * @example
 * ```ts
 * const w = welfordInit(2, false);
 * welfordAdd(w, new Float64Array([1, 2]));
 * welfordAdd(w, new Float64Array([3, 2]));
 * welfordVariance(w);   // [2, 0]
 * ```
 */

export interface Welford {
  readonly dim: number;
  readonly dense: boolean;
  n: number;
  readonly mean: Float64Array;
  /** Σ (x − mean)² per coordinate, or the row-major matrix of co-moments when dense. */
  readonly m2: Float64Array;
  readonly delta: Float64Array;
}

export function welfordInit(dim: number, dense: boolean): Welford {
  return { dim, dense, n: 0, mean: new Float64Array(dim), m2: new Float64Array(dense ? dim * dim : dim), delta: new Float64Array(dim) };
}

export function welfordAdd(w: Welford, x: Float64Array): void {
  w.n++;
  const { mean, m2, delta, dim } = w;
  for (let i = 0; i < dim; i++) {
    delta[i] = x[i] - mean[i];
    mean[i] += delta[i] / w.n;
  }
  if (!w.dense) {
    for (let i = 0; i < dim; i++) m2[i] += delta[i] * (x[i] - mean[i]);
    return;
  }
  for (let i = 0; i < dim; i++) {
    const di = x[i] - mean[i];
    for (let j = 0; j < dim; j++) m2[i * dim + j] += di * delta[j];
  }
}

/** Sample variances (diagonal estimator). */
export function welfordVariance(w: Welford): Float64Array {
  if (w.dense) return Float64Array.from({ length: w.dim }, (_, i) => w.m2[i * w.dim + i] / (w.n - 1));
  return w.m2.map((v) => v / (w.n - 1));
}

/** Sample covariance matrix, row-major (dense estimator), symmetrized. */
export function welfordCovariance(w: Welford): Float64Array {
  const d = w.dim, out = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) out[i * d + j] = 0.5 * (w.m2[i * d + j] + w.m2[j * d + i]) / (w.n - 1);
  return out;
}
