/**
 * The parameters of a `ParamStore` as AD leaves for one optimization step: `override` hands `t.param(name)` the
 * leaf of `name` (created on first use in the step, from the store's current value), and `gradients` collects
 * d objective / d parameter after the backward pass. A parameter a guide has not read yet this step (or ever)
 * falls back to the store, so `t.param(name, init)` still initializes it.
 *
 * @example
 * ```ts
 * const leaves = new ParamLeaves(store, tape);
 * leaves.begin();
 * guide.scoreAD(trace, override, { params: store, paramOverride: leaves.override });
 * tape.backward(objective);
 * optimizer.step(store, leaves.gradients(), t);
 * ```
 */
import { Tape, Var, type Real } from "../../ad/var.js";
import type { ParamStore, ParamValue } from "../../trace/params.js";

export class ParamLeaves {
  private readonly leaves = new Map<string, Var>();

  constructor(readonly store: ParamStore, readonly tape: Tape) {}

  /** Forgets the previous step's leaves (call after `tape.reset()`). */
  begin(): void {
    this.leaves.clear();
  }

  /** The leaf of a stored parameter (undefined for one the store does not hold yet). */
  readonly override = (name: string): Real | undefined => {
    const l = this.leaves.get(name);
    if (l !== undefined) return l;
    const v = this.store.values.get(name);
    if (v === undefined) return undefined;
    const leaf = typeof v === "number" ? this.tape.scalar(v, `param ${name}`) : this.tape.vector(v, `param ${name}`);
    this.leaves.set(name, leaf);
    return leaf;
  };

  /** Gradients of the last backward pass by parameter name (copies). */
  gradients(): Map<string, ParamValue> {
    const out = new Map<string, ParamValue>();
    for (const [name, leaf] of this.leaves) {
      if (leaf.xs === null) out.set(name, leaf.g);
      else out.set(name, leaf.gs === null ? new Float64Array(leaf.xs.length) : leaf.gs.slice());
    }
    return out;
  }
}
