// Run-time values and arithmetic of Borel programs: numbers, vectors, matrices, records, AD values, builtins.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProgram } from "../../../src/lang/program.js";
import { BUILTINS, MODEL_ONLY_BUILTINS } from "../../../src/lang/check/builtins.js";
import { makeBuiltins } from "../../../src/lang/runtime/builtins.js";
import { Budget } from "../../../src/lang/runtime/budget.js";
import { noLoader } from "../../../src/lang/runtime/load.js";
import { operators } from "../../../src/lang/runtime/arith.js";
import { fromJSON, toJSONValue } from "../../../src/lang/runtime/json.js";
import { isMatrix, isRecord, makeMatrix } from "../../../src/lang/runtime/values.js";
import { distributionRegistry } from "../../../src/dist/registry.js";
import { Tape, Var } from "../../../src/ad/var.js";
import { formatError } from "../../../src/util/errors.js";
import { ChoiceMap } from "../../../src/trace/choicemap.js";
import { Rng } from "../../../src/rand/rng.js";

/** The value of a Borel expression (as the top-level `let v = ...`). */
function evaluate(expr: string, data: Record<string, unknown> = {}): unknown {
  const p = compileProgram(`let v = ${expr}`, "v.borel", { data });
  if (p.errors.length > 0) assert.fail(p.errors.map((e) => formatError(e)).join("\n"));
  return p.values.v;
}

const vec = (...xs: number[]) => Float64Array.from(xs);

test("numbers: + - * / % with JavaScript semantics; comparisons; booleans", () => {
  assert.equal(evaluate("1 + 2 * 3 - 4 / 2"), 5);
  assert.equal(evaluate("7 % 3"), 1);
  assert.equal(evaluate("1 / 0"), Infinity);
  assert.equal(evaluate("2 < 3 && !(3 <= 2) || false"), true);
  assert.equal(evaluate("-2 * -3"), 6);
  assert.equal(evaluate("if 1 > 2 { 10 } else { 20 }"), 20);
});

test("vectors broadcast with scalars; arrays of numbers act as vectors; matrix · vector", () => {
  assert.deepEqual(evaluate("2 * y + 1", { y: [1, 2, 3] }), vec(3, 5, 7));
  assert.deepEqual(evaluate("y - y", { y: [1, 2] }), vec(0, 0));
  assert.deepEqual(evaluate("[1, 2] * [3, 4]"), vec(3, 8));
  assert.deepEqual(evaluate("X * w", { X: [[1, 2], [3, 4], [5, 6]], w: [1, -1] }), vec(-1, -1, -1));
  const M = evaluate("X * X", { X: [[1, 2], [3, 4]] });
  assert.ok(isMatrix(M));
  assert.deepEqual(Array.from(M.data), [7, 10, 15, 22]);
  assert.deepEqual(Array.from((evaluate("2 * X", { X: [[1, 2], [3, 4]] }) as { data: Float64Array }).data), [2, 4, 6, 8]);
  assert.equal(evaluate('"a" + "b" + 1'), "ab1");
});

test("an array of rows is a matrix next to a matrix(...) value too: M * N, N - M, -M, equality", () => {
  const mm = (v: unknown) => { assert.ok(isMatrix(v)); return Array.from(v.data); };
  assert.deepEqual(mm(evaluate("[[1, 2], [3, 4]] * matrix([[1, 0, 1], [0, 1, 1]])")), [1, 2, 3, 3, 4, 7]);
  assert.deepEqual(mm(evaluate("matrix([[1, 2], [3, 4]]) - [[1, 1], [1, 1]]")), [0, 1, 2, 3]);
  assert.deepEqual(mm(evaluate("-X", { X: [[1, 2], [3, 4]] })), [-1, -2, -3, -4]);
  assert.equal(evaluate("matrix([[1, 2], [3, 4]]) == [[1, 2], [3, 4]]"), true);
  assert.equal(evaluate("[[1, 2], [3, 5]] == matrix([[1, 2], [3, 4]])"), false);
});

test("logpdf of a vectorized bernoulli / bernoulli_logit takes booleans or 0/1 per element", () => {
  const want = Math.log(0.1) + Math.log(0.8);
  for (const v of ["[true, false]", "[1, 0]"]) assert.ok(Math.abs((evaluate(`logpdf(bernoulli([0.1, 0.2]), ${v})`) as number) - want) < 1e-12, v);
  const sig = (x: number) => 1 / (1 + Math.exp(-x));
  assert.ok(Math.abs((evaluate("logpdf(bernoulli_logit([0.1, 2]), [true, false])") as number) - (Math.log(sig(0.1)) + Math.log(1 - sig(2)))) < 1e-12);
  assert.throws(() => evaluate("logpdf(bernoulli([0.1, 0.2]), [true])"), /length/);
});

