/**
 * The multivariate normal log density in terms of a Cholesky factor, as ONE AD node in the value x, the mean
 * mu and the factor L (row-major, lower triangular):
 *   z = L⁻¹(x − mu),  log p = −(n/2)·log 2π − Σ_i log L_ii − ½ zᵀz.
 * With w = L⁻ᵀz = Σ⁻¹(x − mu): ∂/∂x = −w, ∂/∂mu = w, ∂/∂L_ij = w_i z_j − δ_ij/L_ii (i ≥ j).
 *
 * @example
 * ```ts
 * mvnormalCholLogpdf(new Float64Array([0, 0]), 0, new Float64Array([1, 0, 0, 1]), 2);   // −log 2π
 * ```
 */
import { lengthOf, plain } from "../ad/elementwise.js";
import { Var, type Real, type Scalar } from "../ad/var.js";
import { BorelError } from "../util/errors.js";
import { solveLowerFlat, solveLowerTFlat } from "./linalg.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

interface Aux { x: Real; mu: Real; L: Real; n: number; z: Float64Array; w: Float64Array }

function backMvn(node: Var): void {
  const { x, mu, L, n, z, w } = node.aux as Aux, g = node.g;
  if (x instanceof Var) { const gx = x.gradVector(); for (let i = 0; i < n; i++) gx[i] -= g * w[i]; }
  if (mu instanceof Var) {
    if (mu.xs === null) { let s = 0; for (let i = 0; i < n; i++) s += w[i]; mu.g += g * s; }
    else { const gm = mu.gradVector(); for (let i = 0; i < n; i++) gm[i] += g * w[i]; }
  }
  if (L instanceof Var) {
    const gl = L.gradVector(), lv = L.xs as Float64Array;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) gl[i * n + j] += g * w[i] * z[j];
      gl[i * n + i] += g * (w[i] * z[i] - 1 / lv[i * n + i]);
    }
  }
}

/** log N(x; mu, L Lᵀ) with x a vector of length n, mu a vector or a broadcast scalar, L row-major n×n. */
export function mvnormalCholLogpdf(x: Real, mu: Real, L: Real, n: number): Scalar {
  if (lengthOf(x) !== n) throw new BorelError("shape", `mvnormal: value has length ${lengthOf(x) === -1 ? "1 (a scalar)" : lengthOf(x)} but the distribution has dimension ${n}`);
  const xv = plain(x) as Float64Array, mv = plain(mu), lv = plain(L) as Float64Array;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = xv[i] - (typeof mv === "number" ? mv : mv[i]);
  const z = solveLowerFlat(lv, n, r);
  let value = -n * HALF_LOG_2PI;
  for (let i = 0; i < n; i++) value -= Math.log(lv[i * n + i]) + 0.5 * z[i] * z[i];
  const tapeVar = x instanceof Var ? x : mu instanceof Var ? mu : L instanceof Var ? L : null;
  if (tapeVar === null) return value;
  const w = solveLowerTFlat(lv, n, z);
  const node = new Var(tapeVar.tape, value, null, backMvn, null, null, { x, mu, L, n, z, w } satisfies Aux);
  node.origin = tapeVar.origin;
  return node;
}
