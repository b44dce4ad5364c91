/**
 * Pointwise observed log-likelihoods log p(y_i | θ_s) of a posterior's draws, and PSIS-LOO and WAIC from them
 * (src/diagnostics). Each observed choice is one observation; an observed vector with an elementwise (iid)
 * distribution contributes one observation per element (`y[j]`). Values come from the recorded matrix (MCMC
 * with `pointwiseLogLik`), from kept traces, or by re-running the model on each draw with its data.
 * The relative efficiency r_eff of LOO is the ESS of exp(log-lik) over the chains divided by the number of
 * draws, as in the loo package.
 *
 * @example
 * ```ts
 * const ll = pointwiseLogLik(post);   // { keys, columns: Float64Array per observation }
 * looOf(post).elpd_loo; waicOf(post).waic;
 * ```
 */
import { BorelError } from "../util/errors.js";
import { Rng } from "../rand/rng.js";
import { essBasic, loo, waic, type LooResult, type WaicResult } from "../diagnostics/index.js";
import { ChoiceMap } from "../trace/choicemap.js";
import type { GenerativeFunction, Trace } from "../trace/gfi.js";
import { drawChoices } from "./predictive.js";
import { pointwiseLogLik as rowOf } from "./recorder.js";
import type { DrawTable } from "./types.js";

export interface PointwiseLogLik {
  keys: string[];
  /** One array of draws per observation. */
  columns: Float64Array[];
}

export interface LogLikContext {
  model?: GenerativeFunction;
  args?: unknown[];
  observations?: ChoiceMap;
  /** A recorded matrix (draws × keys), used when present. */
  recorded?: { keys: string[]; values: Float64Array } | null;
}

/** Pointwise log-likelihoods of every draw (see the module doc). */
export function pointwiseLogLik(post: DrawTable, ctx: LogLikContext = {}): PointwiseLogLik {
  const S = post.size;
  if (ctx.recorded) {
    const { keys, values } = ctx.recorded, n = keys.length;
    return { keys, columns: keys.map((_, j) => Float64Array.from({ length: S }, (_, s) => values[s * n + j])) };
  }
  const keys: string[] = [];
  const rows: number[][] = [];
  const traceOf = tracesOrRerun(post, ctx);
  for (let s = 0; s < S; s++) rows.push(rowOf(traceOf(s), keys));
  return { keys, columns: keys.map((_, j) => Float64Array.from(rows, (r) => r[j] ?? NaN)) };
}

function tracesOrRerun(post: DrawTable, ctx: LogLikContext): (s: number) => Trace {
  if (post.traces) { const t = post.traces; return (s) => t[s]; }
  const model = ctx.model ?? post.source?.model;
  if (!model)
    throw new BorelError("no-model", "pointwise log-likelihood: the posterior kept neither traces nor its model", {
      hint: "run MCMC with pointwiseLogLik: true or keepTraces: true, or pass { model, args, observations }",
    });
  const args = ctx.args ?? post.source?.args ?? [];
  const data = ctx.observations ?? post.source?.observations;
  const rng = new Rng("loglik");
  return (s) => {
    const latent = drawChoices(post, s);
    const constraints = new ChoiceMap();
    if (data) constraints.mergeUnder("", data);
    constraints.mergeUnder("", latent);
    return model.generate(args, constraints, rng, { latent }).trace;
  };
}

/** r_eff per observation: ESS of exp(log-lik) over the chains / number of draws. */
function relativeEfficiency(post: DrawTable, cols: Float64Array[]): number[] | number {
  const L = post.chainLengths;
  if (post.logWeights || L.length === 0 || L.some((n) => n !== L[0]) || L[0] < 4) return 1;
  return cols.map((col) => {
    let max = -Infinity;
    for (const v of col) if (v > max) max = v;
    const chains = L.map((n, c) => col.subarray(c * n, (c + 1) * n).map((v) => Math.exp(v - max)));
    const r = essBasic(chains, { split: false }) / col.length;
    return Number.isFinite(r) ? r : 1;
  });
}

/** PSIS-LOO of the posterior's draws. */
export function looOf(post: DrawTable, ctx: LogLikContext = {}): LooResult & { keys: string[] } {
  unweighted(post, "loo");
  const ll = pointwiseLogLik(post, ctx);
  return { ...loo(ll.columns, { rEff: relativeEfficiency(post, ll.columns) }), keys: ll.keys };
}

/** WAIC of the posterior's draws. */
export function waicOf(post: DrawTable, ctx: LogLikContext = {}): WaicResult & { keys: string[] } {
  unweighted(post, "waic");
  const ll = pointwiseLogLik(post, ctx);
  return { ...waic(ll.columns), keys: ll.keys };
}

function unweighted(post: DrawTable, fn: string): void {
  if (post.logWeights)
    throw new BorelError("weighted-draws", `${fn}: needs unweighted posterior draws (MCMC), this posterior is weighted (${post.method})`, {
      hint: "resample the weighted draws first, or use MCMC",
    });
}
