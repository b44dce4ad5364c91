/**
 * CST → AST for statements and the program, with the placement rules the grammar leaves open: models,
 * queries and imports only at the top level; `var`, assignment, `if`, `for`, `return`, `~`, observe, factor
 * and track only inside a body; statements on one line separated by `;`. A misplaced statement is reported
 * (code "syntax", with a hint) and left out of the tree.
 */
import type { CstNode } from "chevrotain";
import { BorelError, type Span } from "../../util/errors.js";
import type * as A from "./ast.js";
import { isToken, node, nodes, offsetOf, spanOf, tok, tokens, type Children } from "./cst.js";
import { blockHook, callArgs, expression, identifier, params, placeholder, record, stringValue, type BuildContext } from "./to-ast-expr.js";

type AnyStmt = A.Stmt | A.ModelDecl | A.QueryStmt | A.ImportStmt;

const kids = (n: CstNode): Children => n.children as Children;

const TOP_ONLY: Partial<Record<AnyStmt["kind"], string>> = {
  Model: "models are declared at the top level of a file, not inside another body",
  Query: "queries run at the top level of a file, not inside a body",
  Import: "imports go at the top level of a file",
};

const BODY_ONLY: Partial<Record<AnyStmt["kind"], string>> = {
  Var: "`var` declares a mutable local inside a model or fn; use `let` at the top level",
  Assign: "assignment changes a `var` inside a model or fn body",
  If: "`if` statements go inside a model or fn body (an `if ... else ...` value can be bound with `let`)",
  ForRange: "`for` loops go inside a model or fn body",
  ForEach: "`for` loops go inside a model or fn body",
  Return: "`return` is only allowed inside a model or fn body",
  Sample: "`~` makes a random choice and is only allowed inside a model body",
  Observe: "observe is only allowed inside a model body",
  Factor: "factor is only allowed inside a model body",
  Track: "`track` records a quantity inside a model body",
};

const WHAT: Partial<Record<AnyStmt["kind"], string>> = {
  Model: "a model declaration", Query: "a query", Import: "an import", Var: "`var`", Assign: "an assignment",
  If: "`if`", ForRange: "`for`", ForEach: "`for`", Return: "`return`", Sample: "`~`", Observe: "observe",
  Factor: "factor", Track: "`track`",
};

/** The program rule's CST → Program items (placement and separation checked). */
export function programItems(b: BuildContext, n: CstNode, fallback: Span): A.TopItem[] {
  const items: A.TopItem[] = [];
  for (const s of statementList(b, n, fallback)) {
    const why = BODY_ONLY[s.kind];
    if (why) misplaced(b, s, "at the top level", why);
    else items.push(s as A.TopItem);
  }
  return items;
}

function block(b: BuildContext, n: CstNode | undefined, fallback: Span): A.Block {
  if (!n) return { kind: "Block", stmts: [], span: fallback };
  const span = spanOf(b.file, n, fallback);
  const stmts: A.Stmt[] = [];
  for (const s of statementList(b, n, span)) {
    const why = TOP_ONLY[s.kind];
    if (why) misplaced(b, s, "inside a body", why);
    else stmts.push(s as A.Stmt);
  }
  return { kind: "Block", stmts, span };
}
blockHook.convert = block;

function misplaced(b: BuildContext, s: AnyStmt, where: string, hint: string): void {
  const at: Span = { ...s.span, endLine: s.span.line, endCol: s.span.line === s.span.endLine ? s.span.endCol : s.span.col };
  b.errors.push(new BorelError("syntax", `${WHAT[s.kind]} is not allowed ${where}`, { span: at, hint }));
}

/** Statements of a program or block in source order; two on one line need a `;` between them. */
function statementList(b: BuildContext, n: CstNode, fallback: Span): AnyStmt[] {
  const c = kids(n);
  const semis = tokens(c, "Semicolon");
  const elems = semis.length === 0 ? nodes(c, "statement") : [...nodes(c, "statement"), ...semis].sort((x, y) => offsetOf(x) - offsetOf(y));
  const out: AnyStmt[] = [];
  let prevEnd = 0; // line where the previous statement ended; 0 after a `;` or at the start
  for (const e of elems) {
    if (isToken(e)) {
      prevEnd = 0;
      continue;
    }
    const s = statement(b, e, fallback);
    if (!s) continue;
    if (prevEnd !== 0 && s.span.line === prevEnd && !isPlaceholderStmt(s))
      b.errors.push(new BorelError("syntax", "expected a new line or ';' before this statement", {
        span: { ...s.span, endLine: s.span.line, endCol: s.span.line === s.span.endLine ? s.span.endCol : s.span.col },
        hint: "put each statement on its own line, or separate statements on one line with ';'",
      }));
    prevEnd = s.span.endLine;
    out.push(s);
  }
  return out;
}

function isPlaceholderStmt(s: AnyStmt): boolean {
  return s.kind === "ExprStmt" && s.expr.kind === "Identifier" && s.expr.name === "";
}

