/**
 * Nesting limits that keep every recursive consumer of the tree (parser, checker, printer, compiler) far
 * from the JavaScript stack limit. Flat things are unlimited (long arrays, long programs, long operator
 * chains are loops); what is limited is nesting: brackets and prefix operators before parsing, the depth of
 * the finished tree after. A program over a limit gets one located error instead of a crash.
 */
import type { IToken } from "chevrotain";
import { BorelError } from "../../util/errors.js";
import type * as A from "./ast.js";
import { tokenSpan } from "./lexer.js";
import * as T from "./tokens.js";

/** Most brackets open at once, and most prefix operators in a row (`- - - x`). */
export const MAX_NESTING = 100;
/** Deepest syntax tree (root to leaf, counting every node). */
export const MAX_TREE_DEPTH = 400;

/** The first place the token stream nests deeper than MAX_NESTING, as an error; null if none. */
export function checkTokenNesting(tokens: IToken[], file: string): BorelError | null {
  let depth = 0;
  let prefixRun = 0;
  for (const t of tokens) {
    const k = t.tokenType;
    if (k === T.LParen || k === T.LBracket || k === T.LCurly) depth++;
    else if ((k === T.RParen || k === T.RBracket || k === T.RCurly) && depth > 0) depth--;
    prefixRun = k === T.Minus || k === T.Bang || k === T.Fn || k === T.If || k === T.Else ? prefixRun + 1 : 0;
    if (depth > MAX_NESTING || prefixRun > MAX_NESTING)
      return new BorelError("syntax", `the program nests more than ${MAX_NESTING} levels deep here`, {
        span: tokenSpan(file, t),
        hint: "split the expression with `let` bindings or helper functions",
      });
  }
  return null;
}

/**
 * The first node deeper than MAX_TREE_DEPTH (iteratively: the tree may be very deep), as an error; null if
 * none. Long left-folded operator chains (`a + b + c + ...`) are the usual cause.
 */
export function checkTreeDepth(program: A.Program): BorelError | null {
  const nodes: object[] = [program];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const n = nodes.pop() as Record<string, unknown>;
    const d = depths.pop()!;
    if (d > MAX_TREE_DEPTH)
      return new BorelError("syntax", `the program nests more than ${MAX_TREE_DEPTH} levels deep here`, {
        span: (n as unknown as A.Node).span,
        hint: "split long expressions with `let` bindings (a sum of many terms can be sum([...])); a long `else if` chain can be a lookup: an array indexed by the case (choices[k]) or several separate `if` statements",
      });
    for (const k in n) {
      if (k === "span" || k === "kind") continue;
      const v = n[k];
      if (v === null || typeof v !== "object") continue;
      if (Array.isArray(v)) {
        for (const x of v) {
          nodes.push(x as object);
          depths.push(d + 1);
        }
      } else {
        nodes.push(v);
        depths.push(d + 1);
      }
    }
  }
  return null;
}
