/**
 * The choices of a differentiable run (`scoreAD`, the gradient loop of HMC/NUTS/VI): each choice's value comes
 * from the override (or, where it returns undefined, from the trace) and its log density is added to the run's
 * AD score; observed terms are scaled by `observedScale` (minibatching, tempering). Such a run keeps no
 * records — duplicate addresses were caught when the trace was made — so a gradient does no map writes.
 *
 * @example
 * ```ts
 * // inside Run.sample, in scoreAD mode:
 * return scoreChoice(this, this.s, key, dist, this.visits++);
 * ```
 */
import { BorelError } from "../util/errors.js";
import type { Distribution } from "../dist/distribution.js";
import { isDistribution } from "../dist/distribution.js";
import { checkValue } from "../dist/value.js";
import { iid } from "../dist/iid.js";
import { describeValue } from "../dist/params.js";
import { m } from "../ad/math.js";
import { isVar, valueOf, type Scalar } from "../ad/var.js";
import { isChoiceRecord } from "./record-table.js";
import type { ChoiceOverride, ScoreADOptions, Trace } from "./gfi.js";
import type { RecordTable } from "./record-table.js";

/** The run state a differentiable choice reads and adds to. */
export interface ADAccumulator {
  /** Adds a log-density term to the run's AD score. */
  addADScore(x: Scalar): void;
}

/** What a differentiable run was given: the trace, the override and the options. */
export interface ADSetup {
  prev?: Trace & { readonly records: RecordTable };
  override?: ChoiceOverride;
  opts?: ScoreADOptions;
}

/** A choice (`t.sample`): the overridden or traced value; log p added (scaled when it is a constrained observation). */
export function scoreChoice<T>(run: ADAccumulator, s: ADSetup, key: string, dist: Distribution<T>, index: number): T {
  if (!isDistribution(dist))
    throw new BorelError("not-a-distribution", `t.sample at '${key}' needs a distribution, got ${describeValue(dist)}`, { address: key });
  const o = s.override?.(key, index, dist);
  let value = o, scale = 1;
  if (o === undefined) {
    // Not overridden: the trace's value (overridden choices are latent by construction: no lookup for them).
    const old = s.prev?.records.get(key);
    if (!isChoiceRecord(old))
      throw new BorelError("no-choice", `the trace has no value at '${key}' for a differentiable run`, { address: key, hint: "the model's structure changed: its addresses depend on the values being differentiated" });
    value = old.value;
    // A constrained observation is an observed term like `observe`'s: minibatching/tempering scale it too.
    if (old.observed) scale = s.opts?.observedScale ?? 1;
  }
  const lp = dist.logpdfAD(value);
  run.addADScore((scale === 1 ? lp : m.mul(lp, scale)) as Scalar);
  return value as T;
}

/** An observation (`t.observe`), scaled by `observedScale`. */
export function scoreObservation<T>(run: ADAccumulator, s: ADSetup, key: string, dist: Distribution<T>, value: unknown): T {
  if (!isDistribution(dist))
    throw new BorelError("not-a-distribution", `observe at '${key}' needs a distribution, got ${describeValue(dist)}`, { address: key });
  // The data were checked when the trace was made: skip the per-element check when it is the same value.
  const old = s.prev?.records.get(key);
  // A value computed from the differentiated choices (observe(d, x + 1)) is an AD value: its primal is checked.
  const v = isChoiceRecord(old) && old.value === value ? value : isVar(value) ? (checkValue(dist, valueOf(value), key), value) : checkValue(dist, value, key);
  const o = s.opts?.observedScale ?? 1;
  const lp = dist.logpdfAD(v);
  run.addADScore((o === 1 ? lp : m.mul(lp, o)) as Scalar);
  return v as T;
}

/**
 * n observations of one loop as one term (a batched loop, src/lang/compile/emit-batch.ts): `dist` of size n
 * (`perElement`: its parameters vary over the loop), or a scalar distribution observed n times, at `values` (a
 * vector of n, or one value n times). False, with nothing added, when the batch does not fit; the loop then
 * runs as written.
 */
export function scoreObservationBatch(run: ADAccumulator, s: ADSetup, n: number, dist: unknown, values: unknown, perElement: boolean): boolean {
  if (!isDistribution(dist) || dist.size !== (perElement ? n : -1)) return false;
  const d = dist.size === n ? dist : iid(dist, n);
  let v = values;
  if (typeof v === "number" || typeof v === "boolean") v = new Float64Array(n).fill(Number(v));
  if (!(v instanceof Float64Array ? v.length === n : isVar(v) && (valueOf(v) as Float64Array).length === n)) return false;
  checkValue(d, isVar(v) ? valueOf(v) : v, "a batch");
  const o = s.opts?.observedScale ?? 1;
  const lp = d.logpdfAD(v);
  if (typeof lp === "number" ? lp !== lp : lp.x !== lp.x) return false;
  run.addADScore((o === 1 ? lp : m.mul(lp, o)) as Scalar);
  return true;
}
