/**
 * CST → AST for expressions: operator chains fold to the left, postfix suffixes apply in source order, and a
 * piece that error recovery left out becomes a placeholder identifier named "" (the checker skips it), so
 * the tree is always complete and typed even when the program has syntax errors.
 */
import type { CstNode, IToken } from "chevrotain";
import type { BorelError, Span } from "../../util/errors.js";
import type * as A from "./ast.js";
import { join, node, nodes, offsetOf, spanOf, tok, tokens, type Children } from "./cst.js";

/** What the converters share: the file name and the errors found while converting. */
export interface BuildContext {
  file: string;
  errors: BorelError[];
}

export function placeholder(span: Span): A.Identifier {
  return { kind: "Identifier", name: "", span };
}

function kids(n: CstNode): Children {
  return n.children as Children;
}

export function identifier(b: BuildContext, t: IToken | undefined, fallback: Span): A.Identifier {
  return t ? { kind: "Identifier", name: t.image, span: spanOf(b.file, t, fallback) } : placeholder(fallback);
}

/** Binding strength of each binary operator (higher binds tighter); all are left-associative. */
export const PRECEDENCE: Readonly<Record<A.BinaryOp, number>> = {
  "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "%": 6,
};

/** `expression` → Expr: operands and operators folded by precedence (shunting-yard, no recursion). */
export function expression(b: BuildContext, n: CstNode | undefined, fallback: Span): A.Expr {
  if (!n) return placeholder(fallback);
  const span = spanOf(b.file, n, fallback);
  const c = kids(n);
  const operands = nodes(c, "operand");
  const ops = tokens(c, "op");
  if (ops.length === 0) return operand(b, operands[0], span);
  const out: A.Expr[] = [operand(b, operands[0], span)];
  const pending: A.BinaryOp[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!.image as A.BinaryOp;
    while (pending.length > 0 && PRECEDENCE[pending[pending.length - 1]!] >= PRECEDENCE[op]) reduce(out, pending);
    pending.push(op);
    out.push(operand(b, operands[i + 1], spanOf(b.file, ops[i], span)));
  }
  while (pending.length > 0) reduce(out, pending);
  return out[0]!;
}

/** Combines the two top operands with the top pending operator. */
function reduce(out: A.Expr[], pending: A.BinaryOp[]): void {
  const right = out.pop()!;
  const left = out.pop()!;
  out.push({ kind: "Binary", op: pending.pop()!, left, right, span: join(left.span, right.span) });
}

/** An operand: its atom, then its suffixes in source order, then its prefixes (innermost last). */
function operand(b: BuildContext, n: CstNode | undefined, fallback: Span): A.Expr {
  if (!n) return placeholder(fallback);
  const c = kids(n);
  const span = spanOf(b.file, n, fallback);
  const ops = tokens(c, "op");
  const atomStart = ops.length === 0 ? span : afterPrefixes(b, ops, span);
  let e = atom(b, c, atomStart);
  const calls = nodes(c, "callArgs");
  const indexes = nodes(c, "indexSuffix");
  const members = nodes(c, "memberSuffix");
  const kinds = (calls.length > 0 ? 1 : 0) + (indexes.length > 0 ? 1 : 0) + (members.length > 0 ? 1 : 0);
  if (kinds > 0) {
    // Suffixes of different kinds sit under different keys: restore their source order.
    const suffixes = kinds === 1 ? (calls.length > 0 ? calls : indexes.length > 0 ? indexes : members) : [...calls, ...indexes, ...members].sort((x, y) => offsetOf(x) - offsetOf(y));
    for (const s of suffixes) {
      const whole = join(e.span, spanOf(b.file, s, e.span));
      const sc = kids(s);
      if (s.name === "callArgs") e = { kind: "Call", callee: e, args: callArgs(b, s, whole), span: whole };
      else if (s.name === "indexSuffix") e = { kind: "Index", object: e, index: expression(b, node(sc, "expression"), whole), span: whole };
      else e = { kind: "Member", object: e, name: tok(sc, "Identifier")?.image ?? "", span: whole };
    }
  }
  for (let i = ops.length - 1; i >= 0; i--)
    e = { kind: "Unary", op: ops[i]!.image as A.UnaryOp, arg: e, span: join(spanOf(b.file, ops[i], span), e.span) };
  return e;
}

