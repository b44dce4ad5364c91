/**
 * Differentiable LayerNorm and GELU on the tape, matching the forward kernels of `src/tensor`
 * (`layerNorm`: biased variance, eps 1e-5; `gelu`: x·Φ(x) with the same erf).
 *
 *   LayerNorm: x̂ = (x − μ)/σ, y = x̂·γ + β;  dx = (1/σ)(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dy·γ,
 *              dγ = Σ dy·x̂, dβ = Σ dy.
 *   GELU:      d/dx x·Φ(x) = Φ(x) + x·φ(x).
 *
 * @example
 * ```ts
 * const h = layerNorm(tp, add(tp, x, a), gamma, beta);
 * const f = gelu(tp, linear(tp, h, w1, b1));
 * ```
 */
import { erf } from "../../tensor/elementwise.js";
import type { TNode, Tape } from "./tape.js";

export const LN_EPS = 1e-5;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export function layerNorm(tp: Tape, x: TNode, gamma: TNode, beta: TNode, eps = LN_EPS): TNode {
  const m = x.rows, n = x.cols, d = x.data, g = gamma.data, b = beta.data;
  const y = new Float32Array(d.length), xhat = new Float32Array(d.length), inv = new Float32Array(m);
  for (let r = 0; r < m; r++) {
    const o = r * n;
    let mean = 0;
    for (let j = 0; j < n; j++) mean += d[o + j];
    mean /= n;
    let v = 0;
    for (let j = 0; j < n; j++) { const c = d[o + j] - mean; v += c * c; }
    const iv = 1 / Math.sqrt(v / n + eps);
    inv[r] = iv;
    for (let j = 0; j < n; j++) { const h = (d[o + j] - mean) * iv; xhat[o + j] = h; y[o + j] = h * g[j] + b[j]; }
  }
  return tp.output(y, m, n, [x, gamma, beta], (out) => {
    const dy = out.grad!, dx = x.needsGrad ? x.g() : null, dg = gamma.needsGrad ? gamma.g() : null, db = beta.needsGrad ? beta.g() : null;
    for (let r = 0; r < m; r++) {
      const o = r * n;
      let s1 = 0, s2 = 0;
      for (let j = 0; j < n; j++) {
        const dyj = dy[o + j], dh = dyj * g[j];
        s1 += dh; s2 += dh * xhat[o + j];
        if (dg) dg[j] += dyj * xhat[o + j];
        if (db) db[j] += dyj;
      }
      if (!dx) continue;
      s1 /= n; s2 /= n;
      const iv = inv[r];
      for (let j = 0; j < n; j++) dx[o + j] += iv * (dy[o + j] * g[j] - s1 - xhat[o + j] * s2);
    }
  });
}

export function gelu(tp: Tape, x: TNode): TNode {
  const d = x.data, y = new Float32Array(d.length), dphi = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const v = d[i], cdf = 0.5 * (1 + erf(v * Math.SQRT1_2));
    y[i] = v * cdf;
    dphi[i] = cdf + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v);
  }
  return tp.output(y, x.rows, x.cols, [x], (out) => {
    const dy = out.grad!, dx = x.g();
    for (let i = 0; i < dx.length; i++) dx[i] += dy[i] * dphi[i];
  });
}
