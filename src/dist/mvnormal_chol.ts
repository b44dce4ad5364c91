/**
 * mvnormal_chol(mu, L): the multivariate normal with mean mu and covariance L Lᵀ, given its lower Cholesky
 * factor L (positive diagonal; entries above the diagonal must be 0). The log density is one AD node in the
 * value, mu and L (src/dist/mvnormal-density.ts); rsample(rng) = mu + L·ε is differentiable in both.
 *
 * @example
 * ```ts
 * mvnormalChol([0, 0], [[1, 0], [0.5, 2]]).logpdf([0, 0]);   // −log 2π − log 2
 * ```
 */
import { add } from "../ad/arith.js";
import { plain } from "../ad/elementwise.js";
import { dot, slice, stack } from "../ad/reduce.js";
import type { Real, Scalar } from "../ad/var.js";
import { Var } from "../ad/var.js";
import type { Rng } from "../rand/rng.js";
import { BorelError } from "../util/errors.js";
import type { Distribution } from "./distribution.js";
import { matrixParam } from "./matrix-param.js";
import { mvnormalCholLogpdf } from "./mvnormal-density.js";
import { badParameter, describeValue } from "./params.js";
import type { Support } from "./support.js";
import { formatDistribution, plainVector, vectorParam } from "./vector-param.js";

const REAL: Support = { kind: "real" };

/** A multivariate normal by (mu, L); `mvnormal` builds one from a covariance. */
export class MvNormal implements Distribution<Float64Array> {
  readonly support = REAL;
  readonly discrete = false;
  readonly size: number;
  private readonly mu: Float64Array;
  private readonly l: Float64Array;

  /** @param covDiag the covariance diagonal when known exactly (mvnormal), else computed from L. */
  constructor(
    readonly name: string, readonly params: readonly Real[], private readonly muReal: Real, private readonly L: Real,
    private readonly covDiag?: Float64Array,
  ) {
    this.mu = plainVector(muReal);
    this.l = plain(L) as Float64Array;
    this.size = this.mu.length;
  }

  sample(rng: Rng): Float64Array {
    const n = this.size, z = Float64Array.from({ length: n }, () => rng.normal()), out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = this.mu[i];
      for (let j = 0; j <= i; j++) s += this.l[i * n + j] * z[j];
      out[i] = s;
    }
    return out;
  }

  rsample(rng: Rng): Real {
    const n = this.size, eps = Float64Array.from({ length: n }, () => rng.normal());
    if (!(this.L instanceof Var)) {
      const lz = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) lz[i] += this.l[i * n + j] * eps[j];
      return add(this.muReal, lz);
    }
    const rows: Scalar[] = [];
    for (let i = 0; i < n; i++) rows.push(dot(slice(this.L, i * n, i * n + i + 1), eps.subarray(0, i + 1)));
    return add(this.muReal, stack(rows));
  }

  private value(x: unknown): Real {
    if (x instanceof Float64Array || (x instanceof Var && x.xs !== null)) return x;
    if (Array.isArray(x) && x.every((e) => typeof e === "number")) return Float64Array.from(x as number[]);
    throw new BorelError("bad-value", `${this.name}: the value must be a vector of length ${this.size}, got ${describeValue(x)}`);
  }

  logpdf(x: unknown): number {
    const v = plain(this.value(x)) as Float64Array;
    // An infinite element is outside the support (density 0), as for the scalar families; ∞ − ∞ would give NaN.
    for (let i = 0; i < v.length; i++) if (v[i] === Infinity || v[i] === -Infinity) return -Infinity;
    return mvnormalCholLogpdf(v, this.mu, this.l, this.size) as number;
  }

  logpdfAD(x: unknown): Scalar {
    return mvnormalCholLogpdf(this.value(x), this.muReal, this.L, this.size);
  }

  mean(): Float64Array {
    return this.mu.slice();
  }

  variance(): Float64Array {
    if (this.covDiag) return this.covDiag.slice();
    const n = this.size;
    return Float64Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let j = 0; j <= i; j++) s += this.l[i * n + j] ** 2;
      return s;
    });
  }

  toString(): string {
    return formatDistribution(this.name, this.params);
  }
}

/** mu as a finite vector, naming the argument. */
export function meanParam(dist: string, mu: unknown): Real {
  return vectorParam(dist, "mu", mu, "real");
}

/** mvnormal_chol(mu, L): see the file comment. */
export function mvnormalChol(mu: unknown, L: unknown): Distribution<Float64Array> {
  const m = meanParam("mvnormal_chol", mu), n = plainVector(m).length;
  const l = matrixParam("mvnormal_chol", "L", L, n);
  for (let i = 0; i < n; i++) {
    if (!(l.value[i * n + i] > 0)) throw badParameter("mvnormal_chol", "L", `must have a positive diagonal, got ${l.value[i * n + i]} at (${i}, ${i})`);
    for (let j = i + 1; j < n; j++)
      if (l.value[i * n + j] !== 0) throw badParameter("mvnormal_chol", "L", `must be lower triangular, got ${l.value[i * n + j]} at (${i}, ${j})`, "pass the lower Cholesky factor (zeros above the diagonal)");
  }
  return new MvNormal("mvnormal_chol", [m, l.real], m, l.real);
}
