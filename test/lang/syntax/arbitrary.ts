// fast-check arbitraries over Borel's AST: random well-formed programs (every node kind, in every position the
// parser can produce it) for the print/parse round trip, and helpers shared by the fuzz tests. Spans are dummies;
// `stripSpans` removes them before comparing trees.
import fc from "fast-check";
import type * as A from "../../../src/lang/syntax/ast.js";
import { valueBlock } from "../../../src/lang/syntax/build.js";
import { KEYWORDS } from "../../../src/lang/syntax/tokens.js";

const span: A.Span = { file: "gen.borel", line: 1, col: 1, endLine: 1, endCol: 1 };

const NAMES = ["x", "y", "z", "mu", "sigma", "theta", "i", "j", "xs", "f", "m", "normal", "beta", "len", "map", "_t", "a1", "observe_x", "model_x", "in_", "iff"];
export const name: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/).filter((s) => !KEYWORDS.has(s)) },
);
const ident: fc.Arbitrary<A.Identifier> = name.map((n) => ({ kind: "Identifier", name: n, span }));
const param: fc.Arbitrary<A.Param> = name.map((n) => ({ kind: "Param", name: n, span }));
const params = fc.array(param, { maxLength: 3 });

const numberRaw = fc.oneof(
  fc.nat({ max: 1000 }).map(String),
  fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }).filter((x) => Number.isFinite(x) && !Object.is(x, -0)).map(String),
  fc.constantFrom("0.5", "1e3", "2.5E-3", "007", "1e+21", "3.14159"),
);
const numberLit: fc.Arbitrary<A.NumberLit> = numberRaw.map((raw) => ({ kind: "Number", value: Number(raw), raw, span }));
const stringLit: fc.Arbitrary<A.StringLit> = fc.oneof(fc.string({ maxLength: 6 }), fc.string({ unit: "grapheme", maxLength: 4 }), fc.string({ unit: "binary", maxLength: 4 })).map((value) => ({ kind: "String", value, span }));
const boolLit: fc.Arbitrary<A.BoolLit> = fc.boolean().map((value) => ({ kind: "Bool", value, span }));

const BIN: A.BinaryOp[] = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"];

/** Is this statement-level expression one the parser would turn into an observe/factor statement? */
function isStatementCall(e: A.Expr): boolean {
  if (e.kind !== "Call" || e.callee.kind !== "Identifier" || !e.args.every((a) => a.name === null)) return false;
  return (e.callee.name === "observe" && e.args.length === 2) || (e.callee.name === "factor" && e.args.length === 1);
}

interface Tree {
  expr: A.Expr;
  block: A.Block;
  stmt: A.Stmt;
  call: A.CallExpr;
  record: A.RecordExpr;
  ifExpr: A.IfExpr;
  ifStmt: A.IfStmt;
}

