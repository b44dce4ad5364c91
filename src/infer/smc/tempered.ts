/**
 * Tempered SMC for static models: a sequence of targets π_β(x) ∝ p(x)·L(x)^β from the prior (β = 0) to the
 * posterior (β = 1), with log L the trace's observed score plus factors. Particles start as prior draws
 * (`generate` with the observations, so their traces hold them); each level reweights by L^δ, resamples when the
 * ESS is low, and moves every particle with an MCMC kernel built for `tempered(model, β)`.
 *
 * The increment δ is adaptive (Zhou, Johansen & Aston 2016): the largest δ ≤ 1 − β whose conditional ESS
 *   CESS(δ) = N·(Σ Wᵢ uᵢ)² / Σ Wᵢ uᵢ²,   uᵢ = L(xᵢ)^δ,  W the normalized weights,
 * is at least `cessTarget`·N (bisection). log Ẑ = Σ_levels log Σ Wᵢ uᵢ; with the schedule fixed in advance Ẑ is
 * unbiased, with the adaptive schedule it is consistent.
 *
 * @example
 * ```ts
 * const post = smc(model, args, obs, { mode: "tempered", rejuvenate: mhKernel(select("mu")), particles: 500 });
 * post.diagnostics.betas;   // the adaptive schedule, ending at 1
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { Rng } from "../../rand/rng.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import { unvisitedConstraint, type GenerativeFunction, type GFIOptions, type Trace } from "../../trace/gfi.js";
import type { ResampleScheme } from "../resample.js";
import type { SequentialRun } from "./driver.js";
import { ParticleSet, type EssThreshold } from "./particles.js";
import { moveAllSteps, resolveKernel, type Rejuvenation } from "./rejuvenate.js";
import { logLikelihood, tempered, TemperedTrace } from "./tempered-model.js";
import { runToEnd, type Steps } from "../cooperative.js";

export interface TemperedSMCOptions {
  particles: number;
  scheme: ResampleScheme;
  threshold: EssThreshold;
  rng: Rng;
  rejuvenate?: Rejuvenation;
  /** Pilot warmup iterations of an adaptive rejuvenation kernel per level (rejuvenate.ts). */
  pilotSteps?: number;
  /** Target conditional ESS as a fraction of N (default 0.5). */
  cessTarget?: number;
  /** Kernel steps per level (default 1). */
  moves?: number;
  /** Maximum number of levels (default 1000). */
  maxLevels?: number;
  gfiOptions?: GFIOptions;
  onProgress?: (fraction: number, status: string) => void;
  signal?: AbortSignal;
}

/** The conditional ESS of an increment δ, as a fraction of N. */
function cess(W: Float64Array, ll: Float64Array, delta: number, max: number): number {
  let s1 = 0, s2 = 0;
  for (let i = 0; i < W.length; i++) {
    if (W[i] === 0 || ll[i] === -Infinity) continue;
    const u = Math.exp(delta * (ll[i]! - max));
    s1 += W[i]! * u;
    s2 += W[i]! * u * u;
  }
  return s2 === 0 ? 0 : (s1 * s1) / s2;
}

/** The next increment: the largest δ ≤ room with CESS(δ) ≥ target·CESS(0⁺) (bisection, 50 halvings). */
export function nextIncrement(W: Float64Array, ll: Float64Array, room: number, target: number): number {
  let max = -Infinity;
  for (let i = 0; i < ll.length; i++) if (W[i]! > 0 && ll[i]! > max) max = ll[i]!;
  if (max === -Infinity) return room;
  const goal = target * cess(W, ll, 0, max);
  if (cess(W, ll, room, max) >= goal) return room;
  let lo = 0, hi = room;
  for (let k = 0; k < 50; k++) {
    const mid = 0.5 * (lo + hi);
    if (cess(W, ll, mid, max) >= goal) lo = mid; else hi = mid;
  }
  return lo > 0 ? lo : hi;
}

export function temperedSMC(gf: GenerativeFunction, args: unknown[], observations: ChoiceMap, o: TemperedSMCOptions): SequentialRun<Trace> & { betas: number[] } {
  return runToEnd(temperedSteps(gf, args, observations, o));
}

