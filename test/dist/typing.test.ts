// Constructor typing: all-number parameters give Distribution<number> (boolean for bernoulli), a plain vector
// parameter gives Distribution<Float64Array>. These lines are checked by `tsc --noEmit` (npm run typecheck);
// at run time the values must have the promised types.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bernoulli, categorical, dirichlet, gamma, mvnormal, normal, poisson } from "../../src/dist/index.js";
import type { Distribution } from "../../src/dist/distribution.js";
import { Rng } from "../../src/rand/rng.js";

test("constructors are typed by their arguments", () => {
  const rng = new Rng(1);
  const x: number = normal(0, 1).sample(rng);
  const k: number = poisson(3).sample(rng);
  const b: boolean = bernoulli(0.5).sample(rng);
  const v: Float64Array = gamma(new Float64Array([1, 2]), 1).sample(rng);
  const w: Float64Array = normal([0, 1, 2], 1).sample(rng);
  const c: number = categorical([0.5, 0.5]).sample(rng);
  const p: Float64Array = dirichlet([1, 1]).sample(rng);
  const z: Float64Array = mvnormal([0, 0], [[1, 0], [0, 1]]).sample(rng);
  const any: Distribution = normal(0, 1);
  assert.equal(typeof x, "number");
  assert.equal(typeof k, "number");
  assert.equal(typeof b, "boolean");
  for (const arr of [v, w, p, z]) assert.ok(arr instanceof Float64Array);
  assert.equal(typeof c, "number");
  assert.equal(any.size, -1);
});
