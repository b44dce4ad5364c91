/**
 * One stochastic estimate of a variational objective and its gradient in every parameter: the guide machinery
 * (an automatic guide, or a user guide with per-choice estimators), the minibatch, the objective and the
 * score-function baseline, on one reusable tape. `vi` calls `estimate()` once per optimization step; tests
 * and custom loops can call it directly (with a learning rate of zero nothing moves).
 *
 * @example
 * ```ts
 * const est = new ObjectiveEstimator(model, args, obs, { guide, estimators: { mu: "score" }, seed: 1 });
 * const { value, gradients } = est.estimate();   // gradients.get("m"), ...
 * ```
 */
import { BorelError } from "../../util/errors.js";
import { toRng, type Rng } from "../../rand/rng.js";
import { schemaAllows } from "../../trace/schema.js";
import { showOptionValue } from "../option-names.js";
import { Tape } from "../../ad/var.js";
import { m } from "../../ad/math.js";
import { ChoiceMap } from "../../trace/choicemap.js";
import { visitedTrace, type GenerativeFunction, type Trace } from "../../trace/gfi.js";
import { ParamStore, type ParamValue } from "../../trace/params.js";
import { AutoGuide, type GuideFamily } from "./auto-guide.js";
import { requireContinuousLatents } from "../unconstrained-layout.js";
import type { EstimatorChoice } from "./estimators.js";
import { generateAtGuideValues, GuideSampler } from "./guide-run.js";
import { Minibatcher, type Batch, type MinibatchOptions } from "./minibatch.js";
import { elbo, iwae, objectiveValue, type Branch, type Objective } from "./objectives.js";
import { ParamLeaves } from "./param-leaves.js";

export interface EstimatorOptions {
  /** A guide over the model's latent addresses (default: the automatic guide of `family`). */
  guide?: GenerativeFunction;
  /** The guide's arguments (default: the model's). */
  guideArgs?: unknown[];
  family?: GuideFamily;
  objective?: "elbo" | "iwae" | Objective;
  /** Draws per estimate: the ELBO's particles or IWAE's K (default 1; 10 for "iwae"). */
  particles?: number;
  params?: ParamStore;
  estimators?: EstimatorChoice | Readonly<Record<string, EstimatorChoice>>;
  maxEnumerate?: number;
  minibatch?: MinibatchOptions;
  /** Initial scale of the automatic guide (default 0.1). */
  initScale?: number;
  seed?: number | string;
  rng?: Rng;
}

export interface Estimate {
  value: number;
  /** d objective / d parameter, or null when the estimate is not finite (the step is skipped). */
  gradients: Map<string, ParamValue> | null;
}

export class ObjectiveEstimator {
  readonly params: ParamStore;
  readonly guide: AutoGuide | GenerativeFunction;
  private readonly rng: Rng;
  private readonly tape = new Tape();
  private readonly leaves: ParamLeaves;
  private readonly objective: Objective;
  private readonly batcher: Minibatcher | null;
  private readonly obs: ChoiceMap;
  private readonly draw: (b: Batch) => Branch[];
  private baseline = NaN;

  constructor(readonly model: GenerativeFunction, readonly args: unknown[], observations: unknown, readonly o: EstimatorOptions = {}) {
    this.rng = o.rng ?? toRng(o.seed);
    this.obs = ChoiceMap.from(observations);
    this.params = o.params ?? new ParamStore();
    this.leaves = new ParamLeaves(this.params, this.tape);
    this.objective = o.objective === "iwae" ? iwae(o.particles ?? 10) : typeof o.objective === "function" ? o.objective : elbo(o.particles ?? 1);
    this.batcher = o.minibatch ? new Minibatcher(o.minibatch, args, this.obs) : null;
    const rng = this.rng, store = this.params;
    if (o.guide === undefined) {
      if (o.estimators !== undefined)
        throw new BorelError("bad-option", "vi: 'estimators' chooses the gradient estimator of a guide's choices, and there is no guide: the automatic guide is reparameterized", { hint: "give a guide (vi(model, args, obs, { guide, estimators }))" });
      const first = visitedTrace("vi", model, model.generate(args, this.obs, rng.split("init"), { params: store, initImproper: true }));
      const scale = this.batcher ? this.batcher.total / this.batcher.o.size : 1;
      requireContinuousLatents(model, first, "vi with the automatic guide", (k) => `give vi a guide that samples '${k}' too (vi(guide: ...)), or use mcmc(cycle(nuts(), gibbs("${k}")))`);
      // Does the model read learnable parameters? (One differentiable run asks for them by name.)
      let modelParams = false;
      model.scoreAD(first, () => undefined, { params: store, paramOverride: () => { modelParams = true; return undefined; } });
      const g = new AutoGuide(model, first, o.family ?? "mean_field", "auto/", { score: { params: store, observedScale: scale } }, modelParams);
      g.init(store, undefined, o.initScale);
      this.guide = g;
      this.draw = (b) => {
        if (this.batcher) g.rebase(model.generate(b.args, b.observations, rng, { params: store, initImproper: true }).trace);
        return g.draw(this.leaves, rng);
      };
    } else {
      const guide = o.guide, guideArgs = o.guideArgs ?? args;
      const first = guide.simulate(guideArgs, rng, { params: store }); // initializes the guide's parameters
      checkEstimatorNames(o.estimators, guide, first);
      // IWAE's bound is over single draws (no branches): under "auto" its discrete choices take the score function.
      const maxEnumerate = this.importanceWeighted ? 0 : o.maxEnumerate;
      const sampler = new GuideSampler(model, guide, { params: store, leaves: this.leaves, rng, estimators: o.estimators, maxEnumerate });
      this.guide = guide;
      this.draw = (b) => sampler.draw(b.args, b.observations, guideArgs, b.scale);
    }
  }

