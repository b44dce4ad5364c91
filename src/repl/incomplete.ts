/**
 * When the REPL keeps reading: an input is incomplete when every syntax error it has is about its end — the
 * parser "found the end of the file" where it expected more (an open brace, a dangling operator, a call
 * missing its ')'), or a block comment is still open. Any other error is reported at once, so a typo does
 * not leave the user typing into a statement that can never parse.
 *
 * @example
 * ```ts
 * isIncomplete("model m() {");     // true: the REPL prints "...> " and reads the next line
 * isIncomplete("1 +");             // true
 * isIncomplete("let = 3");         // false: an error to report now
 * ```
 */
import { parse } from "../lang/index.js";

const AT_END = /found the end of the file|unterminated comment/;

export function isIncomplete(source: string): boolean {
  const { errors } = parse(source, "<repl>");
  return errors.length > 0 && errors.every((e) => AT_END.test(e.message));
}
