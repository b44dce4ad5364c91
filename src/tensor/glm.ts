/**
 * Batched GLM log-likelihood and gradient for P parameter vectors at once, for importance sampling, SMC and
 * parallel chains on regression-shaped models. With η = X·θ (X [N×D] fixed, θ_p ∈ R^D):
 *   gaussian (known σ):  ℓ = Σ −½((y−η)/σ)² − log σ − ½log 2π,  ∂ℓ/∂η = (y−η)/σ²
 *   bernoulli-logit:      ℓ = Σ y·η − softplus(η),              ∂ℓ/∂η = y − sigmoid(η)
 *   poisson-log:          ℓ = Σ y·η − e^η − log y!,             ∂ℓ/∂η = y − e^η
 * and ∇_θ ℓ = Xᵀ·∂ℓ/∂η. All P at once: Ηᵀ [P×N] = Θ [P×D]·Xᵀ is one GEMM, the gradient G [P×D] = R [P×N]·X
 * another. The design matrix is resident in WASM memory, f32 or int8 (per-row absmax scales; θ stays f32).
 *
 * @example
 * ```ts
 * const glm = new BatchedGlm(x, y, n, d, { family: "bernoulli-logit", design: "int8" });
 * const { logLik, grad } = glm.evaluate(thetas, p);     // thetas [p×d] row-major
 * ```
 */
import { BorelError } from "../util/errors.js";
import { gemmF32Wasm } from "./wasm/gemm.js";
import { WasmMatrixF32, WasmMatrixI8F } from "./wasm/matrix.js";
import { wasmRuntime } from "./wasm/runtime.js";
import { quantizeInt8Rows } from "./quant/int8.js";

const FAMILIES = ["gaussian", "bernoulli-logit", "poisson-log"] as const;
export type GlmFamily = (typeof FAMILIES)[number];
export interface GlmOptions { family: GlmFamily; sigma?: number; design?: "f32" | "int8" }
export interface GlmResult { logLik: Float64Array; grad: Float64Array }

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** Per-observation log-likelihood and ∂ℓ/∂η (the `constant` holds −log y! or −log σ − ½log 2π). */
function pointwise(family: GlmFamily, y: number, eta: number, sigma: number): [number, number] {
  switch (family) {
    case "gaussian": { const r = (y - eta) / sigma; return [-0.5 * r * r, r / sigma]; }
    case "bernoulli-logit": return [y * eta - softplus(eta), y - 1 / (1 + Math.exp(-eta))];
    case "poisson-log": { const mu = Math.exp(eta); return [y * eta - mu, y - mu]; }
  }
}

function logFactorial(y: number): number { let s = 0; for (let i = 2; i <= y; i++) s += Math.log(i); return s; }

/** Σ of the η-free terms of the log-likelihood. */
function constantTerm(family: GlmFamily, y: ArrayLike<number>, sigma: number): number {
  if (family === "gaussian") return -y.length * (Math.log(sigma) + HALF_LOG_2PI);
  if (family === "poisson-log") { let s = 0; for (let i = 0; i < y.length; i++) s -= logFactorial(y[i]); return s; }
  return 0;
}

/**
 * The plain scalar-loop log-likelihood and gradient for one θ (the baseline the batched op is measured
 * against, and its test oracle).
 */
export function glmLogLikGrad(x: ArrayLike<number>, y: ArrayLike<number>, n: number, d: number, theta: ArrayLike<number>,
  family: GlmFamily, sigma = 1): { logLik: number; grad: Float64Array } {
  const grad = new Float64Array(d);
  let ll = constantTerm(family, y, sigma);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < d; j++) eta += x[i * d + j] * theta[j];
    const [l, r] = pointwise(family, y[i], eta, sigma);
    ll += l;
    for (let j = 0; j < d; j++) grad[j] += r * x[i * d + j];
  }
  return { logLik: ll, grad };
}