const tree = fc.letrec<Tree>((tie) => {
  const expr = tie("expr") as fc.Arbitrary<A.Expr>;
  const block = tie("block") as fc.Arbitrary<A.Block>;
  const arg: fc.Arbitrary<A.Arg> = fc.record({ name: fc.option(name, { freq: 3 }), value: expr }).map((a) => ({ kind: "Arg", ...a, span }));
  const args = fc.array(arg, { maxLength: 3 });
  return {
    expr: fc.oneof(
      { depthSize: "small", maxDepth: 5, withCrossShrink: true },
      numberLit, stringLit, boolLit, ident,
      fc.array(expr, { maxLength: 3 }).map((elements): A.Expr => ({ kind: "Array", elements, span })),
      tie("record") as fc.Arbitrary<A.Expr>,
      fc.record({ op: fc.constantFrom<A.UnaryOp>("-", "!"), arg: expr }).map((u): A.Expr => ({ kind: "Unary", ...u, span })),
      fc.record({ op: fc.constantFrom(...BIN), left: expr, right: expr }).map((b): A.Expr => ({ kind: "Binary", ...b, span })),
      tie("call") as fc.Arbitrary<A.Expr>,
      fc.record({ object: expr, index: expr }).map((x): A.Expr => ({ kind: "Index", ...x, span })),
      fc.record({ object: expr, name }).map((x): A.Expr => ({ kind: "Member", ...x, span })),
      fc.record({ params, body: fc.oneof(block, expr) }).map((x): A.Expr => ({ kind: "Lambda", ...x, span })),
      tie("ifExpr") as fc.Arbitrary<A.Expr>,
    ),
    call: fc.record({ callee: expr, args }).map((c): A.CallExpr => ({ kind: "Call", ...c, span })),
    record: fc.array(fc.record({ key: fc.oneof(name, fc.string({ maxLength: 5 })), value: expr }), { maxLength: 3 })
      .map((fs): A.RecordExpr => ({ kind: "Record", fields: fs.map((f) => ({ kind: "Field", ...f, span })), span })),
    // Branches in the parser's normal form: a trailing complete if statement is the branch's value (valueBlock).
    ifExpr: fc.record({ cond: expr, then: block, else: fc.oneof({ maxDepth: 2 }, block, tie("ifExpr") as fc.Arbitrary<A.Block | A.IfExpr>) })
      .map((x): A.IfExpr => ({ kind: "IfExpr", cond: x.cond, then: valueBlock(x.then), else: x.else.kind === "Block" ? valueBlock(x.else) : x.else, span })),
    ifStmt: fc.record({ cond: expr, then: block, else: fc.oneof({ maxDepth: 2 }, fc.constant(null), block, tie("ifStmt") as fc.Arbitrary<A.IfStmt>) })
      .map((x): A.IfStmt => ({ kind: "If", ...x, span })),
    block: fc.array(tie("stmt") as fc.Arbitrary<A.Stmt>, { maxLength: 3 }).map((stmts): A.Block => ({ kind: "Block", stmts, span })),
    stmt: fc.oneof(
      { depthSize: "small", maxDepth: 4, withCrossShrink: true },
      fc.record({ name: ident, init: expr }).map((s): A.Stmt => ({ kind: "Let", ...s, span })),
      fc.record({ name: ident, init: expr }).map((s): A.Stmt => ({ kind: "Var", ...s, span })),
      fc.record({ name: ident, value: expr }).map((s): A.Stmt => ({ kind: "Assign", ...s, span })),
      tie("ifStmt") as fc.Arbitrary<A.Stmt>,
      fc.record({ variable: ident, from: expr, to: expr, body: block }).map((s): A.Stmt => ({ kind: "ForRange", ...s, span })),
      fc.record({ variable: ident, iterable: expr, body: block }).map((s): A.Stmt => ({ kind: "ForEach", ...s, span })),
      fc.option(expr).map((value): A.Stmt => ({ kind: "Return", value, span })),
      fc.record({ name: ident, indices: fc.array(expr, { maxLength: 2 }), dist: expr, given: fc.option(expr) }).map((s): A.Stmt => ({ kind: "Sample", ...s, span })),
      fc.record({ dist: expr, value: expr }).map((s): A.Stmt => ({ kind: "Observe", ...s, span })),
      expr.map((value): A.Stmt => ({ kind: "Factor", value, span })),
      fc.record({ name: ident, value: expr }).map((s): A.Stmt => ({ kind: "Track", ...s, span })),
      expr.filter((e) => !isStatementCall(e)).map((e): A.Stmt => ({ kind: "ExprStmt", expr: e, span })),
      fc.record({ name: ident, params, body: block }).map((s): A.Stmt => ({ kind: "Fn", ...s, span })),
    ),
  };
});

export const expr = tree.expr;
export const block = tree.block;

const topItem: fc.Arbitrary<A.TopItem> = fc.oneof(
  fc.record({ name: ident, params, body: tree.block }).map((s): A.TopItem => ({ kind: "Model", ...s, span })),
  fc.record({ name: ident, params, body: tree.block }).map((s): A.TopItem => ({ kind: "Fn", ...s, span })),
  fc.record({ name: ident, init: tree.expr }).map((s): A.TopItem => ({ kind: "Let", ...s, span })),
  fc.record({
    model: ident,
    args: fc.array(fc.record({ name: fc.option(name, { freq: 3 }), value: tree.expr }).map((a): A.Arg => ({ kind: "Arg", ...a, span })), { maxLength: 2 }),
    given: fc.option(tree.record),
    method: fc.record({ callee: ident, args: fc.array(fc.record({ name: fc.option(name, { freq: 2 }), value: tree.expr }).map((a): A.Arg => ({ kind: "Arg", ...a, span })), { maxLength: 3 }) })
      .map((c): A.CallExpr => ({ kind: "Call", ...c, span })),
  }).map((q): A.TopItem => ({ kind: "Query", ...q, span })),
  fc.string({ maxLength: 12 }).map((path): A.TopItem => ({ kind: "Import", path, span })),
  tree.expr.filter((e) => !isStatementCall(e)).map((e): A.TopItem => ({ kind: "ExprStmt", expr: e, span })),
);

/** A random well-formed program. */
export const program: fc.Arbitrary<A.Program> = fc.array(topItem, { maxLength: 5 }).map((items) => ({ kind: "Program", file: "gen.borel", items, span }));

/** The tree without spans (for structural comparison). */
export function stripSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripSpans);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== "span" && k !== "file") out[k] = stripSpans(v);
  return out;
}
