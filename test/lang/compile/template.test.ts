// The ``borel`...` `` tagged template: compiled models and functions for TypeScript, interpolations as constants.
import { test } from "node:test";
import assert from "node:assert/strict";
import { borel } from "../../../src/lang/template.js";
import { importance } from "../../../src/infer/importance.js";
import { normal } from "../../../src/dist/normal.js";
import { Rng } from "../../../src/rand/rng.js";
import { isGenerativeFunction } from "../../../src/trace/gfi.js";
import { isBorelError } from "../../../src/util/errors.js";

test("a template returns its models (generative functions) and functions (TypeScript functions)", () => {
  const flips = [true, true, false, true, true, true, false, true];
  const { coin, heads } = borel`
    fn heads(xs) { len(filter(fn(x) => x, xs)) }
    model coin() {
      p ~ beta(1, 1)
      for i in 0..len(${flips}) { observe(bernoulli(p), ${flips}[i]) }
      return p
    }`;
  assert.ok(isGenerativeFunction(coin));
  assert.equal(heads(flips), 6);
  const post = importance(coin, [], {}, { particles: 4000, seed: 1 });
  // Beta(7, 3): mean 0.7; 4000 prior particles, ESS ≈ 1700: Monte Carlo sd ≈ 0.14/√1700 ≈ 0.0035.
  assert.ok(Math.abs(post.mean("p") - 0.7) < 0.02, `mean ${post.mean("p")}`);
});

test("interpolated distributions, models and numbers are constants of the program", () => {
  const prior = normal(3, 0.001);
  const { inner } = borel`model inner() {
    a ~ ${prior}
    return a
  }`;
  const { outer } = borel`model outer(k) {
    z ~ ${inner}()
    b ~ normal(z * ${2}, 1)
  }`;
  const t = outer.simulate([1], new Rng(1));
  assert.ok(Math.abs(t.get("z/a") - 3) < 0.01);
});

test("errors throw one BorelError listing every problem with its location", () => {
  assert.throws(() => borel`model m() { x ~ nromal(0, 1) }`, (e: unknown) => isBorelError(e) && /did you mean 'normal'/.test(String((e as Error).message + (e as { hint?: string }).hint)));
});
