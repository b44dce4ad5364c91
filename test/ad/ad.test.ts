// Reverse-mode AD: gradients of every op against central finite differences, broadcasting, the fused
// density kernel, and error behaviour.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { m } from "../../src/ad/math.js";
import { gradient, finiteDifference } from "../../src/ad/grad.js";
import { Tape, Var, type Real, type Scalar } from "../../src/ad/var.js";
import { NORMAL_KERNEL } from "../../src/dist/normal.js";
import { applyKernel } from "../../src/ad/kernel.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

/** max |AD − FD| relative to max(1, |FD|) over components. */
function gradError(f: (x: Real) => Real, x: Float64Array): number {
  const ad = gradient((v) => f(v), x).grad;
  const fd = finiteDifference((v) => m.num(f(v)), x);
  let err = 0;
  for (let i = 0; i < x.length; i++) err = Math.max(err, Math.abs(ad[i] - fd[i]) / Math.max(1, Math.abs(fd[i])));
  return err;
}

const vec = (n: number, lo = -2, hi = 2) =>
  fc.float64Array({ minLength: n, maxLength: n, min: lo, max: hi, noNaN: true, noDefaultInfinity: true });

// Each op on a vector input, reduced to a scalar. Domains keep the functions smooth and finite.
const UNARY_CASES: [string, (x: Real) => Real, number, number][] = [
  ["exp", m.exp, -2, 2], ["log", m.log, 0.2, 3], ["log1p", m.log1p, -0.5, 3], ["expm1", m.expm1, -2, 2],
  ["sqrt", m.sqrt, 0.2, 3], ["square", m.square, -2, 2], ["sin", m.sin, -3, 3], ["cos", m.cos, -3, 3],
  ["tanh", m.tanh, -2, 2], ["logistic", m.logistic, -4, 4], ["softplus", m.softplus, -4, 4],
  ["logLogistic", m.logLogistic, -4, 4], ["logit", m.logit, 0.1, 0.9], ["lgamma", m.lgamma, 0.3, 5],
  ["digamma", m.digamma, 0.5, 5], ["erf", m.erf, -2, 2], ["normalCdf", m.normalCdf, -3, 3],
  ["normalLogCdf", m.normalLogCdf, -6, 3], ["gelu", m.gelu, -3, 3],
];

for (const [name, f, lo, hi] of UNARY_CASES) {
  test(`gradient of ${name} (scalar and vector) matches finite differences`, () => {
    fc.assert(fc.property(vec(3, lo, hi), (x) => {
      const vErr = gradError((v) => m.sum(m.mul(f(v), new Float64Array([1, 2, 3]))), x);
      const sErr = gradError((v) => f(m.index(v, 1)), x);
      return vErr < 1e-5 && sErr < 1e-5;
    }), { numRuns: 30 });
  });
}

test("binary ops broadcast scalars over vectors and differentiate both sides", () => {
  fc.assert(fc.property(vec(4, 0.5, 2), (x) => {
    const f = (v: Real): Real => {
      const a = m.slice(v, 0, 2), s = m.index(v, 2), t = m.index(v, 3);
      const terms = [m.add(a, s), m.sub(s, a), m.mul(a, a), m.div(a, t), m.pow(a, s), m.div(t, a)];
      return terms.reduce((acc: Real, e) => m.add(acc, m.sum(e)), m.mul(s, t));
    };
    return gradError(f, x) < 1e-5;
  }), { numRuns: 50 });
});

test("min and max pass the gradient to the selected side", () => {
  const r = gradient((v) => m.add(m.max(m.index(v, 0), m.index(v, 1)), m.mul(3, m.min(m.index(v, 0), m.index(v, 1)))), new Float64Array([1, 2]));
  assert.deepEqual(Array.from(r.grad), [3, 1]);
});

