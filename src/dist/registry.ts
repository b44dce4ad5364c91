/**
 * The distribution registry: every distribution by its Borel (snake_case) name, with its parameter names in
 * positional order (= named order) and defaults, so the language can accept `student_t(3, sigma = 2)`.
 *
 * @example
 * ```ts
 * const e = distributionRegistry.get("student_t")!;
 * e.params;                 // [{name: "nu"}, {name: "mu", default: 0}, {name: "sigma", default: 1}]
 * e.make(3, 0, 2);          // student_t(3, 0, 2)
 * ```
 */
import type { Distribution } from "./distribution.js";
import { bernoulli } from "./bernoulli.js";
import { bernoulliLogit } from "./bernoulli_logit.js";
import { beta } from "./beta.js";
import { binomial } from "./binomial.js";
import { binomialLogit } from "./binomial_logit.js";
import { categorical } from "./categorical.js";
import { categoricalLogit } from "./categorical_logit.js";
import { cauchy } from "./cauchy.js";
import { delta } from "./delta.js";
import { dirichlet } from "./dirichlet.js";
import { exponential } from "./exponential.js";
import { flat } from "./flat.js";
import { gamma } from "./gamma.js";
import { geometric } from "./geometric.js";
import { halfCauchy } from "./half_cauchy.js";
import { halfFlat } from "./half_flat.js";
import { halfNormal } from "./half_normal.js";
import { iid } from "./iid.js";
import { invGamma } from "./inv_gamma.js";
import { laplace } from "./laplace.js";
import { logistic } from "./logistic.js";
import { lognormal } from "./lognormal.js";
import { mixture } from "./mixture.js";
import { mvnormal } from "./mvnormal.js";
import { mvnormalChol } from "./mvnormal_chol.js";
import { negBinomial } from "./neg_binomial.js";
import { negBinomial2 } from "./neg_binomial_2.js";
import { normal } from "./normal.js";
import { ordered } from "./ordered.js";
import { poisson } from "./poisson.js";
import { poissonLog } from "./poisson_log.js";
import { studentT } from "./student_t.js";
import { truncated } from "./truncated.js";
import { uniform } from "./uniform.js";
import { uniformInt } from "./uniform_int.js";

export interface RegistryParam {
  name: string;
  default?: number;
}

export interface RegistryEntry {
  /** Borel name (snake_case). */
  name: string;
  /** Parameters in positional order. */
  params: RegistryParam[];
  /** Builds the distribution from positional arguments (defaults already applied by the caller or here). */
  make: (...args: unknown[]) => Distribution;
}

type Maker = (...args: never[]) => Distribution;

function entry(name: string, params: (string | [string, number])[], make: Maker): [string, RegistryEntry] {
  const ps = params.map((p) => (typeof p === "string" ? { name: p } : { name: p[0], default: p[1] }));
  return [name, { name, params: ps, make: make as unknown as (...args: unknown[]) => Distribution }];
}

export const distributionRegistry: ReadonlyMap<string, RegistryEntry> = new Map([
  entry("normal", ["mu", "sigma"], normal),
  entry("half_normal", ["sigma"], halfNormal),
  entry("lognormal", ["mu", "sigma"], lognormal),
  entry("student_t", ["nu", ["mu", 0], ["sigma", 1]], studentT),
  entry("cauchy", ["mu", "sigma"], cauchy),
  entry("half_cauchy", ["sigma"], halfCauchy),
  entry("laplace", ["mu", "b"], laplace),
  entry("logistic", ["mu", "s"], logistic),
  entry("exponential", ["rate"], exponential),
  entry("gamma", ["shape", "rate"], gamma),
  entry("inv_gamma", ["shape", "scale"], invGamma),
  entry("beta", ["alpha", "beta"], beta),
  entry("uniform", ["low", "high"], uniform),
  entry("flat", [["low", -Infinity], ["high", Infinity]], flat),
  entry("half_flat", [], halfFlat),
  entry("bernoulli", ["p"], bernoulli),
  entry("bernoulli_logit", ["logit"], bernoulliLogit),
  entry("binomial", ["n", "p"], binomial),
  entry("binomial_logit", ["n", "logit"], binomialLogit),
  entry("poisson", ["rate"], poisson),
  entry("poisson_log", ["log_rate"], poissonLog),
  entry("neg_binomial", ["r", "p"], negBinomial),
  entry("neg_binomial_2", ["mu", "phi"], negBinomial2),
  entry("geometric", ["p"], geometric),
  entry("categorical", ["probs"], categorical),
  entry("categorical_logit", ["logits"], categoricalLogit),
  entry("uniform_int", ["low", "high"], uniformInt),
  entry("dirichlet", ["alpha"], dirichlet),
  entry("mvnormal", ["mu", "cov"], mvnormal),
  entry("mvnormal_chol", ["mu", "L"], mvnormalChol),
  entry("mixture", ["weights", "dists"], mixture),
  entry("ordered", ["d", "n"], ordered),
  entry("truncated", ["d", ["low", -Infinity], ["high", Infinity]], truncated),
  entry("delta", ["v"], delta),
  entry("iid", ["d", "n"], iid),
]);
