// Every run-time error of a Borel program is a BorelError located at the expression that caused it, with a
// message naming the problem (and a hint where one helps).
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProgram } from "../../../src/lang/program.js";
import { Rng } from "../../../src/rand/rng.js";
import { BorelError, formatError, isBorelError } from "../../../src/util/errors.js";

interface Case {
  name: string;
  source: string;
  data?: Record<string, unknown>;
  /** Run model `m` (with `args`) by simulate after compiling. */
  run?: unknown[];
  code: string;
  at: [line: number, col: number];
  message: RegExp;
  hint?: RegExp;
}

const cases: Case[] = [
  { name: "type error in +", source: "let v = 1 + {a: 1}", code: "type-error", at: [1, 9], message: /'\+' needs numbers or vectors, got a record/ },
  { name: "index out of bounds", source: "let xs = [1, 2]\nlet v = xs[5]", code: "index-out-of-bounds", at: [2, 9], message: /index 5 is out of bounds for an array of length 2/ },
  { name: "negative index", source: "let v = y[-1]", data: { y: [1, 2] }, code: "index-out-of-bounds", at: [1, 9], message: /index -1/ },
  { name: "non-integer index", source: "let v = y[0.5]", data: { y: [1, 2] }, code: "bad-index", at: [1, 9], message: /not an integer/ },
  { name: "missing field", source: "let r = {a: 1, b: 2}\nlet v = r.c", code: "no-field", at: [2, 9], message: /no field 'c'/ },
  { name: "NaN from 0/0", source: "let z = 0\nlet v = z / z", code: "nan", at: [2, 9], message: /produced NaN/ },
  { name: "NaN from log(-1)", source: "let v = 1 + log(-1)", code: "nan", at: [1, 13], message: /log produced NaN/ },
  { name: "calling a number", source: "let f = 3\nfn g(h) { h(1) }\nlet v = g(f)", code: "type-error", at: [2, 11], message: /cannot call a number/ },
  { name: "a function called before a definition it reads", source: "fn f() { return K }\nlet early = f()\nlet K = 3", code: "use-before-definition", at: [2, 13], message: /^'K' is used before its definition: this call runs a function that reads 'K'/ },
  { name: "a lambda called before the lambda it calls is defined", source: "let g = fn() => h()\nlet v = g()\nlet h = fn() => 1", code: "use-before-definition", at: [2, 9], message: /^'h' is used before its definition/ },
  { name: "a model passed to map", source: "model sub(x) {\n  a ~ normal(x, 1)\n}\nmodel m() {\n  let g = map(sub, [1, 2])\n}", run: [], code: "type-error", at: [5, 11], message: /^map needs a function, got the model 'sub'$/ },
  { name: "wrong arity of a callback", source: "let v = map(fn(a, b) => a, [1])", code: "arity", at: [1, 9], message: /takes 2 arguments, got 1/ },
  { name: "bad distribution parameter", source: "let s = -1\nlet v = normal(0, s)", code: "bad-parameter", at: [2, 9], message: /normal: argument 'sigma' must be > 0/ },
  { name: "condition not a boolean", source: "let x = 1\nlet v = if x { 1 } else { 2 }", code: "type-error", at: [2, 12], message: /condition of 'if' must be a boolean, got a number/ },
  { name: "non-integer range bound", source: "fn f(n) { var s = 0\n for i in 0..n { s = s + i }\n s }\nlet v = f(2.5)", code: "range-bound", at: [2, 14], message: /^range bound 2\.5 is not an integer$/ },
  { name: "a string as a range bound", source: "fn f(n) { var s = 0\n for i in 0..n { s = s + i }\n s }\nlet v = f(\"3\")", code: "type-error", at: [2, 14], message: /^a range bound must be a number, got a string$/ },
  { name: "indexing a number inside a model", source: "model m() {\n  x ~ normal(0, 1)\n  let y = x[0]\n}", run: [], code: "type-error", at: [3, 11], message: /cannot index a number/ },
  { name: "~ on a number", source: "model m(d) {\n  x ~ d\n}", run: [3], code: "type-error", at: [2, 3], message: /'~' needs a distribution or a model/ },
  { name: "filter on a vector of 0/1 draws", source: "let v = filter(fn(x) => x, vector([1, 0, 1]))", code: "type-error", at: [1, 9], message: /^the function given to filter must return a boolean, got a number$/, hint: /compare, e\.g\. filter\(fn\(x\) => x == 1, v\)/ },
  { name: "summing a choice family with a gap", source: "model m() {\n  for i in 0..3 { x[2 * i] ~ normal(i, 1) }\n  return sum(x)\n}", run: [], code: "type-error", at: [3, 10], message: /^sum needs numbers or vectors, got an array with no value at index 1$/ },
  { name: "reading x[i] before sampling it", source: "model m() {\n  x[1] ~ normal(0, 1)\n  let y = x[0]\n}", run: [], code: "not-sampled", at: [3, 11], message: /x\[0\] has not been sampled yet/ },
  { name: "the same address twice in a loop", source: "model m() {\n  for i in 0..2 {\n    x[i % 1] ~ normal(0, 1)\n  }\n}", run: [], code: "duplicate-address", at: [3, 5], message: /address 'x\/0' was used twice/ },
  { name: "observed value outside the support", source: "model m() {\n  observe(bernoulli(0.5), 3)\n}", run: [], code: "bad-value", at: [2, 3], message: /outside the support/ },
  { name: "a vector observed by a scalar distribution", source: "model m(y) {\n  mu ~ normal(0, 1)\n  observe(normal(mu, 1), y)\n}", run: [[1, 2, 3]], code: "shape", at: [3, 3], message: /is an array of length 3, but normal there has scalar parameters: it is a distribution over one value/ },
  { name: "a tracked name that is a choice's address", source: "model m() {\n  x ~ normal(0, 1)\n  track x = x * 2\n}", run: [], code: "duplicate-address", at: [3, 3], message: /both a tracked name and the address of a random choice/ },
  { name: "factor of a string", source: "model m(s) {\n  factor(s)\n}", run: ["a"], code: "type-error", at: [2, 3], message: /factor needs a number/ },
  { name: "a choice read on a branch that did not sample it", source: "model m() {\n  b ~ bernoulli(0)\n  if b { x ~ normal(0, 1) }\n  return x\n}", run: [], code: "not-sampled", at: [4, 10], message: /x has not been sampled in this run/ },
  { name: "string bomb", source: "fn bomb(s, n) { if n == 0 { s } else { bomb(s + s, n - 1) } }\nlet v = bomb(\"ab\", 40)", code: "memory-budget", at: [1, 45], message: /more than the budget/ },
];

