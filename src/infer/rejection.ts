/**
 * Rejection sampling: run the model with the observations as constraints (`generate`, latent choices from the
 * prior) and accept the run with probability exp(w − B), where w is its generate weight and B ≥ w a bound
 * (`maxLogWeight`, default 0 — right for hard constraints, `factor(-Infinity)`, and discrete observations, whose
 * weights are log probabilities ≤ 0). Accepted runs are exact posterior draws. A weight above the bound is an
 * error; so is reaching `maxTries` before `samples` acceptances.
 *
 * The number of tries n needed for k acceptances is negative binomial with success probability Z·e^−B, so
 * e^B·(k − 1)/(n − 1) is an unbiased estimate of Z (k ≥ 2); `logZ` is its log.
 *
 * @example
 * ```ts
 * const dice = gen((t) => {
 *   const a = t.sample("a", uniformInt(1, 6)), b = t.sample("b", uniformInt(1, 6));
 *   t.factor(a + b === 8 ? 0 : -Infinity);
 * });
 * rejection(dice, [], {}, { samples: 1000, seed: 1 }).mean("a");   // ≈ 4
 * ```
 */
import { checkNumberOption, checkOptionNames, optionNames, COMMON_OPTIONS, RUN_OPTIONS } from "./option-names.js";
import { BorelError } from "../util/errors.js";
import { toRng, type Rng } from "../rand/rng.js";
import { ChoiceMap } from "../trace/choicemap.js";
import { checkModelInput, unvisitedConstraint, type GenerativeFunction, type GFIOptions, type Trace } from "../trace/gfi.js";
import { Posterior } from "../posterior/posterior.js";
import { registerMethod } from "./registry.js";
import { zeroWeightCause } from "./importance.js";
import { drawCount, MAX_DRAWS, MAX_DRAWS_HINT } from "./draw-count.js";
import { runToEnd, runYielding, type Steps } from "./cooperative.js";

export interface RejectionOptions extends GFIOptions {
  /** Number of accepted draws (default 1000). */
  samples?: number;
  /** Give up after this many model runs (default 1,000,000). */
  maxTries?: number;
  /** An upper bound B on every run's log weight (default 0). */
  maxLogWeight?: number;
  seed?: number | string;
  rng?: Rng;
  keepTraces?: boolean;
  onProgress?: (fraction: number, status: string) => void;
  signal?: AbortSignal;
}

/** Exact posterior draws by rejection (see the module comment). */
export function rejection(gf: GenerativeFunction, args: unknown[], observations: unknown = {}, opts: RejectionOptions = {}): Posterior {
  return runToEnd(rejectionSteps(gf, args, observations, opts));
}

/** `rejection`, giving the event loop a turn every ~20 ms: a `signal` aborted meanwhile (a Ctrl-C) stops it with the draws so far. */
export function rejectionAsync(gf: GenerativeFunction, args: unknown[], observations: unknown = {}, opts: RejectionOptions = {}): Promise<Posterior> {
  return runYielding(rejectionSteps(gf, args, observations, opts));
}

