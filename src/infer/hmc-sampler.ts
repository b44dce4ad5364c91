/**
 * Chains of an adaptive gradient kernel: initial values, warmup threading the adaptation state, sampling,
 * and a `Posterior` whose `diagnostics.sampler` holds the sampler diagnostics (`hmc-diagnostics.ts`).
 *
 * Initial values follow Stan: each chain starts from the observations' `generate` trace with its selected
 * choices set uniformly in (−2, 2) on the unconstrained scale (`init: "uniform"`, re-drawn until the log
 * density is finite), or from the `generate` trace itself (`init: "prior"`). Chain c uses the stream
 * `rng.split("chain/c")`, so results do not depend on how chains are scheduled.
 *
 * @example
 * ```ts
 * const post = sampleGradientChains(model, args, obs, (w) => adaptiveGradientKernel(nutsAlgorithm(), { warmup: w }),
 *   { samples: 1000, warmup: 1000, chains: 4, seed: 1 }, "nuts");
 * post.diagnostics.sampler;   // divergences, treedepth_hits, step_size, ebfmi, ...
 * ```
 */
import { BorelError } from "../util/errors.js";
import { toRng, type Rng } from "../rand/rng.js";
import { ChoiceMap } from "../trace/choicemap.js";
import type { GenerativeFunction, GFIOptions, Trace } from "../trace/gfi.js";
import { Posterior } from "../posterior/posterior.js";
import type { GradientAdaptState } from "./hmc-adaptive.js";
import { samplerDiagnostics } from "./hmc-diagnostics.js";
import type { AdaptiveKernel, KernelStats } from "./kernel.js";
import { UnconstrainedView } from "./unconstrained.js";

export interface ChainOptions {
  samples?: number;
  warmup?: number;
  chains?: number;
  /** Keep every thin-th draw (default 1). */
  thin?: number;
  seed?: number | string;
  rng?: Rng;
  /** "uniform" (default): unconstrained values uniform in (−radius, radius); "prior": the generate trace. */
  init?: "uniform" | "prior";
  initRadius?: number;
  keepTraces?: boolean;
  gfiOptions?: GFIOptions;
  onProgress?: (fraction: number, status: string) => void;
  signal?: AbortSignal;
}

/** A starting trace: the observations' `generate` trace, its continuous latents moved to U(−r, r) unconstrained. */
export function initialTrace(gf: GenerativeFunction, args: unknown[], obs: ChoiceMap, rng: Rng, init: "uniform" | "prior", radius: number, gfi?: GFIOptions): Trace {
  for (let attempt = 0; attempt < 100; attempt++) {
    const g = gf.generate(args, obs, rng, gfi);
    if (g.weight === -Infinity && g.unvisited?.length)
      throw new BorelError("unknown-address", `the observation at '${g.unvisited[0]}' was not visited by ${gf.name}`, { address: g.unvisited[0] });
    if (init === "prior" || radius === 0) { if (Number.isFinite(g.trace.score)) return g.trace; continue; }
    const view = new UnconstrainedView(gf, g.trace);
    const theta = Float64Array.from({ length: view.dim }, () => radius * (2 * rng.double() - 1));
    if (Number.isFinite(view.logDensity(theta))) return view.traceAt(theta, rng);
  }
  throw new BorelError("bad-init", `${gf.name}: no initial point with a finite log density in 100 attempts`, {
    hint: "check that the observations are possible under the model, or use init: \"prior\"",
  });
}

/** Runs `chains` chains of warmup + sampling with the adaptive kernel built for `warmup` iterations. */
export function sampleGradientChains(
  gf: GenerativeFunction, args: unknown[], observations: unknown,
  makeKernel: (warmup: number) => AdaptiveKernel<GradientAdaptState>, o: ChainOptions, method: string,
): Posterior {
  const samples = o.samples ?? 1000, warmup = o.warmup ?? 1000, nChains = o.chains ?? 4, thin = o.thin ?? 1;
  for (const [name, v, min] of [["samples", samples, 1], ["warmup", warmup, 0], ["chains", nChains, 1], ["thin", thin, 1]] as const)
    if (!Number.isInteger(v) || v < min) throw new BorelError("bad-option", `${method}: '${name}' must be an integer ≥ ${min}, got ${v}`);
  const root = o.rng ?? toRng(o.seed);
  const obs = ChoiceMap.from(observations);
  const ak = makeKernel(warmup);
  const traces: Trace[][] = [], stats: KernelStats[][] = [], stepSizes: number[] = [];
  let nGrad = 0;
  const total = nChains * (warmup + samples * thin);
  let done = 0, lastReport = 0;
  for (let c = 0; c < nChains; c++) {
    const rng = root.split(`chain/${c}`);
    let trace = initialTrace(gf, args, obs, rng.split("init"), o.init ?? "uniform", o.initRadius ?? 2, o.gfiOptions);
    let state = ak.init(trace, rng);
    const chainTraces: Trace[] = [], chainStats: KernelStats[] = [];
    for (let i = 0; i < warmup + samples * thin; i++) {
      if (o.signal?.aborted) break;
      if (i === warmup) state = ak.done(state);
      const r = ak.kernel(state)(trace, rng);
      trace = r.trace;
      if (i < warmup) state = ak.update(state, r.stats, trace);
      else if ((i - warmup) % thin === thin - 1) { chainTraces.push(trace); chainStats.push(r.stats); }
      done++;
      if (o.onProgress && done - lastReport >= 100) { lastReport = done; o.onProgress(done / total, `${method}: chain ${c + 1}/${nChains}, ${i < warmup ? "warmup" : "sampling"} ${i + 1}/${warmup + samples * thin}`); }
    }
    if (warmup === 0 || o.signal?.aborted) state = ak.done(state);
    nGrad += state.binding.view.gradientCount;
    traces.push(chainTraces); stats.push(chainStats); stepSizes.push(state.stepSize);
    if (o.signal?.aborted) break;
  }
  const sampler = samplerDiagnostics(stats, nGrad);
  sampler.step_size = stepSizes;
  return new Posterior({ method, chains: traces, keepTraces: o.keepTraces, diagnostics: { sampler, divergences: sampler.divergences } });
}
