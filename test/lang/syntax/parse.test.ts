// Parsing every construct of the language into the AST (spans checked where they matter), precedence and
// associativity, newline rules, and the canonical printer on each construct.
import assert from "node:assert/strict";
import { test } from "node:test";
import type * as A from "../../../src/lang/syntax/ast.js";
import { BorelParser } from "../../../src/lang/syntax/grammar.js";
import { createLexer } from "../../../src/lang/syntax/lexer.js";
import { parse } from "../../../src/lang/syntax/parse.js";
import { print, printExpr } from "../../../src/lang/syntax/print.js";
import { stripSpans } from "./arbitrary.js";

function ok(src: string): A.Program {
  const r = parse(src, "t.borel");
  assert.deepEqual(r.errors.map((e) => `${e.span?.line}:${e.span?.col} ${e.message}`), [], src);
  return r.program;
}

/** The statements of `model m() { body }`. */
function body(src: string): A.Stmt[] {
  const item = ok(`model m() {\n${src}\n}`).items[0] as A.ModelDecl;
  return item.body.stmts;
}

function expr(src: string): A.Expr {
  return (ok(`let v = ${src}`).items[0] as A.LetStmt).init;
}

/** An expression as fully parenthesized text, to read precedence at a glance. */
function shape(e: A.Expr): string {
  switch (e.kind) {
    case "Binary":
      return `(${shape(e.left)} ${e.op} ${shape(e.right)})`;
    case "Unary":
      return `(${e.op}${shape(e.arg)})`;
    case "Call":
      return `${shape(e.callee)}(${e.args.map((a) => (a.name ? `${a.name}: ` : "") + shape(a.value)).join(", ")})`;
    case "Index":
      return `${shape(e.object)}[${shape(e.index)}]`;
    case "Member":
      return `${shape(e.object)}.${e.name}`;
    default:
      return printExpr(e);
  }
}

test("the issue's coin example parses into the expected tree", () => {
  const p = ok(`// examples/coin.borel
model coin(flips) {
  p ~ beta(1, 1)                      // random choice at address "p"
  for i in 0..len(flips) {            // half-open range, 0-based indexing
    observe(bernoulli(p), flips[i])   // observation at an automatic address
  }
  return p
}
let flips = load("data/flips.json")
query coin(flips) using importance(particles: 10000)
`);
  assert.deepEqual(p.items.map((i) => i.kind), ["Model", "Let", "Query"]);
  const m = p.items[0] as A.ModelDecl;
  assert.equal(m.name.name, "coin");
  assert.deepEqual(m.params.map((x) => x.name), ["flips"]);
  assert.deepEqual(m.span, { file: "t.borel", line: 2, col: 1, endLine: 8, endCol: 1 });
  const [s, loop, ret] = m.body.stmts as [A.SampleStmt, A.ForRangeStmt, A.ReturnStmt];
  assert.equal(s.kind, "Sample");
  assert.equal(s.name.name, "p");
  assert.deepEqual(s.span, { file: "t.borel", line: 3, col: 3, endLine: 3, endCol: 16 });
  assert.equal(loop.kind, "ForRange");
  const obs = loop.body.stmts[0] as A.ObserveStmt;
  assert.equal(obs.kind, "Observe");
  assert.deepEqual([obs.span.line, obs.span.col], [5, 5]);
  assert.equal(ret.kind, "Return");
  const q = p.items[2] as A.QueryStmt;
  assert.equal(q.model.name, "coin");
  assert.equal(q.given, null);
  assert.equal(shape(q.method), "importance(particles: 10000)");
});

test("declarations: model, fn, nested fn, params with trailing comma", () => {
  const p = ok("model m(a, b,) { fn inner(x) { return x } }\nfn f() { return }");
  const m = p.items[0] as A.ModelDecl;
  assert.deepEqual(m.params.map((x) => x.name), ["a", "b"]);
  assert.equal(m.body.stmts[0]!.kind, "Fn");
  const f = p.items[1] as A.FnDecl;
  assert.equal(f.kind, "Fn");
  assert.deepEqual(stripSpans(f.body.stmts[0]), { kind: "Return", value: null });
});