test("reductions and structure: dot, logSumExp, matVec, stack, concat, cumsum, mean, softmax", () => {
  const M = { rows: 2, cols: 3, data: new Float64Array([1, -2, 0.5, 0.3, 4, -1]) };
  fc.assert(fc.property(vec(6), (x) => {
    const f = (v: Real): Real => {
      const a = m.slice(v, 0, 3), b = m.slice(v, 3, 6);
      const s = m.stack([m.index(v, 0), 2, m.mul(m.index(v, 1), m.index(v, 5)) as Scalar]);
      return m.add(m.add(m.dot(a, b), m.logSumExp(m.concat([a, m.index(b, 1)]))),
        m.add(m.sum(m.matVec(M, m.cumsum(a))), m.add(m.mean(s), m.dot(m.softmax(b), a))));
    };
    return gradError(f, x) < 1e-5;
  }), { numRuns: 50 });
});

test("softmax and log softmax keep their digits for large inputs and match the direct formula elsewhere", () => {
  assert.deepEqual(Array.from(m.softmax(new Float64Array([1000, 1000])) as Float64Array), [0.5, 0.5]);
  assert.deepEqual(Array.from(m.logSoftmax(new Float64Array([1e6, 1e6])) as Float64Array), [-Math.LN2, -Math.LN2]);
  assert.deepEqual(Array.from(m.softmax(new Float64Array([-Infinity, 0])) as Float64Array), [0, 1]);
  fc.assert(fc.property(vec(4, -20, 20), (x) => {
    const direct = Array.from(x, (v) => Math.exp(v) / x.reduce((a, b) => a + Math.exp(b), 0));
    const got = m.softmax(x) as Float64Array;
    return direct.every((d, i) => Math.abs(d - got[i]!) <= 1e-14);
  }), { numRuns: 100 });
});

test("the fused density kernel: one node, the same value and gradient as the composed expression", () => {
  fc.assert(fc.property(vec(5, -2, 2), fc.double({ min: 0.3, max: 3, noNaN: true }), (x, sigma) => {
    const ys = new Float64Array([0.1, -0.4, 1.3, 0.2, -1]);
    const fused = (v: Real) => applyKernel(NORMAL_KERNEL, [ys, m.mul(v, 0.5), m.exp(m.index(v, 0))]);
    const composed = (v: Real) => {
      const mu = m.mul(v, 0.5), s = m.exp(m.index(v, 0));
      const z = m.div(m.sub(ys, mu), s);
      return m.sub(m.mul(-0.5, m.sum(m.square(z))), m.mul(5, m.add(m.log(s), 0.5 * Math.log(2 * Math.PI))));
    };
    const a = gradient(fused, x), b = gradient(composed, x);
    const tape = new Tape(), leaf = tape.vector(x);
    fused(leaf);
    void sigma;
    return tape.size === 5 && Math.abs(a.value - b.value) < 1e-10 && a.grad.every((g, i) => Math.abs(g - b.grad[i]) < 1e-9);
  }), { numRuns: 50 });
});

test("constants stay plain numbers and vectors; no tape is needed", () => {
  assert.equal(m.add(1, 2), 3);
  assert.deepEqual(m.mul(new Float64Array([1, 2]), 3), new Float64Array([3, 6]));
  assert.equal(m.sum(new Float64Array([1, 2, 3])), 6);
  assert.equal(applyKernel(NORMAL_KERNEL, [0, 0, 1]), -0.5 * Math.log(2 * Math.PI));
});

test("shape errors name the op and both lengths", () => {
  assert.throws(() => m.add(new Float64Array(2), new Float64Array(3)), /add: cannot broadcast a vector of length 2 with a vector of length 3/);
  assert.throws(() => m.dot(new Float64Array(2), new Float64Array(3)), /dot: vectors of lengths 2 and 3/);
  assert.throws(() => m.index(new Float64Array(2), 5), /index 5 is out of bounds for a vector of length 2/);
});

test("JS operators on AD values throw instead of coercing", () => {
  const tape = new Tape(), x = tape.scalar(1, "slope");
  assert.throws(() => (x as unknown as number) + 1, /autodiff value derived from address 'slope'/);
  assert.throws(() => (m.exp(x) as unknown as number) < 2, /address 'slope'/);
  assert.ok(m.lt(x, 2));
});

test("gradients accumulate through shared subexpressions and reuse of a tape is clean", () => {
  const tape = new Tape();
  for (let rep = 0; rep < 2; rep++) {
    const r = gradient((v) => { const a = m.mul(m.index(v, 0), m.index(v, 1)); return m.add(m.mul(a, a), a); }, new Float64Array([2, 3]), tape);
    assert.equal(r.value, 42);
    assert.deepEqual(Array.from(r.grad), [(2 * 6 + 1) * 3, (2 * 6 + 1) * 2]);
  }
  assert.ok(tape.size > 0 && tape.size < 10);
});