/** `temperedSMC` as steps (../cooperative.ts): it pauses after every level. */
export function* temperedSteps(gf: GenerativeFunction, args: unknown[], observations: ChoiceMap, o: TemperedSMCOptions): Steps<SequentialRun<Trace> & { betas: number[] }> {
  if (o.rejuvenate === undefined)
    throw new BorelError("bad-option", `smc: ${gf.name} is a static model here, run by tempering, which needs a rejuvenation kernel to move the particles between temperatures`, {
      hint: "pass rejuvenate: a kernel (e.g. mhKernel(select(\"mu\"))) or, in Borel, rejuvenate: mh(\"mu\"); for a model whose first argument is the number of steps (a loop over time, an unfold inside), pass mode: \"steps\"",
    });
  const n = o.particles, rng = o.rng, moves = o.moves ?? 1, maxLevels = o.maxLevels ?? 1000, target = o.cessTarget ?? 0.5;
  const ll = new Float64Array(n);
  let missedByAll: string | undefined;
  const start: Trace[] = [];
  for (let i = 0; i < n; i++) {
    const r = gf.generate(args, observations, rng, o.gfiOptions);
    ll[i] = r.weight === -Infinity ? -Infinity : logLikelihood(r.trace);
    // A constraint that no particle visits (a typo) is named, not reported as impossible observations.
    missedByAll = i === 0 ? r.unvisited?.[0] : missedByAll !== undefined && r.unvisited?.includes(missedByAll) ? missedByAll : undefined;
    start.push(r.trace);
    if ((i & 1023) === 1023) yield;
  }
  const set = new ParticleSet<Trace>(start);
  if (missedByAll !== undefined) throw unvisitedConstraint("smc", gf, missedByAll);
  const history = { logZIncrements: [] as number[], essHistory: [] as number[], resampled: [] as number[], points: [] as (string | undefined)[], moves: [] as { step: number; acceptance: number }[] };
  const betas: number[] = [];
  let beta = 0;
  for (let level = 0; beta < 1; level++) {
    if (o.signal?.aborted) return { set, history, betas, abortedAt: level };
    if (level >= maxLevels)
      throw new BorelError("tempering-stuck", `tempered SMC: β reached only ${beta.toPrecision(3)} after ${maxLevels} levels`, { hint: "use more particles, more moves per level, or a lower cessTarget" });
    const delta = nextIncrement(set.weights(), ll, 1 - beta, target);
    const before = set.logMeanWeight();
    for (let i = 0; i < n; i++) set.logWeights[i] += ll[i] === -Infinity ? -Infinity : delta * ll[i]!;
    const after = set.updateWeights();
    beta = delta >= 1 - beta ? 1 : beta + delta;
    if (after === -Infinity)
      throw new BorelError("zero-weights", `tempered SMC: all ${n} particles have zero weight at β = ${beta.toPrecision(3)} (level ${level})`, { hint: "the observations are impossible under every particle" });
    history.logZIncrements.push(after - before);
    history.essHistory.push(set.ess());
    betas.push(beta);
    // Resample and move; moving after the last level too, so the returned particles are diversified.
    if (set.maybeResample(o.threshold, o.scheme, rng, (s) => s)) history.resampled.push(level);
    const tgf = tempered(gf, beta);
    const wrapped: Trace[] = set.states.map((t) => tgf.wrap(t));
    const kernel = resolveKernel(o.rejuvenate, tgf, wrapped[0]!, rng, o.pilotSteps);
    let acc = 0;
    for (let m = 0; m < moves; m++) acc += yield* moveAllSteps(wrapped, (s, r) => { const x = kernel(s, r); return { state: x.trace, accepted: x.stats.accepted }; }, rng);
    history.moves.push({ step: level, acceptance: acc / moves });
    for (let i = 0; i < n; i++) {
      const t = wrapped[i]!;
      set.states[i] = t instanceof TemperedTrace ? t.inner : t;
      ll[i] = logLikelihood(set.states[i]!);
    }
    o.onProgress?.(beta, `tempered smc: level ${level + 1}, β = ${beta.toPrecision(3)}, ESS ${set.ess().toFixed(0)}`);
    yield;
  }
  return { set, history, betas };
}