test("let, var, assignment, track, factor, expression statements", () => {
  const [l, v, a, t, f, e] = body("let a = 1\nvar b = 2\nb = b + 1\ntrack total = a + b\nfactor(-a)\nprint_it(a)");
  assert.equal(l!.kind, "Let");
  assert.equal(v!.kind, "Var");
  assert.deepEqual(stripSpans(a), { kind: "Assign", name: { kind: "Identifier", name: "b" }, value: stripSpans(expr("b + 1")) });
  assert.equal((t as A.TrackStmt).name.name, "total");
  assert.equal(shape((f as A.FactorStmt).value), "(-a)");
  assert.equal((e as A.ExprStmt).expr.kind, "Call");
});

test("sampling: plain, indexed (x[i][j] → indices), sub-model, named observation with given", () => {
  const [a, b, c, d] = body("x ~ normal(0, 1)\ny[i][j + 1] ~ normal(x, 1)\nz ~ sub(x, k: 2)\nw[i] ~ normal(x, 1) given ys[i]") as A.SampleStmt[];
  assert.deepEqual([a!.name.name, a!.indices.length, a!.given], ["x", 0, null]);
  assert.deepEqual(b!.indices.map(shape), ["i", "(j + 1)"]);
  assert.equal(shape(c!.dist), "sub(x, k: 2)");
  assert.equal(shape(d!.given!), "ys[i]");
  assert.deepEqual([d!.span.line, d!.span.col, d!.span.endCol], [5, 1, 31]);
});

test("observe(d, v) is the observe statement; with other arities it stays a call (the checker reports it)", () => {
  const [o, call] = body("observe(normal(0, 1), 2.5)\nobserve(normal(0, 1))");
  assert.equal(o!.kind, "Observe");
  assert.equal(shape((o as A.ObserveStmt).value), "2.5");
  assert.equal(call!.kind, "ExprStmt");
});

test("if / else if / else as statements; if as an expression", () => {
  const [s] = body("if a { x ~ normal(0, 1) } else if b { y ~ normal(0, 1) } else { return 1 }") as A.IfStmt[];
  assert.equal(s!.kind, "If");
  assert.equal(s!.else?.kind, "If");
  assert.equal((s!.else as A.IfStmt).else?.kind, "Block");
  const e = expr("if a { 1 } else if b { 2 } else { 3 }") as A.IfExpr;
  assert.equal(e.kind, "IfExpr");
  assert.equal(e.else.kind, "IfExpr");
  assert.equal(shape(expr("(if a { 1 } else { 2 }) + 1")), "(if a {\n  1\n} else {\n  2\n} + 1)");
  // A branch ending in a complete if statement has that if as its value (an expression statement).
  const nested = expr("if a { if b { 1 } else { 2 } } else { 3 }") as A.IfExpr;
  const last = nested.then.stmts[0] as A.ExprStmt;
  assert.equal(last.kind, "ExprStmt");
  assert.equal(last.expr.kind, "IfExpr");
  assert.deepEqual(stripSpans(ok(print(ok("let v = if a { if b { 1 } else { 2 } } else { 3 }")))), stripSpans(ok("let v = if a { if b { 1 } else { 2 } } else { 3 }")));
});

test("for over a half-open range and over an array", () => {
  const [r, e] = body("for i in 0..n - 1 { }\nfor x in xs { }");
  assert.equal(r!.kind, "ForRange");
  assert.equal(shape((r as A.ForRangeStmt).to), "(n - 1)");
  assert.equal(e!.kind, "ForEach");
  assert.equal(shape((e as A.ForEachStmt).iterable), "xs");
});

