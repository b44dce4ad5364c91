/**
 * Sampler diagnostics of gradient-based MCMC, from the per-draw kernel stats: divergent transitions (per
 * draw and in total), tree-depth hits (NUTS), the adapted step size per chain, the mean acceptance
 * statistic, gradient evaluations, and the energy Bayesian fraction of missing information per chain
 * (Betancourt 2016): E-BFMI = Σ_n (E_n − E_{n−1})² / Σ_n (E_n − Ē)², where values below 0.3 indicate that the
 * momentum resampling explores the energy distribution poorly (heavy tails, funnels).
 *
 * @example
 * ```ts
 * const d = samplerDiagnostics(statsPerChain);
 * d.divergences; d.ebfmi; d.treedepth_hits;
 * ```
 */
import type { KernelStats } from "./kernel.js";

export interface SamplerDiagnostics {
  /** Divergent transitions after warmup, over all chains. */
  divergences: number;
  /** Transitions after warmup that stopped at the maximum tree depth. */
  treedepth_hits: number;
  /** Step size used after warmup, per chain. */
  step_size: number[];
  /** Mean acceptance statistic after warmup, per chain. */
  accept_stat: number[];
  /** E-BFMI per chain (NaN when the kernel reports no energy). */
  ebfmi: number[];
  /** Gradient evaluations in warmup and sampling, all chains. */
  n_grad: number;
  /** Per-draw sampler parameters, per chain (Stan's `divergent__`, `treedepth__`, `energy__`, ...). */
  draws: {
    divergent: boolean[][];
    tree_depth: number[][];
    n_leapfrog: number[][];
    accept_stat: number[][];
    energy: number[][];
    step_size: number[][];
  };
}

/** E-BFMI of one chain's energies. */
export function ebfmi(energy: ArrayLike<number>): number {
  const n = energy.length;
  if (n < 2) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += energy[i];
  mean /= n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) num += (energy[i] - energy[i - 1]) ** 2;
    den += (energy[i] - mean) ** 2;
  }
  return num / den;
}

const num = (v: unknown): number => (typeof v === "number" ? v : NaN);

/** Diagnostics from the stats of the post-warmup draws of each chain, and the total gradient count. */
export function samplerDiagnostics(chains: readonly (readonly KernelStats[])[], nGrad = NaN): SamplerDiagnostics {
  const draws: SamplerDiagnostics["draws"] = { divergent: [], tree_depth: [], n_leapfrog: [], accept_stat: [], energy: [], step_size: [] };
  let divergences = 0, hits = 0;
  for (const stats of chains) {
    draws.divergent.push(stats.map((s) => s.divergent === true));
    draws.tree_depth.push(stats.map((s) => num(s.tree_depth)));
    draws.n_leapfrog.push(stats.map((s) => num(s.n_leapfrog)));
    draws.accept_stat.push(stats.map((s) => num(s.accept_stat)));
    draws.energy.push(stats.map((s) => num(s.energy)));
    draws.step_size.push(stats.map((s) => num(s.step_size)));
    for (const s of stats) {
      if (s.divergent === true) divergences++;
      if (s.tree_depth_hit === true) hits++;
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    divergences, treedepth_hits: hits,
    step_size: draws.step_size.map((c) => (c.length ? c[c.length - 1] : NaN)),
    accept_stat: draws.accept_stat.map(mean),
    ebfmi: draws.energy.map((e) => (e.every(Number.isFinite) ? ebfmi(e) : NaN)),
    n_grad: nGrad,
    draws,
  };
}