test("a reused tape walks only the current evaluation's nodes (small after large, large after small)", () => {
  const tape = new Tape();
  const big = (v: Real): Real => { let s: Real = 0; for (let i = 0; i < 5000; i++) s = m.add(s, m.mul(m.index(v, 0), i % 3)); return s; };
  const small = (v: Real): Real => m.mul(m.index(v, 0), m.index(v, 1));
  const x = new Float64Array([2, 3]);
  for (const [f, grad] of [[big, [4999, 0]], [small, [3, 2]], [small, [3, 2]], [big, [4999, 0]], [small, [3, 2]]] as const) {
    const r = gradient(f, x, tape);
    assert.deepEqual(Array.from(r.grad), grad);
  }
  assert.equal(tape.size, 4); // leaf, two indices, one product
});

test("fused kernel: per-element output with scalar and vector AD inputs matches the summed form's gradient", () => {
  const y = Float64Array.from({ length: 7 }, (_, i) => Math.cos(i));
  const x = new Float64Array([0.3, 0.8, 0.1, -0.2, 0.5, 0.9, 1.1, 1.4, 0.7]);
  const mus = (v: Real) => m.slice(v, 2, 9);
  const summed = (v: Real) => applyKernel(NORMAL_KERNEL, [y, mus(v), m.exp(m.index(v, 0))]) as Scalar;
  const elementwise = (v: Real) => m.sum(applyKernel(NORMAL_KERNEL, [y, mus(v), m.exp(m.index(v, 0))], true));
  const a = gradient(summed, x), b = gradient(elementwise, x);
  assert.ok(Math.abs(a.value - b.value) < 1e-12);
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(a.grad[i] - b.grad[i]) < 1e-12, `component ${i}`);
  assert.ok(gradError(elementwise, x) < 1e-6);
});

test("logSumExpN on scalar terms (one data point) agrees with the vector form and with finite differences", async () => {
  const { logSumExpN } = await import("../../src/ad/log-sum-exp-n.js");
  fc.assert(fc.property(vec(6, -30, 30), (x) => {
    // x = [t0, t1, t2, o0, o1, o2]: three scalar terms with AD offsets (log weights).
    const f = (v: Real) => logSumExpN([m.index(v, 0), m.index(v, 1), m.index(v, 2)], { offsets: m.slice(v, 3, 6), sum: true });
    const asVectors = logSumExpN([0, 1, 2].map((k) => new Float64Array([x[k]])), { offsets: x.slice(3, 6), sum: true }) as number;
    const direct = Math.log([0, 1, 2].reduce((s, k) => s + Math.exp(x[k] + x[k + 3]), 0));
    assert.ok(Math.abs(m.num(f(x)) - asVectors) <= 1e-12 * Math.max(1, Math.abs(asVectors)));
    assert.ok(Math.abs(asVectors - direct) <= 1e-10 * Math.max(1, Math.abs(direct)));
    return gradError(f, x) < 1e-5;
  }), { numRuns: 200 });
  // A −∞ term takes no responsibility; all −∞ is −∞ with no gradient.
  const g = gradient((v) => logSumExpN([m.index(v, 0), -Infinity]), new Float64Array([0.3]));
  assert.equal(g.value, 0.3);
  assert.equal(g.grad[0], 1);
  assert.equal(logSumExpN([-Infinity, -Infinity]), -Infinity);
});

test("gather: elements picked by indices (repeats add their gradients), as one node", () => {
  const idx = [2, 0, 2, 1];
  const f = (v: Real) => m.sum(m.mul(m.gather(v, idx), new Float64Array([1, 2, 3, 4])));
  const g = gradient(f, new Float64Array([0.5, -1, 2]));
  assert.equal(g.value, 2 * 1 + 0.5 * 2 + 2 * 3 + -1 * 4);
  assert.deepEqual(Array.from(g.grad), [2, 4, 1 + 3]);
  assert.throws(() => m.gather(new Float64Array([1, 2]), [2]), /gather: index 2 is out of bounds/);
  assert.throws(() => m.gather(new Float64Array([1, 2]), [0.5]), /out of bounds/);
});

