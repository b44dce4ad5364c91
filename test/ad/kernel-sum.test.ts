// A density kernel's `sum` (the fused form of a vector observation) must agree with its elementwise `f`/`df`:
// the same summed value and the same partials, per element for vector inputs and accumulated for scalar ones.
// A property over random shapes (each argument a scalar or a vector) and values, for every kernel with `sum`.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { DensityKernel } from "../../src/ad/kernel.js";
import { BERNOULLI_KERNEL } from "../../src/dist/bernoulli.js";
import { BERNOULLI_LOGIT_KERNEL } from "../../src/dist/bernoulli_logit.js";
import { GAMMA_KERNEL } from "../../src/dist/gamma.js";
import { NORMAL_KERNEL } from "../../src/dist/normal.js";
import { STUDENT_T_KERNEL } from "../../src/dist/student_t.js";

const real = fc.double({ min: -40, max: 40, noNaN: true });
const pos = fc.double({ min: 0.05, max: 20, noNaN: true });
const bit = fc.constantFrom(0, 1);
const prob = fc.double({ min: 0.001, max: 0.999, noNaN: true });
/** Each kernel with a value generator per argument (x first). */
const KERNELS: [DensityKernel, fc.Arbitrary<number>[]][] = [
  [NORMAL_KERNEL, [real, real, pos]],
  [STUDENT_T_KERNEL, [real, pos, real, pos]],
  [GAMMA_KERNEL, [pos, pos, pos]],
  [BERNOULLI_KERNEL, [bit, prob]],
  [BERNOULLI_LOGIT_KERNEL, [bit, real]],
];

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

for (const [k, gens] of KERNELS) {
  test(`${k.name}: sum agrees with the elementwise df (value and partials, scalar and vector arguments)`, () => {
    assert.ok(k.sum, `${k.name} has a sum`);
    const arb = fc.integer({ min: 1, max: 7 }).chain((n) =>
      fc.tuple(fc.constant(n), fc.tuple(...gens.map((g) => fc.oneof(g, fc.array(g, { minLength: n, maxLength: n }).map((a) => Float64Array.from(a)))))));
    fc.assert(fc.property(arb, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), ([n, args], wants) => {
      const v = [0, 1, 2, 3].map((j) => (j < args.length ? args[j]! : 0));
      const grads = v.map((a, j) => (j < args.length && wants[j] ? new Float64Array(typeof a === "number" && n > 1 ? 1 : n) : null));
      const s = k.sum!(n, v[0]!, v[1]!, v[2]!, v[3]!, grads);
      const at = (a: number | Float64Array, i: number) => (typeof a === "number" ? a : a[i]!);
      const d = new Float64Array(4), want = v.map((a, j) => (grads[j] ? new Float64Array(grads[j]!.length) : null));
      let total = 0;
      for (let i = 0; i < n; i++) {
        total += k.df(at(v[0]!, i), at(v[1]!, i), at(v[2]!, i), at(v[3]!, i), d);
        want.forEach((w, j) => { if (w) { if (w.length === n) w[i] = d[j]!; else w[0] += d[j]!; } });
      }
      assert.ok(close(s, total), `${k.name}: sum ${s} vs Σ df ${total}`);
      want.forEach((w, j) => { if (w) w.forEach((x, i) => assert.ok(close(grads[j]![i]!, x), `${k.name}: ∂/∂${k.argNames[j]}[${i}] ${grads[j]![i]} vs ${x}`)); });
    }), { numRuns: 300, seed: 11 });
  });
}
