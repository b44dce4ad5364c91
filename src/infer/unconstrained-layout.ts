/**
 * The layout of an unconstrained view: which choices of a trace the flat vector θ ∈ R^n covers, where each
 * one's unconstrained coordinates start, and which bijector maps them onto the choice's support.
 *
 * The layout is found with one probe run of `scoreAD` (the same run the hot loop makes), so every slot also
 * records the *visit index* the model reports for it: the gradient loop then finds a top-level choice's slot
 * by index (`slots[byIndex[index]]`), with no map lookup. Choices inside calls (index −1) are found by key.
 * A model's `schema()` adds what the compiler knows: addresses it declares discrete are never selected, a
 * statically known support is checked against the trace's, and `staticStructure` lets kernels skip the
 * per-transition structure check.
 *
 * @example
 * ```ts
 * const layout = discoverLayout(model, trace);               // every latent continuous choice
 * const part = discoverLayout(model, trace, select("mu"));   // only mu
 * layout.dim;                                                 // total unconstrained dimension
 * ```
 */
import { BorelError } from "../util/errors.js";
import { bijectorFor, type Bijector } from "../dist/bijectors.js";
import type { Distribution } from "../dist/distribution.js";
import { describeSupport, isDiscreteSupport, type Support } from "../dist/support.js";
import type { GenerativeFunction, ScoreADOptions, Trace } from "../trace/gfi.js";
import { matchesPattern, type ModelSchema } from "../trace/schema.js";
import type { Selection } from "../trace/selection.js";

/** One choice in θ. */
export interface Slot {
  readonly key: string;
  /** First coordinate in θ. */
  readonly offset: number;
  /** Number of unconstrained coordinates. */
  readonly length: number;
  /** −1 for a scalar value, else the vector length. */
  readonly size: number;
  /** The support when the layout was made, and its bijector (rebuilt when a run reports another support). */
  readonly support: Support;
  readonly bijector: Bijector;
  /** The visit index the model reports for this choice (−1 inside a call). */
  readonly index: number;
}

export interface Layout {
  readonly slots: readonly Slot[];
  readonly dim: number;
  /** byIndex[i] is the slot number of the top-level choice visited i-th, or −1. */
  readonly byIndex: Int32Array;
  /** True when the schema promises the set of addresses never changes. */
  readonly staticStructure: boolean;
}

/** True when two supports are the same set (bijectors can be reused). */
export function sameSupport(a: Support, b: Support): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "interval": { const o = b as typeof a; return sameBound(a.low, o.low) && sameBound(a.high, o.high); }
    case "greater": return sameBound(a.low, (b as typeof a).low);
    case "less": return sameBound(a.high, (b as typeof a).high);
    case "ordered": { const o = b as typeof a; return a.low === o.low && a.high === o.high; }
    default: return true;
  }
}

function sameBound(x: number | Float64Array, y: number | Float64Array): boolean {
  if (typeof x === "number" || typeof y === "number") return x === y;
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

interface Visit { key: string; index: number; dist: Distribution }

/** Every choice a `scoreAD` run visits at `trace`, in order, with the visit index and distribution. */
function probe(gf: GenerativeFunction, trace: Trace, opts?: ScoreADOptions): Visit[] {
  const visits: Visit[] = [];
  gf.scoreAD(trace, (key, index, dist) => { visits.push({ key, index, dist }); return undefined; }, opts);
  return visits;
}

/**
 * The layout of the latent continuous choices of `trace` that `selection` picks (all of them by default).
 * Observed choices are never included. A selected discrete choice is an error naming it, as is an empty
 * layout.
 */
export function discoverLayout(gf: GenerativeFunction, trace: Trace, selection?: Selection, opts?: ScoreADOptions): Layout {
  const schema = gf.schema();
  const slots: Slot[] = [];
  let dim = 0, maxIndex = -1;
  for (const { key, index, dist } of probe(gf, trace, opts)) {
    const view = trace.choice(key);
    if (view === undefined || view.observed) continue;
    if (selection !== undefined && !selection.has(key)) continue;
    if (isDiscreteChoice(dist, schema, key)) {
      if (selection === undefined) continue;
      throw new BorelError("discrete-choice", `address '${key}' is discrete (${describeSupport(dist.support)}): gradient-based kernels need continuous choices`, {
        address: key,
        hint: "select only continuous addresses for HMC/NUTS/MALA and move the discrete ones with another kernel: cycle(nuts(select(...)), gibbs(\"z\"))",
      });
    }
    const bijector = bijectorFor(dist.support, dist.size, key);
    const length = bijector.unconstrainedSize(dist.size);
    slots.push({ key, offset: dim, length, size: dist.size, support: dist.support, bijector, index });
    dim += length;
    maxIndex = Math.max(maxIndex, index);
  }
  if (slots.length === 0)
    throw new BorelError("no-continuous-choices", `${gf.name}: no latent continuous choice${selection ? ` matches ${selection}` : ""}`, {
      hint: "gradient-based inference needs at least one unobserved continuous random choice",
    });
  const byIndex = new Int32Array(maxIndex + 1).fill(-1);
  slots.forEach((s, i) => { if (s.index >= 0) byIndex[s.index] = i; });
  return { slots, dim, byIndex, staticStructure: schema?.staticStructure === true };
}

/**
 * For methods that move only continuous choices (NUTS, HMC, MALA, MAP, Laplace, VI's automatic guide): an
 * error naming the first latent discrete choice of `trace`, whose value such a method would silently keep at
 * its initial value; the hint gives the compositions that do move it.
 */
export function requireContinuousLatents(gf: GenerativeFunction, trace: Trace, method: string, hint?: (key: string) => string): void {
  const schema = gf.schema();
  for (const c of trace.choices()) {
    if (c.observed) continue;
    if (isDiscreteChoice(c.dist, schema, c.key)) {
      // An indexed choice (z/0 of a loop): the kernels take the prefix and sweep every z/i.
      const k = c.key.replace(/(\/\d+)+$/, "") || c.key;
      throw new BorelError("discrete-choice", `${method}: the latent choice at '${c.key}' (${c.dist}) is discrete, and ${method} moves continuous choices only`, {
        address: c.key,
        hint: hint?.(k) ?? `combine kernels: mcmc(cycle(nuts(), gibbs("${k}"))) (or mh("${k}")), use mh() or smc, or sum the discrete choice out of the model`,
      });
    }
  }
}

/** A discrete choice: by its distribution, its support, or the model's schema. */
function isDiscreteChoice(dist: Distribution, schema: ModelSchema | undefined, key: string): boolean {
  return dist.discrete || isDiscreteSupport(dist.support) || schemaSaysDiscrete(schema, key);
}

function schemaSaysDiscrete(schema: ModelSchema | undefined, key: string): boolean {
  if (schema === undefined) return false;
  for (const a of schema.addresses) if (matchesPattern(key, a.pattern)) return a.discrete;
  return false;
}

/** True when `trace` still has every slot's choice, latent and of the same size (the layout applies). */
export function layoutFits(layout: Layout, trace: Trace): boolean {
  for (const s of layout.slots) {
    const c = trace.choice(s.key);
    if (c === undefined || c.observed || c.dist.size !== s.size) return false;
  }
  return true;
}