test("== and != treat a boolean as 1 or 0 (z[i] == 1 for a bernoulli z; it was always false)", () => {
  assert.equal(evaluate("true == 1"), true);
  assert.equal(evaluate("0 == false"), true);
  assert.equal(evaluate("true != 0"), true);
  assert.equal(evaluate("true == 2"), false);
  assert.equal(evaluate("[true, false] == [1, 0]"), true);
  assert.equal(evaluate('true == "true"'), false);
});

test("arithmetic on a boolean is an error whose hint says how to make a number of it", () => {
  for (const src of ["true + 1", "sum([true, false])"])
    assert.throws(() => evaluate(src), (e: unknown) => e instanceof Error && /if b \{ 1 \} else \{ 0 \}/.test((e as { hint?: string }).hint ?? formatError(e as never)));
});

test("AD values flow through arithmetic, builtins and comparisons (compared by value)", () => {
  const ops = operators(new Budget());
  const tape = new Tape(), x = tape.scalar(2), w = tape.vector(vec(1, 2));
  const y = ops.add(ops.mul(x, w), 1) as Var;
  assert.deepEqual(Array.from(y.xs as Float64Array), [3, 5]);
  assert.equal(ops.lt(x, 3), true);
  assert.equal(ops.eq(x, 2), true);
  const s = ops.mul(x, x) as Var;
  tape.backward(s);
  assert.equal(x.g, 4);
});

test("records, arrays, member access and indexing", () => {
  const r = evaluate("{a: 1, b: [true, false]}");
  assert.ok(isRecord(r));
  assert.equal(evaluate("{a: 1, b: [true, false]}.b[1]"), false);
  assert.equal(evaluate('{a: 1}["a"]'), 1);
  assert.equal(evaluate("d.x[1]", { d: { x: [1, 2, 3] } }), 2);
  assert.deepEqual(evaluate("X[1]", { X: [[1, 2], [3, 4]] }), vec(3, 4));
  assert.equal(evaluate('"hello"[1]'), "e");
  assert.equal(evaluate("[1, 2] == [1, 2] && {a: 1} == {a: 1} && [1] != [2]"), true);
});

test("builtins: map, fold, filter, sum, len, range, zeros, ones, min, max, softmax, log_sum_exp", () => {
  assert.deepEqual(evaluate("map(fn(x) => x * 2, range(4))"), [0, 2, 4, 6]);
  assert.deepEqual(evaluate("map(fn(x) => x * 2, y)", { y: [1, 2] }), vec(2, 4));
  assert.equal(evaluate("fold(fn(acc, x) => acc + x, 0, range(5))"), 10);
  assert.deepEqual(evaluate("filter(fn(x) => x % 2 == 0, range(6))"), [0, 2, 4]);
  assert.equal(evaluate("sum(y) + len(y) + mean(y)", { y: [1, 2, 3] }), 6 + 3 + 2);
  assert.deepEqual(evaluate("range(2, 5)"), [2, 3, 4]);
  assert.deepEqual(evaluate("zeros(2) + ones(2)"), vec(1, 1));
  assert.equal(evaluate("min(3, 1, 2) + max(y)", { y: [4, 9, 2] }), 10);
  const sm = evaluate("softmax(y)", { y: [0, 0] }) as Float64Array;
  assert.deepEqual(Array.from(sm), [0.5, 0.5]);
  assert.ok(Math.abs((evaluate("log_sum_exp(y)", { y: [0, 0] }) as number) - Math.log(2)) < 1e-15);
  assert.equal(evaluate("exp(0) + log(1) + sqrt(4) + abs(-1) + pow(2, 3) + floor(2.7)"), 1 + 0 + 2 + 1 + 8 + 2);
  // round: halves away from zero on both sides (JavaScript's Math.round takes −2.5 to −2), no −0.
  assert.deepEqual([2.5, -2.5, -2.4, -0.4, 0.5, 3.49].map((x) => evaluate(`round(${x})`)), [3, -3, -2, 0, 1, 3]);
  assert.ok(Object.is(evaluate("round(-0.4)"), 0));
  assert.ok(Math.abs((evaluate("logistic(0)") as number) - 0.5) < 1e-15);
  assert.equal((evaluate("logistic(0, 2)") as { name: string }).name, "logistic");
  assert.deepEqual(evaluate("concat([1], [2, 3])"), [1, 2, 3]);
  assert.deepEqual(evaluate("keys({a: 1, b: 2})"), ["a", "b"]);
});

