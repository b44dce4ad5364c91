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
import type { Loader } from "./load.js";

export function makeBuiltins(budget: Budget, loader: Loader): Record<string, BorelFn> {
  return {
    ...mathBuiltins(),
    ...collectionBuiltins(budget),
    ...distributionBuiltins(),
    load: new BorelFn("load", ["path"], ([path], span) => loader(path as string, span)),
    param: paramOutsideModel(),
  };
}
