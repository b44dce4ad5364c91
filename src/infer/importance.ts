/**
 * Importance sampling with the prior (the model's internal proposal) or a custom proposal generative
 * function q. With the prior, a particle is `generate` with the observations y as constraints and its log
 * weight is the generate weight. With q: x ~ q(·; proposalArgs) by `propose`, then `generate` with y ∪ x as
 * constraints, x marked `latent` (values, not observations), and
 *
 *   log w = log p(x, y) − log q(x)        (choices the proposal leaves out are sampled from the prior and cancel).
 *
 * log Ẑ = log mean exp(log w), where Ẑ is an unbiased estimate of p(y); the Kish ESS is in `diagnostics.ess`.
 *
 * @example
 * ```ts
 * const post = importance(coin, [flips], {}, { particles: 10000, seed: 0 });
 * post.mean("p");   // ≈ 0.696 for 70 heads in 100 flips
 * const guide = gen((t) => t.sample("p", beta(70, 30)));
 * importance(coin, [flips], {}, { particles: 1000, proposal: guide }).logZ;   // ≈ −63.257
 * ```
 */
import { checkOptionNames, optionNames, COMMON_OPTIONS, RUN_OPTIONS } from "./option-names.js";
import { BorelError, isBorelError } from "../util/errors.js";
import { toRng, type Rng } from "../rand/rng.js";
import { logMeanExp } from "../math/log.js";
import { ChoiceMap } from "../trace/choicemap.js";
import { describeValue } from "../dist/params.js";
import { describeSupport } from "../dist/support.js";
import { checkModelInput, type GenerateResult, type GenerativeFunction, type GFIOptions, type Trace } from "../trace/gfi.js";
import { Posterior } from "../posterior/posterior.js";
import { essImportance, psis, psisTailLength } from "../diagnostics/index.js";
import { DrawRecorder } from "../posterior/recorder.js";
import { registerMethod } from "./registry.js";
import { drawCount, MAX_DRAWS, MAX_DRAWS_HINT } from "./draw-count.js";
import { runToEnd, runYielding, type Steps } from "./cooperative.js";

export interface ImportanceOptions extends GFIOptions {
  /** Number of particles (default 1000). */
  particles?: number;
  seed?: number | string;
  rng?: Rng;
  /** Keep every particle's trace in the posterior (`post.traces`, `expectTrace`); default false: draws are recorded as columns. */
  keepTraces?: boolean;
  /** A proposal generative function over (some of) the model's latent addresses; default the prior. */
  proposal?: GenerativeFunction;
  proposalArgs?: unknown[];
  onProgress?: (fraction: number, status: string) => void;
  /** Stops early; the particles so far are returned. */
  signal?: AbortSignal;
}

/** Raw weighted particles (for SMC and other algorithms built on importance sampling). */
export interface WeightedParticles {
  traces: Trace[];
  logWeights: Float64Array;
  logZ: number;
}

/** `a ∪ b`; an address in both is an error (a proposal may not propose an observed address). */
export function unionChoices(a: ChoiceMap, b: ChoiceMap, what = "the proposal"): ChoiceMap {
  if (b.isEmpty()) return a;
  if (a.isEmpty()) return b;
  const out = new ChoiceMap(a.entries());
  for (const [k, v] of b) {
    if (a.has(k) || a.has(`${k}/0`)) throw new BorelError("proposal-conflict", `${what} proposes '${k}', which is observed`, { address: k, hint: "a proposal chooses latent addresses only" });
    out.set(k, v);
  }
  return out;
}

/**
 * One importance sample: `generate` with `constraints`, after drawing x from `proposal` when one is given
 * (x marked latent, weight − log q(x)). A proposed value outside the model's support (a normal proposal for a
 * gamma choice, below 0) has p(x) = 0: weight −∞, on a trace from the prior (its values carry no weight), and
 * `outsideSupport` names the address.
 */
export function importanceSample(
  gf: GenerativeFunction, args: unknown[], constraints: ChoiceMap, rng: Rng, opts: GFIOptions = {},
  proposal?: { gf: GenerativeFunction; args: unknown[] },
): GenerateResult & { outsideSupport?: string } {
  if (!proposal) return gf.generate(args, constraints, rng, opts);
  const q = proposal.gf.propose(proposal.args, rng, { params: opts.params });
  const latent = opts.latent ? unionChoices(opts.latent, q.choices, "the proposal") : q.choices;
  let r: GenerateResult;
  try {
    r = gf.generate(args, unionChoices(constraints, q.choices), rng, { ...opts, latent });
  } catch (e) {
    if (!(isBorelError(e) && e.code === "bad-value" && e.address !== undefined && q.choices.has(e.address))) throw e;
    return { trace: gf.generate(args, constraints, rng, opts).trace, weight: -Infinity, outsideSupport: e.address };
  }
  return { ...r, weight: r.weight - q.weight };
}

