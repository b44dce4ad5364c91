// Errors on what a Stan user writes first: the hint names Borel's spelling (`target += lp` → factor(lp),
// `normal_lpdf(y | mu, s)` → logpdf(normal(mu, s), y), `normal_rng` → a choice, `size` → len) instead of a
// did-you-mean that misleads (normal_lpdf → 'normal_cdf'), and `target += lp` is one error, not two.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseAndCheck } from "../../../src/lang/check/parse-and-check.js";
import { stanNameHint } from "../../../src/lang/check/stan-hints.js";

const errs = (src: string) => parseAndCheck(src, "t.borel").errors.map((e) => `${e.span?.line}:${e.span?.col} ${e.message} | ${e.hint}`);

test("unknown Stan names get Borel's spelling as the hint", () => {
  assert.deepEqual(errs("model m(y) {\n mu ~ normal(0, 1)\n target += logpdf(normal(mu, 1), y)\n}"),
    ["3:2 unknown name 'target' | Stan's `target += lp` is `factor(lp)` in Borel (inside a model)"]);
  assert.deepEqual(errs("model m(y) {\n mu ~ normal(0, 1)\n factor(normal_lpdf(y, mu, 1))\n}"),
    ["3:9 unknown name 'normal_lpdf' | Stan's normal_lpdf(y | ...) is logpdf(normal(...), y) in Borel"]);
  assert.match(errs("let z = poisson_rng(3)")[0], /no _rng functions: draw with a choice in a model, `x ~ poisson\(\.\.\.\)`/);
  assert.match(errs("let z = size([1, 2])")[0], /Stan's size\(x\) is len\(x\)/);
  assert.equal(stanNameHint("multi_normal_lpdf"), "Stan's multi_normal_lpdf(y | ...) is logpdf(mvnormal(...), y) in Borel");
  assert.equal(stanNameHint("theta_lpdf"), undefined);   // not a distribution: the ordinary hints
  assert.match(errs("let normal_cdf2 = 1\nlet z = normal_cdf3")[0], /did you mean 'normal_cdf2'/);
});

test("Stan's conditional bar in a call: the lexer's hint says how to write it", () => {
  const e = parseAndCheck("model m(y) {\n mu ~ normal(0, 1)\n factor(normal_lpdf(y | mu, 1))\n}", "t.borel").errors[0];
  assert.equal(e.message, "unexpected character '|'");
  assert.equal(e.hint, "Stan's normal_lpdf(y | ...) is logpdf(normal(...), y) in Borel");
  assert.equal(parseAndCheck("let a = true | false", "t.borel").errors[0].hint, "logical operators are && and ||");
});
