/**
 * The MCMC driver: warmup (adaptation), sampling, thinning and several chains, each on its own random stream
 * `chain/<i>` of the seed — so the draws do not depend on how many workers run them. Initial values come from
 * the prior (with the observations) or are given. `mcmc` runs the chains one after the other in this thread;
 * `mcmcAsync` runs them in parallel on worker threads when the model and kernel can cross threads (a
 * `ModuleRef` model; a `KernelSpec` or `ModuleRef` kernel) and otherwise sequentially, yielding to the event
 * loop so that an AbortSignal can stop it, with a warning saying why. An aborted run returns the draws so far.
 * `resume` continues the chains of a posterior (also one loaded from disk) from their saved states.
 *
 * @example
 * ```ts
 * const post = mcmc(coin, [flips], {}, mhKernel("p"), { samples: 2000, warmup: 500, chains: 4, seed: 1 });
 * post.summaryTable();
 * savePosterior(post, "coin.json");
 * const more = resume(loadPosterior("coin.json"), { model: coin, args: [flips], kernel: mhKernel("p"), samples: 2000 });
 * ```
 */
import { attachSamplerDiagnostics } from "./hmc-diagnostics.js";
import { MCMC_OPTIONS } from "./mcmc/options.js";
import { checkOptionNames, optionNames } from "./option-names.js";
import { availableParallelism } from "node:os";
import { BorelError } from "../util/errors.js";
import { toRng, type Rng } from "../rand/rng.js";
import { ChoiceMap } from "../trace/choicemap.js";
import { checkModelInput, isGenerativeFunction, type GenerativeFunction, type GFIOptions, type Trace } from "../trace/gfi.js";
import type { AnyKernel } from "./kernels/adaptive.js";
import type { Posterior } from "../posterior/posterior.js";
import { assemble, chainSlice } from "./mcmc/assemble.js";
import { ChainRunner, type ChainJob, type ChainResult } from "./mcmc/chain.js";
import { kernelResolver, loadExport } from "./mcmc/kernel-spec.js";
import { isKernelSpec, isModuleRef, type KernelInput, type MCMCOptions, type ModuleRef, type ResolvedOptions } from "./mcmc/options.js";
import { runParallel } from "./mcmc/parallel.js";
import { Progress } from "./mcmc/progress.js";
import { encodeTransfer } from "./mcmc/transfer.js";
import { drawCount } from "./draw-count.js";

export type { MCMCOptions, ModuleRef, KernelInput } from "./mcmc/options.js";

function positiveInt(name: string, v: number, min: number): number {
  if (!Number.isInteger(v) || v < min) throw new BorelError("bad-option", `mcmc: option '${name}' must be an integer ≥ ${min}, got ${v}`);
  return v;
}

export function resolveMCMCOptions(o: MCMCOptions): ResolvedOptions {
  const samples = drawCount("mcmc", "samples", o.samples ?? 1000, 0);
  return {
    samples, warmup: positiveInt("warmup", o.warmup ?? samples, 0), chains: positiveInt("chains", o.chains ?? 4, 1),
    thin: positiveInt("thin", o.thin ?? 1, 1), initAttempts: positiveInt("initAttempts", o.initAttempts ?? 1000, 1),
  };
}

/** The job of chain `i` (its stream is `root.split("chain/<i>")`). */
export function chainJob(i: number, root: Rng, o: ResolvedOptions, opts: MCMCOptions): ChainJob {
  const init = typeof opts.init === "function" ? (opts.init as (c: number) => unknown)(i) : opts.init;
  return {
    index: i, seed: root.seed, rngPath: root.path === "" ? `chain/${i}` : `${root.path}/chain/${i}`,
    samples: o.samples, warmup: o.warmup, thin: o.thin, init, initAttempts: o.initAttempts,
    keepTraces: opts.keepTraces, pointwiseLogLik: opts.pointwiseLogLik,
  };
}

/** Runs the chains in this thread, one after the other. */
export function mcmc(model: GenerativeFunction, args: unknown[], observations: unknown, kernel: KernelInput, opts: MCMCOptions = {}): Posterior {
  checkModelInput("mcmc", model, args);
  checkOptionNames("mcmc", opts, MCMC_OPTIONS);
  const o = resolveMCMCOptions(opts);
  const obs = ChoiceMap.from(observations);
  const root = opts.rng ?? toRng(opts.seed);
  const kernelFor = kernelResolver(model, kernel);
  const progress = new Progress(o.chains * (o.warmup + o.samples * o.thin), opts.onProgress);
  const results: ChainResult[] = [];
  for (let i = 0; i < o.chains && !opts.signal?.aborted; i++) {
    const runner = new ChainRunner(model, args, obs, kernelFor, chainJob(i, root, o, opts), gfiOf(opts), opts.signal);
    while (!runner.done) progress.add(runner.run(progress.chunk), `chain ${i + 1}/${o.chains}`);
    results.push(runner.finish());
  }
  return assemble(results, { model, args, observations: obs, options: o, warnings: [] });
}