/** The operand's span without its prefix operators (where its atom starts). */
function afterPrefixes(b: BuildContext, ops: IToken[], span: Span): Span {
  const last = spanOf(b.file, ops[ops.length - 1], span);
  return { ...span, line: last.endLine, col: last.endCol + 1 };
}

/** The atom of an operand: a literal, a name, or a bracketed/compound expression. */
function atom(b: BuildContext, c: Children, fallback: Span): A.Expr {
  const num = tok(c, "NumberLit");
  if (num) return { kind: "Number", value: Number(num.image), raw: num.image, span: spanOf(b.file, num, fallback) };
  const str = tok(c, "StringLit");
  if (str) return { kind: "String", value: stringValue(str.image), span: spanOf(b.file, str, fallback) };
  const t = tok(c, "True") ?? tok(c, "False");
  if (t) return { kind: "Bool", value: t.image === "true", span: spanOf(b.file, t, fallback) };
  const id = tok(c, "Identifier");
  if (id) return identifier(b, id, fallback);
  const paren = node(c, "parenExpr");
  if (paren) return expression(b, node(kids(paren), "expression"), spanOf(b.file, paren, fallback));
  const arr = node(c, "arrayLit");
  if (arr) {
    const span = spanOf(b.file, arr, fallback);
    return { kind: "Array", elements: nodes(kids(arr), "expression").map((e) => expression(b, e, span)), span };
  }
  const rec = node(c, "recordLit");
  if (rec) return record(b, rec, fallback);
  const lam = node(c, "lambda");
  if (lam) return lambda(b, lam, spanOf(b.file, lam, fallback));
  const ife = node(c, "ifExpr");
  if (ife) return ifExpr(b, ife, spanOf(b.file, ife, fallback));
  return placeholder(fallback);
}

/** `( args )` → Arg[] (positional `name === null` or named). */
export function callArgs(b: BuildContext, n: CstNode | undefined, fallback: Span): A.Arg[] {
  if (!n) return [];
  return nodes(kids(n), "argument").map((a) => {
    const ac = kids(a);
    const span = spanOf(b.file, a, fallback);
    const name = tok(ac, "name");
    return { kind: "Arg", name: name ? name.image : null, value: expression(b, node(ac, "expression"), span), span };
  });
}

/** The value of a string literal (its text is a JSON string by construction of the token). */
export function stringValue(image: string): string {
  try {
    return JSON.parse(image) as string;
  } catch {
    return image.slice(1, -1);
  }
}

export function record(b: BuildContext, n: CstNode, fallback: Span): A.RecordExpr {
  const span = spanOf(b.file, n, fallback);
  const fields = nodes(kids(n), "field").map((f): A.RecordField => {
    const fc = kids(f);
    const fspan = spanOf(b.file, f, span);
    const k = tok(fc, "key");
    const key = !k ? "" : k.tokenType.name === "StringLit" ? stringValue(k.image) : k.image;
    return { kind: "Field", key, value: expression(b, node(fc, "expression"), fspan), span: fspan };
  });
  return { kind: "Record", fields, span };
}

export function params(b: BuildContext, n: CstNode | undefined, fallback: Span): A.Param[] {
  if (!n) return [];
  return tokens(kids(n), "Identifier").map((t) => ({ kind: "Param", name: t.image, span: spanOf(b.file, t, fallback) }));
}

/** Hooks to the statement converter (blocks contain statements; set by to-ast.ts to avoid an import cycle). */
export const blockHook: { convert: (b: BuildContext, n: CstNode | undefined, fallback: Span) => A.Block } = {
  convert: (_b, _n, fallback) => ({ kind: "Block", stmts: [], span: fallback }),
};

function lambda(b: BuildContext, n: CstNode, span: Span): A.LambdaExpr {
  const c = kids(n);
  const ps = params(b, node(c, "paramList"), span);
  const blk = node(c, "block");
  const body = blk ? blockHook.convert(b, blk, span) : expression(b, node(c, "expression"), span);
  return { kind: "Lambda", params: ps, body, span };
}

function ifExpr(b: BuildContext, n: CstNode, span: Span): A.IfExpr {
  const c = kids(n);
  const blocks = nodes(c, "block");
  const nested = node(c, "ifExpr");
  const then = blockHook.convert(b, blocks[0], span);
  const otherwise = nested ? ifExpr(b, nested, span) : blockHook.convert(b, blocks[1], span);
  return { kind: "IfExpr", cond: expression(b, node(c, "expression"), span), then, else: otherwise, span };
}
