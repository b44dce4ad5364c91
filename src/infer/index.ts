/**
 * The inference layer's public names. Importing this module also registers every method and kernel a Borel
 * `query ... using NAME(opts)` can name (each algorithm module registers itself when imported).
 *
 * @example
 * ```ts
 * import { mcmc, mhKernel, importance } from "./infer/index.js";
 * ```
 */
// Kernels and their composition
export { cycle, mix, repeat, fixed, isAdaptive, mergeStats, type Kernel, type KernelResult, type KernelStats, type AdaptiveKernel } from "./kernel.js";
export { cycleAny, mixAny, repeatAny, asAdaptive, type AnyKernel } from "./kernels/adaptive.js";
export { moveKernel, acceptMH, type ProposalMove, type MoveResult, type DiscreteCapableKernel } from "./kernels/move.js";
export { mhKernel, toSelection } from "./kernels/mh.js";
export { mhProposal, proposalMove, type ProposalOptions } from "./kernels/proposal-mh.js";
export { regenerateProposal } from "./kernels/replay.js";
export { singleSiteMH, latentKeys } from "./kernels/single-site.js";
export { gibbsKernel, gibbsProposal, fullConditional } from "./kernels/gibbs.js";
export { randomWalk, randomWalkStep, type RandomWalkOptions, type RandomWalkState } from "./kernels/random-walk.js";
export { ellipticalSlice } from "./kernels/elliptical.js";
export { involutiveKernel, involutiveMove, type Involution, type InvolutionResult, type InvolutiveOptions } from "./kernels/involutive.js";
export { finiteDistribution } from "./kernels/finite.js";

// MCMC driver
export { mcmc, mcmcAsync, resume, type MCMCOptions, type ModuleRef, type KernelInput, type ResumeOptions } from "./mcmc.js";
export { mh } from "./mh.js";
export { buildKernel } from "./mcmc/kernel-spec.js";
import "./mcmc/register.js";

// Enumeration, importance sampling, rejection, SMC, SBC
export { enumerate, enumerateAsync, enumerateChoices, type EnumerateOptions, type Enumeration } from "./enumerate.js";
export { importance, importanceAsync, importanceParticles, importanceSample, unionChoices, type ImportanceOptions, type WeightedParticles } from "./importance.js";
export { rejection, rejectionAsync, type RejectionOptions } from "./rejection.js";
export { resample, sortedUniforms, RESAMPLE_SCHEMES, type ResampleScheme } from "./resample.js";
export { smc, smcAsync, smcMode, type SMCOptions, type SMCMode } from "./smc/smc.js";
export { runSequential, type DriverOptions, type SMCHistory, type SequentialRun } from "./smc/driver.js";
export { ParticleSet, checkEssThreshold, type EssThreshold } from "./smc/particles.js";
export { traceStepper, firstIndex, splitByStep, type StepProposal, type TraceStepperOptions } from "./smc/trace-stepper.js";
export { unfoldStepper, type UnfoldParticle } from "./smc/unfold-stepper.js";
export { runStepper, isResumable } from "./smc/run-stepper.js";
export type { SMCStepper, StepResult } from "./smc/stepper.js";
export { resolveKernel, moveAll, type Rejuvenation } from "./smc/rejuvenate.js";
export { temperedSMC, nextIncrement, type TemperedSMCOptions } from "./smc/tempered.js";
export { tempered, TemperedModel, TemperedTrace, logLikelihood } from "./smc/tempered-model.js";
export { sbc, rankTest, type SBCOptions, type SBCResult, type SBCParamResult, type SBCAlgorithm } from "./sbc.js";

// Gradient-based MCMC: unconstrained views, NUTS, HMC, MALA and their adaptation
export { UnconstrainedView, type ViewOptions } from "./unconstrained.js";
export { discoverLayout, type Layout, type Slot } from "./unconstrained-layout.js";
export { nuts, nutsKernel, type NutsOptions } from "./nuts.js";
export { nutsAlgorithm, type NutsAlgorithmSettings } from "./nuts/algorithm.js";
export { hmc, hmcKernel, hmcAlgorithm, type HmcOptions, type HmcSettings } from "./hmc.js";
export { mala, malaKernel, malaAlgorithm, MALA_TARGET_ACCEPT, type MalaOptions } from "./mala.js";
export { adaptiveGradientKernel, type GradientAdaptOptions, type GradientAdaptState, type GradientKernel, type MetricKind } from "./hmc-adaptive.js";
export { fixedGradientKernel, type FixedGradientOptions } from "./hmc-fixed.js";
export { GradientBinding, type GradientAlgorithm, type PointStep, type StepStats } from "./hmc-binding.js";
export { samplerDiagnostics, ebfmi, type SamplerDiagnostics } from "./hmc-diagnostics.js";
export { diagMetric, denseMetric, unitMetric, type Metric } from "./metric.js";
export { PhasePoint, leapfrog, hamiltonian, initPoint, type GradientTarget } from "./leapfrog.js";
export { dualAveragingInit, dualAveragingUpdate, dualAveragingFinal, type DualAveragingState } from "./dual-averaging.js";
export { windowSchedule, type WindowSchedule } from "./metric-adaptation.js";

// Variational inference, MAP and Laplace
export { vi, viAsync, type VIOptions } from "./vi/vi.js";
export { ObjectiveEstimator, type EstimatorOptions, type Estimate } from "./vi/estimate.js";
export { AutoGuide, type GuideFamily } from "./vi/auto-guide.js";
export { elbo, iwae, type Objective, type ObjectiveContext, type ObjectiveValue, type Branch } from "./vi/objectives.js";
export { estimatorFor, type EstimatorKind, type EstimatorChoice } from "./vi/estimators.js";
export { adam, sgd, exponentialDecay, stepDecay, inverseDecay, type Optimizer, type Schedule } from "./vi/optim.js";
export { type MinibatchOptions } from "./vi/minibatch.js";
import "./vi/register.js";
export { mapEstimate, findMode, type MapOptions, type MapResult } from "./map.js";
export { laplace, negativeHessian, type LaplaceOptions, type LaplaceInfo } from "./laplace.js";
export { lbfgs, type LbfgsOptions, type LbfgsResult } from "./map-lbfgs.js";

// Registry
export {
  registerMethod, registerKernel, getMethod, getKernel, methodNames, kernelNames, resolveOptions,
  type MethodSpec, type KernelFactory, type KernelSpec, type OptionSpec, type RunContext,
} from "./registry.js";