/**
 * Runs the chains on worker threads when the model is a `ModuleRef` and the kernel a `KernelSpec` or
 * `ModuleRef`; otherwise in this thread, yielding to the event loop between chunks (with a warning when
 * parallel chains were asked for).
 */
export async function mcmcAsync(model: GenerativeFunction | ModuleRef, args: unknown[], observations: unknown, kernel: KernelInput, opts: MCMCOptions = {}): Promise<Posterior> {
  checkOptionNames("mcmcAsync", opts, MCMC_OPTIONS);
  const o = resolveMCMCOptions(opts);
  const obs = ChoiceMap.from(observations);
  const root = opts.rng ?? toRng(opts.seed);
  const gf = isModuleRef(model) ? await loadModel(model) : model;
  // A model crosses threads as a module reference: given as one, or one the generative function provides.
  const ref = isModuleRef(model) ? model : model.portable?.();
  const kernelCrosses = isKernelSpec(kernel) || isModuleRef(kernel);
  const argsCross = canClone(encodeTransfer(args)) && canClone(encodeTransfer([...obs]));
  const workers = Math.min(o.chains, opts.workers ?? defaultWorkers());
  const warnings: string[] = [];
  // Workers cost a start-up (~0.5–1 s each: loading and compiling the modules); use them when the chains'
  // projected work, timed on a few probe steps, is larger than that.
  const loadedKernel = isModuleRef(kernel) ? await loadExport(kernel) : undefined;
  const worthIt = () => opts.workers !== undefined || projectedSeconds(gf, args, obs, kernelResolver(gf, kernel, loadedKernel), root, o, opts) > PARALLEL_MIN_SECONDS;
  const crossable = ref !== undefined && kernelCrosses && argsCross;
  if (crossable && workers > 1 && worthIt()) {
    const results = await runParallel({ model: ref, args, observations: obs, kernel: kernel as never, jobs: Array.from({ length: o.chains }, (_, i) => chainJob(i, root, o, opts)), workers, gfi: gfiOf(opts), onProgress: opts.onProgress, signal: opts.signal });
    const post = assemble(results, { model: gf, args, observations: obs, options: o, warnings });
    // How the chains ran, not what they drew (the draws do not depend on it): readable, but left out of reports
    // and saved posteriors, so that a seed gives the same output whether or not the timing probe chose workers.
    Object.defineProperty(post.diagnostics, "workers", { value: workers, enumerable: false });
    return post;
  }
  // Sequential by choice (the probe found too little work) needs no warning; only a model or kernel that cannot cross does.
  if (!crossable && workers > 1 && o.chains > 1) {
    // A Borel model that is not portable came from source that lives only in this session (a REPL definition,
    // a template with interpolated values): say that, not the TypeScript API's fix.
    const sessionModel = ref === undefined && typeof (gf as { portable?: unknown }).portable === "function";
    const [why, fix] = sessionModel ? ["the model's source lives only in this session (a REPL definition, or a template with interpolated values)", "run the program from a file (borel run FILE)"]
      : ref === undefined ? ["the model is a closure", "pass the model as {module, export}"]
      : !kernelCrosses ? ["the kernel is a closure", "pass the kernel as a spec ({kernel: \"mh\", args: [...]}) or {module, export}"]
      : ["the arguments or observations hold functions", "pass data (numbers, arrays, records, distributions) instead of functions"];
    warnings.push(`chains ran sequentially in this thread: ${why}, which cannot cross threads; ${fix} to run chains in parallel`);
  }
  const kernelFor = kernelResolver(gf, kernel, loadedKernel);
  const progress = new Progress(o.chains * (o.warmup + o.samples * o.thin), opts.onProgress);
  const results: ChainResult[] = [];
  for (let i = 0; i < o.chains && !opts.signal?.aborted; i++) {
    const runner = new ChainRunner(gf, args, obs, kernelFor, chainJob(i, root, o, opts), gfiOf(opts), opts.signal);
    let last = Date.now(), size = 1;
    while (!runner.done) {
      // Chunks of ~20 ms or less, so that the event loop (timers, an AbortSignal: Ctrl-C) gets its turn: their
      // size grows from one iteration while iterations are quick (256 iterations of a Gibbs sweep over 10³
      // labels ran 77 s before the first turn).
      const t0 = Date.now();
      progress.add(runner.run(Math.min(progress.chunk, size)), `chain ${i + 1}/${o.chains}`);
      const took = Date.now() - t0;
      size = took < 5 ? Math.min(2 * size, 256) : took > 20 ? Math.max(1, size >> 1) : size;
      if (Date.now() - last > 20) { await new Promise((r) => setImmediate(r)); last = Date.now(); }
    }
    results.push(runner.finish());
  }
  return assemble(results, { model: gf, args, observations: obs, options: o, warnings });
}

export interface ResumeOptions extends Pick<MCMCOptions, "thin" | "onProgress" | "signal" | "keepTraces" | "pointwiseLogLik" | "params"> {
  model: GenerativeFunction;
  args?: unknown[];
  observations?: unknown;
  /** The kernel the chains ran with (same kind: its adaptation state is reused). */
  kernel: KernelInput;
  /** Further draws per chain. */
  samples: number;
  /** Prepend the posterior's draws (default true). */
  append?: boolean;
}