test("an operand that is not a number, a Float64Array or an AD value is an error naming the operation, not a TypeError", () => {
  // m.mul(2, [1, 2, 3]) used to fail with "Cannot read properties of undefined (reading 'length')" inside the model.
  const bad = (op: string, what: string) => (e: Error & { code?: string; hint?: string }) =>
    e.code === "bad-operand" && e.message === `${op}: an operand is ${what}, not a number, a Float64Array or an AD value`;
  assert.throws(() => m.mul(2, [1, 2, 3] as never), bad("mul", "a JS array (length 3)"));
  assert.throws(() => m.add([1, 2] as never, 1), (e: Error & { hint?: string }) => /Float64Array\.from\(xs\)/.test(e.hint ?? ""));
  assert.throws(() => m.exp([1] as never), bad("exp", "a JS array (length 1)"));
  assert.throws(() => m.sum([1] as never), bad("sum", "a JS array (length 1)"));
  assert.throws(() => m.logSumExp(["a"] as never), bad("logSumExp", "a JS array (length 1)"));
  assert.throws(() => m.mean(undefined as never), bad("mean", "undefined"));
  assert.throws(() => m.sub(1, "2" as never), bad("sub", 'the string "2"'));
  assert.deepEqual(m.mul(2, Float64Array.of(1, 2)), Float64Array.of(2, 4));
});

test("a reused tape (HMC's arena) gives the same values and gradients as fresh tapes through slice, concat, stack, gather, cumsum, cholesky and logSumExpN", async () => {
  const { Tape } = await import("../../src/ad/var.js");
  const { gradient, finiteDifference } = await import("../../src/ad/grad.js");
  const { slice, concat, stack, gather, cumsum, index } = await import("../../src/ad/reduce.js");
  const { choleskyAD } = await import("../../src/ad/cholesky.js");
  const { logSumExpN } = await import("../../src/ad/log-sum-exp-n.js");
  const { m } = await import("../../src/ad/math.js");
  const n = 10; // rows longer than 8 elements: the arena's path, not V8's small arrays
  const f = (x: import("../../src/ad/var.js").Var) => {
    // A covariance from x (n² entries plus jitter), its Cholesky factor, rows by slicing, rejoined, and more.
    const rows = Array.from({ length: n }, (_, i) => slice(x, i * n, (i + 1) * n));
    const A = m.add(m.mul(concat(rows), 0.1), new Float64Array(n * n).map((_, k) => (k % (n + 1) === 0 ? 1 : 0)));
    const sym = m.mul(m.add(A, gather(A, Array.from({ length: n * n }, (_, k) => (k % n) * n + Math.floor(k / n)))), 0.5);
    const L = choleskyAD(sym, n);
    const diag = stack(Array.from({ length: n }, (_, i) => index(L, i * n + i) as never));
    const mix = logSumExpN([slice(x, 0, n), slice(x, n, 2 * n)], { sum: true });
    const mix3 = logSumExpN([slice(x, 0, n), m.mul(slice(x, n, 2 * n), 2), 0.5]);
    return m.add(m.add(m.sum(m.log(diag)), m.sum(cumsum(slice(L, 0, 2 * n)))), m.add(mix, m.sum(mix3)));
  };
  const x0 = Float64Array.from({ length: n * n }, (_, k) => Math.sin(k));
  const x1 = Float64Array.from({ length: n * n }, (_, k) => Math.cos(3 * k));
  const reused = new Tape({ reuseBuffers: true });
  for (const x of [x0, x1, x0]) {
    const a = gradient(f as never, x, reused), b = gradient(f as never, x);
    assert.equal(a.value, b.value);
    assert.deepEqual([...a.grad], [...b.grad]);
  }
  const fd = finiteDifference((x: Float64Array) => gradient(f as never, x).value, x1, 1e-6);
  const g = gradient(f as never, x1, reused).grad;
  for (let k = 0; k < g.length; k++) assert.ok(Math.abs(g[k] - fd[k]) < 1e-6 * Math.max(1, Math.abs(fd[k])), `d/dx${k}: ${g[k]} vs ${fd[k]}`);
});
