/**
 * Importance sampling with the prior (the model's internal proposal): each particle is `generate` with the
 * observations as constraints, its log weight the generate weight. log Ẑ = log mean exp(weights) is an
 * unbiased estimate of the marginal likelihood on the natural scale.
 *
 * @example
 * ```ts
 * const post = importance(coin, [flips], {}, { particles: 10000, seed: 0 });
 * post.mean("p");   // ≈ 0.696 for 70 heads in 100 flips
 * post.logZ;
 * ```
 */
import { BorelError } from "../util/errors.js";
import { toRng, type Rng } from "../rand/rng.js";
import { logMeanExp } from "../math/log.js";
import { ChoiceMap } from "../trace/choicemap.js";
import type { GenerativeFunction, GFIOptions, Trace } from "../trace/gfi.js";
import { Posterior } from "../posterior/posterior.js";
import { registerMethod } from "./registry.js";

export interface ImportanceOptions extends GFIOptions {
  /** Number of particles (default 1000). */
  particles?: number;
  seed?: number | string;
  rng?: Rng;
  keepTraces?: boolean;
}

/** Raw weighted particles (for SMC and other algorithms built on importance sampling). */
export interface WeightedParticles {
  traces: Trace[];
  logWeights: Float64Array;
  logZ: number;
}

/** Runs `generate` once per particle; throws when no particle is compatible with the observations. */
export function importanceParticles(gf: GenerativeFunction, args: unknown[], observations: unknown, opts: ImportanceOptions = {}): WeightedParticles {
  const n = opts.particles ?? 1000;
  if (!Number.isInteger(n) || n < 1) throw new BorelError("bad-option", `importance: 'particles' must be a positive integer, got ${n}`);
  const rng = opts.rng ?? toRng(opts.seed);
  const constraints = ChoiceMap.from(observations);
  const traces: Trace[] = new Array(n);
  const logWeights = new Float64Array(n);
  let missedEverywhere = null as Set<string> | null;
  for (let i = 0; i < n; i++) {
    const r = gf.generate(args, constraints, rng, opts);
    traces[i] = r.trace;
    logWeights[i] = r.weight;
    if (Number.isNaN(r.weight)) throw new BorelError("nan", `importance: particle ${i} has weight NaN`);
    const missed: Set<string> = new Set(r.unvisited ?? []);
    missedEverywhere = missedEverywhere === null ? missed : new Set([...missedEverywhere].filter((k) => missed.has(k)));
  }
  if (missedEverywhere && missedEverywhere.size > 0) {
    const k = [...missedEverywhere][0];
    throw new BorelError("unknown-address", `the constraint at '${k}' was not visited by any of the ${n} runs of ${gf.name}`, {
      address: k,
      hint: "check the address: the model never samples there (a typo, or a branch that is never taken)",
    });
  }
  const logZ = logMeanExp(logWeights);
  if (logZ === -Infinity)
    throw new BorelError("zero-weights", `importance: all ${n} particles have zero weight`, {
      hint: "the observations are impossible under every particle: check the data against the model's supports, or use more particles / a better proposal",
    });
  return { traces, logWeights, logZ };
}

/** Importance sampling returning a weighted `Posterior` with log Ẑ and the ESS in `diagnostics.ess`. */
export function importance(gf: GenerativeFunction, args: unknown[], observations: unknown = {}, opts: ImportanceOptions = {}): Posterior {
  const { traces, logWeights, logZ } = importanceParticles(gf, args, observations, opts);
  return new Posterior({ method: "importance", chains: [traces], logWeights, logZ, keepTraces: opts.keepTraces });
}

registerMethod({
  name: "importance",
  doc: "importance sampling with the prior as proposal: weighted draws, log Z, ESS",
  options: { particles: { type: "int", default: 1000, min: 1, doc: "number of particles" } },
  run: (gf, args, observations, o, ctx) => importance(gf, args, observations, { particles: o.particles as number, seed: ctx.seed }),
});