/** The option names resume takes (the compiler checks the list against the interface). */
const RESUME_OPTIONS = optionNames<ResumeOptions>()(["model", "args", "observations", "kernel", "samples", "append", "thin", "onProgress", "signal", "keepTraces", "pointwiseLogLik", "params"]);

/** Continues every chain of `post` from its saved state (no new warmup). */
export function resume(post: Posterior, r: ResumeOptions): Posterior {
  const states = post.chainStates;
  if (!states || states.length === 0)
    throw new BorelError("no-chain-state", "resume: this posterior has no chain states", { hint: "only MCMC posteriors (mcmc, mcmcAsync, resume) can be resumed" });
  if (typeof r !== "object" || r === null || !isGenerativeFunction(r.model))
    throw new BorelError("bad-option", "resume: options need the model the chains ran on: resume(post, {model, kernel, samples})");
  checkOptionNames("resume", r, RESUME_OPTIONS);
  if (r.kernel === undefined)
    throw new BorelError("bad-option", `resume: options need the kernel the chains ran with (its saved adaptation is reused): resume(post, {model, kernel, samples})`, {
      hint: post.method === "nuts" || post.method === "hmc" || post.method === "mala" ? `this posterior came from ${post.method}: kernel: ${post.method}Kernel() with the options it ran with` : "the same kernel expression as the mcmc call",
    });
  // A posterior loaded from a file keeps no model arguments or observations: running the chains on [] and no
  // data would crash in the model, or silently sample the prior.
  if (!post.source && (r.args === undefined || r.observations === undefined))
    throw new BorelError("bad-option", `resume: this posterior does not keep the model's ${r.args === undefined ? "arguments" : "observations"} (a posterior loaded from a file keeps only draws and chain states)`, {
      hint: "pass them as the run had them: resume(post, {model, args, observations, kernel, samples}) — observations: {} when the data are inside the model",
    });
  const args = r.args ?? post.source?.args ?? [];
  const obs = r.observations !== undefined ? ChoiceMap.from(r.observations) : post.source?.observations ?? new ChoiceMap();
  const o: ResolvedOptions = { samples: drawCount("resume", "samples", r.samples, 0), warmup: 0, chains: states.length, thin: positiveInt("thin", r.thin ?? 1, 1), initAttempts: 1 };
  const kernelFor = kernelResolver(r.model, r.kernel);
  const progress = new Progress(o.chains * o.samples * o.thin, r.onProgress, "resume");
  const results = states.map((s, i) => {
    const runner = new ChainRunner(r.model, args, obs, kernelFor, { index: i, seed: s.seed, rngPath: s.rngPath, samples: o.samples, warmup: 0, thin: o.thin, resumeFrom: s, keepTraces: r.keepTraces, pointwiseLogLik: r.pointwiseLogLik }, { params: r.params }, r.signal);
    while (!runner.done) progress.add(runner.run(progress.chunk), `chain ${i + 1}/${o.chains}`);
    return runner.finish();
  });
  const before = r.append === false ? undefined : states.map((_, i) => chainSlice(post, i));
  const more = assemble(results, { model: r.model, args, observations: obs, options: o, warnings: [], before, method: post.method });
  // A gradient method's posterior keeps its sampler diagnostics (divergences, step sizes, E-BFMI) when resumed.
  return post.method === "nuts" || post.method === "hmc" || post.method === "mala" ? attachSamplerDiagnostics(more, post.method) : more;
}

async function loadModel(ref: ModuleRef): Promise<GenerativeFunction> {
  const gf = await loadExport(ref);
  if (!gf || typeof (gf as GenerativeFunction).generate !== "function")
    throw new BorelError("not-a-model", `the export '${ref.export ?? "default"}' of '${ref.module}' is not a generative function`, { hint: "export a model made with gen(...) or a factory returning one (with factoryArgs)" });
  return gf as GenerativeFunction;
}

function gfiOf(opts: MCMCOptions): GFIOptions {
  return opts.params ? { params: opts.params } : {};
}

function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** True when `x` survives structured cloning (what a worker receives). */
function canClone(x: unknown): boolean {
  try { structuredClone(x); return true; } catch { return false; }
}

/** Projected chains' work below which worker threads do not pay for their start-up. */
const PARALLEL_MIN_SECONDS = 2;

/** Seconds all chains would take in this thread, from the time of a few steps of a throwaway probe chain. */
function projectedSeconds(gf: GenerativeFunction, args: unknown[], obs: ChoiceMap, kernelFor: (first: Trace) => AnyKernel, root: Rng, o: ResolvedOptions, opts: MCMCOptions): number {
  const steps = 10;
  const job = { ...chainJob(0, root.split("probe"), o, opts), warmup: steps, samples: 0, keepTraces: false };
  const t0 = performance.now();
  const runner = new ChainRunner(gf, args, obs, kernelFor, job, gfiOf(opts));
  const done = runner.run(steps);
  const perStep = (performance.now() - t0) / 1000 / Math.max(1, done);
  return perStep * o.chains * (o.warmup + o.samples * o.thin);
}
