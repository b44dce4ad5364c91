/**
 * Small typed accessors over Chevrotain's concrete syntax tree, and span arithmetic, for to-ast.ts. After
 * error recovery a CST node may lack children or carry NaN positions; every accessor here tolerates that.
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import type { Span } from "../../util/errors.js";
import { tokenSpan } from "./lexer.js";

export type Children = Record<string, CstElement[] | undefined>;

export function isToken(e: CstElement | undefined): e is IToken {
  return e !== undefined && (e as IToken).tokenType !== undefined;
}

/** The i-th token under `key`, if it was actually read (recovery inserts tokens with NaN positions). */
export function tok(c: Children, key: string, i = 0): IToken | undefined {
  const e = c[key]?.[i];
  return isToken(e) && !e.isInsertedInRecovery ? e : undefined;
}

export function node(c: Children, key: string, i = 0): CstNode | undefined {
  const e = c[key]?.[i];
  return e !== undefined && !isToken(e) ? e : undefined;
}

const NONE: never[] = [];

/** The subrule nodes under `key` (a rule name or label: it only ever holds nodes). */
export function nodes(c: Children, key: string): CstNode[] {
  return (c[key] as CstNode[] | undefined) ?? NONE;
}

/** The tokens under `key` that were read (not inserted by error recovery). */
export function tokens(c: Children, key: string): IToken[] {
  const ts = c[key] as IToken[] | undefined;
  if (ts === undefined) return NONE;
  for (const t of ts) if (t.isInsertedInRecovery) return ts.filter((x) => !x.isInsertedInRecovery);
  return ts;
}

/** Start offset of a CST element, or +Infinity when recovery left it without a position. */
export function offsetOf(e: CstElement): number {
  const o = isToken(e) ? e.startOffset : e.location?.startOffset;
  return o === undefined || Number.isNaN(o) ? Number.POSITIVE_INFINITY : o;
}

/** The span of a node or token, or `fallback` when it has no valid position. */
export function spanOf(file: string, e: CstElement | undefined, fallback: Span): Span {
  if (e === undefined) return fallback;
  if (isToken(e)) return Number.isFinite(e.startLine) ? tokenSpan(file, e) : fallback;
  const l = e.location;
  if (!l || !Number.isFinite(l.startLine) || !Number.isFinite(l.startColumn)) return fallback;
  const endLine = Number.isFinite(l.endLine) ? l.endLine! : l.startLine!;
  const endCol = Number.isFinite(l.endColumn) ? l.endColumn! : l.startColumn!;
  return { file, line: l.startLine!, col: l.startColumn!, endLine, endCol };
}

/** From the start of `a` to the end of `b`. */
export function join(a: Span, b: Span): Span {
  if (b.endLine < a.line || (b.endLine === a.line && b.endCol < a.col)) return a;
  return { file: a.file, line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
}
