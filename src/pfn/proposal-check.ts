/**
 * The amortized-proposal check of issue 7: importance sampling of a model given data, over several seeds, with
 * a PFN proposal and with the prior, reporting the mean ESS/N of each, and log-mean-exp of the seeds' Ẑ with its
 * standard error (delta method: se(log mean Ẑ) ≈ sd(Ẑ_s)/(mean(Ẑ_s)·√S)), to compare with an exact log Z.
 *
 * @example
 * ```ts
 * const r = proposalCheck(linregPrior(), [100], { x: xs, y: ys }, pfn, { seeds: 20, particles: 1000 });
 * r.pfn.essFraction / r.prior.essFraction;   // ≥ 10
 * Math.abs(r.logMeanZ - exact) <= 3 * r.logMeanZSe;
 * ```
 */
import type { GenerativeFunction } from "../trace/gfi.js";
import { importance } from "../infer/importance.js";
import { logMeanExp } from "../math/log.js";
import type { Context } from "./inputs.js";
import type { PFN } from "./pfn.js";
import { pfnProposal, type ProposalOptions } from "./proposal.js";

export interface ProposalCheckResult {
  pfn: { essFraction: number; logZ: number[] };
  prior: { essFraction: number; logZ: number[] };
  /** log of the mean over seeds of the PFN-proposal Ẑ, and its standard error. */
  logMeanZ: number;
  logMeanZSe: number;
}

export function proposalCheck(model: GenerativeFunction, args: unknown[], data: Context, pfn: PFN,
  o: ProposalOptions & { seeds?: number; particles?: number; priorSeeds?: number } = {}): ProposalCheckResult {
  const S = o.seeds ?? 20, N = o.particles ?? 1000, obs = { x: data.x, y: data.y };
  const q = pfnProposal(pfn, data, o);
  const run = (seed: number, proposal?: GenerativeFunction) => {
    const p = importance(model, args, obs, { particles: N, seed, proposal, keepTraces: false });
    return { logZ: p.logZ!, ess: p.diagnostics.ess as number };
  };
  const withPfn = Array.from({ length: S }, (_, s) => run(s, q)), withPrior = Array.from({ length: o.priorSeeds ?? S }, (_, s) => run(1000 + s));
  const lz = withPfn.map((r) => r.logZ), lme = logMeanExp(lz);
  const rel = lz.map((l) => Math.exp(l - lme));   // Ẑ_s / mean Ẑ
  const sd = Math.sqrt(rel.reduce((s, r) => s + (r - 1) ** 2, 0) / (S - 1));
  const frac = (rs: { ess: number }[]) => rs.reduce((s, r) => s + r.ess, 0) / rs.length / N;
  return { pfn: { essFraction: frac(withPfn), logZ: lz }, prior: { essFraction: frac(withPrior), logZ: withPrior.map((r) => r.logZ) }, logMeanZ: lme, logMeanZSe: sd / Math.sqrt(S) };
}
