// Properties of the bijectors (src/dist/bijectors.ts): forward lands in the support, inverse(forward(θ)) = θ
// (|Δ| < 1e-8·max(1, |θ|)), forward(inverse(x)) = x, log|det J| equals the log-determinant of a central
// finite-difference Jacobian (for the simplex: of θ ↦ x_0..x_{K−2}) within 1e-6, and the AD versions of
// forward and logDetJ agree with the plain ones in value and (vs finite differences, 1e-6) in gradient.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { sum } from "../../src/ad/reduce.js";
import { gradient, finiteDifference } from "../../src/ad/grad.js";
import { m } from "../../src/ad/math.js";
import type { Real } from "../../src/ad/var.js";
import { bijectorFor, bijectorWithBounds, type Bijector } from "../../src/dist/bijectors.js";
import type { Support } from "../../src/dist/support.js";
import { isBorelError } from "../../src/util/errors.js";
import { real } from "./families.js";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 42) });

interface BCase { name: string; support: Support; size: number; inSupport: (x: Float64Array) => boolean }
const all = (x: Float64Array, p: (v: number, i: number) => boolean): boolean => x.every(p);
const increasing = (x: Float64Array): boolean => x.every((v, i) => i === 0 || v > x[i - 1]);

const BCASES: BCase[] = [
  { name: "real", support: { kind: "real" }, size: -1, inSupport: () => true },
  { name: "positive", support: { kind: "positive" }, size: -1, inSupport: (x) => all(x, (v) => v > 0) },
  { name: "positive[4]", support: { kind: "positive" }, size: 4, inSupport: (x) => all(x, (v) => v > 0) },
  { name: "unit", support: { kind: "unit" }, size: -1, inSupport: (x) => all(x, (v) => v > 0 && v < 1) },
  { name: "interval", support: { kind: "interval", low: -2, high: 5 }, size: -1, inSupport: (x) => all(x, (v) => v > -2 && v < 5) },
  {
    name: "interval[3] vector bounds", support: { kind: "interval", low: new Float64Array([0, -1, 10]), high: new Float64Array([1, 1, 20]) }, size: 3,
    inSupport: (x) => x[0] > 0 && x[0] < 1 && x[1] > -1 && x[1] < 1 && x[2] > 10 && x[2] < 20,
  },
  { name: "greater", support: { kind: "greater", low: 3 }, size: -1, inSupport: (x) => all(x, (v) => v > 3) },
  { name: "less", support: { kind: "less", high: -1 }, size: 2, inSupport: (x) => all(x, (v) => v < -1) },
  { name: "interval(0, ∞) = greater", support: { kind: "interval", low: 0, high: Infinity }, size: -1, inSupport: (x) => all(x, (v) => v > 0) },
  ...[2, 3, 5].map((k): BCase => ({
    name: `simplex[${k}]`, support: { kind: "simplex" }, size: k,
    inSupport: (x) => all(x, (v) => v > 0) && Math.abs(x.reduce((s, v) => s + v, 0) - 1) < 1e-12,
  })),
  ...[1, 2, 4].map((k): BCase => ({ name: `ordered[${k}]`, support: { kind: "ordered" }, size: k, inSupport: increasing })),
  ...[1, 3].map((k): BCase => ({ name: `positive_ordered[${k}]`, support: { kind: "positive_ordered" }, size: k, inSupport: (x) => increasing(x) && x[0] > 0 })),
  // Order statistics of a bounded base (ordered(uniform(-1, 2), n), truncated bases).
  ...[1, 3].map((k): BCase => ({ name: `ordered(-1, 2)[${k}]`, support: { kind: "ordered", low: -1, high: 2 }, size: k, inSupport: (x) => increasing(x) && x[0] > -1 && x[k - 1] < 2 })),
  { name: "ordered(> 0.5)[3]", support: { kind: "ordered", low: 0.5 }, size: 3, inSupport: (x) => increasing(x) && x[0] > 0.5 },
  { name: "ordered(< -1)[3]", support: { kind: "ordered", high: -1 }, size: 3, inSupport: (x) => increasing(x) && x[2] < -1 },
];

const toVec = (v: number | Float64Array): Float64Array => (typeof v === "number" ? new Float64Array([v]) : v);
/** θ as the bijector expects it: a number for scalar values, else a vector. */
const theta = (b: BCase, t: Float64Array): number | Float64Array => (b.size === -1 ? t[0] : t);

/** log|det| of a square matrix (rows of `rows`) by Gaussian elimination with partial pivoting. */
function logAbsDet(rows: number[][]): number {
  const a = rows.map((r) => r.slice()), n = a.length;
  let s = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    s += Math.log(Math.abs(a[c][c]));
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k < n; k++) a[r][k] -= f * a[c][k];
    }
  }
  return s;
}

function run(body: (b: BCase, bij: Bijector, t: Float64Array) => void, numRuns = 25): void {
  for (const b of BCASES) {
    const bij = bijectorFor(b.support, b.size);
    const k = bij.unconstrainedSize(b.size);
    fc.assert(fc.property(fc.array(real(-4, 4), { minLength: k, maxLength: k }), (arr) => body(b, bij, Float64Array.from(arr))), { numRuns, includeErrorInReport: true });
  }
}

test("unconstrained sizes: elementwise n (1 for a scalar), simplex K − 1, ordered n", () => {
  const size = (s: Support, n: number) => bijectorFor(s, n).unconstrainedSize(n);
  assert.equal(size({ kind: "positive" }, -1), 1);
  assert.equal(size({ kind: "unit" }, 7), 7);
  assert.equal(size({ kind: "simplex" }, 4), 3);
  assert.equal(size({ kind: "ordered" }, 4), 4);
});

