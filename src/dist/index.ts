/**
 * Distributions and bijectors (layer 3). Constructors use camelCase; the language finds them by their Borel
 * snake_case names in `distributionRegistry`.
 *
 * @example
 * ```ts
 * import { normal, gamma, mixture, bijectorFor } from "./dist/index.js";
 * const d = mixture([0.3, 0.7], [normal(-2, 1), normal(2, 1)]);
 * d.logpdf(0);
 * ```
 */
export type { Distribution } from "./distribution.js";
export { isDistribution } from "./distribution.js";
export type { Support } from "./support.js";
export { describeSupport, isDiscreteSupport } from "./support.js";
export { checkValue } from "./value.js";
export { scalarFamily, type FamilyConstructor, type ScalarFamilySpec, type ParamSpec } from "./family.js";
export { bijectorFor, type Bijector } from "./bijectors.js";
export { distributionRegistry, type RegistryEntry, type RegistryParam } from "./registry.js";

export { normal } from "./normal.js";
export { halfNormal } from "./half_normal.js";
export { lognormal } from "./lognormal.js";
export { studentT } from "./student_t.js";
export { cauchy } from "./cauchy.js";
export { halfCauchy } from "./half_cauchy.js";
export { laplace } from "./laplace.js";
export { logistic } from "./logistic.js";
export { exponential } from "./exponential.js";
export { gamma } from "./gamma.js";
export { invGamma } from "./inv_gamma.js";
export { beta } from "./beta.js";
export { uniform } from "./uniform.js";
export { flat } from "./flat.js";
export { halfFlat } from "./half_flat.js";
export { bernoulli } from "./bernoulli.js";
export { bernoulliLogit } from "./bernoulli_logit.js";
export { binomial } from "./binomial.js";
export { binomialLogit } from "./binomial_logit.js";
export { poisson } from "./poisson.js";
export { poissonLog } from "./poisson_log.js";
export { negBinomial } from "./neg_binomial.js";
export { negBinomial2 } from "./neg_binomial_2.js";
export { geometric } from "./geometric.js";
export { categorical } from "./categorical.js";
export { categoricalLogit } from "./categorical_logit.js";
export { uniformInt } from "./uniform_int.js";
export { dirichlet } from "./dirichlet.js";
export { mvnormal } from "./mvnormal.js";
export { mvnormalChol } from "./mvnormal_chol.js";
export { mixture } from "./mixture.js";
export { ordered } from "./ordered.js";
export { truncated } from "./truncated.js";
export { delta } from "./delta.js";
export { iid } from "./iid.js";
