// Vectors and matrices read the same whatever their representation (src/lang/runtime/numeric.ts): a literal
// array and the same array loaded as data give one answer in every shape-aware builtin; `%` is elementwise
// with broadcasting (and differentiable); size errors name the operator, not src/ad's internals.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProgram } from "../../../src/lang/program.js";
import { operators } from "../../../src/lang/runtime/arith.js";
import { Budget } from "../../../src/lang/runtime/budget.js";
import { makeBuiltins } from "../../../src/lang/runtime/builtins.js";
import { callFn } from "../../../src/lang/runtime/callable.js";
import { toJSONValue } from "../../../src/lang/runtime/json.js";
import { noLoader } from "../../../src/lang/runtime/load.js";
import { gradient } from "../../../src/ad/grad.js";
import { m } from "../../../src/ad/math.js";
import { Tape, Var } from "../../../src/ad/var.js";
import { formatError } from "../../../src/util/errors.js";

/** The value of a Borel expression, as plain JSON; `data` are bound as `--data` binds them (as loaded files). */
function evaluate(expr: string, data: Record<string, unknown> = {}): unknown {
  const p = compileProgram(`let v = ${expr}`, "v.borel", { data });
  if (p.errors.length > 0) assert.fail(p.errors.map((e) => formatError(e)).join("\n"));
  return toJSONValue(p.values.v);
}

/** The formatted error of evaluating `expr`. */
function failure(expr: string): string {
  try {
    evaluate(expr);
  } catch (e) {
    return formatError(e as never);
  }
  return assert.fail(`no error for ${expr}`);
}

const vectors = [[1, 2, 3], [0.5, -1]];
const matrices = [[[1, 2], [3, 4]], [[1, 2, 3], [4, 5, 6]], [[4, 2], [2, 3]]];

test("a literal array and the same array loaded as data give the same result in shape-aware builtins", () => {
  const cases: [string, unknown[][]][] = [
    ["rows(X)", [...vectors, ...matrices]], ["cols(X)", [...vectors, ...matrices]], ["to_vector(X)", [...vectors, ...matrices]],
    ["transpose(X)", matrices], ["add_diag(X, 1)", [matrices[0]!]], ["cholesky(X)", [matrices[2]!]], ["sum(X)", [...vectors, ...matrices]],
    ["max(X)", [...vectors, ...matrices]], ["gp_exp_quad_cov(X, 1, 2)", [...vectors, matrices[0]!]], ["inv_logit(X)", [...vectors, ...matrices]],
    ["exp(X)", [...vectors, ...matrices]], ["X * 2", [...vectors, ...matrices]], ["X % 2", vectors], ["dot(X, X)", vectors],
  ];
  for (const [expr, inputs] of cases)
    for (const x of inputs) {
      const literal = evaluate(expr.replaceAll("X", JSON.stringify(x)));
      assert.deepEqual(literal, evaluate(expr, { X: x }), `${expr} with X = ${JSON.stringify(x)}`);
    }
});

test("rows, cols and to_vector of literal arrays (rows([1, 2, 3]) said 'needs a matrix or a vector')", () => {
  assert.equal(evaluate("rows([1, 2, 3])"), 3);
  assert.equal(evaluate("cols([1, 2, 3])"), 1);
  assert.equal(evaluate("rows([])"), 0);
  assert.equal(evaluate("rows([[1, 2, 3]])"), 1);
  assert.equal(evaluate("cols([[1, 2, 3]])"), 3);
  assert.deepEqual(evaluate("to_vector([[1, 2], [3, 4]])"), [1, 3, 2, 4]);
  assert.deepEqual(evaluate("to_vector([[1, 2], [3, 4]])"), evaluate("to_vector(matrix([[1, 2], [3, 4]]))"));
  assert.deepEqual(evaluate("gp_exp_quad_cov(matrix([[0, 0], [1, 1]]), 1, 1)"), evaluate("gp_exp_quad_cov([[0, 0], [1, 1]], 1, 1)"));
  // A model looping over rows(ys) of a literal ys (the audit's repro).
  const p = compileProgram("model m(ys) {\n mu ~ normal(0, 1)\n for i in 0..rows(ys) { observe(normal(mu, 1), ys[i]) }\n return mu\n}\nlet ys = [1.0, 2.0, 3.0]", "m.borel");
  assert.deepEqual(p.errors, []);
  assert.match(failure("rows(3)"), /rows needs a matrix or a vector, got a number/);
  assert.match(failure('rows(["a"])'), /rows needs a matrix or a vector, got an array of length 1/);
});

