// schema() of compiled models: address patterns, discreteness and supports known from the source,
// observation points, sub-models, recursion, and whether the structure is static.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ChoiceMap } from "../../../src/trace/choicemap.js";
import { Rng } from "../../../src/rand/rng.js";
import { select } from "../../../src/trace/selection.js";
import { compile } from "./helpers.js";

const { models } = compile(`
model inner(m) {
  a ~ normal(m, 1)
  k ~ poisson(3)
  return a
}
model m(ys) {
  p ~ beta(1, 1)
  for i in 0..len(ys) {
    z[i] ~ bernoulli(p)
    s[i] ~ inner(0)
    observe(normal(s[i], 1), ys[i])
  }
  w ~ half_normal(1) given 0.5
}
model branchy() {
  b ~ bernoulli(0.5)
  if b { x ~ normal(0, 1) }
}
model bounded() {
  n ~ poisson(2)
  for i in 0..n { y[i] ~ normal(0, 1) }
}
model geo() {
  c ~ bernoulli(0.5)
  if c { return 0 }
  rest ~ geo()
  return 1 + rest
}
`);

test("address patterns from the source: x/* for x[i] ~, sub-models nested, observations marked", () => {
  const s = models.m.schema()!;
  assert.deepEqual(s.addresses.map((a) => [a.pattern, a.dist, a.discrete, a.observed]), [
    ["p", "beta", false, false],
    ["z/*", "bernoulli", true, false],
    ["s/*/a", "normal", false, false],
    ["s/*/k", "poisson", true, false],
    ["obs_12_5/*", "normal", false, true],
    ["w", "half_normal", false, true],
  ]);
  assert.deepEqual(s.addresses[0].support, { kind: "unit" });
  assert.deepEqual(s.addresses[3].support, { kind: "integer", low: 0, high: Infinity });
  assert.equal(s.staticStructure, true);
});

test("structure that depends on random choices is not static; recursion gives z/**", () => {
  assert.equal(models.branchy.schema()!.staticStructure, false);
  assert.equal(models.bounded.schema()!.staticStructure, false);
  const g = models.geo.schema()!;
  assert.deepEqual(g.addresses.map((a) => a.pattern), ["c", "rest/**"]);
  assert.equal(g.staticStructure, false);
});

test("constraints outside the schema are errors naming the address; inside it, an unvisited one gives −∞", () => {
  assert.throws(() => models.m.generate([[1]], ChoiceMap.from({ q: 1 }), new Rng(1)), /constraint at 'q' is not an address m can produce/);
  assert.equal(models.branchy.generate([], ChoiceMap.from({ b: false, x: 1 }), new Rng(1)).weight, -Infinity);
  // rest/c lies under the recursive pattern rest/**: accepted, and weighed like any constraint.
  const r = models.geo.generate([], new ChoiceMap([["c", false], ["rest/c", true]]), new Rng(3));
  assert.equal(r.weight, 2 * Math.log(0.5));
  assert.equal(r.trace.retval, 1);
});

test("regenerate: a selected address outside the schema is an error naming it; a prefix of one is not", () => {
  const t = models.m.simulate([[1, 2]], new Rng(1));
  assert.throws(() => models.m.regenerate(t, [[1, 2]], ["same"], select("pp"), new Rng(2)),
    /regenerate: selected address 'pp' is not an address m can produce/);
  for (const ok of ["p", "z", "z/1", "s/0/a"]) models.m.regenerate(t, [[1, 2]], ["same"], select(ok), new Rng(2));
  // inside the schema but absent from this trace (z/7): a no-op, weight 0
  assert.equal(models.m.regenerate(t, [[1, 2]], ["same"], select("z/7"), new Rng(2)).weight, 0);
});

test("family facts of iid, truncated and mixture do not depend on the order of named arguments", () => {
  const { models: ms } = compile(`
model a() { z ~ iid(n: 3, d: poisson(2)); t ~ truncated(low: 1, d: poisson(2)); w ~ mixture(dists: [poisson(1), poisson(2)], weights: [0.5, 0.5]) }
model b() { z ~ iid(poisson(2), 3); t ~ truncated(poisson(2), 1); w ~ mixture([0.5, 0.5], [poisson(1), poisson(2)]) }`);
  const facts = (m: typeof ms.a) => m.schema()!.addresses.map((x) => [x.pattern, x.dist, x.discrete]);
  assert.deepEqual(facts(ms.a), facts(ms.b));
  assert.deepEqual(facts(ms.a).map((f) => f[2]), [true, true, true]);
});

test("a constraint on an element of a vector-valued choice says the choice is given whole", () => {
  const { models: ms } = compile(`model v(n) {
  w ~ mvnormal([0, 0], [[1, 0], [0, 1]])
  for i in 0..n { th[i] ~ dirichlet([1, 1]) }
}`);
  const hintOf = (k: string) => { try { ms.v.generate([2], new ChoiceMap([[k, 0.5]]), new Rng(1)); } catch (e) { return (e as { hint?: string }).hint ?? ""; } return "no error"; };
  assert.match(hintOf("w/0"), /^'w' is one choice \(mvnormal\), whose value is given whole \(given \{"w": \[\.\.\.\]\}\)/);
  assert.match(hintOf("th/1/0"), /^'th\/\*' is one choice \(dirichlet\), whose value is given whole \(given \{"th\/1": \[\.\.\.\]\}\)/);
  assert.match(hintOf("q"), /^addresses of v: w, th\/\*/);
});