function* rejectionSteps(gf: GenerativeFunction, args: unknown[], observations: unknown, opts: RejectionOptions): Steps<Posterior> {
  checkModelInput("rejection", gf, args);
  checkOptionNames("rejection", opts, REJECTION_OPTIONS);
  const samples = opts.samples ?? 1000, maxTries = opts.maxTries ?? 1_000_000, bound = opts.maxLogWeight ?? 0;
  drawCount("rejection", "samples", samples);
  checkNumberOption("rejection", "maxTries", maxTries, { min: 1, integer: true });
  if (!Number.isFinite(bound)) throw new BorelError("bad-option", `rejection: 'max_log_weight' (maxLogWeight) must be a finite number, got ${bound}`);
  const rng = opts.rng ?? toRng(opts.seed);
  const constraints = ChoiceMap.from(observations);
  const accepted: Trace[] = [];
  let tries = 0, missedByAll: string | undefined, zeroRuns = 0;
  // Why runs had zero weight (the first impossible observation, or a factor), counted over the first 1000 such runs.
  const impossible = new Map<string, number>();
  while (accepted.length < samples && tries < maxTries) {
    if ((tries & 255) === 255) yield;
    if (opts.signal?.aborted) break;
    const r = gf.generate(args, constraints, rng, opts);
    // A constraint that none of the first runs visits is a typo, not a rare event: say so (not after 10⁶ runs).
    missedByAll = tries === 0 ? r.unvisited?.[0] : missedByAll !== undefined && r.unvisited?.includes(missedByAll) ? missedByAll : undefined;
    if (missedByAll !== undefined && tries + 1 === Math.min(maxTries, 1000)) throw unvisitedConstraint("rejection", gf, missedByAll);
    tries++;
    const w = r.weight;
    if (Number.isNaN(w)) throw new BorelError("nan", `rejection: run ${tries} has weight NaN`);
    if (w > bound + 1e-9 * Math.max(1, Math.abs(bound)))
      throw new BorelError("bad-bound", `rejection: a run has log weight ${w}, above the bound max_log_weight = ${bound}`, {
        hint: "rejection needs an upper bound on the log weight: set max_log_weight (maxLogWeight in TypeScript) — continuous observations have densities above 1 — or use importance sampling, SMC or MCMC",
      });
    if (w > -Infinity && Math.log(rng.open01()) < w - bound) accepted.push(r.trace);
    else if (w === -Infinity && zeroRuns++ < 1000) { const why = zeroWeightCause(r.trace); impossible.set(why, (impossible.get(why) ?? 0) + 1); }
    if (opts.onProgress && tries % 4096 === 0) opts.onProgress(accepted.length / samples, `rejection: ${accepted.length}/${samples} accepted in ${tries} runs`);
  }
  const k = accepted.length;
  if (k < samples && !opts.signal?.aborted) {
    // Every run impossible, most for one reason: name it (the data may not be possible under the model at all).
    const [why, times] = [...impossible].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
    const cause = k === 0 && zeroRuns === tries && why !== ""
      ? ` — every run had zero weight; ${why === "a factor" ? "a factor was −∞" : `the observation at ${why} was impossible`} in ${times} of the first ${Math.min(zeroRuns, 1000)}`
      : "";
    throw new BorelError("rejection-gave-up", `rejection: gave up after ${tries} runs with ${k} of ${samples} samples accepted (acceptance rate ${(k / tries).toPrecision(2)})${cause}`, {
      address: cause && why.startsWith("'") ? why.slice(1, -1) : undefined,
      hint: cause && why !== "a factor" ? "check the data against the model's supports: no run from the prior could produce it" : "the condition is too unlikely for rejection: raise max_tries (maxTries in TypeScript); with continuous observations, whose log density stays well below 0, set max_log_weight to an upper bound of it (runs are accepted with probability exp(log weight − max_log_weight)); or use importance sampling, SMC or MCMC",
    });
  }
  if (k === 0) throw new BorelError("aborted", "rejection: aborted before the first acceptance");
  const logZ = bound + (k >= 2 ? Math.log((k - 1) / (tries - 1)) : Math.log(k / tries));
  return new Posterior({ method: "rejection", chains: [accepted], logZ, keepTraces: opts.keepTraces, diagnostics: { tries, acceptanceRate: k / tries, aborted: k < samples }, source: { model: gf, args, observations: constraints } });
}

registerMethod({
  name: "rejection",
  positionalOptions: ["samples", "max_tries"],
  doc: "rejection sampling for hard constraints: exact draws, with a give-up limit",
  options: {
    samples: { type: "int", default: 1000, min: 1, max: MAX_DRAWS, maxHint: MAX_DRAWS_HINT, doc: "number of accepted draws" },
    max_tries: { type: "int", default: 1_000_000, min: 1, doc: "give up after this many model runs" },
    max_log_weight: { type: "number", default: 0, doc: "an upper bound on the log weight of a run" },
  },
  run: (gf, args, observations, o, ctx) =>
    rejectionAsync(gf, args, observations, {
      samples: o.samples as number, maxTries: o.max_tries as number, maxLogWeight: o.max_log_weight as number,
      seed: ctx.seed, onProgress: ctx.onProgress, signal: ctx.signal,
    }),
});

/** The option names rejection takes (./option-names.ts; the compiler checks the list against the interface). */
export const REJECTION_OPTIONS = optionNames<RejectionOptions>()([...COMMON_OPTIONS, ...RUN_OPTIONS, "samples", "maxTries", "maxLogWeight", "keepTraces"]);