  /** True for an IWAE objective: the guide is an importance sampling proposal (`vi` weights its draws). */
  get importanceWeighted(): boolean {
    return (this.objective.importanceSamples ?? 0) > 0;
  }

  /** One estimate of the objective and its gradient. */
  estimate(): Estimate {
    const batch: Batch = this.batcher ? this.batcher.next(this.rng) : { args: this.args, observations: this.obs, scale: 1 };
    this.tape.reset();
    this.leaves.begin();
    const ctx = { draw: () => this.draw(batch), m, baseline: Number.isFinite(this.baseline) ? this.baseline : 0 };
    const { surrogate, value } = objectiveValue(this.objective(ctx));
    if (!Number.isFinite(value) || (typeof surrogate !== "number" && !Number.isFinite(surrogate.x))) return { value, gradients: null };
    // A finite objective that no parameter reaches (a guide without t.param): nothing to learn, not a failed step.
    if (typeof surrogate === "number") return { value, gradients: new Map() };
    this.tape.backward(surrogate);
    this.baseline = Number.isFinite(this.baseline) ? 0.9 * this.baseline + 0.1 * value : value;
    return { value, gradients: this.leaves.gradients() };
  }

  /**
   * `n` model traces with latent choices drawn from the guide, each handed to `take` as it is made (a caller
   * that records them as columns keeps no trace: 16k observations × 1000 draws were 4 GB of traces), and their
   * log importance ratios log p − log q.
   */
  sampleTraces(n: number, take: (trace: Trace) => void): { logRatios: number[] } {
    const logRatios: number[] = [], rng = this.rng, store = this.params;
    const g = this.guide;
    if (g instanceof AutoGuide) {
      const L = g.scaleTril(store), d = g.dim, mu = g.loc(store);
      let logDet = 0;
      for (let i = 0; i < d; i++) logDet += Math.log(L[i * d + i]);
      if (this.batcher) g.rebase(this.model.generate(this.args, this.obs, rng, { params: store, initImproper: true }).trace);
      for (let k = 0; k < n; k++) {
        const eps = Float64Array.from({ length: d }, () => rng.normal());
        const theta = mu.map((v, i) => { let s = v; for (let j = 0; j <= i; j++) s += L[i * d + j] * eps[j]; return s; });
        const logq = -0.5 * eps.reduce((s, e) => s + e * e, 0) - 0.5 * d * Math.log(2 * Math.PI) - logDet;
        // With minibatches the view scales the likelihood by N/B: no importance ratio for the full data.
        logRatios.push(this.batcher ? NaN : g.view.logDensity(theta) - logq);
        take(g.view.traceAt(theta, rng));
      }
      return { logRatios };
    }
    const guideArgs = this.o.guideArgs ?? this.args;
    for (let k = 0; k < n; k++) {
      const q = g.simulate(guideArgs, rng, { params: store });
      const latent = q.choiceMap();
      const gen = generateAtGuideValues(this.model, g, this.args, new ChoiceMap().mergeUnder("", this.obs).mergeUnder("", latent), rng, { params: store, latent });
      take(gen.trace);
      logRatios.push(gen.weight - q.score);
    }
    return { logRatios };
  }
}

const ESTIMATOR_CHOICES: readonly string[] = ["auto", "reparam", "score", "enumerate"];

/** `estimators` names known estimators, and (per address) addresses the guide samples: a typo is an error, not "auto". */
function checkEstimatorNames(e: EstimatorOptions["estimators"], guide: GenerativeFunction, first: Trace): void {
  if (e === undefined) return;
  const bad = (v: unknown, where: string) => new BorelError("bad-option", `vi: ${where}must be one of ${ESTIMATOR_CHOICES.map((c) => `"${c}"`).join(", ")}, got ${showOptionValue(v)}`);
  if (typeof e === "string") { if (!ESTIMATOR_CHOICES.includes(e)) throw bad(e, "'estimators' "); return; }
  if (typeof e !== "object" || e === null) throw bad(e, "'estimators' ");
  const schema = guide.schema();
  const sampled = new Set<string>();
  for (const c of first.choices()) if (!c.observed) sampled.add(c.key);
  for (const [key, v] of Object.entries(e)) {
    if (!ESTIMATOR_CHOICES.includes(v as string)) throw bad(v, `the estimator of '${key}' `);
    if (!sampled.has(key) && !(schema && schemaAllows(schema, key)))
      throw new BorelError("unknown-address", `vi: 'estimators' names '${key}', which the guide ${guide.name} does not sample`, {
        address: key, hint: sampled.size > 0 ? `the guide samples ${[...sampled].slice(0, 8).map((k) => `'${k}'`).join(", ")}` : "the guide samples nothing",
      });
  }
}