/** Runs one importance sample per particle; throws when no particle is compatible with the observations. */
export function importanceParticles(gf: GenerativeFunction, args: unknown[], observations: unknown, opts: ImportanceOptions = {}): WeightedParticles {
  const traces: Trace[] = [];
  const { logWeights, logZ } = runToEnd(particleSteps(gf, args, observations, opts, (t) => traces.push(t)));
  return { traces, logWeights, logZ };
}

/**
 * The particles, each handed to `onTrace` as it is made (so a caller that records draws need not keep the
 * traces: 10⁴ particles of a model with 100 observations are 10⁶ records); returns their log weights and log Ẑ.
 * Pauses every 256 particles (./cooperative.ts).
 */
function* particleSteps(gf: GenerativeFunction, args: unknown[], observations: unknown, opts: ImportanceOptions, onTrace: (t: Trace) => void): Steps<{ logWeights: Float64Array; logZ: number }> {
  const n = drawCount("importance", "particles", opts.particles ?? 1000);
  const rng = opts.rng ?? toRng(opts.seed);
  const constraints = ChoiceMap.from(observations);
  const proposal = opts.proposal ? { gf: opts.proposal, args: opts.proposalArgs ?? [] } : undefined;
  const logWeights = new Float64Array(n);
  let count = 0;
  let missedEverywhere = null as Set<string> | null;
  // Why particles got zero weight: the first impossible observation (or a factor) of each, counted.
  const impossible = new Map<string, number>(), examples = new Map<string, string>();
  for (let i = 0; i < n && !opts.signal?.aborted; i++) {
    const r = importanceSample(gf, args, constraints, rng, opts, proposal);
    if (Number.isNaN(r.weight)) throw new BorelError("nan", `importance: particle ${i} has weight NaN`);
    onTrace(r.trace);
    logWeights[i] = r.weight;
    if (r.weight === -Infinity) {
      const why = r.outsideSupport !== undefined ? `proposal '${r.outsideSupport}'` : zeroWeightCause(r.trace);
      impossible.set(why, (impossible.get(why) ?? 0) + 1);
      if (!examples.has(why)) examples.set(why, impossibleValue(r.trace, why));
    }
    count++;
    if (missedEverywhere === null) missedEverywhere = new Set(r.unvisited ?? []);
    else if (missedEverywhere.size > 0) {
      const missed = new Set(r.unvisited ?? []);
      for (const k of missedEverywhere) if (!missed.has(k)) missedEverywhere.delete(k);
    }
    if ((i + 1) % 256 === 0) {
      if (opts.onProgress && (i + 1) % 1024 === 0) opts.onProgress((i + 1) / n, `importance: ${i + 1}/${n} particles`);
      yield;
    }
  }
  if (count === 0) throw new BorelError("aborted", "importance: aborted before the first particle");
  if (missedEverywhere && missedEverywhere.size > 0) {
    const k = [...missedEverywhere][0];
    throw new BorelError("unknown-address", `the constraint at '${k}' was not visited by any of the ${count} runs of ${gf.name}`, {
      address: k,
      hint: "check the address: the model never samples there (a typo, or a branch that is never taken)",
    });
  }
  const w = logWeights.subarray(0, count);
  const logZ = logMeanExp(w);
  if (logZ === -Infinity) {
    const [why, times] = [...impossible].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
    const proposed = why.startsWith("proposal ");
    const key = proposed ? why.slice(9) : why;
    const address = key.startsWith("'") ? key.slice(1, -1) : undefined;
    const cause = proposed ? `the proposal's value at ${key} lies outside the model's support` : why === "a factor" ? "a factor of −∞ is impossible" : `the observation at ${why} is impossible`;
    const example = examples.get(why);
    throw new BorelError("zero-weights", `importance: all ${count} particles have zero weight${why ? ` — ${cause} in ${times} of them` : ""}${example ? ` (${example})` : ""}`, {
      address,
      hint: "the observations are impossible under every particle: check the data against the model's supports, or use more particles / a better proposal",
    });
  }
  return { logWeights: w, logZ };
}

/** The first observation of a zero-weight trace with zero density ('address'), else "a factor" (or "" if neither). */
/** Why a run has zero weight: `'key'` of its first impossible observation, "a factor" (of −∞), or "". */
export function zeroWeightCause(trace: Trace): string {
  for (const c of trace.choices()) if (c.observed && c.logp === -Infinity) return `'${c.key}'`;
  return trace.factorScore === -Infinity ? "a factor" : "";
}

