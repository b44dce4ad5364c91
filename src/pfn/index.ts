/**
 * The PFN layer's public names (amortized inference, layer 7). Importing it also registers the `pfn` and
 * `pfn_importance` query methods.
 *
 * @example
 * ```ts
 * import { trainPFN, loadPFN, pfnProposal } from "./pfn/index.js";
 * const pfn = await trainPFN(model, { inputs: "x", outputs: "y", steps: 1000 });
 * pfn.predict({ x: xs, y: ys }, [0.5])[0].quantile(0.95);
 * ```
 */
export { BarDistribution, logSoftmax } from "./bar-distribution.js";
export { equalMassBorders, bucketOf } from "./borders.js";
export { ClassPrediction } from "./class-prediction.js";
export { DEFAULT_ARCHITECTURE, type PFNArchitecture, type PFNConfig, type PFNKind } from "./config.js";
export { PFN, ConditionedPFN, loadPFN, type Prediction } from "./pfn.js";
export type { Context, Inputs, InputRow } from "./inputs.js";
export { trainPFN, type TrainPFNOptions, type TrainProgress } from "./train.js";
export { quantizeFromPrior, calibrationFromPrior, type CalibrationOptions } from "./calibrate.js";
export { calibrateTemperature, type TemperatureOptions, type TemperatureResult } from "./temperature.js";
export type { PFNWeightFormat, QuantizeOptions } from "./quantize.js";
export { pfnProposal, pfnStepProposal, latentPosteriors, type ProposalOptions } from "./proposal.js";
export { contextFromChoices } from "./context-from-choices.js";
export { pfnPredictive, pfnImportance } from "./query.js";
export { checkPfnQuery, readPfnConfig, PFN_METHODS, type PfnQueryShape } from "./query-check.js";
export { pfnTrain, pfnPredict, pfnInfo, parsePfnTrainFlags, parseAt, PFN_TRAIN_FLAGS, type CommandIO, type PfnTrainArgs, type PfnPredictArgs } from "./cli-commands.js";
export { gpPrior, gpPredictive, GP_BENCH, type GPHyper } from "./priors/gp.js";
export { linregPrior, linregExact, LINREG_BENCH } from "./priors/linreg.js";
import "./register.js";