test("shape builtins take arrays of AD scalars (a gradient run) as vectors and AD rows as matrices", () => {
  const budget = new Budget(), b = makeBuiltins(budget, noLoader());
  const tape = new Tape(), a = tape.scalar(1), c = tape.scalar(2);
  assert.equal(callFn(b.rows, [[a, c, 3]], undefined, budget), 3);
  assert.equal(callFn(b.cols, [[[a, 1, 2], [c, 3, 4]]], undefined, budget), 3);
  const v = callFn(b.to_vector, [[[a, 1], [c, 3]]], undefined, budget) as Var;
  assert.deepEqual(Array.from(v.xs!), [1, 2, 1, 3]);
  // A constant matrix times an array of AD scalars (it threw a JavaScript error from the AD value).
  const ops = operators(budget);
  const y = ops.mul([[1, 2], [3, 4]], [a, c]) as Var;
  assert.deepEqual(Array.from(y.xs!), [5, 11]);
});

test("% is elementwise with broadcasting, with JavaScript's sign rule", () => {
  assert.deepEqual(evaluate("vector([5, 7, 9]) % 4"), [1, 3, 1]);
  assert.deepEqual(evaluate("[5, 7] % [2, 3]"), [1, 1]);
  assert.deepEqual(evaluate("10 % vector([3, 4])"), [1, 2]);
  assert.deepEqual(evaluate("[-5, 5] % 3"), [-2, 2]);
  assert.deepEqual(evaluate("X % 4", { X: [5, 7, 9] }), [1, 3, 1]);
  assert.equal(evaluate("7.5 % 2"), 1.5);
  assert.match(failure("[1, 2] % [1, 2, 3]"), /'%' of a vector of length 2 and a vector of length 3: the lengths differ/);
  assert.match(failure("[1, 2] % 0"), /'%' \(element 0\) produced NaN[\s\S]*hint: x % 0 has no value/);
  assert.match(failure("5 % 0"), /'%' produced NaN[\s\S]*check the divisor/);
  assert.match(failure('"a" % 2'), /'%' needs numbers or vectors, got a string/);
  assert.match(failure("[[1, 2], [3, 4]] % 2"), /'%' needs numbers or vectors, got a 2×2 matrix/);
});

test("% of AD values: derivative 1 in the dividend and −trunc(x / y) in the divisor", () => {
  const ops = operators(new Budget());
  // f(x, y) = x % y at (7.5, 2): value 1.5, ∂/∂x = 1, ∂/∂y = −3.
  const g = gradient((v) => ops.mod(m.index(v, 0), m.index(v, 1)) as Var, Float64Array.from([7.5, 2]));
  assert.equal(g.value, 1.5);
  assert.deepEqual(Array.from(g.grad), [1, -3]);
  // A vector dividend and a constant divisor (the common case), summed: each element contributes 1.
  const h = gradient((v) => m.sum(ops.mod(v, 3) as Var), Float64Array.from([4, -5, 7.25]));
  assert.equal(h.value, 1 + -2 + 1.25);
  assert.deepEqual(Array.from(h.grad), [1, 1, 1]);
  // A constant infinite divisor leaves x (x − q·∞ would be NaN).
  const k = gradient((v) => ops.mod(m.index(v, 0), Infinity) as Var, Float64Array.from([2.5]));
  assert.deepEqual([k.value, Array.from(k.grad)], [2.5, [1]]);
});

test("size errors name the operator and the shapes, not matVec or add", () => {
  const mv = failure("[[1, 2, 3], [4, 5, 6]] * [1, 1]");
  assert.match(mv, /'\*' of a 2×3 matrix and a vector of length 2: the sizes do not match/);
  assert.doesNotMatch(mv, /matVec/);
  assert.match(failure("matrix([[1, 2, 3], [4, 5, 6]]) * vector([1, 1])"), /hint: M \* v needs a vector with one element per column of M \(3 here\)/);
  const add = failure("[1, 2] + [1, 2, 3]");
  assert.match(add, /'\+' of a vector of length 2 and a vector of length 3: the lengths differ/);
  assert.doesNotMatch(add, /add:/);
  assert.match(failure("vector([1, 2]) * vector([1, 2, 3])"), /'\*' of a vector of length 2 and a vector of length 3/);
  assert.match(failure('[[1, 2], [3, 4]] * ["a", "b"]'), /'\*' is not defined for a 2×2 matrix and an array of length 2/);
});

test("logpdf of a boolean distribution at a number other than 0 or 1 names the value and the values it has", () => {
  assert.equal(evaluate("logpdf(bernoulli(0.25), 1)"), Math.log(0.25));
  assert.equal(evaluate("logpdf(bernoulli(0.25), false)"), Math.log(0.75));
  assert.match(failure("logpdf(bernoulli(0.3), 2)"), /logpdf: 2 is not a value of bernoulli, whose values are false and true \(or 0 and 1\)/);
  assert.match(failure("logpdf(bernoulli_logit(0.3), 0.5)"), /0\.5 is not a value of bernoulli_logit/);
  assert.match(failure('logpdf(bernoulli(0.3), "yes")'), /the value must be a number or a boolean for bernoulli, got a string/);
});
