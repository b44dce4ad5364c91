// Golden values: the first draws of normal(0, 1), gamma(2, 1) and beta(2, 3) from `new Rng(42)`. A change
// here means every seeded result in Borel changes: update these numbers only deliberately.
import { test } from "node:test";
import assert from "node:assert/strict";
import { beta, gamma, normal } from "../../src/dist/index.js";
import { Rng } from "../../src/rand/rng.js";

const first3 = (d: { sample(rng: Rng): unknown }): unknown[] => {
  const rng = new Rng(42);
  return [d.sample(rng), d.sample(rng), d.sample(rng)];
};

test("golden draws for seed 42", () => {
  assert.deepEqual(first3(normal(0, 1)), [-0.7894126986693627, -2.0228267284922152, 1.1108030195083753]);
  assert.deepEqual(first3(gamma(2, 1)), [0.8411502337726444, 2.372923737919457, 2.821098510499152]);
  assert.deepEqual(first3(beta(2, 3)), [0.19209008700177294, 0.598967320986434, 0.4737961128234554]);
});
