/**
 * Layer normalization over the last axis: y = (x − mean)/sqrt(var + eps)·gamma + beta (biased variance, as in
 * PyTorch's `nn.LayerNorm`).
 *
 * @example
 * ```ts
 * layerNorm(x, gamma, beta);          // x [T, d], gamma and beta [d]
 * ```
 */
import { Tensor, checkShapes, requireF32 } from "./tensor.js";

export function layerNorm(x: Tensor, gamma?: Tensor, beta?: Tensor, eps = 1e-5): Tensor<Float32Array> {
  const X = requireF32(x, "layerNorm", "x"), n = X.shape[X.rank - 1];
  const g = gamma ? requireF32(gamma, "layerNorm", "gamma").data : null;
  const b = beta ? requireF32(beta, "layerNorm", "beta").data : null;
  if (gamma) checkShapes(gamma.size === n, "layerNorm", X.shape, gamma.shape, "do not match: gamma must have the size of the last axis");
  if (beta) checkShapes(beta.size === n, "layerNorm", X.shape, beta.shape, "do not match: beta must have the size of the last axis");
  const out = new Float32Array(X.size), d = X.data;
  for (let o = 0; o < X.size; o += n) {
    let mean = 0;
    for (let j = 0; j < n; j++) mean += d[o + j];
    mean /= n;
    let v = 0;
    for (let j = 0; j < n; j++) { const c = d[o + j] - mean; v += c * c; }
    const inv = 1 / Math.sqrt(v / n + eps);
    for (let j = 0; j < n; j++) out[o + j] = (d[o + j] - mean) * inv * (g ? g[j] : 1) + (b ? b[j] : 0);
  }
  return new Tensor("f32", X.shape, out);
}
