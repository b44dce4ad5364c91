/**
 * SMC mode (1): a model whose first argument is the number of steps T — an `unfold`, or a `gen` model looping
 * `for (k < T)`. Step t runs the model with T = t + 1: `generate` at t = 0, then `update` with argdiffs
 * `[{grow: 1}, "same", …]` and step t's observations as constraints (on `unfold` only the new step runs, so a
 * step costs O(1) in t). An observation belongs to the step given by `stepOf(key)`, by default the first
 * numeric part of its address ("3/y" of an unfold, or "y/3"); addresses without one belong to step 0.
 *
 * A custom proposal per step, `proposal(t, trace)`, returns a generative function and its arguments; its choices
 * (addresses of the model) are added to the constraints marked `latent`, and log q is subtracted from the
 * incremental weight.
 *
 * @example
 * ```ts
 * const stepper = traceStepper(unfold(kernel), [100, 0], ChoiceMap.from(obs), {});
 * ```
 */
import { BorelError } from "../../util/errors.js";
import type { Rng } from "../../rand/rng.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import { schemaAllows } from "../../trace/schema.js";
import type { Argdiff, GenerativeFunction, GFIOptions, Trace } from "../../trace/gfi.js";
import { unionChoices, zeroWeightCause } from "../importance.js";
import type { SMCStepper, StepResult } from "./stepper.js";

/** A proposal for step t given the particle's trace so far (null at t = 0); undefined/null: the prior. */
export type StepProposal = (step: number, trace: Trace | null) => { gf: GenerativeFunction; args: unknown[] } | null | undefined;

export interface TraceStepperOptions extends GFIOptions {
  proposal?: StepProposal;
  /** The step an observation belongs to (default: the first numeric part of its key, else 0). */
  stepOf?: (key: string) => number;
}

/** The first all-digit part of a key ("3/y" → 3, "y/12/z" → 12), or 0. */
export function firstIndex(key: string): number {
  for (const part of key.split("/")) if (/^\d+$/.test(part)) return Number(part);
  return 0;
}

/**
 * An array given at a key whose elements are the model's choices `key/i` (Borel's `given {y: ys}` for
 * `y[t] ~ ...`) as one constraint per element, so each lands at its step: whole, the array went to step 0 and
 * only y/0 was observed — the other steps sampled their y from the prior, silently.
 */
function elementwise(gf: GenerativeFunction, observations: ChoiceMap): ChoiceMap {
  const schema = gf.schema?.();
  if (schema === undefined) return observations;
  const split = (k: string, v: unknown) => (Array.isArray(v) || v instanceof Float64Array) && !schemaAllows(schema, k) && schemaAllows(schema, `${k}/0`);
  if (![...observations].some(([k, v]) => split(k, v))) return observations;
  const out = new ChoiceMap();
  for (const [k, v] of observations) {
    if (split(k, v)) Array.from(v as ArrayLike<unknown>).forEach((e, i) => out.set(`${k}/${i}`, e));
    else out.set(k, v);
  }
  return out;
}

/** Observations grouped by step. */
export function splitByStep(observations: ChoiceMap, T: number, stepOf: (key: string) => number): ChoiceMap[] {
  const out = Array.from({ length: T }, () => new ChoiceMap());
  for (const [k, v] of observations) {
    const s = stepOf(k);
    if (!Number.isInteger(s) || s < 0 || s >= T)
      throw new BorelError("unknown-address", `smc: the observation '${k}' belongs to step ${s}, outside the ${T} steps`, {
        address: k, hint: "the model's first argument is the number of steps; observations are assigned to steps by their first index",
      });
    out[s]!.set(k, v);
  }
  return out;
}

export function traceStepper(gf: GenerativeFunction, args: unknown[], observations: ChoiceMap, opts: TraceStepperOptions = {}): SMCStepper<Trace | null> {
  const T = args[0];
  if (typeof T !== "number" || !Number.isInteger(T) || T < 1)
    throw new BorelError("bad-args", `smc: the first argument of ${gf.name} must be the number of steps (a positive integer), got ${String(T)}`, {
      hint: "SMC over steps runs unfold models and models whose first argument is the number of steps; a static model uses tempered SMC",
    });
  const perStep = splitByStep(elementwise(gf, observations), T, opts.stepOf ?? firstIndex);
  const { proposal, stepOf: _s, ...gfiOpts } = opts;
  const argdiffs: Argdiff[] = [{ grow: 1 }, ...args.slice(1).map((): Argdiff => "same")];
  let cachedStep = -1, cachedArgs: unknown[] = [];
  // Why the last zero-weight particle of a step had zero weight (an impossible observation inside the model
  // is no constraint of the step): for the all-zero error.
  const cause: (string | undefined)[] = [];
  const argsAt = (t: number) => {
    if (t !== cachedStep) { cachedStep = t; cachedArgs = [t + 1, ...args.slice(1)]; }
    return cachedArgs;
  };
  return {
    steps: T,
    init: () => null,
    advance(state, t, rng): StepResult<Trace | null> {
      let constraints = perStep[t]!, o: GFIOptions = gfiOpts, logQ = 0;
      const q = proposal?.(t, state);
      if (q) {
        const p = q.gf.propose(q.args, rng, { params: opts.params });
        constraints = unionChoices(constraints, p.choices, `the proposal of step ${t}`);
        o = { ...gfiOpts, latent: gfiOpts.latent ? unionChoices(gfiOpts.latent, p.choices) : p.choices };
        logQ = p.weight;
      }
      const r = state === null ? gf.generate(argsAt(t), constraints, rng, o) : gf.update(state, argsAt(t), argdiffs, constraints, rng, o);
      if (r.weight === -Infinity) cause[t] = zeroWeightCause(r.trace);
      return { state: r.trace, weight: r.weight - logQ };
    },
    copy: (s) => s,
    done: () => false,
    trace(s) {
      if (s === null) throw new BorelError("internal", "smc: a particle has no trace before its first step");
      return s;
    },
    move(s, kernelFor, rng) {
      const before = this.trace(s), r = kernelFor(before)(before, rng);
      return { state: r.trace, accepted: r.stats.accepted };
    },
    describe(t) {
      const keys = [...perStep[t]!.keys()], why = cause[t];
      if (why) return why === "a factor" ? "a factor of −∞" : `the observation at ${why} is impossible`;
      return keys.length === 0 ? "no observation" : keys.slice(0, 3).map((k) => `'${k}'`).join(", ") + (keys.length > 3 ? ", ..." : "");
    },
  };
}