function statement(b: BuildContext, n: CstNode, fallback: Span): AnyStmt | null {
  let inner: CstNode | undefined;
  for (const k in n.children) {
    const e = n.children[k]![0];
    if (e !== undefined && !isToken(e)) inner = e;
  }
  if (!inner) return null;
  const c = kids(inner);
  const span = spanOf(b.file, inner, spanOf(b.file, n, fallback));
  switch (inner.name) {
    case "modelDecl":
      return { kind: "Model", name: identifier(b, tok(c, "Identifier"), span), params: params(b, node(c, "paramList"), span), body: block(b, node(c, "block"), span), span };
    case "fnDecl":
      return { kind: "Fn", name: identifier(b, tok(c, "Identifier"), span), params: params(b, node(c, "paramList"), span), body: block(b, node(c, "block"), span), span };
    case "letStmt":
      return { kind: "Let", name: identifier(b, tok(c, "Identifier"), span), init: expression(b, node(c, "expression", 0), span), span };
    case "varStmt":
      return { kind: "Var", name: identifier(b, tok(c, "Identifier"), span), init: expression(b, node(c, "expression", 0), span), span };
    case "ifStmt":
      return ifStmt(b, inner, span);
    case "forStmt": {
      const variable = identifier(b, tok(c, "Identifier"), span);
      const body = block(b, node(c, "block"), span);
      if (tok(c, "DotDot") || node(c, "expression", 1)) return { kind: "ForRange", variable, from: expression(b, node(c, "expression", 0), span), to: expression(b, node(c, "expression", 1), span), body, span };
      return { kind: "ForEach", variable, iterable: expression(b, node(c, "expression", 0), span), body, span };
    }
    case "returnStmt":
      return { kind: "Return", value: node(c, "expression") ? expression(b, node(c, "expression", 0), span) : null, span };
    case "trackStmt":
      return { kind: "Track", name: identifier(b, tok(c, "Identifier"), span), value: expression(b, node(c, "expression", 0), span), span };
    case "queryStmt":
      return query(b, inner, span);
    case "importStmt": {
      const path = tok(c, "StringLit");
      return { kind: "Import", path: path ? stringValue(path.image) : "", span };
    }
    case "simpleStmt":
      return simple(b, inner, span);
    default:
      return null;
  }
}

function ifStmt(b: BuildContext, n: CstNode, fallback: Span): A.IfStmt {
  const c = kids(n);
  const span = spanOf(b.file, n, fallback);
  const blocks = nodes(c, "block");
  const nested = node(c, "ifStmt");
  const otherwise = nested ? ifStmt(b, nested, span) : blocks[1] ? block(b, blocks[1], span) : null;
  return { kind: "If", cond: expression(b, node(c, "expression"), span), then: block(b, blocks[0], span), else: otherwise, span };
}

function query(b: BuildContext, n: CstNode, span: Span): A.QueryStmt {
  const c = kids(n);
  const model = identifier(b, tok(c, "Identifier"), span);
  const args = callArgs(b, node(c, "callArgs"), span);
  const rec = node(c, "recordLit");
  const given = rec ? record(b, rec, span) : null;
  const m = node(c, "methodCall");
  const mc = m ? kids(m) : {};
  const mspan = spanOf(b.file, m, span);
  const callee = identifier(b, tok(mc, "Identifier"), mspan);
  const method: A.CallExpr = { kind: "Call", callee, args: callArgs(b, node(mc, "callArgs"), mspan), span: mspan };
  return { kind: "Query", model, args, given, method, span };
}

/** An expression statement, a sample `target ~ dist [given v]`, an assignment, observe(...) or factor(...). */
function simple(b: BuildContext, n: CstNode, span: Span): AnyStmt {
  const c = kids(n);
  const lhs = expression(b, node(c, "expression"), span);
  const sample = node(c, "sampleTail");
  const assign = node(c, "assignTail");
  if (sample) {
    const sc = kids(sample);
    const tspan = spanOf(b.file, sample, span);
    const dist = expression(b, node(sc, "expression", 0), tspan);
    const given = node(sc, "expression", 1) ? expression(b, node(sc, "expression", 1), tspan) : null;
    const target = sampleTarget(b, lhs);
    return { kind: "Sample", name: target.name, indices: target.indices, dist, given, span };
  }
  if (assign) {
    const value = expression(b, node(kids(assign), "expression"), spanOf(b.file, assign, span));
    if (lhs.kind !== "Identifier")
      b.errors.push(new BorelError("syntax", "only a variable can be assigned", {
        span: lhs.span,
        hint: "assign a whole `var` (x = ...); arrays and records are values: build a new one instead",
      }));
    return { kind: "Assign", name: lhs.kind === "Identifier" ? lhs : placeholder(lhs.span), value, span };
  }
  if (lhs.kind === "Call" && lhs.callee.kind === "Identifier" && lhs.args.every((a) => a.name === null)) {
    if (lhs.callee.name === "observe" && lhs.args.length === 2) return { kind: "Observe", dist: lhs.args[0]!.value, value: lhs.args[1]!.value, span };
    if (lhs.callee.name === "factor" && lhs.args.length === 1) return { kind: "Factor", value: lhs.args[0]!.value, span };
  }
  return { kind: "ExprStmt", expr: lhs, span };
}

/** `x`, `x[i]`, `x[i][j]` → name and indices; anything else is reported. */
function sampleTarget(b: BuildContext, e: A.Expr): { name: A.Identifier; indices: A.Expr[] } {
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
