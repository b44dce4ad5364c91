/**
 * Hints for names a Stan user writes that Borel spells differently: `target` (`target += lp` is
 * `factor(lp)`), `normal_lpdf(y | mu, sigma)` (`logpdf(normal(mu, sigma), y)`), `normal_rng(...)` (a choice
 * `x ~ normal(...)` in a model), `size`/`num_elements` (`len`). Used by the unknown-name error, before the
 * did-you-mean suggestion (which would offer `normal_cdf` for `normal_lpdf`).
 *
 * @example
 * ```ts
 * stanNameHint("poisson_lpmf");   // "Stan's poisson_lpmf(y | ...) is logpdf(poisson(...), y) in Borel"
 * stanNameHint("theta");          // undefined
 * ```
 */
import { distributionRegistry } from "../../dist/registry.js";

/** Stan's names of distributions that Borel names otherwise. */
const RENAMED: Record<string, string> = { multi_normal: "mvnormal", multi_normal_cholesky: "mvnormal_chol", inv_gamma: "inv_gamma", neg_binomial_2: "neg_binomial_2" };

export function stanNameHint(name: string): string | undefined {
  if (name === "target") return "Stan's `target += lp` is `factor(lp)` in Borel (inside a model)";
  if (name === "size" || name === "num_elements") return `Stan's ${name}(x) is len(x) in Borel`;
  if (name === "increment_log_prob") return "Stan's increment_log_prob(lp) is factor(lp) in Borel";
  const m = /^([a-z0-9_]+?)_(lpdf|lpmf|lupdf|lupmf|log|rng)$/.exec(name);
  if (m === null) return undefined;
  const dist = RENAMED[m[1]] ?? m[1];
  if (!distributionRegistry.has(dist)) return undefined;
  return m[2] === "rng"
    ? `Borel has no _rng functions: draw with a choice in a model, \`x ~ ${dist}(...)\` (or sample the prior with a query)`
    : `Stan's ${name}(y | ...) is logpdf(${dist}(...), y) in Borel`;
}
