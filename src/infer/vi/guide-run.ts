/**
 * Draws from a user-written guide (a generative function with `t.param`s over the model's latent addresses),
 * scored under the model, with a gradient estimator per choice (estimators.ts):
 *
 * 1. the guide's structure comes from `simulate`; its enumerated choices (small discrete ones under `auto`)
 *    give one branch per combination of their values;
 * 2. each branch runs the guide's differentiable `scoreAD` with the parameters as AD leaves: a reparameterized
 *    choice takes `dist.rsample(rng)` (an AD value), a score-function choice a constant `dist.sample(rng)`,
 *    an enumerated one its branch's value; the run's score is log q(z);
 * 3. the model is scored at the guide's values: `generate` with them (latent) and the observations builds its
 *    trace, then `scoreAD` puts the AD values back; every latent choice of the model must come from the guide.
 *
 * @example
 * ```ts
 * const sampler = new GuideSampler(model, guide, { params, leaves, rng });
 * const branches = sampler.draw(args, obs, guideArgs, 1);
 * ```
 */
import { BorelError, isBorelError } from "../../util/errors.js";
import type { Rng } from "../../rand/rng.js";
import { add } from "../../ad/arith.js";
import { Var, type Scalar } from "../../ad/var.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import { unvisitedConstraint, type GenerateOptions, type GenerateResult, type GenerativeFunction } from "../../trace/gfi.js";
import type { ParamStore } from "../../trace/params.js";
import { estimatorFor, type EstimatorChoice } from "./estimators.js";
import type { Branch } from "./objectives.js";
import type { ParamLeaves } from "./param-leaves.js";

export interface GuideSamplerOptions {
  params: ParamStore;
  leaves: ParamLeaves;
  rng: Rng;
  /** Estimator per address (default "auto" for all). */
  estimators?: EstimatorChoice | Readonly<Record<string, EstimatorChoice>>;
  /** Largest support enumerated under "auto" (default 16). */
  maxEnumerate?: number;
  /** Most branches one draw may enumerate (default 1024). */
  maxBranches?: number;
}

const plainCopy = (v: unknown): unknown => (v instanceof Var ? (v.xs === null ? v.x : v.xs.slice()) : v instanceof Float64Array ? v.slice() : v);

export class GuideSampler {
  constructor(readonly model: GenerativeFunction, readonly guide: GenerativeFunction, readonly o: GuideSamplerOptions) {}

  private requested(key: string): EstimatorChoice {
    const e = this.o.estimators;
    if (e === undefined) return "auto";
    if (typeof e === "string") return e;
    return e[key] ?? "auto";
  }

  /** One draw: the branches of its enumerated choices, each scored under the model (observedScale for minibatches). */
  draw(args: unknown[], obs: ChoiceMap, guideArgs: unknown[], observedScale: number): Branch[] {
    const { params, rng } = this.o, maxEnum = this.o.maxEnumerate ?? 16;
    const structure = this.guide.simulate(guideArgs, rng, { params });
    const enumKeys: string[] = [], enumValues: unknown[][] = [];
    for (const c of structure.choices())
      if (!c.observed && estimatorFor(c.dist, this.requested(c.key), maxEnum, c.key) === "enumerate") {
        enumKeys.push(c.key);
        enumValues.push((c.dist.enumerate as () => unknown[])());
      }
    const combos = enumValues.reduce((n, vs) => n * vs.length, 1);
    if (combos > (this.o.maxBranches ?? 1024))
      throw new BorelError("too-many-branches", `enumerating ${enumKeys.join(", ")} gives ${combos} branches per draw`, { hint: "use the score-function estimator (\"score\") for some of these choices" });
    const out: Branch[] = [];
    for (let c = 0; c < combos; c++) {
      const forced = new Map<string, unknown>();
      let r = c;
      enumKeys.forEach((k, i) => { forced.set(k, enumValues[i][r % enumValues[i].length]); r = Math.floor(r / enumValues[i].length); });
      out.push(this.branch(structure, forced, args, obs, guideArgs, observedScale));
    }
    return out;
  }

