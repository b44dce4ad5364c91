/**
 * Every builtin of a program, by name: numeric functions, collections, distributions, `logpdf`, `load`
 * (reading through the program's loader) and `param` (which only models may call; the compiler turns a call
 * inside a model into a handler operation). The static checker's signature table
 * (src/lang/check/builtins.ts) names the same builtins; a test cross-checks the two.
 *
 * @example
 * ```ts
 * const b = makeBuiltins(new Budget(), fileLoader("/home/me/coin.borel"));
 * Object.keys(b).includes("exp");   // true
 * ```
 */
import type { Budget } from "./budget.js";
import { BorelFn } from "./callable.js";
import { collectionBuiltins } from "./builtins-collections.js";
import { distributionBuiltins, paramOutsideModel } from "./builtins-dist.js";
import { mathBuiltins } from "./builtins-math.js";
import { stanBuiltins } from "./builtins-stan.js";
import type { Loader } from "./load.js";

export function makeBuiltins(budget: Budget, loader: Loader): Record<string, BorelFn> {
  const math = mathBuiltins(), dists = uncounted(distributionBuiltins());
  return {
    ...math,
    ...collectionBuiltins(budget),
    ...stanBuiltins(budget),
    ...dists,
    logistic: overloaded(math.logistic, dists.logistic),
    load: new BorelFn("load", ["path"], ([path], span) => loader(path as string, span)),
    param: paramOutsideModel(),
  };
}

/**
 * The same functions without counting their arguments' elements against the step budget: a distribution is
 * made in constant time from its parameters (the elements are visited when a choice is scored, as for any
 * choice), and `iid(bernoulli(p), n)` in MH's inner loop paid ~10% for the count.
 */
function uncounted(t: Record<string, BorelFn>): Record<string, BorelFn> {
  return Object.fromEntries(Object.entries(t).map(([k, f]) => [k, new BorelFn(f.name, f.params, f.impl, f.required, f.variadic, f.fixed, false)]));
}

/**
 * A name that is both a function of one argument and a distribution (`logistic(x)` is 1/(1+e^−x),
 * `logistic(mu, s)` the distribution): one positional argument calls the function.
 */
function overloaded(fn: BorelFn, dist: BorelFn): BorelFn {
  return new BorelFn(dist.name, dist.params, (args, span) => (args.length === 1 ? fn.impl(args, span) : dist.impl(args, span)), 1, false,
    { one: fn.fixed?.one, two: dist.fixed?.two });
}
