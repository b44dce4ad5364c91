/**
 * AST builders called by the grammar's actions (grammar.ts): spans from tokens, operator precedence
 * (shunting-yard, no recursion), postfix and prefix application, statement targets, and the statement-list
 * rules the grammar leaves open — placement (models, queries, imports only at the top level; `var`,
 * assignment, `if`, `for`, `return`, `~`, observe, factor, track only in a body) and separation (two
 * statements on one line need `;`). A piece that error recovery left out becomes a placeholder identifier
 * named "" (the checker skips it), so the tree is always complete and typed.
 */
import type { IToken } from "chevrotain";
import { BorelError, type Span } from "../../util/errors.js";
import type * as A from "./ast.js";

/** What the builders share during one parse. */
export interface BuildContext {
  file: string;
  /** Errors found while building (placement, separation, targets). */
  errors: BorelError[];
  /** Span used when nothing better is known (the whole file). */
  whole: Span;
}

/** The token if it was read from the source (not inserted by recovery, not the end of input). */
export function real(t: IToken | undefined): IToken | undefined {
  return t !== undefined && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) && t.tokenType?.name !== "EOF" ? t : undefined;
}

export function tokenSpanOf(b: BuildContext, t: IToken | undefined, fallback: Span = b.whole): Span {
  const r = real(t);
  if (!r) return fallback;
  return { file: b.file, line: r.startLine!, col: r.startColumn!, endLine: r.endLine!, endCol: r.endColumn! };
}

/** From the start of `first` to the end of `last` (tokens read by one rule). */
export function spanFrom(b: BuildContext, first: IToken, last: IToken, fallback: Span = b.whole): Span {
  const f = real(first);
  const l = real(last);
  if (!f) return l ? tokenSpanOf(b, l) : fallback;
  if (!l || l.startOffset < f.startOffset) return tokenSpanOf(b, f);
  return { file: b.file, line: f.startLine!, col: f.startColumn!, endLine: l.endLine!, endCol: l.endColumn! };
}

