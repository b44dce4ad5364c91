/**
 * `vi` as a Borel query method: `query m(...) using vi(guide: g, objective: "elbo", steps: 2000)`; without a
 * guide the automatic mean-field guide (`family: full_rank` for the full-rank one). The summary of the result
 * comes from draws of the trained guide — importance-weighted for `objective: "iwae"` (see vi.ts).
 *
 * @example
 * ```ts
 * getMethod("vi")!.run(model, args, obs, { steps: 3000, family: "full_rank" }, { seed: 1 });
 * ```
 */
import type { GenerativeFunction } from "../../trace/gfi.js";
import { registerMethod } from "../registry.js";
import type { GuideFamily } from "./auto-guide.js";
import type { EstimatorOptions } from "./estimate.js";
import { viAsync } from "./vi.js";
import { MAX_DRAWS, MAX_DRAWS_HINT } from "../draw-count.js";

registerMethod({
  name: "vi",
  positionalOptions: ["guide", "objective", "steps", "lr"],
  doc: "variational inference: a guide (default: automatic mean-field normal in unconstrained space) fitted by stochastic gradient ascent on the ELBO or IWAE",
  options: {
    guide: { type: "model", doc: "a model with params over the latent addresses (default: automatic guide)" },
    family: { type: "enum", values: ["mean_field", "full_rank"], default: "mean_field", doc: "automatic guide family" },
    objective: { type: "enum", values: ["elbo", "iwae"], default: "elbo", doc: "objective to maximize" },
    particles: { type: "int", min: 1, doc: "draws per step (ELBO particles, IWAE's K)" },
    steps: { type: "int", default: 2000, min: 1, doc: "optimization steps" },
    lr: { type: "number", default: 0.01, positive: true, doc: "learning rate" },
    optimizer: { type: "enum", values: ["adam", "sgd"], default: "adam", doc: "optimizer" },
    tolerance: { type: "number", default: 1e-3, min: 0, doc: "objective change per check, relative to |objective| capped at 100, that stops the run (0: never)" },
    average: { type: "bool", default: true, doc: "average the parameters over the last half of the steps run (false: the last iterate)" },
    samples: { type: "int", default: 1000, min: 1, max: MAX_DRAWS, maxHint: MAX_DRAWS_HINT, doc: "draws from the trained guide" },
    estimators: { type: "any", values: ["auto", "reparam", "score", "enumerate"], doc: "gradient estimator of the guide's choices: one for all, or a record by address ({z: \"score\"}); auto: reparameterized where possible, enumeration for small discrete choices, else the score function" },
    max_enumerate: { type: "int", min: 0, doc: "largest discrete support enumerated under auto (default 16)" },
    reweight: { type: "bool", doc: "weight the draws by p/q (Pareto-smoothed) and estimate log Z (default: true for iwae, whose guide is a proposal)" },
  },
  run: (gf, args, obs, o, ctx) =>
    viAsync(gf, args, obs, {
      guide: o.guide as GenerativeFunction | undefined, family: o.family as GuideFamily, objective: o.objective as "elbo" | "iwae",
      particles: o.particles as number | undefined, steps: o.steps as number, lr: o.lr as number, optimizer: o.optimizer as "adam" | "sgd",
      tolerance: o.tolerance as number, average: o.average as boolean, samples: o.samples as number, reweight: o.reweight as boolean | undefined,
      estimators: o.estimators as EstimatorOptions["estimators"], maxEnumerate: o.max_enumerate as number | undefined,
      seed: ctx.seed, onProgress: ctx.onProgress, signal: ctx.signal,
    }),
});
