/**
 * Stochastic gradient *ascent* optimizers for variational inference: Adam (Kingma & Ba 2015, with bias
 * correction) and SGD with momentum, each with a learning-rate schedule. Parameters are named numbers or
 * vectors (a `ParamStore`'s values); the optimizer keeps its moment estimates per name and updates values in
 * place (numbers are replaced).
 *
 * @example
 * ```ts
 * const opt = adam({ lr: exponentialDecay(0.05, 0.5, 1000) });
 * opt.step(store, grads, t);   // grads: Map name → gradient of the objective (maximized)
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { ParamStore, ParamValue } from "../../trace/params.js";

/** Learning rate by step (0-based), or a constant. */
export type Schedule = number | ((step: number) => number);

/** lr0 · rate^(step / every): halves every `every` steps with rate 0.5. */
export function exponentialDecay(lr0: number, rate: number, every: number): (step: number) => number {
  return (step) => lr0 * Math.pow(rate, step / every);
}

/** lr0 · factor^⌊step / every⌋. */
export function stepDecay(lr0: number, factor: number, every: number): (step: number) => number {
  return (step) => lr0 * Math.pow(factor, Math.floor(step / every));
}

/** lr0 / (1 + step / scale)^power (Robbins–Monro-style decay, power in (0.5, 1]). */
export function inverseDecay(lr0: number, scale: number, power = 1): (step: number) => number {
  return (step) => lr0 / Math.pow(1 + step / scale, power);
}

export interface Optimizer {
  readonly name: string;
  /** One ascent step on `params` along `grads` at step `t` (0-based). */
  step(params: ParamStore, grads: ReadonlyMap<string, ParamValue>, t: number): void;
}

const rate = (s: Schedule, t: number): number => (typeof s === "number" ? s : s(t));

/** Applies f(i, value_i, grad_i) → new value_i elementwise to a number or vector parameter. */
function update(params: ParamStore, name: string, g: ParamValue, f: (i: number, x: number, g: number) => number): void {
  const v = params.get(name);
  if (typeof v === "number") { params.set(name, f(0, v, typeof g === "number" ? g : g[0])); return; }
  if (typeof g === "number" || g.length !== v.length)
    throw new BorelError("internal", `optimizer: gradient of '${name}' has the wrong shape`);
  for (let i = 0; i < v.length; i++) v[i] = f(i, v[i], g[i]);
}

const len = (g: ParamValue): number => (typeof g === "number" ? 1 : g.length);

export interface AdamOptions { lr?: Schedule; beta1?: number; beta2?: number; eps?: number }

export function adam(o: AdamOptions = {}): Optimizer {
  const lr = o.lr ?? 0.01, b1 = o.beta1 ?? 0.9, b2 = o.beta2 ?? 0.999, eps = o.eps ?? 1e-8;
  const m = new Map<string, Float64Array>(), v = new Map<string, Float64Array>();
  return {
    name: "adam",
    step(params, grads, t) {
      const a = rate(lr, t), c1 = 1 - Math.pow(b1, t + 1), c2 = 1 - Math.pow(b2, t + 1);
      for (const [name, g] of grads) {
        let mi = m.get(name), vi = v.get(name);
        if (mi === undefined || vi === undefined) { mi = new Float64Array(len(g)); vi = new Float64Array(len(g)); m.set(name, mi); v.set(name, vi); }
        const M = mi, V = vi;
        update(params, name, g, (i, x, gi) => {
          M[i] = b1 * M[i] + (1 - b1) * gi;
          V[i] = b2 * V[i] + (1 - b2) * gi * gi;
          return x + (a * (M[i] / c1)) / (Math.sqrt(V[i] / c2) + eps);
        });
      }
    },
  };
}

export interface SgdOptions { lr?: Schedule; momentum?: number }

export function sgd(o: SgdOptions = {}): Optimizer {
  const lr = o.lr ?? 0.01, mu = o.momentum ?? 0;
  const vel = new Map<string, Float64Array>();
  return {
    name: "sgd",
    step(params, grads, t) {
      const a = rate(lr, t);
      for (const [name, g] of grads) {
        let w = vel.get(name);
        if (w === undefined) { w = new Float64Array(len(g)); vel.set(name, w); }
        const W = w;
        update(params, name, g, (i, x, gi) => { W[i] = mu * W[i] + gi; return x + a * W[i]; });
      }
    },
  };
}
