// The values that cross to MCMC worker threads (src/infer/mcmc/transfer.ts): through encode → structured clone →
// decode, a record keeps its null prototype and stays frozen, a Matrix its class, and every registered
// distribution its family and parameters (the same log density at its own draws); plain data is unchanged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeTransfer, encodeTransfer } from "../../src/infer/mcmc/transfer.js";
import { Matrix } from "../../src/math/matrix.js";
import { Rng } from "../../src/rand/rng.js";
import { distributionRegistry } from "../../src/dist/registry.js";
import { isDistribution, type Distribution } from "../../src/dist/distribution.js";
import * as D from "../../src/index.js";

const cross = (x: unknown) => decodeTransfer(structuredClone(encodeTransfer(x)));

test("records, matrices and plain data cross unchanged in kind", () => {
  const rec = Object.freeze(Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, nested: Object.freeze(Object.assign(Object.create(null), { v: [1, 2] })) }));
  const m = new Matrix(2, 2, new Float64Array([1, 2, 3, 4]));
  const back = cross({ list: [rec, m], plain: { s: "x", f: new Float64Array([0.5]) }, map: new Map([["k", rec]]) }) as {
    list: [Record<string, unknown>, Matrix]; plain: { s: string; f: Float64Array }; map: Map<string, Record<string, unknown>>;
  };
  assert.equal(Object.getPrototypeOf(back.list[0]), null);
  assert.ok(Object.isFrozen(back.list[0]) && back.list[0].a === 1);
  assert.equal(Object.getPrototypeOf(back.list[0].nested), null);
  assert.ok(back.list[1] instanceof Matrix && back.list[1].data[3] === 4);
  assert.deepEqual(back.plain, { s: "x", f: new Float64Array([0.5]) });
  assert.equal(Object.getPrototypeOf(back.map.get("k")), null);
});

test("every registered distribution crosses: the same family and log density at its own draws", () => {
  const d = D as unknown as Record<string, (...a: unknown[]) => Distribution>;
  const examples: Distribution[] = [
    d.normal(1, 2), d.halfNormal(2), d.lognormal(0, 1), d.studentT(3, 1, 2), d.cauchy(0, 1), d.halfCauchy(5), d.laplace(0, 1), d.logistic(0, 1),
    d.exponential(2), d.gamma(2, 3), d.invGamma(2, 1), d.beta(2, 3), d.uniform(0, 2), d.bernoulli(0.3), d.bernoulliLogit(0.2), d.binomial(10, 0.3),
    d.binomialLogit(10, 0.1), d.poisson(3), d.poissonLog(1), d.negBinomial(3, 0.4), d.negBinomial2(3, 2), d.geometric(0.3), d.categorical([0.2, 0.8]),
    d.categoricalLogit([0, 1]), d.uniformInt(0, 5), d.dirichlet([1, 2, 3]), d.mvnormal(new Float64Array([0, 1]), [[1, 0.3], [0.3, 2]]),
    d.mixture([0.3, 0.7], [d.normal(0, 1), d.normal(3, 1)]), d.ordered(d.normal(0, 1), 3), d.truncated(d.normal(0, 1), 0, 2), d.iid(d.poisson(2), 3),
    d.normal(new Float64Array([1, 2]), 1),
  ];
  const families = new Set(examples.map((e) => e.name));
  for (const name of distributionRegistry.keys())
    if (!["flat", "half_flat", "delta", "mvnormal_chol"].includes(name)) assert.ok(families.has(name), `an example of ${name}`);
  const rng = new Rng(4);
  for (const e of examples) {
    const back = cross(e) as Distribution;
    assert.ok(isDistribution(back) && back.name === e.name, e.name);
    for (let i = 0; i < 3; i++) { const x = e.sample(rng); assert.equal(back.logpdf(x), e.logpdf(x), `${e.name} at ${String(x)}`); }
  }
});