/** The observed value at a cause `'key'` and the distribution it has zero density under ("value 2 under categorical([…])"). */
function impossibleValue(trace: Trace, why: string): string {
  if (!why.startsWith("'")) return "";
  const c = trace.choice(why.slice(1, -1));
  if (c === undefined) return "";
  const v = c.value, short = (v instanceof Float64Array || Array.isArray(v)) && v.length <= 6;
  const shown = typeof v === "number" || typeof v === "boolean" ? String(v) : short ? `[${Array.from(v as ArrayLike<unknown>, String).join(", ")}]` : describeValue(v);
  return `e.g. ${shown} under ${String(c.dist)}, whose support is ${describeSupport(c.dist.support)}`;
}

/**
 * A warning when the weights' tail is too heavy for the estimates to be trusted: Pareto k̂ > 0.7 (Vehtari et al.,
 * "Pareto smoothed importance sampling", the same threshold as LOO and VI here). A prior far wider than the
 * posterior (linreg.json from its N(0, 10) prior: 2.5 effective of 10⁴ particles, log Z 2.6 off) gave confident
 * summaries and no word of it.
 */
function heavyTailWarning(logWeights: Float64Array): string | undefined {
  const m = psisTailLength(logWeights.length);
  if (m < 5) return undefined;
  // A tail of a few distinct weights (a discrete model's: the weights take few values) is bounded; a Pareto fit
  // to its ties said k̂ = ∞ at an ESS of 10⁴ of 5·10⁴.
  const top = Float64Array.from(logWeights).sort().subarray(logWeights.length - m - 1);
  if (new Set(top).size < 5) return undefined;
  const k = psis(logWeights).k;
  if (!(k > 0.7)) return undefined;
  const ess = essImportance(logWeights);
  return `importance: Pareto k̂ ${k === Infinity ? "∞" : k.toFixed(2)} > 0.7 (an effective sample size of ${ess.toPrecision(3)} of ${logWeights.length} particles): a few particles carry the weight, so the summaries and log Z are unreliable; use more particles, a proposal closer to the posterior (option proposal), smc or nuts`;
}

/** Importance sampling returning a weighted `Posterior` with log Ẑ and the ESS in `diagnostics.ess`. */
export function importance(gf: GenerativeFunction, args: unknown[], observations: unknown = {}, opts: ImportanceOptions = {}): Posterior {
  return runToEnd(importanceSteps(gf, args, observations, opts));
}

/**
 * `importance`, giving the event loop a turn every ~20 ms: a `signal` aborted meanwhile (a Ctrl-C) stops it with
 * the particles so far (`diagnostics.aborted`).
 */
export function importanceAsync(gf: GenerativeFunction, args: unknown[], observations: unknown = {}, opts: ImportanceOptions = {}): Promise<Posterior> {
  return runYielding(importanceSteps(gf, args, observations, opts));
}

function* importanceSteps(gf: GenerativeFunction, args: unknown[], observations: unknown, opts: ImportanceOptions): Steps<Posterior> {
  checkModelInput("importance", gf, args);
  checkOptionNames("importance", opts, IMPORTANCE_OPTIONS);
  const recorder = new DrawRecorder({ keepTraces: opts.keepTraces });
  const { logWeights, logZ } = yield* particleSteps(gf, args, observations, opts, (t) => recorder.add(t));
  const diagnostics: Record<string, unknown> = { proposal: opts.proposal?.name ?? "prior" };
  if (logWeights.length < (opts.particles ?? 1000)) diagnostics.aborted = true;
  const warning = heavyTailWarning(logWeights);
  if (warning !== undefined) diagnostics.warnings = [warning];
  return new Posterior({ method: "importance", draws: [recorder.finish()], logWeights, logZ, diagnostics, source: { model: gf, args, observations: ChoiceMap.from(observations) } });
}

registerMethod({
  name: "importance",
  positionalOptions: ["particles"],
  doc: "importance sampling with the prior (or a proposal model) as proposal: weighted draws, log Z, ESS",
  options: {
    particles: { type: "int", default: 1000, min: 1, max: MAX_DRAWS, maxHint: MAX_DRAWS_HINT, doc: "number of particles" },
    proposal: { type: "model", doc: "a model sampling (some of) the latent addresses, called with the query's arguments (default: the prior)" },
  },
  run: (gf, args, observations, o, ctx) =>
    importanceAsync(gf, args, observations, {
      particles: o.particles as number, seed: ctx.seed, onProgress: ctx.onProgress, signal: ctx.signal,
      ...(o.proposal !== undefined ? { proposal: o.proposal as GenerativeFunction, proposalArgs: args } : {}),
    }),
});

/** The option names importance takes (./option-names.ts; the compiler checks the list against the interface). */
export const IMPORTANCE_OPTIONS = optionNames<ImportanceOptions>()([...COMMON_OPTIONS, ...RUN_OPTIONS, "particles", "keepTraces", "proposal", "proposalArgs"]);
