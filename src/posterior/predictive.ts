/**
 * Posterior predictive draws: for each posterior draw θ_s, new observations y_rep ~ p(y | θ_s). The model runs
 * with `generate`, its latent choices fixed to the draw's (as latent constraints) and the data left free:
 * data given to inference as constraints of `t.sample` choices are sampled afresh by the run; data fixed by
 * `t.observe` in the model body are replicated from the distribution the run gives them; with new `args`, choices
 * the posterior has no draws of (the data's y at new x) are predictions, sampled the same way. Weighted posteriors
 * keep their weights (`weights`).
 *
 * @example
 * ```ts
 * const rep = posteriorPredictive(post, { seed: 1 });   // model, args, data from the posterior's source
 * rep.values("y[3]");                                   // replicated y_3, one per draw
 * ```
 */
import { BorelError } from "../util/errors.js";
import { toRng, type Rng } from "../rand/rng.js";
import { ChoiceMap } from "../trace/choicemap.js";
import type { GenerativeFunction } from "../trace/gfi.js";
import { scalarColumns } from "./draws.js";
import type { DrawTable } from "./types.js";

export interface PredictiveOptions {
  seed?: number | string;
  rng?: Rng;
  /** The model and its arguments; default the posterior's source. New `args` give predictions elsewhere. */
  model?: GenerativeFunction;
  args?: unknown[];
}

export interface PredictiveDraws {
  /** The replicated observation keys. */
  keys: string[];
  /** Replicated values by key, one per posterior draw (chain-major). */
  columns: Map<string, unknown[]>;
  /** Normalized weights of the draws. */
  weights: Float64Array;
  /** Numeric replicated values of a scalar key ("y", "y[3]"). */
  values(key: string): Float64Array;
}

/** The latent choices of draw `i` as a choice map. */
export function drawChoices(post: DrawTable, i: number): ChoiceMap {
  const c = new ChoiceMap();
  for (const k of post.choiceKeys) {
    const v = post.columns.get(k)?.[i];
    if (v !== undefined) c.set(k, v);
  }
  return c;
}

/** Posterior predictive draws (see the module doc). */
export function posteriorPredictive(post: DrawTable, opts: PredictiveOptions = {}): PredictiveDraws {
  const model = opts.model ?? post.source?.model;
  if (!model)
    throw new BorelError("no-model", "posteriorPredictive: this posterior does not know its model", { hint: "pass { model, args, observations }: a posterior loaded from a file or built from draws does not keep them" });
  const args = opts.args ?? post.source?.args ?? [];
  const rng = opts.rng ?? toRng(opts.seed);
  const columns = new Map<string, unknown[]>();
  const put = (k: string, i: number, v: unknown) => {
    let col = columns.get(k);
    if (!col) { col = new Array(post.size).fill(undefined); columns.set(k, col); }
    col[i] = v;
  };
  for (let i = 0; i < post.size; i++) {
    const latent = drawChoices(post, i);
    const { trace } = model.generate(args, latent, rng, { latent });
    for (const c of trace.choices()) {
      if (c.observed) put(c.key, i, c.dist.sample(rng));
      // Data given as constraints, and at new `args` choices the posterior has never seen (y at a new x):
      // sampled afresh given the draw's latent choices.
      else if (!post.choiceKeys.has(c.key)) put(c.key, i, c.value);
    }
  }
  let scalars: Map<string, Float64Array> | undefined;
  return {
    keys: [...columns.keys()], columns, weights: post.weights(),
    values(key: string): Float64Array {
      scalars ??= scalarColumns(columns);
      const v = scalars.get(key);
      if (!v) throw new BorelError("unknown-address", `posterior predictive: no replicated values at '${key}'`, { address: key, hint: `keys: ${[...scalars.keys()].slice(0, 12).join(", ")}` });
      return v;
    },
  };
}
