/**
 * Plain-JS baseline for SMC on the state-space model of ssm.json: the obvious bootstrap particle filter loop
 * (x_0 ~ N(0, 1), x_k = φ x_{k−1} + N(0, 1), y_k ~ N(x_k, 1)), particles in Float64Arrays, the same `Rng`
 * (seedrandom xor4096, `normal()` by Box–Muller), systematic resampling when ESS < N/2 — the same algorithm and
 * schedule as Borel's `smc` with its defaults, without traces.
 *
 * @example
 * ```ts
 * const { logZ } = ssmParticleFilter(ys, 1000, new Rng(1));
 * ```
 */
import type { Rng } from "../../src/rand/rng.js";

const LOG_2PI = Math.log(2 * Math.PI);

export function ssmParticleFilter(ys: readonly number[], n: number, rng: Rng, phi = 0.9): { logZ: number; mean: number } {
  let x = new Float64Array(n), next = new Float64Array(n);
  const logW = new Float64Array(n), w = new Float64Array(n);
  let logZ = 0;
  for (let t = 0; t < ys.length; t++) {
    if (t > 0) {
      // normalized weights and ESS
      let max = -Infinity;
      for (let i = 0; i < n; i++) if (logW[i]! > max) max = logW[i]!;
      let sum = 0;
      for (let i = 0; i < n; i++) { w[i] = Math.exp(logW[i]! - max); sum += w[i]!; }
      let sq = 0;
      for (let i = 0; i < n; i++) { w[i]! /= sum; sq += w[i]! * w[i]!; }
      if (1 / sq < n / 2) {
        logZ += max + Math.log(sum / n);
        // systematic resampling
        const u = rng.double();
        let j = 0, c = w[0]!;
        for (let k = 0; k < n; k++) {
          const p = (k + u) / n;
          while (p >= c && j < n - 1) c += w[++j]!;
          next[k] = x[j]!;
        }
        [x, next] = [next, x];
        logW.fill(0);
      }
    }
    const y = ys[t]!;
    for (let i = 0; i < n; i++) {
      const xi = (t === 0 ? 0 : phi * x[i]!) + rng.normal();
      x[i] = xi;
      logW[i] += -0.5 * (y - xi) ** 2 - 0.5 * LOG_2PI;
    }
  }
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (logW[i]! > max) max = logW[i]!;
  let sum = 0, m = 0;
  for (let i = 0; i < n; i++) { const wi = Math.exp(logW[i]! - max); sum += wi; m += wi * x[i]!; }
  return { logZ: logZ + max + Math.log(sum / n), mean: m / sum };
}