export function join(a: Span, b: Span): Span {
  if (b.endLine < a.line || (b.endLine === a.line && b.endCol < a.col)) return a;
  return { file: a.file, line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
}

export function placeholder(span: Span): A.Identifier {
  return { kind: "Identifier", name: "", span };
}

export function ident(b: BuildContext, t: IToken | undefined, fallback: Span): A.Identifier {
  const r = real(t);
  return r ? { kind: "Identifier", name: r.image, span: tokenSpanOf(b, r) } : placeholder(fallback);
}

/** The value of a string literal (its text is a JSON string by construction of the token). */
export function stringValue(image: string): string {
  try {
    return JSON.parse(image) as string;
  } catch {
    return image.slice(1, -1);
  }
}

/** Binding strength of each binary operator (higher binds tighter); all are left-associative. */
export const PRECEDENCE: Readonly<Record<A.BinaryOp, number>> = {
  "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6,
};

function reduce(out: A.Expr[], pending: A.BinaryOp[]): void {
  const right = out.pop()!;
  const left = out.pop()!;
  out.push({ kind: "Binary", op: pending.pop()!, left, right, span: join(left.span, right.span) });
}

/** Operands and the operators between them, grouped by precedence. */
export function binaryChain(first: A.Expr, rest: readonly [IToken, A.Expr][]): A.Expr {
  if (rest.length === 0) return first;
  const out: A.Expr[] = [first];
  const pending: A.BinaryOp[] = [];
  for (const [opTok, operand] of rest) {
    const op = opTok.image as A.BinaryOp;
    while (pending.length > 0 && PRECEDENCE[pending[pending.length - 1]!] >= PRECEDENCE[op]) reduce(out, pending);
    pending.push(op);
    out.push(operand);
  }
  while (pending.length > 0) reduce(out, pending);
  return out[0]!;
}

export type Suffix =
  | { kind: "call"; args: A.Arg[]; end: IToken }
  | { kind: "index"; index: A.Expr; end: IToken }
  | { kind: "member"; name: IToken | undefined; end: IToken };

/** An operand: the atom, its suffixes left to right, then its prefix operators innermost first. */
export function operand(b: BuildContext, prefixes: readonly IToken[], atom: A.Expr, suffixes: readonly Suffix[]): A.Expr {
  let e = atom;
  for (const s of suffixes) {
    const span = join(e.span, tokenSpanOf(b, s.end, e.span));
    if (s.kind === "call") e = { kind: "Call", callee: e, args: s.args, span };
    else if (s.kind === "index") e = { kind: "Index", object: e, index: s.index, span };
    else e = { kind: "Member", object: e, name: real(s.name)?.image ?? "", span };
  }
  for (let i = prefixes.length - 1; i >= 0; i--)
    e = { kind: "Unary", op: prefixes[i]!.image as A.UnaryOp, arg: e, span: join(tokenSpanOf(b, prefixes[i], e.span), e.span) };
  return e;
}

/** `x`, `x[i]`, `x[i][j]` → name and indices; anything else is reported. */
export function sampleTarget(b: BuildContext, e: A.Expr): { name: A.Identifier; indices: A.Expr[] } {
  const indices: A.Expr[] = [];
  let cur = e;
  while (cur.kind === "Index") {
    indices.unshift(cur.index);
    cur = cur.object;
  }
  if (cur.kind === "Identifier") return { name: cur, indices };
  b.errors.push(new BorelError("syntax", "the left of `~` must be a name, optionally indexed", {
    span: e.span,
    hint: "write `x ~ normal(0, 1)` or `x[i] ~ normal(0, 1)` (the address is x or x/i)",
  }));
  return { name: placeholder(e.span), indices: [] };
}

export type Tail = { kind: "sample"; dist: A.Expr; given: A.Expr | null }
  | { kind: "assign"; value: A.Expr; op: "+" | "-" | "*" | "/" | null; opSpan: Span };

/** How to get the effect of assigning to `lhs`, which is not a name (`xs[0] = 5`, `r.a = 2`). */
function assignHint(lhs: A.Expr): string {
  const holder = (fallback: string) => (lhs.kind === "Index" || lhs.kind === "Member") && lhs.object.kind === "Identifier" ? lhs.object.name : fallback;
  if (lhs.kind === "Index") {
    const xs = holder("xs");
    return `arrays are values and do not change in place: build a new array and assign it to a var holding it, e.g. \`${xs} = concat(slice(${xs}, 0, i), concat([v], slice(${xs}, i + 1)))\`, or make every element at once with map(fn(i) => ..., range(n))`;
  }
  if (lhs.kind === "Member") {
    const r = holder("r");
    return `records are values and do not change in place: build a new record and assign it to a var holding it, e.g. \`${r} = {${lhs.name}: ..., other: ${r}.other}\``;
  }
  return "assign a whole `var` (x = ...); arrays and records are values: build a new one instead";
}

/** An expression statement, a sample, an assignment, observe(d, v) or factor(e). */
export function simpleStmt(b: BuildContext, lhs: A.Expr, tail: Tail | undefined, span: Span): AnyStmt {
  if (tail?.kind === "sample") {
    const target = sampleTarget(b, lhs);
    return { kind: "Sample", name: target.name, indices: target.indices, dist: tail.dist, given: tail.given, span };
  }
  if (tail?.kind === "assign") {
    if (lhs.kind !== "Identifier")
      b.errors.push(new BorelError("syntax", "only a variable can be assigned", { span: lhs.span, hint: assignHint(lhs) }));
    const name = lhs.kind === "Identifier" ? lhs : placeholder(lhs.span);
    // `x += e` is `x = x + e` (the checks and the compiler see the plain assignment).
    const value: A.Expr = tail.op === null ? tail.value : { kind: "Binary", op: tail.op, left: { ...name }, right: tail.value, span: tail.opSpan };
    return { kind: "Assign", name, value, span };
  }
  if (lhs.kind === "Call" && lhs.callee.kind === "Identifier" && lhs.args.every((a) => a.name === null)) {
    if (lhs.callee.name === "observe" && lhs.args.length === 2) return { kind: "Observe", dist: lhs.args[0]!.value, value: lhs.args[1]!.value, span };
    if (lhs.callee.name === "factor" && lhs.args.length === 1) return { kind: "Factor", value: lhs.args[0]!.value, span };
  }
  return { kind: "ExprStmt", expr: lhs, span };
}

export type AnyStmt = A.Stmt | A.ModelDecl | A.QueryStmt | A.ImportStmt;

/** True when an `if` statement has an `else` at every level (so it always yields a value). */
function complete(s: A.IfStmt): boolean {
  return s.else !== null && (s.else.kind === "Block" || complete(s.else));
}

function toIfExpr(s: A.IfStmt): A.IfExpr {
  const otherwise = s.else!.kind === "If" ? toIfExpr(s.else as A.IfStmt) : valueBlock(s.else as A.Block);
  return { kind: "IfExpr", cond: s.cond, then: valueBlock(s.then), else: otherwise, span: s.span };
}

/**
 * A top-level `if` with an `else` at every level is an expression statement (its value is shown, as any
 * top-level expression's): `if n > 2 { "big" } else { "small" }` in the REPL. Null for an incomplete one.
 */
export function ifValueStatement(s: A.IfStmt): A.ExprStmt | null {
  return complete(s) ? { kind: "ExprStmt", expr: toIfExpr(s), span: s.span } : null;
}

/**
 * A block used as a value (a branch of an if-expression): when its last statement is an `if` with an `else`
 * at every level, that statement is the value, so it becomes an expression statement holding an
 * if-expression. The value of such a block is then always its last expression statement.
 */
export function valueBlock(b: A.Block): A.Block {
  const last = b.stmts[b.stmts.length - 1];
  if (!last || last.kind !== "If" || !complete(last)) return b;
  return { ...b, stmts: [...b.stmts.slice(0, -1), { kind: "ExprStmt", expr: toIfExpr(last), span: last.span }] };
}
