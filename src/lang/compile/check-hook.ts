/**
 * The static checks run before compilation (src/lang/check: unknown names, arity, `~` misuse, ...), with the
 * names a program receives from outside (data bindings, template interpolations, imports) declared with
 * what they are, so calls of imported models and functions are checked too.
 *
 * @example
 * ```ts
 * checkProgram(program, "examples/coin.borel", { flips: data }, []);   // BorelError[]
 * ```
 */
import { dirname, resolve } from "node:path";
import type { BorelError } from "../../util/errors.js";
import { isGenerativeFunction } from "../../trace/gfi.js";
import type { Program } from "../syntax/ast.js";
import { check, type GlobalDecl } from "../check/index.js";
import { BorelFn } from "../runtime/callable.js";

/** What a checker needs to know of a value defined outside the program. */
export function declOf(name: string, v: unknown): GlobalDecl {
  if (isGenerativeFunction(v)) return { name, kind: "model", params: (v as { params?: readonly string[] }).params };
  if (v instanceof BorelFn) return { name, kind: "fn", params: v.variadic ? undefined : v.params };
  return { name, kind: "value" };
}

export function checkProgram(program: Program, file: string, globals: Record<string, unknown>, imported: ReadonlyMap<string, unknown>[]): BorelError[] {
  return check(program, {
    fileDir: dirname(resolve(file)),
    globals: Object.entries(globals).map(([n, v]) => declOf(n, v)),
    importedNames: imported.flatMap((m) => [...m].map(([n, v]) => declOf(n, v))),
  });
}