test("forward lands in the support and round-trips through inverse", () => {
  run((b, bij, t) => {
    const x = toVec(bij.forward(theta(b, t)) as number | Float64Array);
    assert.ok(b.inSupport(x), `${b.name}: forward(${Array.from(t)}) = ${Array.from(x)} is outside the support`);
    const back = toVec(bij.inverse(b.size === -1 ? x[0] : x));
    t.forEach((v, i) => assert.ok(Math.abs(back[i] - v) < 1e-8 * Math.max(1, Math.abs(v)), `${b.name}: θ[${i}] ${v} → ${back[i]}`));
    const again = toVec(bij.forward(bij.inverse(b.size === -1 ? x[0] : x)) as number | Float64Array);
    x.forEach((v, i) => assert.ok(Math.abs(again[i] - v) < 1e-12 * Math.max(1, Math.abs(v)), `${b.name}: x[${i}]`));
  });
});

test("log|det J| matches the finite-difference Jacobian", () => {
  run((b, bij, t) => {
    const k = t.length;
    const f = (u: Float64Array): Float64Array => toVec(bij.forward(theta(b, u)) as number | Float64Array).slice(0, k);
    const J: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let j = 0; j < k; j++) {
      const h = 1e-6, up = t.slice(), dn = t.slice();
      up[j] += h; dn[j] -= h;
      const fu = f(up), fd = f(dn);
      for (let i = 0; i < k; i++) J[i][j] = (fu[i] - fd[i]) / (2 * h);
    }
    const expected = logAbsDet(J), got = bij.logDetJ(theta(b, t)) as number;
    assert.ok(Math.abs(got - expected) < 1e-6 * Math.max(1, Math.abs(expected)), `${b.name}: logDetJ ${got} vs FD ${expected}`);
  });
});

test("AD forward and logDetJ agree with the plain versions and with finite differences", () => {
  run((b, bij, t) => {
    const w = Float64Array.from({ length: Math.max(1, b.size) }, (_, i) => 0.5 + i);
    const asTheta = (u: Real): Real => (b.size === -1 ? m.index(u, 0) : u);
    const fwd = (u: Real) => sum(m.mul(bij.forward(asTheta(u)), b.size === -1 ? w[0] : w));
    const ld = (u: Real) => bij.logDetJ(asTheta(u));
    for (const [label, f] of [["forward", fwd], ["logDetJ", ld]] as const) {
      const { value, grad } = gradient((u) => f(u), t);
      const plainValue = f(t) as number;
      assert.ok(Math.abs(value - plainValue) < 1e-12 * Math.max(1, Math.abs(plainValue)), `${b.name} ${label} value`);
      const fd = finiteDifference((u) => f(u) as number, t);
      grad.forEach((g, i) => assert.ok(Math.abs(g - fd[i]) < 1e-6 * Math.max(1, Math.abs(fd[i])), `${b.name} ${label} ∂/∂θ[${i}]: AD ${g} vs FD ${fd[i]}`));
    }
  }, 10);
});

test("discrete supports have no bijector: the error names the address and asks for a continuous choice", () => {
  for (const s of [{ kind: "boolean" }, { kind: "integer", low: 0, high: Infinity }, { kind: "point" }] as Support[]) {
    assert.throws(() => bijectorFor(s, -1, "z/3"), (e: unknown) => isBorelError(e) && /'z\/3'/.test(e.message) && /continuous/.test(e.message));
  }
});

test("bounds as AD values (bijectorWithBounds): same map as the constant bounds, and the bounds' gradient matches finite differences", () => {
  const cases: [Support, number, number, number][] = [[{ kind: "interval", low: -1, high: 2 }, -1, 2, 0.3], [{ kind: "interval", low: 0.5, high: Infinity }, 0.5, Infinity, -0.7], [{ kind: "interval", low: -Infinity, high: 3 }, -Infinity, 3, 1.1]];
  for (const [support, lo, hi, u] of cases) {
    const constant = bijectorFor(support, -1), ad = bijectorWithBounds(support, lo, hi, -1);
    assert.equal(ad.forward(u), constant.forward(u));
    assert.equal(ad.logDetJ(u), constant.logDetJ(u));
    assert.ok(Math.abs((ad.inverse(ad.forward(u) as number) as number) - u) < 1e-12);
    // x(θ; bounds) + log|J|, differentiated in (θ, finite bounds) at once.
    const finite = [lo, hi].map(Number.isFinite);
    const f = (v: Real): Real => {
      const l = finite[0] ? m.index(v, 1) : lo, h = finite[1] ? m.index(v, finite[0] ? 2 : 1) : hi;
      const b = bijectorWithBounds(support, l, h, -1), th = m.index(v, 0);
      return m.add(b.forward(th), b.logDetJ(th));
    };
    const at = Float64Array.from([u, ...[lo, hi].filter(Number.isFinite)]);
    const { grad } = gradient(f, at), fd = finiteDifference((v) => f(v) as number, at);
    grad.forEach((g, i) => assert.ok(Math.abs(g - fd[i]) < 1e-6 * Math.max(1, Math.abs(fd[i])), `${support.kind} [${lo}, ${hi}] ∂/∂v[${i}]: AD ${g} vs FD ${fd[i]}`));
  }
});
