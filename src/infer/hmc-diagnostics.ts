/**
 * Sampler diagnostics of gradient-based MCMC, from the per-draw stats the driver records: divergent
 * transitions (per draw and in total), tree-depth hits (NUTS), the adapted step size and mean acceptance
 * statistic per chain, gradient evaluations (warmup included), and the energy Bayesian fraction of missing
 * information per chain (Betancourt 2016). Everything comes from what the driver returns — the per-draw stats
 * and each chain's final kernel state, which counts the chain's gradients and leapfrog steps — so chains run
 * on worker threads, resumed or loaded from disk report the same diagnostics as chains run here:
 *
 *     E-BFMI = Σ_n (E_n − E_{n−1})² / Σ_n (E_n − Ē)²
 *
 * Values below 0.3 mean the momentum resampling explores the energy distribution poorly (heavy tails,
 * funnels). Per-draw values stay in `post.sampleStats` (`divergent`, `tree_depth`, `energy`, `accept_stat`,
 * `step_size`, `n_leapfrog`, `n_grad`).
 *
 * @example
 * ```ts
 * const d = post.diagnostics.sampler as SamplerDiagnostics;
 * d.divergences; d.treedepth_hits; d.ebfmi; d.step_size;
 * ```
 */
import type { Posterior } from "../posterior/posterior.js";
import type { ChainState } from "../posterior/types.js";
import type { GradientAdaptState } from "./hmc-adaptive.js";

export interface SamplerDiagnostics {
  /** Divergent transitions after warmup, all chains. */
  divergences: number;
  /** Divergent transitions after warmup, per chain. */
  divergencesPerChain: number[];
  /** Transitions after warmup that stopped at the maximum tree depth. */
  treedepth_hits: number;
  /** Step size after warmup, per chain. */
  step_size: number[];
  /** Mean acceptance statistic after warmup, per chain. */
  accept_stat: number[];
  /** E-BFMI per chain. */
  ebfmi: number[];
  /** Gradient evaluations in warmup and sampling, all chains (NaN when unknown). */
  n_grad: number;
  /** Gradient evaluations per chain. */
  n_grad_per_chain: number[];
  /** Leapfrog steps of all transitions (warmup included), all chains: Stan's count of gradients. */
  n_leapfrog: number;
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

/** Per-chain slices of a chain-major stat (empty slices when the stat is absent). */
function perChain(post: Posterior, name: string): Float64Array[] {
  const all = post.sampleStats.get(name) ?? new Float64Array(post.size).fill(NaN);
  const out: Float64Array[] = [];
  let off = 0;
  for (const n of post.chainLengths) { out.push(all.subarray(off, off + n)); off += n; }
  return out;
}

const sum = (xs: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i] > 0 ? xs[i] : 0; return s; };
const mean = (xs: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]; return xs.length ? s / xs.length : NaN; };

/** A count kept in a chain's gradient-kernel state (NaN when the state is not one). */
function count(s: ChainState, key: "nGrad" | "nLeapfrog"): number {
  const a = s.adaptation as Partial<GradientAdaptState> | null | undefined;
  const v = typeof a === "object" && a !== null ? a[key] : undefined;
  return typeof v === "number" ? v : NaN;
}

/** The diagnostics of a posterior drawn with a gradient kernel. */
export function samplerDiagnostics(post: Posterior): SamplerDiagnostics {
  const div = perChain(post, "divergent").map(sum);
  const hits = perChain(post, "tree_depth_hit").map(sum);
  const grads = (post.chainStates ?? []).map((s) => count(s, "nGrad"));
  const leaps = (post.chainStates ?? []).map((s) => count(s, "nLeapfrog"));
  return {
    divergences: div.reduce((a, b) => a + b, 0),
    divergencesPerChain: div,
    treedepth_hits: hits.reduce((a, b) => a + b, 0),
    step_size: perChain(post, "step_size").map((c) => (c.length ? c[c.length - 1] : NaN)),
    accept_stat: perChain(post, "accept_stat").map(mean),
    ebfmi: perChain(post, "energy").map(ebfmi),
    n_grad: grads.reduce((a, b) => a + b, 0),
    n_grad_per_chain: grads,
    n_leapfrog: leaps.reduce((a, b) => a + b, 0),
  };
}

/** Adds `diagnostics.sampler`, the method name and warnings (divergences, tree depth, E-BFMI < 0.3). */
export function attachSamplerDiagnostics(post: Posterior, method: string): Posterior {
  const d = samplerDiagnostics(post);
  (post as { method: string }).method = method;
  post.diagnostics.sampler = d;
  post.diagnostics.divergences = d.divergences;
  // Appended lazily: reading the list now would compute the convergence warnings (R-hat and ESS of every
  // choice: ~10% of a short NUTS run) for callers that never look at them.
  const warnings: string[] = [];
  post.addWarningsLazily(() => warnings);
  // Stan rejects a trajectory that leaves a parameter's domain (a negative scale): here too, but say so — a prior
  // that allows invalid values is usually a mistake that other methods report as an error.
  const invalid = perChain(post, "invalid_param").reduce((n, c) => { for (let i = 0; i < c.length; i++) if (c[i]! > 0) n++; return n; }, 0);
  if (invalid > 0)
    warnings.push(`${invalid} of ${post.size} transitions after warmup met a distribution parameter outside its domain (a negative or zero scale, say) and rejected those trajectories (as Stan does): a prior probably allows invalid values — give such a choice a prior on the right support (half_normal, exponential, ...); importance() or mh() on the model stop at the statement with a located error`);
  if (d.treedepth_hits > 0) warnings.push(`${d.treedepth_hits} of ${post.size} transitions after warmup hit the maximum tree depth: raise max_depth, or reparameterize`);
  d.ebfmi.forEach((e, c) => { if (e < 0.3) warnings.push(`chain ${c + 1}: E-BFMI ${e.toFixed(2)} is below 0.3: the posterior may have heavy tails or a funnel (reparameterize)`); });
  // A step size that warmup drove towards 0 (far below the other chains', or below 1e-8): the chain started, and
  // stayed, where the log density is extreme (an explosive recursion, a far tail) and barely moves.
  const sizes = d.step_size.filter((e) => e > 0), typical = sizes.length > 0 ? [...sizes].sort((a, b) => a - b)[Math.floor(sizes.length / 2)]! : NaN;
  d.step_size.forEach((e, c) => {
    if (e < 1e-8 || e < 1e-4 * typical)
      warnings.push(`chain ${c + 1}: warmup left a step size of ${e.toPrecision(2)}${sizes.length > 1 ? ` (median over chains ${typical.toPrecision(2)})` : ""}: the chain is stuck where the log density is extreme and its draws do not describe the posterior; give initial values (init), a tighter prior or a reparameterization`);
  });
  return post;
}