for (const c of cases) {
  test(`located error: ${c.name}`, () => {
    const p = compileProgram(c.source, "e.borel", { data: c.data });
    let err: unknown = p.errors[0];
    if (err === undefined && c.run) {
      try { p.models.m.simulate(c.run, new Rng(1)); } catch (e) { err = e; }
    }
    assert.ok(isBorelError(err), `expected a BorelError, got ${String(err)}`);
    const e = err as BorelError;
    assert.equal(e.code, c.code, formatError(e, { source: c.source }));
    assert.match(e.message, c.message);
    if (c.hint) assert.match(e.hint ?? "", c.hint);
    assert.ok(e.span, "the error has a location");
    assert.deepEqual([e.span!.line, e.span!.col], c.at, formatError(e, { source: c.source }));
    assert.equal(e.span!.file, "e.borel");
  });
}

test("formatted run-time errors show the line and a caret under the expression", () => {
  const source = "let xs = [1, 2]\nlet v = xs[5]";
  const text = formatError(compileProgram(source, "e.borel").errors[0], { source });
  assert.match(text, /^e\.borel:2:9: error: index 5 is out of bounds/);
  assert.match(text, /2 \| let v = xs\[5\]\n\s+\^{5}/);
  assert.match(text, /hint: valid indices are 0 to 1/);
});

test("a bad distribution parameter without a hint of its own gets the family's signature as its hint", () => {
  const hint = (source: string) => (compileProgram(source, "e.borel").errors[0] as BorelError).hint;
  assert.equal(hint("let u = uniform(2, 1)"), "the distribution is uniform(low, high)");
  assert.equal(hint("let t = laplace(0, [1, 2], 3)") ?? "", "the distribution is laplace(mu, b)");
});

test("a +Infinity log density or factor(+Infinity) is a located error in every kind of run (importance, SMC particles, MH)", async () => {
  const { smc } = await import("../../../src/infer/smc/smc.js");
  const { importance } = await import("../../../src/infer/importance.js");
  const sources: [string, RegExp, [number, number]][] = [
    ["model m() {\n  x ~ normal(0, 1)\n  observe(beta(0.5, 0.5), 0)\n}", /log density of beta\(0\.5, 0\.5\) at address 'obs_3_3' is \+Infinity \(value 0\)/, [3, 3]],
    ["model m() {\n  x ~ normal(0, 1)\n  factor(inf)\n}", /factor\(\+Infinity\)/, [3, 3]],
  ];
  for (const [source, message, at] of sources) {
    const m = compileProgram(source, "e.borel").models.m;
    for (const run of [() => importance(m, [], {}, { particles: 5, seed: 1 }), () => smc(m, [], {}, { particles: 5, seed: 1 }), () => m.simulate([], new Rng(1))]) {
      let err: unknown;
      try { run(); } catch (e) { err = e; }
      assert.ok(isBorelError(err), `expected a BorelError, got ${String(err)}`);
      assert.match((err as BorelError).message, message);
      assert.deepEqual([(err as BorelError).span?.line, (err as BorelError).span?.col], at, formatError(err as BorelError, { source }));
    }
  }
});

test("a run that makes more random choices than its budget (a tenth of maxElements) stops with a located error, not an out-of-memory crash", async () => {
  const { smc } = await import("../../../src/infer/smc/smc.js");
  const source = "model m(n) {\n  for i in 0..n { x[i] ~ normal(0, 1) }\n  observe(normal(x[0], 1), 0.5)\n}";
  const p = compileProgram(source, "e.borel", { budget: { maxElements: 10000 } });
  p.models.m.simulate([900], new Rng(1));
  for (const run of [() => p.models.m.simulate([1e9], new Rng(1)), () => smc(p.models.m, [2000], {}, { particles: 3, seed: 1 })]) {
    let err: unknown;
    try { run(); } catch (e) { err = e; }
    assert.ok(isBorelError(err), String(err));
    assert.equal((err as BorelError).code, "memory-budget");
    assert.match((err as BorelError).message, /the run made more than 1000 random choices and observations/);
    assert.deepEqual([(err as BorelError).span?.line, (err as BorelError).span?.col], [2, 19]);
  }
});
