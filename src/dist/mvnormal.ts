/**
 * mvnormal(mu, cov): the multivariate normal with mean vector mu and covariance matrix cov (symmetric
 * positive definite; an array of rows, a Matrix, or a row-major vector of length n²). The Cholesky factor is
 * computed once; with an AD covariance it is an AD node (src/ad/cholesky.ts), so the log density is
 * differentiable in the value, mu and cov.
 *
 * @example
 * ```ts
 * mvnormal([0, 0], [[1, 0], [0, 1]]).logpdf([0, 0]);   // −log 2π
 * mvnormal([1, 2], [[2, 0.5], [0.5, 1]]).sample(rng);  // a Float64Array of length 2
 * ```
 */
import { choleskyAD } from "../ad/cholesky.js";
import { Var } from "../ad/var.js";
import type { Distribution } from "./distribution.js";
import { choleskyFlat } from "./linalg.js";
import { matrixParam } from "./matrix-param.js";
import { meanParam, MvNormal } from "./mvnormal_chol.js";
import { badParameter } from "./params.js";
import { plainVector } from "./vector-param.js";

export function mvnormal(mu: unknown, cov: unknown): Distribution<Float64Array> {
  const m = meanParam("mvnormal", mu), n = plainVector(m).length;
  const c = matrixParam("mvnormal", "cov", cov, n);
  const a = c.value;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) {
      const x = a[i * n + j], y = a[j * n + i];
      if (Math.abs(x - y) > 1e-10 * Math.max(Math.abs(x), Math.abs(y), 1e-300))
        throw badParameter("mvnormal", "cov", `must be symmetric, got ${y} at (${j}, ${i}) and ${x} at (${i}, ${j})`);
    }
  const L = choleskyFlat(a, n);
  if (L === null) throw badParameter("mvnormal", "cov", "must be positive definite", "check the covariance; add a small jitter to the diagonal if it is nearly singular");
  const diag = Float64Array.from({ length: n }, (_, i) => a[i * n + i]);
  return new MvNormal("mvnormal", [m, c.real], m, c.real instanceof Var ? choleskyAD(c.real, n) : L, diag);
}
