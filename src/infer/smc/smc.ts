/**
 * Sequential Monte Carlo (particle filtering, resample-move, tempering), returning a weighted `Posterior` with
 * log Ẑ (Ẑ an unbiased estimate of the marginal likelihood) and, in `diagnostics`, the per-step log Ẑ
 * increments, the ESS history and the steps at which it resampled. Three modes:
 *
 * - `"steps"`: a model whose first argument is the number of steps (an `unfold`, or a `gen` loop), advanced
 *   one step at a time by `update` with `{grow: 1}` (`traceStepper`; on `unfold`, `unfoldStepper` runs only the
 *   new step, O(1) per step); custom per-step proposals.
 * - `"resumable"`: a model implementing `start()` (Borel programs): each observation point is a step.
 * - `"tempered"`: a static model, through likelihood tempering with an adaptive schedule (see `temperedSMC`).
 *
 * `"auto"` (the default) picks `"resumable"` when the model has `start()`, `"steps"` for `unfold`, else
 * `"tempered"`. Resampling (`multinomial`, `systematic` — the default, `stratified`, `residual`) happens when the
 * ESS falls below `essThreshold`·N (default ½; or `"always"` / `"never"`); resampled particles are moved by
 * `rejuvenate` when given.
 *
 * @example
 * ```ts
 * const step = gen((t, k: number, x: number) => {
 *   const nx = t.sample("x", normal(k === 0 ? 0 : 0.9 * x, 1)) as number;
 *   t.sample("y", normal(nx, 1));
 *   return nx;
 * });
 * const obs = ChoiceMap.from(Object.fromEntries(ys.map((y, k) => [k, { y }])));
 * const post = smc(unfold(step), [ys.length, 0], obs, { particles: 1000, seed: 1 });
 * post.logZ;                            // ≈ Kalman filter log p(y)
 * post.diagnostics.logZIncrements;      // one per step
 * ```
 */
import { checkOptionChoice, checkOptionNames, optionNames, COMMON_OPTIONS, RUN_OPTIONS } from "../option-names.js";
import { BorelError } from "../../util/errors.js";
import { toRng, type Rng } from "../../rand/rng.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import { checkModelInput, type GenerativeFunction, type GFIOptions, type Trace } from "../../trace/gfi.js";
import { UnfoldCombinator } from "../../combinators/unfold.js";
import { Posterior } from "../../posterior/posterior.js";
import type { ChainDraws } from "../../posterior/types.js";
import { RESAMPLE_SCHEMES, type ResampleScheme } from "../resample.js";
import { sequentialSteps, type SequentialRun } from "./driver.js";
import { checkEssThreshold, type EssThreshold } from "./particles.js";
import { PILOT_STEPS, type Rejuvenation } from "./rejuvenate.js";
import { registerMethod } from "../registry.js";
import { isResumable, runStepper } from "./run-stepper.js";
import type { SMCStepper } from "./stepper.js";
import { temperedSteps } from "./tempered.js";
import { traceStepper, type StepProposal } from "./trace-stepper.js";
import { unfoldStepper } from "./unfold-stepper.js";
import { lockstepSteps } from "./lockstep.js";
import { runToEnd, runYielding, type Steps } from "../cooperative.js";
import { drawCount, MAX_DRAWS, MAX_DRAWS_HINT } from "../draw-count.js";

export type SMCMode = "auto" | "steps" | "resumable" | "tempered";

export interface SMCOptions extends GFIOptions {
  /** Number of particles (default 1000). */
  particles?: number;
  resample?: ResampleScheme;
  /** Fraction of N below which the ESS triggers resampling (default 0.5), or "always" / "never". */
  essThreshold?: EssThreshold;
  /** A kernel applied to every particle after each resampling (tempered SMC: after every level). */
  rejuvenate?: Rejuvenation;
  /**
   * Warmup iterations of the pilot chain that tunes an adaptive rejuvenation kernel (NUTS, HMC, MALA, rw) for
   * each new target (default 100; 0 keeps its initial tuning). See `resolveKernel` (rejuvenate.ts).
   */
  rejuvenateWarmup?: number;
  mode?: SMCMode;
  /** Steps mode: a proposal per step (default the prior). */
  proposal?: StepProposal;
  /** Steps mode: the step an observation belongs to (default its first numeric address part). */
  stepOf?: (key: string) => number;
  /** Tempered mode: target conditional ESS fraction per level (default 0.5), kernel steps per level (default 1). */
  cessTarget?: number;
  moves?: number;
  seed?: number | string;
  rng?: Rng;
  /**
   * Keep each final particle's trace in the posterior (`posterior.traces`; default false, as importance and
   * MCMC). Without it the draws are recorded directly: an unfold's particles live in columns and a Borel
   * program's runs keep lean records (no distributions), a fraction of the memory.
   */
  keepTraces?: boolean;
  /**
   * Run a Borel program's particles together, as vectors, when its control flow cannot depend on its random
   * values and nothing needs a particle's trace (default true; `diagnostics.lockstep` says whether it did, `diagnostics.lockstepWhy` why not). The
   * same algorithm; a step with several choices draws them in another order (every particle's first choice, then
   * every particle's second), so set it false to reproduce per-particle runs exactly.
   */
  lockstep?: boolean;
  onProgress?: (fraction: number, status: string) => void;
  signal?: AbortSignal;
}

