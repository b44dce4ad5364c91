/**
 * The proposal of MH by `regenerate`, written as a generative function of the current trace, so that it can
 * be enumerated, assessed and composed like any custom proposal. `regenerateProposal(selection)` replays the
 * model's body against the trace t: a choice keeps its value when t has it, it is not selected (or is an
 * observation) and the value still fits its distribution; every other choice the run visits — selected ones
 * and ones t lacks — is a choice of the proposal, sampled from its prior conditional at the model's address.
 *
 *   q(u; t) = Π_{k ∈ u} p(u_k | the choices visited before k)
 *
 * With it, MH by regenerate is MH with a custom proposal (`proposalMove`): the reverse proposal from t′
 * produces exactly update's discard (the replaced and the deleted choices), and log α equals regenerate's
 * weight. Replay needs the model's body: embedded (`gen`) models, including nested `gen` calls (matched by
 * address; `regenerate` also asks for the same generative-function object, so a model that makes a new `gen`
 * per run at some address gets fresh sub-choices from `regenerate` but retained ones here).
 *
 * @example
 * ```ts
 * const q = regenerateProposal(select("x"));
 * const { choices, weight } = q.propose([trace], rng);   // new x (and any choices a new branch needs)
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { checkValue } from "../../dist/value.js";
import type { Distribution } from "../../dist/distribution.js";
import { addressKey, type AddressLike } from "../../trace/address.js";
import { compatibleValue } from "../../trace/dynamic-trace.js";
import { DynamicGenerativeFunction, gen } from "../../trace/dynamic.js";
import type { GenerativeFunction, Trace } from "../../trace/gfi.js";
import type { ModelHandler } from "../../trace/handler.js";
import type { ParamValue } from "../../trace/params.js";
import type { Selection } from "../../trace/selection.js";
import type { Real, Scalar } from "../../ad/var.js";

class ReplayHandler implements ModelHandler {
  constructor(private readonly q: ModelHandler, private readonly old: Trace, private readonly selection: Selection, private readonly prefix: string) {}

  get m() { return this.q.m; }

  sample<T>(addr: AddressLike, dist: Distribution<T>): T {
    const key = this.prefix + addressKey(addr);
    const c = this.old.choice(key);
    if (c !== undefined && (c.observed || !this.selection.has(key)) && compatibleValue(dist, c.value)) return c.value as T;
    return this.q.sample(key, dist);
  }

  observe<T>(addr: AddressLike, dist: Distribution<T>, value: unknown): T {
    return checkValue(dist, value, this.prefix + addressKey(addr)) as T;
  }

  factor(_logw: Scalar): void {}

  trace<A extends unknown[], R>(addr: AddressLike, gf: GenerativeFunction<A, R>, args: A): R {
    const key = this.prefix + addressKey(addr);
    if (!(gf instanceof DynamicGenerativeFunction))
      throw new BorelError("not-replayable", `the call at '${key}' is not an embedded model, so its regenerate proposal cannot be replayed`, {
        address: key, hint: "use mh(selection) as a kernel (it calls regenerate directly); exact transition matrices need gen models",
      });
    return gf.body(new ReplayHandler(this.q, this.old, this.selection, `${key}/`), ...args) as R;
  }

  param(name: string, init?: ParamValue): Real {
    return this.q.param(name, init);
  }

  track(_name: AddressLike, _value: unknown): void {}
}

/** The regenerate proposal for `selection` as a generative function of [trace] (see the module doc). */
export function regenerateProposal(selection: Selection): GenerativeFunction<[Trace]> {
  return gen((q, t: Trace) => {
    const model = t.gf;
    if (!(model instanceof DynamicGenerativeFunction))
      throw new BorelError("not-replayable", `${model.name} is not an embedded model: its regenerate proposal cannot be replayed`, {
        hint: "exact transition matrices need models written with gen",
      });
    model.body(new ReplayHandler(q, t, selection, ""), ...t.args);
  }, `regenerate(${selection})`);
}
