/**
 * The Borel language (layer 8): parse and check programs, compile them to generative functions, run their
 * queries, and embed them in TypeScript with the ``borel`...` `` tag.
 *
 * @example
 * ```ts
 * import { compileProgram, runQuery } from "./lang/index.js";
 * const prog = compileProgram(source, "coin.borel");
 * const posterior = await runQuery(prog.queries[0], { seed: 0 });
 * ```
 */
export { parse, print, type ParseResult } from "./syntax/index.js";
export type { Program } from "./syntax/ast.js";
export { check, parseAndCheck, BUILTINS, type CheckContext } from "./check/index.js";
export {
  compileProgram, callFunction, runQuery, prepareQuery, importPath, STDLIB_ROOT,
  type CompileOptions, type CompiledProgram, type QueryRecord, type PreparedQuery,
} from "./program.js";
export { borel, compileTemplate, exportsOf, type BorelExports } from "./template.js";
export { BorelModel } from "./compile/model.js";
export { PrefixModel } from "./compile/prefix.js";
export type { ParticleRun } from "./compile/particle.js";
export { BorelFn } from "./runtime/callable.js";
export { Budget, type BudgetOptions } from "./runtime/budget.js";
export { fromJSON, toJSONValue } from "./runtime/json.js";
export { fileLoader, noLoader, resolveInside, type Loader } from "./runtime/load.js";
export { typeName } from "./runtime/values.js";