/** The mode `"auto"` resolves to for a model. */
export function smcMode(gf: GenerativeFunction, mode: SMCMode = "auto"): Exclude<SMCMode, "auto"> {
  if (mode !== "auto") return mode;
  if (isResumable(gf)) return "resumable";
  return gf instanceof UnfoldCombinator ? "steps" : "tempered";
}

/** Runs SMC (see the module comment). */
export function smc(gf: GenerativeFunction, args: unknown[], observations: unknown = {}, opts: SMCOptions = {}): Posterior {
  return runToEnd(smcSteps(gf, args, observations, opts));
}

/**
 * `smc`, giving the event loop a turn every ~20 ms: a `signal` aborted meanwhile (a Ctrl-C) stops it after the
 * current step (`diagnostics.aborted`, `abortedAt`).
 */
export function smcAsync(gf: GenerativeFunction, args: unknown[], observations: unknown = {}, opts: SMCOptions = {}): Promise<Posterior> {
  return runYielding(smcSteps(gf, args, observations, opts));
}

function* smcSteps(gf: GenerativeFunction, args: unknown[], observations: unknown, opts: SMCOptions): Steps<Posterior> {
  checkModelInput("smc", gf, args);
  checkOptionNames("smc", opts, SMC_OPTIONS);
  const particles = opts.particles ?? 1000, scheme = opts.resample ?? "systematic";
  drawCount("smc", "particles", particles);
  if (!RESAMPLE_SCHEMES.includes(scheme)) throw new BorelError("bad-option", `smc: unknown resampling scheme '${String(scheme)}'`, { hint: `use one of ${RESAMPLE_SCHEMES.join(", ")}` });
  const threshold = checkEssThreshold(opts.essThreshold ?? 0.5);
  const rng = opts.rng ?? toRng(opts.seed);
  const obs = ChoiceMap.from(observations);
  const { params, latent } = opts;
  const gfiOptions: GFIOptions = { params, latent };
  checkOptionChoice("smc", "mode", opts.mode, ["auto", "steps", "resumable", "tempered"]);
  const mode = smcMode(gf, opts.mode);
  const pilotSteps = opts.rejuvenateWarmup ?? PILOT_STEPS;
  if (!Number.isInteger(pilotSteps) || pilotSteps < 0) throw new BorelError("bad-option", `smc: 'rejuvenateWarmup' must be an integer ≥ 0, got ${pilotSteps}`);
  const common = { particles, scheme, threshold, rng, rejuvenate: opts.rejuvenate, pilotSteps, onProgress: opts.onProgress, signal: opts.signal };
  let run: SequentialRun<unknown>, extra: Record<string, unknown> = {};
  let toTrace: (s: unknown) => Trace;
  let draws: ((states: unknown[]) => ChainDraws) | undefined;
  if (mode === "tempered") {
    const r = yield* temperedSteps(gf, args, obs, { ...common, cessTarget: opts.cessTarget, moves: opts.moves, gfiOptions });
    run = r as SequentialRun<unknown>;
    extra = { betas: r.betas };
    toTrace = (s) => s as Trace;
  } else {
    if (opts.proposal && mode === "resumable")
      throw new BorelError("bad-option", "smc: per-step proposals need the steps mode (a model whose first argument is the number of steps)");
    // Nothing will ask for a particle's trace: an unfold's particles are kept as columns, a program's runs keep lean records.
    const compact = opts.keepTraces !== true && opts.rejuvenate === undefined && opts.proposal === undefined ? { particles } : undefined;
    // All particles at once when the program's control flow cannot depend on its random values (./lockstep.ts).
    const together = mode === "resumable" && compact !== undefined && latent === undefined && params === undefined && opts.lockstep !== false
      ? yield* lockstepSteps(gf, args, obs, common) : undefined;
    if (together !== undefined && "run" in together) {
      run = together.run as SequentialRun<unknown>;
      extra = { lockstep: true };
      toTrace = () => { throw new BorelError("internal", "smc: a lockstep run keeps no traces"); };
      draws = () => together.draws;
    } else {
      if (together !== undefined) extra = { lockstep: false, lockstepWhy: together.why };
      const stepOpts = { ...gfiOptions, proposal: opts.proposal, stepOf: opts.stepOf, compact };
      const stepper = (mode === "resumable" ? runStepper(gf, args, obs, compact ? { ...gfiOptions, lean: true } : gfiOptions)
        : gf instanceof UnfoldCombinator ? unfoldStepper(gf, args, obs, stepOpts) : traceStepper(gf, args, obs, stepOpts)) as SMCStepper<unknown>;
      run = yield* sequentialSteps(stepper, { ...common, gf });
      toTrace = (s) => stepper.trace(s);
      draws = stepper.draws?.bind(stepper);
    }
  }
  const { set, history } = run;
  if (run.abortedAt === 0) throw new BorelError("aborted", "smc: aborted before the first step");
  const post = new Posterior({
    method: "smc",
    source: { model: gf, args, observations: obs },
    ...(draws !== undefined ? { draws: [draws(set.states)] } : { chains: [set.states.map(toTrace)] }),
    logWeights: set.logWeights,
    logZ: set.logZ(),
    keepTraces: opts.keepTraces === true,
    diagnostics: {
      mode, particles, resample: scheme, essThreshold: threshold, ...history, ...extra,
      ...(run.abortedAt !== undefined ? { aborted: true, abortedAt: run.abortedAt } : {}),
    },
  });
  if (history.raggedMove !== undefined)
    post.addWarningsLazily(() => [`smc: rejuvenation was skipped at step ${history.raggedMove}${history.moves.length > 0 ? " and others" : " and after"}, where the runs were at different observation points (some had ended, or were paused at different observations) — the observation points of ${gf.name} depend on its latent choices, and moving a particle across that structure (a choice that adds or removes observations) would bias log Ẑ and the posterior; the particles were resampled without moves there, so they may be less diverse: for moves at every level use mode: "tempered"`]);
  post.addWarningsLazily(() => { const collapsed = degeneracy(post); return collapsed === null ? [] : [collapsed]; });
  // An interrupted run's summary looks like an answer: say which question it answers.
  const stoppedAt = run.abortedAt;
  if (stoppedAt !== undefined) {
    const betas = (run as { betas?: readonly number[] }).betas, beta = betas?.[betas.length - 1];
    post.addWarningsLazily(() => [mode === "tempered"
      ? `smc: interrupted at tempering level ${stoppedAt}${beta !== undefined ? ` (β = ${beta.toPrecision(3)})` : ""}, before β reached 1: the particles target the prior times the likelihood to the power β, a flattened posterior, and log Z is not the model's`
      : `smc: interrupted at step ${stoppedAt}: the particles have seen only the observations before it, so this is not the posterior given all the data, and log Z is that of those observations`]);
  }
  return post;
}

