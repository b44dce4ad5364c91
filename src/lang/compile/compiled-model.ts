/**
 * What the resumable-run machinery (./particle.ts, ./prefix.ts) needs of a compiled model, as an interface
 * so those files do not depend on the `BorelModel` class (./model.ts) that uses them.
 *
 * @example
 * ```ts
 * if (isCompiledModel(gf)) gf.body(handler, k, args);   // run a sub-model under the same handler
 * ```
 */
import type { Rng } from "../../rand/rng.js";
import type { ChoiceMap } from "../../trace/choicemap.js";
import type { DynamicTrace } from "../../trace/dynamic-trace.js";
import type { Argdiff, GenerateResult, GenerativeFunction, GFIOptions, RegenerateResult, UpdateResult } from "../../trace/gfi.js";
import type { Selection } from "../../trace/selection.js";
import type { Span } from "../../util/errors.js";
import type { Budget } from "../runtime/budget.js";
import type { CompiledBody } from "./steps.js";

/** Brand of compiled models. */
export const COMPILED: unique symbol = Symbol("borel.compiled-model");

export interface CompiledModel extends GenerativeFunction<unknown[], unknown, DynamicTrace> {
  readonly [COMPILED]: true;
  readonly params: readonly string[];
  readonly body: CompiledBody;
  readonly budget: Budget;
  checkArgs(args: readonly unknown[], span?: Span): void;
  /** The unvisited constraint keys (weight −∞); a key no run can produce is an error. */
  unvisitedKeys(keys: string[]): string[];
  simulateAs(view: GenerativeFunction, args: unknown[], rng: Rng, opts?: GFIOptions): DynamicTrace;
  generateAs(view: GenerativeFunction, args: unknown[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions): GenerateResult<DynamicTrace>;
  updateAs(view: GenerativeFunction, trace: DynamicTrace, args: unknown[], constraints: ChoiceMap, rng: Rng, opts?: GFIOptions, argdiffs?: readonly Argdiff[]): UpdateResult<DynamicTrace>;
  regenerateAs(view: GenerativeFunction, trace: DynamicTrace, args: unknown[], selection: Selection, rng: Rng, opts?: GFIOptions, argdiffs?: readonly Argdiff[]): RegenerateResult<DynamicTrace>;
}

export function isCompiledModel(x: unknown): x is CompiledModel {
  return typeof x === "object" && x !== null && (x as { [COMPILED]?: unknown })[COMPILED] === true;
}
