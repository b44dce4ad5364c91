/**
 * AdamW (Loshchilov & Hutter) with a linear warmup + cosine learning-rate schedule and global gradient-norm
 * clipping, as explicit state (so a checkpoint can hold it and training can resume exactly):
 *
 *   lr_t = lr·t/warmup for t < warmup, then lr·(minFactor + (1 − minFactor)·½(1 + cos(π·(t − warmup)/(T − warmup))))
 *   g ← g·min(1, clip/‖g‖);  m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²
 *   θ ← θ − lr_t·(m̂/(√v̂ + ε) + λ·θ)   (decay λ only on weight matrices)
 *
 * @example
 * ```ts
 * const opt = new AdamW(params, { lr: 1e-3, warmup: 100, steps: 2000 });
 * const norm = opt.step(grads);        // returns the gradient norm before clipping
 * ```
 */
import type { ParamSet } from "./params.js";

export interface AdamWOptions {
  lr: number;
  steps: number;
  warmup: number;
  weightDecay?: number;
  clip?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** The schedule's floor as a fraction of lr (default 0.05). */
  minFactor?: number;
}

/** The learning rate at step t (0-based). */
export function learningRate(t: number, o: AdamWOptions): number {
  if (t < o.warmup) return (o.lr * (t + 1)) / o.warmup;
  const span = Math.max(1, o.steps - o.warmup), frac = Math.min(1, (t - o.warmup) / span), min = o.minFactor ?? 0.05;
  return o.lr * (min + (1 - min) * 0.5 * (1 + Math.cos(Math.PI * frac)));
}

export class AdamW {
  /** First and second moments by parameter name. */
  readonly m = new Map<string, Float32Array>();
  readonly v = new Map<string, Float32Array>();
  /** Steps taken. */
  t = 0;

  constructor(readonly params: ParamSet, readonly opts: AdamWOptions) {
    for (const [n, p] of params) { this.m.set(n, new Float32Array(p.data.length)); this.v.set(n, new Float32Array(p.data.length)); }
  }

  /** Global L2 norm of the gradients. */
  static gradNorm(grads: Map<string, Float32Array>): number {
    let s = 0;
    for (const g of grads.values()) for (let i = 0; i < g.length; i++) s += g[i] * g[i];
    return Math.sqrt(s);
  }

  /** One update from `grads` (clipped in place); returns the norm before clipping. */
  step(grads: Map<string, Float32Array>): number {
    const o = this.opts, b1 = o.beta1 ?? 0.9, b2 = o.beta2 ?? 0.999, eps = o.eps ?? 1e-8, wd = o.weightDecay ?? 0.01;
    const norm = AdamW.gradNorm(grads), clip = o.clip ?? 1, scale = norm > clip ? clip / norm : 1;
    const lr = learningRate(this.t, o);
    this.t++;
    const c1 = 1 - Math.pow(b1, this.t), c2 = 1 - Math.pow(b2, this.t);
    for (const [n, p] of this.params) {
      const g = grads.get(n)!, m = this.m.get(n)!, v = this.v.get(n)!, w = p.data, lam = p.decay ? wd : 0;
      for (let i = 0; i < w.length; i++) {
        const gi = g[i] * scale;
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        w[i] -= lr * (m[i] / c1 / (Math.sqrt(v[i] / c2) + eps) + lam * w[i]);
      }
    }
    return norm;
  }
}