/**
 * A warning when resampling left a continuous latent choice on too few distinct values: its effective number of
 * distinct values — (Σ w)² / Σ_v W_v², W_v the total weight of value v — is below min(100, N/10). Resampling
 * copies particles; a choice no later step or rejuvenation moves (a static parameter, or the early states of a
 * long filter: path degeneracy) keeps only the copies, and its posterior spread and tails come out too narrow.
 * Null when every choice is well spread. Discrete choices are not judged (few values are their nature).
 */
export function degeneracy(post: Posterior): string | null {
  const thin = thinChoices(post), n = post.size;
  if (thin.length === 0) return null;
  const [key, distinct] = thin[0]!;
  const address = key.replace(/(\[\d+\])+$/, "");
  const others = thin.length > 1 ? ` (and ${thin.length - 1} more: ${thin.slice(1, 4).map((t) => `'${t[0]}'`).join(", ")}${thin.length > 4 ? ", ..." : ""})` : "";
  // Many thin choices: the early states of a filter whose later steps never revisit them (path degeneracy).
  const path = thin.length >= 3 ? "; for the early states of a filter this is path degeneracy — the latest states, the filtering posterior, are not affected" : "";
  const count = distinct < 10 ? distinct.toFixed(1) : String(Math.round(distinct));
  const values = `rests on about ${count} distinct values among the ${n} particles`;
  // A handful of values: not only the spread, the estimate itself stands on a few draws.
  const consequence = distinct < 10 ? "so its estimate stands on a handful of draws: its mean is unreliable too, and its spread and tails come out too narrow" : "so its spread and tails come out too narrow";
  // Never resampled: nothing was duplicated — the weights themselves fell onto a few particles.
  const resampled = post.diagnostics.resampled as number[] | undefined;
  if (resampled !== undefined && resampled.length === 0)
    return `smc: the particles were never resampled and their weights fell onto about ${count} of the ${n} (ESS ${(post.diagnostics.ess as number).toPrecision(3)}): the posterior of '${key}'${others} rests on them, ${consequence}: resample when the ESS falls (ess_threshold: 0.5, the default, or "always"), or use more particles`;
  // With rejuvenation the kernel ran but seldom moved the particles (MH proposing from the prior, say).
  const moves = post.diagnostics.moves as { acceptance: number }[] | undefined;
  if (moves !== undefined && moves.length > 0) {
    const last = moves[moves.length - 1]!.acceptance;
    return `smc: the posterior of '${key}'${others} ${values}: resampling duplicated particles and the rejuvenation kernel did not spread them again (its last run accepted ${(100 * last).toFixed(1)}% of its moves)${path}; ${consequence}: use a kernel that moves it more (rejuvenate: nuts(), rw("${address}"), or repeat(kernel, 10) of the one used), or more particles`;
  }
  return `smc: the posterior of '${key}'${others} ${values} (resampling duplicated particles and nothing moved them${path}), ${consequence}: rejuvenate with a kernel that moves it (rejuvenate: mh("${address}") or nuts()), or use more particles`;
}