  private branch(structure: import("../../trace/gfi.js").Trace, forced: Map<string, unknown>, args: unknown[], obs: ChoiceMap, guideArgs: unknown[], observedScale: number): Branch {
    const { params, leaves, rng } = this.o, maxEnum = this.o.maxEnumerate ?? 16;
    const values = new Map<string, unknown>();
    let scoreLogq: Scalar = 0, logWeight: Scalar = 0;
    const logq = this.guide.scoreAD(structure, (key, _i, dist) => {
      let v: unknown;
      if (forced.has(key)) { v = forced.get(key); logWeight = add(logWeight, dist.logpdfAD(v)) as Scalar; }
      else if (estimatorFor(dist, this.requested(key), maxEnum, key) === "reparam") v = (dist.rsample as (r: Rng) => unknown)(rng);
      else { v = dist.sample(rng); scoreLogq = add(scoreLogq, dist.logpdfAD(v)) as Scalar; }
      values.set(key, v);
      return v;
    }, { params, paramOverride: leaves.override }, guideArgs).score;
    return { logp: this.logJoint(values, args, obs, observedScale), logq, scoreLogq, logWeight };
  }

  /** log p(x, z) with the guide's values z (AD where reparameterized). */
  logJoint(values: ReadonlyMap<string, unknown>, args: unknown[], obs: ChoiceMap, observedScale: number): Scalar {
    const { params, leaves, rng } = this.o;
    const latent = new ChoiceMap();
    for (const [k, v] of values) latent.set(k, plainCopy(v));
    const constraints = new ChoiceMap().mergeUnder("", obs).mergeUnder("", latent);
    const g = generateAtGuideValues(this.model, this.guide, args, constraints, rng, { params, latent });
    if (g.weight === -Infinity && g.unvisited?.length) {
      const k = g.unvisited[0];
      // The unvisited address is the guide's or an observation's: say which.
      if (!values.has(k)) throw unvisitedConstraint("vi", this.model, k);
      throw guideAddressError(this.model, this.guide, k);
    }
    for (const c of g.trace.choices())
      if (!c.observed && !values.has(c.key))
        throw new BorelError("guide-incomplete", `the guide does not propose the model's latent choice '${c.key}'`, { address: c.key, hint: "sample every latent choice of the model in the guide, at the same address" });
    return this.model.scoreAD(g.trace, (key) => values.get(key), { params, paramOverride: leaves.override, observedScale }, args).score;
  }
}

/** The error for a guide choice at an address the model has no latent choice at. */
function guideAddressError(model: GenerativeFunction, guide: GenerativeFunction, key: string): BorelError {
  const latent = model.schema?.()?.addresses.filter((a) => !a.observed).map((a) => a.pattern);
  const known = latent ? ` (its latent addresses: ${latent.join(", ") || "none"})` : "";
  return new BorelError("unknown-address", `the guide ${guide.name} samples '${key}', which the model ${model.name} does not sample there${known}`, {
    address: key,
    hint: `sample exactly the model's latent choices in the guide, at the same addresses — rename or remove '${key}' in ${guide.name}`,
  });
}

/**
 * `model.generate` at a guide's values (latent constraints): a model with a schema refuses a constraint no run
 * can visit, naming the model; as the guide's choice, the error names the guide and its address.
 */
export function generateAtGuideValues(model: GenerativeFunction, guide: GenerativeFunction, args: unknown[], constraints: ChoiceMap, rng: Rng, opts: GenerateOptions): GenerateResult {
  try {
    return model.generate(args, constraints, rng, opts);
  } catch (e) {
    const latent = opts.latent;
    if (isBorelError(e) && e.code === "unknown-address" && e.address !== undefined && latent !== undefined && latent.find(e.address) !== undefined) throw guideAddressError(model, guide, e.address);
    throw e;
  }
}