test("values: numbers, strings with escapes, booleans, arrays, records, fields, indexing", () => {
  assert.deepEqual(stripSpans(expr("1.5e3")), { kind: "Number", value: 1500, raw: "1.5e3" });
  assert.deepEqual(stripSpans(expr('"a\\"b\\n\\u00e9"')), { kind: "String", value: 'a"b\né' });
  assert.deepEqual(stripSpans(expr("true")), { kind: "Bool", value: true });
  assert.equal(shape(expr("[1, [2, 3], ]")), "[1, [2, 3]]");
  const r = expr('{a: 1, "x/3": 2}') as A.RecordExpr;
  assert.deepEqual(r.fields.map((f) => f.key), ["a", "x/3"]);
  assert.equal(shape(expr("r.a.b[0][i]")), "r.a.b[0][i]");
  assert.equal(shape(expr("{}")), "{}");
});

test("calls with positional and named arguments", () => {
  const c = expr("gamma(shape: 8, rate: 2)") as A.CallExpr;
  assert.deepEqual(c.args.map((a) => a.name), ["shape", "rate"]);
  assert.equal(shape(expr("student_t(3, sigma: 2)")), "student_t(3, sigma: 2)");
  assert.equal(shape(expr("f()(1)")), "f()(1)");
});

test("lambdas with a block or an expression body", () => {
  const a = expr("fn(x, y) { return x + y }") as A.LambdaExpr;
  assert.equal(a.body.kind, "Block");
  const b = expr("fn(x) => x * 2") as A.LambdaExpr;
  assert.equal(shape(b.body as A.Expr), "(x * 2)");
  assert.equal(shape(expr("map(fn(x) => x + 1, xs)")), "map(fn(x) => x + 1, xs)");
});

test("precedence as in C: || < && < equality < comparison < + - < * / % < unary < postfix", () => {
  assert.equal(shape(expr("a || b && c == d < e + f * g")), "(a || (b && (c == (d < (e + (f * g))))))");
  assert.equal(shape(expr("a * b + c * d")), "((a * b) + (c * d))");
  assert.equal(shape(expr("-a * b")), "((-a) * b)");
  assert.equal(shape(expr("-x[0]")), "(-x[0])");
  assert.equal(shape(expr("!a && b")), "((!a) && b)");
  assert.equal(shape(expr("- -a")), "(-(-a))");
  assert.equal(shape(expr("a % b / c")), "((a % b) / c)");
});

test("binary operators are left-associative", () => {
  assert.equal(shape(expr("a - b - c")), "((a - b) - c)");
  assert.equal(shape(expr("a / b / c")), "((a / b) / c)");
  assert.equal(shape(expr("a - (b - c)")), "(a - (b - c))");
  assert.equal(shape(expr("a < b == c < d")), "((a < b) == (c < d))");
});

test("newlines: a line starting with ( or [ starts a statement; operators continue lines; ; separates", () => {
  const [a, b] = body("let a = f\n(1)");
  assert.equal(shape((a as A.LetStmt).init), "f");
  assert.equal(b!.kind, "ExprStmt");
  const [c] = body("let c = 1 +\n  2\n  * 3");
  assert.equal(shape((c as A.LetStmt).init), "(1 + (2 * 3))");
  assert.equal(body("let a = 1; let b = 2;;").length, 2);
  const [r, n] = body("return\nx");
  assert.deepEqual(stripSpans(r), { kind: "Return", value: null });
  assert.equal(n!.kind, "ExprStmt");
});

test("query with given, nested kernels, no parentheses", () => {
  const q = ok('query m(1, k: 2) given {y: 1, "z/0": true} using mcmc(cycle(nuts(), gibbs("z")), samples: 2000)').items[0] as A.QueryStmt;
  assert.deepEqual(q.given!.fields.map((f) => f.key), ["y", "z/0"]);
  assert.equal(shape(q.method), 'mcmc(cycle(nuts(), gibbs("z")), samples: 2000)');
  const bare = ok("query m using enumerate").items[0] as A.QueryStmt;
  assert.deepEqual([bare.args.length, shape(bare.method)], [0, "enumerate()"]);
});