/** The continuous latent scalar keys with fewer than min(100, N/10) effective distinct values, thinnest first. */
export function thinChoices(post: Posterior): [key: string, distinct: number][] {
  const n = post.size;
  if (n < 50) return [];
  const w = post.weights(), limit = Math.min(100, n / 10);
  const thin: [string, number][] = [];
  const byValue = new Map<number, number>();
  for (const key of post.scalarKeys()) {
    // Latent choices only: a tracked value or the return value is thin when the choices it comes from are.
    if (!post.choiceKeys.has(key.replace(/(\[\d+\])+$/, ""))) continue;
    const v = post.values(key);
    let continuous = false, total = 0;
    byValue.clear();
    for (let i = 0; i < n; i++) {
      const x = v[i]!, wi = w[i]!;
      if (!(wi > 0) || Number.isNaN(x)) continue;
      if (!continuous && !Number.isInteger(x)) continuous = true;
      total += wi;
      byValue.set(x, (byValue.get(x) ?? 0) + wi);
    }
    if (!continuous) continue;
    let sq = 0;
    for (const W of byValue.values()) sq += W * W;
    const distinct = (total * total) / sq;
    if (distinct < limit) thin.push([key, distinct]);
  }
  return thin.sort((a, b) => a[1] - b[1]);
}

registerMethod({
  name: "smc",
  positionalOptions: ["particles", "resample", "ess_threshold", "rejuvenate"],
  doc: "sequential Monte Carlo: particle filter over observation points (or steps, or temperatures) with resampling and rejuvenation; log Z",
  options: {
    particles: { type: "int", default: 1000, min: 1, max: MAX_DRAWS, maxHint: MAX_DRAWS_HINT, doc: "number of particles" },
    resample: { type: "enum", values: RESAMPLE_SCHEMES, default: "systematic", doc: "resampling scheme" },
    ess_threshold: { type: "any", default: 0.5, min: 0, max: 1, values: ["always", "never"], doc: "resample when ESS < ess_threshold·N (a fraction), or \"always\" / \"never\"" },
    rejuvenate: { type: "kernel", doc: "an MCMC kernel applied after each resampling" },
    rejuvenate_warmup: { type: "int", default: 100, min: 0, doc: "warmup iterations of the pilot chain that tunes an adaptive rejuvenation kernel (nuts, hmc, mala, rw) per target" },
    mode: { type: "enum", values: ["auto", "steps", "resumable", "tempered"], default: "auto", doc: "what a step is" },
    cess_target: { type: "number", default: 0.5, min: 0.01, max: 0.99, doc: "tempered mode: conditional ESS fraction per level" },
    lockstep: { type: "bool", default: true, doc: "run a program's particles together, as vectors, when its control flow does not depend on random values" },
  },
  run: (gf, args, observations, o, ctx) =>
    smcAsync(gf, args, observations, {
      particles: o.particles as number, resample: o.resample as ResampleScheme, essThreshold: checkEssThreshold(o.ess_threshold),
      rejuvenate: o.rejuvenate as Rejuvenation | undefined, rejuvenateWarmup: o.rejuvenate_warmup as number, mode: o.mode as SMCMode, cessTarget: o.cess_target as number,
      lockstep: o.lockstep as boolean, seed: ctx.seed, onProgress: ctx.onProgress, signal: ctx.signal,
    }),
});

/** The option names smc takes (./option-names.ts; the compiler checks the list against the interface). */
export const SMC_OPTIONS = optionNames<SMCOptions>()([...COMMON_OPTIONS, ...RUN_OPTIONS, "particles", "keepTraces", "proposal", "mode", "stepOf", "resample", "essThreshold",
  "rejuvenate", "rejuvenateWarmup", "cessTarget", "moves", "lockstep"]);
