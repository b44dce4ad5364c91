/**
 * Borel's public API. Everything a user of the library needs is exported here, and only here
 * (internal modules are not part of the API).
 *
 * @example
 * ```ts
 * import { gen, beta, bernoulli, importance } from "borel";
 * const coin = gen((t, flips: boolean[]) => {
 *   const p = t.sample("p", beta(1, 1));
 *   flips.forEach((f, i) => t.observe(["flip", i], bernoulli(p), f));
 *   return p;
 * });
 * console.log(importance(coin, [flips], {}, { particles: 10000, seed: 0 }).summaryTable());
 * ```
 */
export { BorelError, formatError, isBorelError, type Span, type Address } from "./util/errors.js";
export { Rng } from "./rand/rng.js";

// Autodiff
export { m, type ADMath } from "./ad/math.js";
export { Var, Tape, type Real, type Scalar } from "./ad/var.js";
export { gradient, finiteDifference } from "./ad/grad.js";

// Distributions and bijectors
export {
  normal, halfNormal, lognormal, studentT, cauchy, halfCauchy, laplace, logistic, exponential, gamma, invGamma, beta,
  uniform, flat, halfFlat, bernoulli, bernoulliLogit, binomial, binomialLogit, poisson, poissonLog, negBinomial,
  negBinomial2, geometric, categorical, categoricalLogit, uniformInt, dirichlet, mvnormal, mvnormalChol, mixture,
  ordered, truncated, delta, iid,
  isDistribution, scalarFamily, bijectorFor, distributionRegistry,
  type Distribution, type Support, type Bijector, type FamilyConstructor, type ScalarFamilySpec,
} from "./dist/index.js";

// Traces and the generative function interface
export { gen, DynamicGenerativeFunction } from "./trace/dynamic.js";
export type { ModelHandler, ModelBody } from "./trace/handler.js";
export type {
  GenerativeFunction, Trace, ChoiceView, Argdiff, GenerateResult, UpdateResult, RegenerateResult, AssessResult,
  ProposeResult, GFIOptions, ResumableRun, StartOptions,
} from "./trace/gfi.js";
export { ChoiceMap } from "./trace/choicemap.js";
export { select, complement, selectWhere, ALL, NONE, type Selection } from "./trace/selection.js";
export { ParamStore } from "./trace/params.js";
export type { ModelSchema, AddressPattern } from "./trace/schema.js";

// Combinators
export { map } from "./combinators/map.js";
export { unfold } from "./combinators/unfold.js";
export { switchOf } from "./combinators/switch.js";

// Results and diagnostics
export { Posterior, type SummaryRow } from "./posterior/posterior.js";
export { savePosterior, loadPosterior } from "./posterior/file.js";
export { posteriorToJSON, posteriorFromJSON } from "./posterior/serialize.js";
export * as diagnostics from "./diagnostics/index.js";

// Inference: enumeration, importance sampling, rejection, SMC, MCMC kernels and driver, gradient methods, VI
export {
  enumerate, importance, rejection, smc, sbc, resample, tempered, temperedSMC,
  mcmc, mcmcAsync, mh, resume, buildKernel,
  cycle, mix, repeat, cycleAny, mixAny, repeatAny, fixed,
  mhKernel, mhProposal, singleSiteMH, gibbsKernel, randomWalk, ellipticalSlice, involutiveKernel, involutiveMove,
  nuts, nutsKernel, hmc, hmcKernel, mala, malaKernel, UnconstrainedView,
  vi, elbo, iwae, AutoGuide, adam, sgd, mapEstimate, laplace as laplaceApproximation,
  registerMethod, registerKernel, methodNames, kernelNames,
  type Kernel, type KernelStats, type AdaptiveKernel, type ImportanceOptions, type SMCOptions, type MCMCOptions,
  type NutsOptions, type HmcOptions, type MalaOptions, type VIOptions, type SBCOptions, type SBCResult,
  type MethodSpec, type KernelFactory, type RunContext,
} from "./infer/index.js";

// Tensor kernels and quantization
export * as tensor from "./tensor/index.js";

// Amortized inference: PFNs trained on a model's prior (also registers the pfn / pfn_importance query methods)
export {
  trainPFN, loadPFN, PFN, ConditionedPFN, BarDistribution, ClassPrediction, quantizeFromPrior, pfnProposal, pfnStepProposal,
  pfnPredictive, pfnImportance, type TrainPFNOptions, type TrainProgress, type PFNConfig, type PFNWeightFormat, type Context as PFNContext,
} from "./pfn/index.js";

// The Borel language
export {
  compileProgram, runQuery, callFunction, borel, compileTemplate, parse, print, check, parseAndCheck, BorelModel,
  type CompiledProgram, type CompileOptions,
} from "./lang/index.js";