/** Finite X and y, with y ∈ {0, 1} (Bernoulli) or a count (Poisson: log y! of 0.5 was taken as 0). */
function checkResponses(family: GlmFamily, x: ArrayLike<number>, y: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) throw new BorelError("nan", `BatchedGlm: X value ${i} is ${x[i]}`);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    const ok = family === "gaussian" ? Number.isFinite(v) : family === "bernoulli-logit" ? v === 0 || v === 1 : Number.isInteger(v) && v >= 0;
    if (!ok) throw new BorelError("bad-value", `BatchedGlm: y[${i}] = ${v} is not ${family === "gaussian" ? "finite" : family === "bernoulli-logit" ? "0 or 1" : "a count (integer ≥ 0)"} (${family})`);
  }
}

export class BatchedGlm {
  readonly family: GlmFamily;
  readonly sigma: number;
  private readonly constant: number;
  private readonly xt: WasmMatrixF32 | WasmMatrixI8F | null;  // Xᵀ as B of η = Θ·Xᵀ
  private readonly xg: WasmMatrixF32 | WasmMatrixI8F | null;  // X as B of G = R·X
  private readonly rowScale: Float32Array | null;

  constructor(readonly x: Float32Array, readonly y: Float64Array | Float32Array, readonly n: number, readonly d: number, opts: GlmOptions) {
    if (x.length !== n * d) throw new BorelError("shape", `BatchedGlm: X has ${x.length} values, expected [${n},${d}]`);
    if (y.length !== n) throw new BorelError("shape", `BatchedGlm: y has ${y.length} values for X [${n},${d}]`);
    if (!(FAMILIES as readonly string[]).includes(opts.family))
      throw new BorelError("bad-parameter", `BatchedGlm: unknown family '${String(opts.family)}'`, { hint: `use one of ${FAMILIES.join(", ")}` });
    checkResponses(opts.family, x, y);
    this.family = opts.family;
    this.sigma = opts.sigma ?? 1;
    if (!(this.sigma > 0)) throw new BorelError("bad-parameter", `BatchedGlm: sigma must be > 0, got ${this.sigma}`);
    this.constant = constantTerm(this.family, y, this.sigma);
    this.rowScale = null;
    if (!wasmRuntime()) { this.xt = this.xg = null; return; }
    if ((opts.design ?? "f32") === "int8") {
      const q = quantizeInt8Rows(x, n, d);
      this.rowScale = q.scales;
      this.xt = WasmMatrixI8F.fromInt8(q.data, q.scales, d, n, true);
      this.xg = WasmMatrixI8F.fromInt8(q.data, new Float32Array(d).fill(1), n, d);
    } else {
      this.xt = WasmMatrixF32.fromRowMajor(x, d, n, true);
      this.xg = WasmMatrixF32.fromRowMajor(x, n, d);
    }
  }

  /** Log-likelihoods [P] and gradients [P×D] of the P parameter vectors in `thetas` [P×D]. */
  evaluate(thetas: ArrayLike<number>, p: number): GlmResult {
    const { n, d } = this;
    if (thetas.length !== p * d) throw new BorelError("shape", `BatchedGlm.evaluate: thetas has ${thetas.length} values, expected [${p},${d}]`);
    const logLik = new Float64Array(p), grad = new Float64Array(p * d);
    if (!this.xt || !this.xg) {
      for (let t = 0; t < p; t++) {
        const r = glmLogLikGrad(this.x, this.y, n, d, Array.prototype.slice.call(thetas, t * d, t * d + d), this.family, this.sigma);
        logLik[t] = r.logLik; grad.set(r.grad, t * d);
      }
      return { logLik, grad };
    }
    const eta = gemmF32Wasm(thetas, p, this.xt);               // [P×N]
    const s = this.rowScale;
    for (let t = 0; t < p; t++) {
      let ll = this.constant;
      for (let i = 0; i < n; i++) {
        const [l, r] = pointwise(this.family, this.y[i], eta[t * n + i], this.sigma);
        ll += l;
        eta[t * n + i] = s ? r * s[i] : r;                      // R (with X's row scales folded in)
      }
      logLik[t] = ll;
    }
    const g = gemmF32Wasm(eta, p, this.xg);                     // [P×D]
    grad.set(g);
    return { logLik, grad };
  }

  /** Frees the WASM copies of the design matrix. */
  dispose(): void { this.xt?.dispose(); this.xg?.dispose(); }
}
