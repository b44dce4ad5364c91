/**
 * Parse, then check when the parse is clean: every static error of a source text in one call, sorted by
 * position (what `borel check FILE` prints).
 *
 * @example
 * ```ts
 * const { program, errors } = parseAndCheck(source, "coin.borel", { fileDir: "examples" });
 * ```
 */
import type { BorelError } from "../../util/errors.js";
import type { Program } from "../syntax/ast.js";
import { parse } from "../syntax/parse.js";
import { check, type CheckContext } from "./check.js";

export function parseAndCheck(source: string, file: string, ctx: CheckContext = {}): { program: Program; errors: BorelError[] } {
  const { program, errors } = parse(source, file);
  if (errors.length > 0) return { program, errors };
  const checked = check(program, ctx);
  const pos = (e: BorelError) => (e.span ? e.span.line * 1e7 + e.span.col : 0);
  return { program, errors: checked.map((e, i) => [e, i] as const).sort((a, b) => pos(a[0]) - pos(b[0]) || a[1] - b[1]).map(([e]) => e) };
}
