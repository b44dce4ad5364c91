/**
 * `check(program, ctx)`: name resolution and the static checks of a parsed program, each error located with
 * a hint (codes in parentheses):
 * unknown name with "did you mean" (unknown-name), wrong arity or unknown named argument of a builtin,
 * distribution, model or fn (arity, unknown-argument, argument-order), `~` on something that is not a
 * distribution or model (not-a-distribution), duplicate static address (duplicate-address), `return` outside
 * a model or fn (return-outside), assignment to a `let`, parameter, loop variable or choice (assign-immutable),
 * a model called without `~` (model-call), `~`/observe/factor/track/param outside a model body, e.g. in a fn
 * (model-only), a non-integer literal range bound (range-bound), an unknown method, kernel or option in `using`
 * (unknown-method, unknown-kernel, unknown-option, bad-option), an unknown address in `given`
 * (unknown-address), a literal `load`/`import` path outside the program's folder (path-outside), an import
 * that cannot be found (import), and duplicate definitions, parameters or record fields (duplicate).
 *
 * Scoping: models and fns declared at the top level are visible everywhere (mutual recursion); a top-level
 * `let` is visible to top-level code after it and to every body; `let`/`var` are block-scoped from their
 * statement on; a name bound by `~` is visible in the rest of its model (also after the block it is in).
 *
 * @example
 * ```ts
 * const { program } = parse("model m() { x ~ nromal(0, 1) }", "m.borel");
 * check(program)[0].hint;   // "did you mean 'normal'?"
 * ```
 */
import type { BorelError } from "../../util/errors.js";
import type { Program } from "../syntax/ast.js";
import { Checker } from "./checker.js";
import type { CheckContext } from "./context.js";

export type { CheckContext };

export function check(program: Program, ctx: CheckContext = {}): BorelError[] {
  return new Checker(program, ctx).run();
}