test("distributions by positional or named arguments (registry defaults); logpdf", () => {
  const g = evaluate("gamma(shape: 8, rate: 2)") as { name: string; mean(): number };
  assert.equal(g.name, "gamma");
  assert.equal(g.mean(), 4);
  const t = evaluate("student_t(3)") as { mean(): number };
  assert.equal(t.mean(), 0);
  const lp = evaluate("logpdf(normal(0, 1), 0)") as number;
  assert.ok(Math.abs(lp + 0.5 * Math.log(2 * Math.PI)) < 1e-15);
  assert.equal(evaluate("logpdf(bernoulli(0.25), true)"), Math.log(0.25));
  assert.equal(evaluate("logpdf(normal(y, 1), y)", { y: [0, 0] }), -Math.log(2 * Math.PI));
});

test("every builtin of the checker's table has an implementation, and every implementation is in the table", () => {
  const impl = new Set(Object.keys(makeBuiltins(new Budget(), noLoader())));
  const statements = new Set([...MODEL_ONLY_BUILTINS].filter((n) => n !== "param"));   // observe, factor: statements
  for (const name of BUILTINS.keys()) if (!statements.has(name)) assert.ok(impl.has(name), `builtin '${name}' has no implementation`);
  for (const name of impl) assert.ok(BUILTINS.has(name) || distributionRegistry.has(name), `'${name}' is implemented but not in the checker's table`);
  for (const [name, sig] of BUILTINS) {
    const f = makeBuiltins(new Budget(), noLoader())[name];
    if (!f || distributionRegistry.has(name)) continue;   // logistic: the function (1 argument) and the distribution
    assert.deepEqual(f.params, sig.params, `parameters of ${name}`);
    assert.equal(f.required, sig.min, `required arguments of ${name}`);
  }
});

test("JSON data: numeric arrays → vectors, equal-length numeric rows → matrices, objects → records", () => {
  const d = fromJSON({ y: [1, 2.5], X: [[1, 0], [0, 1], [2, 2]], flips: [true, false], name: "x", nested: [[1, 2], [3]] }) as Record<string, unknown>;
  assert.deepEqual(d.y, vec(1, 2.5));
  assert.ok(isMatrix(d.X) && d.X.rows === 3 && d.X.cols === 2);
  assert.deepEqual(d.flips, [true, false]);
  assert.deepEqual(d.nested, [vec(1, 2), vec(3)]);
  assert.equal(Object.getPrototypeOf(d), null);
  assert.ok(Object.isFrozen(d));
  assert.deepEqual(toJSONValue(d), { y: [1, 2.5], X: [[1, 0], [0, 1], [2, 2]], flips: [true, false], name: "x", nested: [[1, 2], [3]] });
  assert.deepEqual(toJSONValue(makeMatrix(1, 2, vec(Infinity, NaN))), [["Infinity", "NaN"]]);
  assert.ok(Object.isFrozen(evaluate("[1, 2]")));
});

test("AD vectors from arrays of AD scalars reach distributions (map in a gradient run)", () => {
  const p = compileProgram(`
model reg(xs, ys) {
  w ~ normal(0, 1)
  observe(normal(map(fn(x) => w * x, xs), 1), ys)
}`, "r.borel");
  assert.deepEqual(p.errors, []);
  const m = p.models.reg, xs = vec(1, 2), ys = vec(2, 4.5);
  const t = m.generate([xs, ys], ChoiceMap.from({ w: 0.5 }), new Rng(1)).trace;
  const tape = new Tape();
  let leaf: Var | undefined;
  const r = m.scoreAD(t, (key) => (key === "w" ? (leaf = tape.scalar(0.5)) : undefined));
  tape.backward(r.score as Var);
  // d/dw [log N(w; 0, 1) + Σ log N(y_i; w x_i, 1)] = −w + Σ x_i (y_i − w x_i)
  assert.ok(Math.abs((leaf as Var).g - (-0.5 + 1 * (2 - 0.5) + 2 * (4.5 - 1))) < 1e-12);
});
