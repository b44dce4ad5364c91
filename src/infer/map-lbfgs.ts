/**
 * L-BFGS (Nocedal & Wright 2006, Algorithm 7.4/7.5) with a backtracking Armijo line search: minimizes a
 * smooth function on R^n from its value and gradient, keeping the last `memory` curvature pairs. Used to find
 * posterior modes (MAP, Laplace) on the unconstrained space.
 *
 * Converges when the largest gradient component falls below `gradTol`·max(1, |f|), or the relative decrease
 * of f over an iteration below `relTol`; steps that leave the domain (f = +∞) are shortened.
 *
 * @example
 * ```ts
 * const r = lbfgs((x, g) => { g[0] = 2 * (x[0] - 3); return (x[0] - 3) ** 2; }, new Float64Array([0]));
 * r.x;   // [3]
 * ```
 */
import { checkNumberOption } from "./option-names.js";

/** f(x); writes ∇f(x) into g. */
export type Objective = (x: Float64Array, g: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations?: number;
  memory?: number;
  gradTol?: number;
  relTol?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

const dot = (a: Float64Array, b: Float64Array): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; };
const maxAbs = (a: Float64Array): number => { let s = 0; for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i])); return s; };

/** Throws on an L-BFGS option out of its range (the method's name in the message). */
export function checkLbfgsOptions(method: string, o: LbfgsOptions): void {
  checkNumberOption(method, "maxIterations", o.maxIterations, { min: 1, integer: true });
  checkNumberOption(method, "memory", o.memory, { min: 1, integer: true });
  checkNumberOption(method, "gradTol", o.gradTol, { min: 0 });
  checkNumberOption(method, "relTol", o.relTol, { min: 0 });
}

export function lbfgs(f: Objective, x0: Float64Array, o: LbfgsOptions = {}): LbfgsResult {
  const n = x0.length, mem = o.memory ?? 10, maxIt = o.maxIterations ?? 1000, gradTol = o.gradTol ?? 1e-8, relTol = o.relTol ?? 1e-13;
  let x = x0.slice(), g = new Float64Array(n), evaluations = 1;
  let fx = f(x, g);
  // Converged: the largest gradient component below gradTol·max(1, |f|).
  const stationary = (): boolean => maxAbs(g) <= gradTol * Math.max(1, Math.abs(fx));
  const S: Float64Array[] = [], Y: Float64Array[] = [], rho: number[] = [];
  const d = new Float64Array(n), alpha = new Float64Array(mem), xn = new Float64Array(n), gn = new Float64Array(n);
  for (let it = 0; it < maxIt; it++) {
    if (stationary()) return { x, f: fx, gradient: g, iterations: it, evaluations, converged: true };
    // Two-loop recursion: d = −H g.
    d.set(g);
    for (let k = S.length - 1; k >= 0; k--) { alpha[k] = rho[k] * dot(S[k], d); for (let i = 0; i < n; i++) d[i] -= alpha[k] * Y[k][i]; }
    const gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1 / Math.max(1, maxAbs(g));
    for (let i = 0; i < n; i++) d[i] *= gamma;
    for (let k = 0; k < S.length; k++) { const b = rho[k] * dot(Y[k], d); for (let i = 0; i < n; i++) d[i] += S[k][i] * (alpha[k] - b); }
    for (let i = 0; i < n; i++) d[i] = -d[i];
    let slope = dot(g, d);
    if (!(slope < 0)) { for (let i = 0; i < n; i++) d[i] = -g[i]; slope = -dot(g, g); S.length = Y.length = rho.length = 0; }
    // Line search for the weak Wolfe conditions (Armijo, c1 = 1e-4; curvature, c2 = 0.9) by bracketing: halve
    // a step that does not decrease f enough, double one after which f still falls steeply. Backtracking alone
    // took step 1 of a direction scaled far too short (after a start where the gradient was huge, the first
    // curvature pair made every later direction ~1e-16 long): tiny accepted steps forever, and pairs from them
    // failed the curvature test, so the scaling never recovered. A Wolfe step has s·y > 0.
    let step = 1, lo = 0, hi = Infinity, fn = Infinity, found = false;
    const xa = new Float64Array(n), ga = new Float64Array(n);
    let fa = Infinity;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) xn[i] = x[i] + step * d[i];
      fn = f(xn, gn);
      evaluations++;
      if (!(fn <= fx + 1e-4 * step * slope)) hi = step;
      else {
        lo = step; xa.set(xn); ga.set(gn); fa = fn;
        if (!(dot(gn, d) < 0.9 * slope)) { found = true; break; }
      }
      step = hi < Infinity ? (lo + hi) / 2 : 2 * step;
    }
    // No Wolfe point: the last Armijo point, else (as before) the shortest step tried.
    if (!found && lo > 0) { xn.set(xa); gn.set(ga); fn = fa; }
    if (!(fn <= fx)) return { x, f: fx, gradient: g, iterations: it, evaluations, converged: false };
    const s = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) { s[i] = xn[i] - x[i]; y[i] = gn[i] - g[i]; }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      S.push(s); Y.push(y); rho.push(1 / sy);
      if (S.length > mem) { S.shift(); Y.shift(); rho.shift(); }
    }
    const rel = (fx - fn) / Math.max(1, Math.abs(fx));
    x = xn.slice(); g = gn.slice(); fx = fn;
    if (rel < relTol) return { x, f: fx, gradient: g, iterations: it + 1, evaluations, converged: true };
  }
  // The last step may have reached the optimum: its gradient decides, as at the top of an iteration.
  return { x, f: fx, gradient: g, iterations: maxIt, evaluations, converged: stationary() };
}
