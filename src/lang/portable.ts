/**
 * Rebuilding a compiled Borel model in another thread: MCMC chains run on worker threads by loading this
 * module and calling `modelFromSource` with the program's source, file, data bindings and the model's name
 * (`BorelModel.portable()` returns that reference). The worker recompiles the program — cheap next to a
 * chain — and gets the same model.
 *
 * @example
 * ```ts
 * const ref = models.coin.portable(); // { module: ".../portable.ts", export: "modelFromSource", factoryArgs: [...] }
 * ```
 */
import { BorelError, formatError } from "../util/errors.js";
import type { GenerativeFunction } from "../trace/gfi.js";
import { compileProgram } from "./program.js";
import type { BudgetOptions } from "./runtime/budget.js";

export function modelFromSource(source: string, file: string, name: string, data: Record<string, unknown> = {}, budget: BudgetOptions = {}): GenerativeFunction {
  const prog = compileProgram(source, file, { data, budget });
  if (prog.errors.length > 0) throw new BorelError("worker-compile", `a worker could not compile ${file}: ${formatError(prog.errors[0], { source })}`);
  const model = prog.models[name];
  if (model === undefined) throw new BorelError("worker-compile", `${file} has no model '${name}'`);
  return model;
}