test("import and comments", () => {
  const p = ok('import "stdlib/models/hmm" // line comment\n/* block\ncomment */ let a = 1');
  assert.deepEqual(stripSpans(p.items[0]), { kind: "Import", path: "stdlib/models/hmm" });
  assert.equal(p.items[1]!.span.line, 3);
});

test("an empty program, and one of only comments and semicolons", () => {
  assert.equal(ok("").items.length, 0);
  assert.equal(ok("// nothing\n;;\n/* */").items.length, 0);
});

test("print gives canonical text that parses back to the same tree", () => {
  const src = `model m(a,b){x~normal(0,1);if a>0{y[0]~normal(x,1) given 2}else{factor(-1)}
for i in 0..3{z[i]~gamma(shape:8,rate:2)}
let f=fn(t)=>t*2
track s=f(x)
return {x:x,"a b":[1,2]}}
query m(1,2) given {x:1} using importance(particles:100)`;
  const printed = print(ok(src));
  assert.equal(printed, `model m(a, b) {
  x ~ normal(0, 1)
  if a > 0 {
    y[0] ~ normal(x, 1) given 2
  } else {
    factor(-1)
  }
  for i in 0..3 {
    z[i] ~ gamma(shape: 8, rate: 2)
  }
  let f = fn(t) => t * 2
  track s = f(x)
  return {x: x, "a b": [1, 2]}
}

query m(1, 2) given {x: 1} using importance(particles: 100)
`);
  assert.deepEqual(stripSpans(ok(printed)), stripSpans(ok(src)));
  assert.equal(print(ok(printed)), printed);
});

test("print parenthesizes only where the tree needs it", () => {
  const cases: [string, string][] = [
    ["(a + b) * c", "(a + b) * c"],
    ["a + (b * c)", "a + b * c"],
    ["(a - b) - c", "a - b - c"],
    ["a - (b - c)", "a - (b - c)"],
    ["-(a + b)", "-(a + b)"],
    ["-(-a)", "-(-a)"],
    ["(fn(x) => x)(1)", "(fn(x) => x)(1)"],
    ["(fn(x) => x) + 1", "(fn(x) => x) + 1"],
    ["(-a)[0]", "(-a)[0]"],
    ["(a + b).c", "(a + b).c"],
  ];
  for (const [src, want] of cases) assert.equal(printExpr(expr(src)), want, src);
});

test("the grammar and the token definitions pass Chevrotain's validations (the shared instances skip them)", () => {
  assert.doesNotThrow(() => new BorelParser({ validate: true }));
  assert.doesNotThrow(() => createLexer(true));
});

test("names may use letters of any script (μ, σ_y2, 変数, an astral 𝑥), not a leading digit or $", async () => {
  const src = "model m() {\n  μ ~ normal(0, 1)\n  let σ_y2 = μ * 2\n  let 変数 = σ_y2\n  let 𝑥 = 変数\n  return 𝑥\n}";
  const r = parse(src, "unicode.borel");
  assert.deepEqual(r.errors, []);
  const model = r.program!.items[0] as A.ModelDecl;
  assert.equal(model.name.name, "m");
  assert.match(print(r.program!), /μ ~ normal\(0, 1\)/);
  for (const bad of ["let $x = 1", "let 2x = 1"]) assert.ok(parse(bad, "bad.borel").errors.length > 0, bad);
  // Compiled and run: the address is the name itself.
  const { compileProgram } = await import("../../../src/lang/program.js");
  const { Rng } = await import("../../../src/rand/rng.js");
  const prog = compileProgram(src, "unicode.borel");
  assert.deepEqual(prog.errors, []);
  const t = prog.models.m!.simulate([], new Rng(1));
  assert.equal(t.retval, 2 * (t.get("μ") as number));
});
